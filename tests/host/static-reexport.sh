#!/usr/bin/env bash
# Re-exporting the prepared trees gives the committed patch files byte for byte.
. "$(dirname "$0")/../../scripts/lib.sh"

# Every line's kernel series, each in its own line's tree, then glibc's.
check() { # name [env...]
	local name=$1
	shift
	env "$@" "$UKL_TOP/scripts/prepare-tree.sh" "$name" 2>/dev/null
	env "$@" "$UKL_TOP/scripts/export-patches.sh" "$name" --check 2>&1 | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" = 0 ] || exit 1
}
for line in $(pins_lines linux); do
	check linux UKL_LINUX="$line" UKL_BUILD="$(line_build "$line")"
done
check glibc
