#!/usr/bin/env bash
# Check what an app observed in one boot against a case's expectations (the
# format is described in tests/README).
#
#   check-output.sh --log FILE --status N --variant V [--want-status N]
#                   [--expected FILE] [--ktap N] [--release R] [--glibc V]
#                   [--expect-panic]
#
# --expected: every line must appear in the console log, in order, as a
# whole line; a line starting with "~ " is an extended regular expression
# that must match a whole line. Placeholders: @CPL@ is the privilege level
# apps run at in the variant (3 stock, 0 ukl and bypass); @RELEASE@ the
# kernel release; @GLIBC@ the glibc release the app is linked with.
# --ktap N: the app prints KTAP; its plan must be 1..N and every one of the
# N results must be "ok" (a "# SKIP" result is reported as skipped).
# Always: the exit status must be --want-status (default 0), and the log
# must not show a kernel BUG, oops, WARN or panic, except with
# --expect-panic.
. "$(dirname "$0")/../scripts/lib.sh"

log='' status='' want_status=0 expected='' ktap='' variant='' release='' glibc='' expect_panic=0
while [ $# -gt 0 ]; do
	case "$1" in
	--log) log=$2; shift ;;
	--status) status=$2; shift ;;
	--want-status) want_status=$2; shift ;;
	--expected) expected=$2; shift ;;
	--ktap) ktap=$2; shift ;;
	--variant) variant=$2; shift ;;
	--release) release=$2; shift ;;
	--glibc) glibc=$2; shift ;;
	--expect-panic) expect_panic=1 ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
	shift
done
[ -f "$log" ] && [ -n "$status" ] && [ -n "$variant" ] || die "usage: see the header of $0"
[ -z "$expected" ] || [ -f "$expected" ] || die "no expectations file $expected"
case "$(variant_flavour "$variant")" in
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
# Only kernel lines count (printk's "[ 5.012345] " stamp, possibly after
# app output on the same line): apps print "WARNING:" too (redis). A kernel
# #GP is an oops ("[#1]"); "traps: app[52] general protection fault ip:..."
# is the kernel reporting the app's own fault, as on stock.
trouble='\[ *[0-9]+\.[0-9]+\] .*(BUG:|Oops|WARNING:|detected stalls|\[#[0-9]+\]|double fault|Kernel panic)'
if [ "$expect_panic" = 0 ] && grep -naE "$trouble" "$log" |
	grep -vE 'Kernel panic - not syncing: Attempted to kill init!' >"$log.trouble"; then
	echo "# kernel trouble in the console log:"
	head -n 5 "$log.trouble" | sed 's/^/#   /'
	fail=1
fi
rm -f "$log.trouble"

clean=$(mktemp)
trap 'rm -f "$clean"' EXIT
# Kernel lines lose their printk timestamp, so expectations can name them.
tr -d '\r' <"$log" | sed -E 's/^\[ *[0-9]+\.[0-9]+\] //' >"$clean"

# find_line <wanted> <after>: the number of the first console line after
# line <after> that is the wanted line (or matches it, for "~ "), if any.
find_line() {
	if [ "${1#"~ "}" != "$1" ]; then
		# Through the environment: awk -v would eat the backslashes.
		RE="^${1#"~ "}\$" awk -v from="$2" 'NR > from && $0 ~ ENVIRON["RE"] { print NR; exit }' "$clean"
	else
		awk -v from="$2" -v want="$1" 'NR > from && $0 == want { print NR; exit }' "$clean"
	fi
}

# show_context <wanted> <line no>: what CI's log needs to tell why a line
# was missing: where the line is if it came too early, and what the
# console printed after the last line that matched.
show_context() {
	local early
	early=$(find_line "$1" 0)
	[ -z "$early" ] || echo "#   it is at console line $early, before the previous expected line (line $2)"
	echo "#   the console after line $2:"
	awk -v from="$2" 'NR > from && NR <= from + 6 { print "#   | " $0 }' "$clean"
}

# Expected lines, in order.
check_lines() {
	local want found line_no=0
	while IFS= read -r want || [ -n "$want" ]; do
		want=${want//@CPL@/$cpl}
		want=${want//@RELEASE@/$release}
		want=${want//@GLIBC@/$glibc}
		found=$(find_line "$want" "$line_no")
		if [ -z "$found" ]; then
			echo "# expected line not found (in order): $want"
			show_context "$want" "$line_no"
			fail=1
			continue
		fi
		line_no=$found
	done <"$expected"
}
[ -z "$expected" ] || check_lines

# KTAP: the last top-level document in the log.
if [ -n "$ktap" ]; then
	verdict=$(awk -v n="$ktap" '
		/^KTAP version 1$/ { plan = ""; delete seen; bad = ""; skips = 0; count = 0; next }
		/^1\.\.[0-9]+$/ && plan == "" { plan = substr($0, 4) + 0; next }
		/^(not )?ok [0-9]+( |$)/ {
			ok = ($1 == "ok"); k = ok ? $2 : $3
			if (k in seen) bad = bad "; result " k " twice"
			seen[k] = 1; count++
			if (!ok) bad = bad "; " $0
			else if ($0 ~ /# SKIP/) skips++
		}
		END {
			if (plan == "") { print "no KTAP plan in the log"; exit }
			if (plan != n) bad = bad "; plan 1.." plan ", expected 1.." n
			for (k = 1; k <= plan; k++) if (!(k in seen)) { bad = bad "; result " k " missing"; break }
			if (count != plan) bad = bad "; " count " results for 1.." plan
			if (bad != "") print substr(bad, 3)
			else print "ok " skips
		}' "$clean")
	case "$verdict" in
	"ok 0") ;;
	ok\ *) echo "# ${verdict#ok } KTAP subtest(s) skipped" ;;
	*) echo "# KTAP: $verdict"; fail=1 ;;
	esac
fi
exit "$fail"
