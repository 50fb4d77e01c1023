#!/usr/bin/env bash
# Output checks are real: right output passes; a wrong line, CPL, status, KTAP result or an oops fails.
. "$(dirname "$0")/../../scripts/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { "$UKL_TOP/tests/check-output.sh" "$@" >/dev/null; }
rejects() { # what <check options>: the check must fail
	local what=$1
	shift
	if check "$@"; then
		echo "# $what was accepted"
		exit 1
	fi
}

for variant in stock ukl; do
	UKL_BOOT_PHASE=all "$UKL_TOP/tests/boot-case.sh" hello "$variant" ||
		{ echo "# hello itself failed ($variant)"; exit 1; }
	log=$UKL_BUILD/tests/$variant-hello.log
	env_file=$(cat "$UKL_BUILD/tests/$variant-hello.boot")
	exp=$UKL_TOP/tests/cases/hello/expected
	other=stock
	[ "$variant" = stock ] && other=ukl
	# What the build's record says, for the placeholders.
	facts=(--release "$(record_get "$env_file" KERNEL_RELEASE)" --glibc "$(record_get "$env_file" GLIBC_VERSION)")
	base=(--log "$log" --status 7 "${facts[@]}")
	check "${base[@]}" --want-status 7 --variant "$variant" --expected "$exp" ||
		{ echo "# the right expectation failed ($variant)"; exit 1; }
	sed 's/argv\[2\]=two/argv[2]=three/' "$exp" >"$tmp/wrong-line"
	rejects "a wrong output line ($variant)" "${base[@]}" --want-status 7 --variant "$variant" \
		--expected "$tmp/wrong-line"
	rejects "the CPL of $other on $variant" "${base[@]}" --want-status 7 --variant "$other" \
		--expected "$exp"
	rejects "a wrong exit status ($variant)" "${base[@]}" --want-status 3 --variant "$variant" \
		--expected "$exp"
	{ cat "$log"; echo "[    4.2] Oops: 0000 [#1] PREEMPT SMP"; } >"$tmp/oops.log"
	rejects "a kernel oops in the log ($variant)" --log "$tmp/oops.log" --status 7 \
		--want-status 7 --variant "$variant" --expected "$exp"
	{ cat "$log"; echo "[    5.1] general protection fault, probably for non-canonical address 0xdead: 0000 [#1] SMP"; } >"$tmp/gp.log"
	rejects "a kernel #GP in the log ($variant)" --log "$tmp/gp.log" --status 7 \
		--want-status 7 --variant "$variant" --expected "$exp"
	{ cat "$log"; echo "app output[    5.3] WARNING: CPU: 0 PID: 1 at mm/fault.c:1276 do_user_addr_fault"; } >"$tmp/warn.log"
	rejects "a kernel WARN after app output on the line ($variant)" --log "$tmp/warn.log" --status 7 \
		--want-status 7 --variant "$variant" --expected "$exp"
	# The app's own #GP, reported by the kernel as stock does, and an app's
	# own "WARNING:" line (redis prints them) are no trouble.
	{ cat "$log"; echo "[    5.0] traps: app[52] general protection fault ip:8000000000000000 sp:7ffe0 error:0"
		echo "1:M 01 Dec 2026 16:44:46.142 # WARNING: the new maxmemory value set via CONFIG SET (1) is smaller"; } >"$tmp/app-gp.log"
	check --log "$tmp/app-gp.log" "${facts[@]}" --status 7 --want-status 7 \
		--variant "$variant" --expected "$exp" ||
		{ echo "# an app's own #GP or WARNING line counted as kernel trouble ($variant)"; exit 1; }
done

# KTAP, on made-up logs: all ok passes; a failure, a missing result, a
# short plan or no plan at all fails.
ktap() { printf 'KTAP version 1\n1..%s\n' "$1"; shift; printf '%s\n' "$@"; }
ktap 2 "ok 1 - a" "ok 2 - b # SKIP not here" "1 passed, 0 failed" >"$tmp/good.log"
check --log "$tmp/good.log" --status 0 --variant stock --ktap 2 ||
	{ echo "# a passing KTAP log failed"; exit 1; }
# Result numbers and plans compare as numbers, not strings ("10" < "9").
for n in 9 12; do
	mapfile -t results < <(seq -f 'ok %g - t' "$n")
	ktap "$n" "${results[@]}" "$n passed, 0 failed" >"$tmp/plan-$n.log"
	check --log "$tmp/plan-$n.log" --status 0 --variant stock --ktap "$n" ||
		{ echo "# a passing KTAP log with $n results failed"; exit 1; }
done
ktap 2 "ok 1 - a" "not ok 2 - b" >"$tmp/bad.log"
rejects "a failed KTAP result" --log "$tmp/bad.log" --status 0 --variant stock --ktap 2
ktap 2 "ok 1 - a" >"$tmp/short.log"
rejects "a missing KTAP result" --log "$tmp/short.log" --status 0 --variant stock --ktap 2
ktap 1 "ok 1 - a" >"$tmp/plan.log"
rejects "a KTAP plan shorter than the case's" --log "$tmp/plan.log" --status 0 --variant stock --ktap 2
echo "hello" >"$tmp/none.log"
rejects "a log without KTAP" --log "$tmp/none.log" --status 0 --variant stock --ktap 1
# Lines out of order fail, and the message says where the line was.
printf 'report\n[    1.5] ukl: killed\nreport 2\n' >"$tmp/order.log"
printf 'report\nreport 2\nukl: killed\n' >"$tmp/order.exp"
rejects "lines out of order" --log "$tmp/order.log" --status 0 --variant stock --expected "$tmp/order.exp"
said=$("$UKL_TOP/tests/check-output.sh" --log "$tmp/order.log" --status 0 --variant stock \
	--expected "$tmp/order.exp" || true)
grep -q 'it is at console line 2, before the previous expected line' <<<"$said" ||
	{ echo "# a line out of order was not located:"; echo "$said"; exit 1; }
echo "# right output accepted; wrong line, order, CPL, status, KTAP results and an oops each rejected"
