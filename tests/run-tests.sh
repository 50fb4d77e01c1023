#!/usr/bin/env bash
# `make test`: host-side tests of the tooling, then QEMU boot tests. Prints
# KTAP and ends with "N passed, N failed". T=<substring> selects tests.
. "$(dirname "$0")/../scripts/lib.sh"

names=()
cmds=()
add() { names+=("$1"); cmds+=("$2"); }

for t in "$UKL_TOP"/tests/host/*.sh; do
	desc=$(sed -n '2s/^# //p' "$t")
	add "host: $desc" "$t"
done
while read -r app variants; do
	case "$app" in "" | \#*) continue ;; esac
	case "$app" in */*) app=$UKL_TOP/$app ;; esac
	for v in $variants; do
		add "boot: $(basename "$app") ($v)" "$UKL_TOP/tests/boot-app.sh $app $v"
	done
done <"$UKL_TOP/tests/boot.list"
add "negative: wrong expectations make a boot test fail (stock)" "$UKL_TOP/tests/negative-checks.sh stock"
add "negative: wrong expectations make a boot test fail (ukl)" "$UKL_TOP/tests/negative-checks.sh ukl"
add "perf: the benchmark runs on stock, ukl and bypass and its output parses" "$UKL_TOP/perf/run-bench.sh --quick"

selected=()
for i in "${!names[@]}"; do
	[ -z "${T:-}" ] || [[ "${names[$i]}" == *"$T"* ]] || continue
	selected+=("$i")
done

logdir=$UKL_BUILD/tests
mkdir -p "$logdir"
echo "KTAP version 1"
echo "1..${#selected[@]}"
passed=0 failed=0 n=0 start_all=$SECONDS
for i in "${selected[@]}"; do
	n=$((n + 1))
	log=$logdir/test-$n.log
	start=$SECONDS
	rc=0
	# shellcheck disable=SC2086
	${cmds[$i]} >"$log" 2>&1 </dev/null || rc=$?
	secs=$((SECONDS - start))
	if [ "$rc" = 0 ]; then
		passed=$((passed + 1))
		echo "ok $n - ${names[$i]}"
	elif [ "$rc" = 77 ]; then
		passed=$((passed + 1))
		echo "ok $n - ${names[$i]} # SKIP $(grep -m1 '^SKIP' "$log" | cut -c6-)"
	else
		failed=$((failed + 1))
		echo "not ok $n - ${names[$i]}"
		{ grep -v '^#' "$log" || true; } | tail -n 15 | sed 's/^/# | /'
		{ grep '^#' "$log" || true; } | head -n 15
		echo "# full log: $log"
	fi
	echo "# ${secs}s"
done
echo "# total $((SECONDS - start_all))s"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
