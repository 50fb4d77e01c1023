#!/usr/bin/env bash
# LINUX= and GLIBC= pick a pinned line, with a build directory of its own; an unpinned or malformed one is refused in one line.
. "$(dirname "$0")/../../scripts/lib.sh"

fail=0
check() { # what, command...: one result line
	local what=$1
	shift
	if "$@"; then echo "# ok: $what"; else echo "# FAILED: $what"; fail=1; fi
}
refused() { # LINUX value, expected text: make build refuses it with one error line
	local rc=0 out
	out=$(make -s -C "$UKL_TOP" build LINUX="$1" 2>&1) || rc=$?
	echo "$out" | sed 's/^/#   /'
	[ "$rc" != 0 ] && grep -q -- "$2" <<<"$out" && [ "$(grep -c 'error' <<<"$out")" = 1 ]
}
lines=$(pins_lines linux)
check "an unpinned line is refused, naming the pinned ones" \
	refused 9.99 "pins.txt pins no linux 9.99 release (lines pinned: $lines)"
check "a malformed line is refused" refused "6.12/x" "'6.12/x' is not a release line"

primary=${lines%% *}
# dir_of <linux line> [glibc line]: the build directory of that choice
# (whatever GLIBC= this run was given).
dir_of() {
	env -u UKL_BUILD -u UKL_GLIBC UKL_O=/o UKL_LINUX="$1" ${2:+UKL_GLIBC=$2} \
		bash -c ". '$UKL_TOP/scripts/lib.sh'; echo \$UKL_BUILD"
}
check "the primary line builds in O/linux-$primary" [ "$(dir_of "")" = "/o/linux-$primary" ]
for l in $lines; do
	check "line $l builds in O/linux-$l" [ "$(dir_of "$l")" = "/o/linux-$l" ]
	check "line $l has its series in patches/$l/" [ -f "$(on_line linux "$l" series_dir linux)/series" ]
	check "line $l is in make series-stat" grep -qx "== linux $l" <("$UKL_TOP/scripts/series-stat.sh" linux)
done
for g in $(pins_lines glibc); do
	want=/o/linux-$primary
	[ "$g" = "$(primary_line glibc)" ] || want+=+glibc-$g
	check "glibc line $g builds in $want" [ "$(dir_of "" "$g")" = "$want" ]
	check "glibc line $g has its series in glibc-patches/$g/" [ -f "$(on_line glibc "$g" series_dir glibc)/series" ]
done
exit "$fail"
