#!/usr/bin/env bash
# `make soak`: the lost-interrupt stress test (tests/apps/robust soak) for
# SOAK=<seconds> on stock, ukl and bypass: a thread spins on a stack page
# that a sibling keeps dropping, beside a fork storm and a timer loop, and
# every CPU must take timer interrupts every second. Prints KTAP.
. "$(dirname "$0")/../scripts/lib.sh"

secs=${SOAK:-180}
[[ "$secs" =~ ^[1-9][0-9]*$ ]] || die "SOAK must be a number of seconds"
variants=(stock ukl bypass)
echo "KTAP version 1"
echo "1..${#variants[@]}"
passed=0 failed=0 n=0
for v in "${variants[@]}"; do
	n=$((n + 1))
	log=$UKL_BUILD/tests/soak-$v.log
	mkdir -p "$(dirname "$log")"
	env_file=$("$UKL_TOP/scripts/build-ukl.sh" "$UKL_TOP/tests/apps/robust" "$v") || exit 1
	start=$SECONDS
	status=0
	"$UKL_TOP/scripts/run-qemu.sh" --boot "$env_file" --args "soak $secs" --smp 2 --log "$log" \
		--timeout $((secs * 3 + 120)) >/dev/null 2>"$log.stderr" || status=$?
	# The status, and no kernel trouble in the log (the one pattern, in check-output.sh).
	if grep -q '^ok 1 - soak' "$log" &&
		"$UKL_TOP/tests/check-output.sh" --log "$log" --status "$status" --variant "$v" >"$log.check"; then
		passed=$((passed + 1))
		echo "ok $n - soak ($v)"
	else
		failed=$((failed + 1))
		echo "not ok $n - soak ($v): status $status"
		cat "$log.check" 2>/dev/null || true
	fi
	grep -a '^# .* s: ' "$log" | tail -n 1 || true
	echo "# $((SECONDS - start))s (log: $log)"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
