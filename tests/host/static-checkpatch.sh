#!/usr/bin/env bash
# Every kernel patch is checkpatch.pl --strict clean.
. "$(dirname "$0")/../../scripts/lib.sh"

"$UKL_TOP/scripts/prepare-tree.sh" linux >/dev/null ||
	{ echo "# preparing the kernel tree failed"; exit 1; }
checkpatch=$UKL_BUILD/src/linux/scripts/checkpatch.pl
[ -x "$checkpatch" ] || { echo "# no $checkpatch"; exit 1; }
mapfile -t patches < <(series_patches linux)
[ "${#patches[@]}" -gt 0 ] || { echo "# the kernel series is empty"; exit 1; }
fail=0
for p in "${patches[@]}"; do
	# --no-tree: the patch alone, as reviewers see it (the tree is the base,
	# not the series, and spdxcheck would need python3-ply).
	"$checkpatch" --strict --quiet --no-tree --show-types "$p" | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" = 0 ] || { echo "# checkpatch: $(basename "$p")"; fail=1; }
done
echo "# ${#patches[@]} patches"
exit "$fail"
