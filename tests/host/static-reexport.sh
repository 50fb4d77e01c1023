#!/usr/bin/env bash
# Re-exporting the prepared trees gives the committed patch files byte for byte.
. "$(dirname "$0")/../../scripts/lib.sh"

for name in linux glibc; do
	"$UKL_TOP/scripts/prepare-tree.sh" "$name" 2>/dev/null
	"$UKL_TOP/scripts/export-patches.sh" "$name" --check 2>&1 | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" = 0 ] || exit 1
done
