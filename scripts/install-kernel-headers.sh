#!/usr/bin/env bash
# Install the UAPI headers of the prepared kernel tree (once per tree state)
# and print the directory that holds include/.
. "$(dirname "$0")/lib.sh"

"$UKL_TOP/scripts/prepare-tree.sh" linux
src=$UKL_BUILD/src/linux
dst=$UKL_BUILD/kernel-headers
head=$(state_get "$src" head)
if [ "$(cat "$dst/.ukl-head" 2>/dev/null)" != "$head" ]; then
	rm -rf "$dst"
	run_logged "$UKL_BUILD/kernel-headers.log" make -C "$src" O="$dst/obj" \
		INSTALL_HDR_PATH="$dst" headers_install || die "installing kernel headers failed"
	rm -rf "$dst/obj"
	echo "$head" >"$dst/.ukl-head"
fi
echo "$dst"
