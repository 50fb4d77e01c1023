#!/usr/bin/env bash
# Check what an app observed in one boot against its expectations.
#
#   check-output.sh <console-log> <actual-status> <expected-file> <expected-status> <variant> [release]
#
# Every line of <expected-file> must appear in the console log, in order, as
# a whole line; a line starting with "~ " is an extended regular expression
# that must match a whole line. Placeholders: @CPL@ is the privilege level
# apps run at in <variant> (3 stock, 0 ukl); @RELEASE@ the kernel release.
# The log must not show a kernel BUG, oops, WARN or unexpected panic.
. "$(dirname "$0")/../scripts/lib.sh"

log=${1:-} status=${2:-} expected=${3:-} want_status=${4:-} variant=${5:-} release=${6:-}
[ -f "$log" ] && [ -f "$expected" ] || die "usage: check-output.sh <log> <status> <expected> <want-status> <variant> [release]"
case "$variant" in
stock) cpl=3 ;;
*) cpl=0 ;;
esac

fail=0
if [ "$status" != "$want_status" ]; then
	echo "# exit status $status, expected $want_status"
	fail=1
fi

# Kernel trouble, whatever the app printed. The stock kernel always
# panics when init exits; that one panic is how the status is reported.
# UKL_EXPECT_TROUBLE=1 is for tests whose point is a kernel panic.
if [ "${UKL_EXPECT_TROUBLE:-0}" != 1 ] && grep -naE 'BUG:|Oops|WARNING:|general protection fault|double fault|Kernel panic' "$log" |
	grep -vE 'Kernel panic - not syncing: Attempted to kill init!' >"$log.trouble"; then
	echo "# kernel trouble in the console log:"
	head -n 5 "$log.trouble" | sed 's/^/#   /'
	fail=1
fi
rm -f "$log.trouble"

# Expected lines, in order.
clean=$(mktemp)
trap 'rm -f "$clean"' EXIT
# Kernel lines lose their printk timestamp, so expectations can name them.
tr -d '\r' <"$log" | sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' >"$clean"
line_no=0
while IFS= read -r want || [ -n "$want" ]; do
	want=${want//@CPL@/$cpl}
	want=${want//@RELEASE@/$release}
	if [ "${want#"~ "}" != "$want" ]; then
		# Through the environment: awk -v would eat the backslashes.
		found=$(RE="^${want#"~ "}\$" awk -v from="$line_no" \
			'NR > from && $0 ~ ENVIRON["RE"] { print NR; exit }' "$clean")
	else
		found=$(awk -v from="$line_no" -v want="$want" 'NR > from && $0 == want { print NR; exit }' "$clean")
	fi
	if [ -z "$found" ]; then
		echo "# expected line not found (in order): $want"
		fail=1
		continue
	fi
	line_no=$found
done <"$expected"
exit "$fail"
