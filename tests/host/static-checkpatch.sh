#!/usr/bin/env bash
# Every kernel patch, on every line, is checkpatch.pl --strict clean.
. "$(dirname "$0")/../../scripts/lib.sh"

fail=0 total=0
for line in $(pins_lines linux); do
	# shellcheck disable=SC2046 # line_env gives VAR=value words
	env $(line_env "$line") "$UKL_TOP/scripts/prepare-tree.sh" linux >/dev/null ||
		{ echo "# preparing the linux $line tree failed"; exit 1; }
	# The line's own checkpatch, which knows that release's rules.
	checkpatch=$(line_build "$line")/src/linux/scripts/checkpatch.pl
	[ -x "$checkpatch" ] || { echo "# no $checkpatch"; exit 1; }
	mapfile -t patches < <(on_line linux "$line" series_patches linux)
	[ "${#patches[@]}" -gt 0 ] || { echo "# the linux $line series is empty"; exit 1; }
	for p in "${patches[@]}"; do
		# --no-tree: the patch alone, as reviewers see it (the tree is the
		# base, not the series, and spdxcheck would need python3-ply).
		"$checkpatch" --strict --quiet --no-tree --show-types "$p" | sed 's/^/# /'
		[ "${PIPESTATUS[0]}" = 0 ] || { echo "# checkpatch: $line/$(basename "$p")"; fail=1; }
	done
	total=$((total + ${#patches[@]}))
done
echo "# $total patches"
exit "$fail"
