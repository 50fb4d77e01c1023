#!/usr/bin/env bash
# The output checks are real: a boot whose output is right passes, and the
# same log fails when given a wrong expectation (line, CPL, status) or when
# the kernel log shows an oops.
. "$(dirname "$0")/../scripts/lib.sh"

variant=${1:-stock}
"$UKL_TOP/tests/boot-app.sh" hello "$variant" || { echo "# hello itself failed"; exit 1; }
log=$UKL_BUILD/tests/$variant-hello.log
release=$(sed -n 's/^linux [^ ]* (\(.*\))$/\1/p' "$UKL_BUILD/out/$variant/hello/versions.txt")
check() { "$UKL_TOP/tests/check-output.sh" "$@" >/dev/null; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
exp=$UKL_TOP/apps/hello/expected
other=stock
[ "$variant" = stock ] && other=ukl

check "$log" 7 "$exp" 7 "$variant" "$release" || { echo "# the right expectation failed"; exit 1; }
sed 's/argv\[2\]=two/argv[2]=three/' "$exp" >"$tmp/wrong-line"
if check "$log" 7 "$tmp/wrong-line" 7 "$variant" "$release"; then
	echo "# a wrong output line was accepted"
	exit 1
fi
if check "$log" 7 "$exp" 7 "$other" "$release"; then
	echo "# the CPL of the other variant was accepted"
	exit 1
fi
if check "$log" 7 "$exp" 3 "$variant" "$release"; then
	echo "# a wrong exit status was accepted"
	exit 1
fi
{ cat "$log"; echo "Oops: 0000 [#1] PREEMPT SMP"; } >"$tmp/oops.log"
if check "$tmp/oops.log" 7 "$exp" 7 "$variant" "$release"; then
	echo "# a kernel oops in the log was accepted"
	exit 1
fi
echo "# right output accepted; wrong line, CPL, status and an oops each rejected"
