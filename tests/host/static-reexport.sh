#!/usr/bin/env bash
# Re-exporting the prepared trees gives the committed patch files byte for byte.
. "$(dirname "$0")/../../scripts/lib.sh"

# Every line's series, kernel and glibc, each in its own line's tree.
check() { # name [VAR=value...]
	local name=$1
	shift
	env "$@" "$UKL_TOP/scripts/prepare-tree.sh" "$name" 2>/dev/null
	env "$@" "$UKL_TOP/scripts/export-patches.sh" "$name" --check 2>&1 | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" = 0 ] || exit 1
}
for line in $(pins_lines linux); do
	# shellcheck disable=SC2046 # line_env gives VAR=value words
	check linux $(line_env "$line")
done
for line in $(pins_lines glibc); do
	# shellcheck disable=SC2046 # line_env gives VAR=value words
	check glibc $(line_env "$line" glibc)
done
