#!/usr/bin/env bash
# `make test`: host-side tests of the tooling (tests/host/*.sh), then QEMU
# boot tests (every case directory in tests/cases/, in each variant its
# file "variants" names; see tests/README). Prints KTAP and ends with
# "N passed, N failed". T=<substring> selects tests by name; --static runs
# only the static checks (tests/host/static-*.sh, `make check`); --core only
# the boot cases that tests/core-cases lists (make rebase-check); --debug
# only tests/debug/*.sh (make debug-test), which make test leaves out: their
# kernels carry DWARF, a second full kernel compile on a new machine.
#
# Everything runs on the chosen kernel base (LINUX=, default the primary);
# the core cases also run on every other linux line that pins.txt pins,
# each in its own build directory, so that make test covers both bases.
#
# Builds run one at a time (they share kernel object directories); the
# boots that follow them run in the background, up to UKL_TEST_JOBS
# (default: the number of CPUs) at once, and are reported in order. A case
# with a file "exclusive" (timing-sensitive) boots alone. A test that exits
# with 77 is reported as skipped, with the line of its log that starts
# with "SKIP".
. "$(dirname "$0")/../scripts/lib.sh"

mode=all
case "${1:-}" in
--static | --core | --debug) mode=${1#--} ;;
"") ;;
*) die "unknown option '$1'" ;;
esac

names=() builds=() boots=() exclusive=()
# add <name> <foreground command> [<background command> [exclusive]]
add() { names+=("$1"); builds+=("$2"); boots+=("${3:-}"); exclusive+=("${4:-}"); }

for t in "$UKL_TOP"/tests/host/*.sh; do
	case "$mode" in
	all) ;;
	static) [[ "$(basename "$t")" == static-* ]] || continue ;;
	*) break ;;
	esac
	add "host: $(sed -n '2s/^# //p' "$t")" "$t"
done
for t in "$UKL_TOP"/tests/debug/*.sh; do
	[ "$mode" = debug ] || break
	add "debug: $(sed -n '2s/^# //p' "$t")" "$t"
done
# add_cases <core only> <linux line> <name suffix>: the boot cases on a line.
add_cases() {
	local core=$1 line=$2 suffix=$3 dir c v excl env
	env="env $(line_env "$line")"
	for dir in "$UKL_TOP"/tests/cases/*/; do
		c=$(basename "$dir")
		[ "$core" = 0 ] || grep -qx "$c" "$UKL_TOP/tests/core-cases" || continue
		if [ ! -f "$dir/variants" ]; then
			add "boot: $c$suffix" "$env $UKL_TOP/tests/boot-case.sh $c stock"	# fails, naming what is missing
			continue
		fi
		excl=''
		[ ! -f "$dir/exclusive" ] || excl=1
		for v in $(cat "$dir/variants"); do
			add "boot: $c ($v$suffix)" "$env UKL_BOOT_PHASE=build $UKL_TOP/tests/boot-case.sh $c $v" \
				"$env UKL_BOOT_PHASE=boot $UKL_TOP/tests/boot-case.sh $c $v" "$excl"
		done
	done
}
if [ "$mode" = all ] || [ "$mode" = core ]; then
	core_only=0
	[ "$mode" = all ] || core_only=1
	line=$(pin linux line)
	add_cases "$core_only" "$line" ""
	# --core (make rebase-check) is about the chosen line alone.
	for other in $(pins_lines linux); do
		[ "$core_only" = 1 ] || [ "$other" = "$line" ] || add_cases 1 "$other" ", linux $other"
	done
fi

selected=()
for i in "${!names[@]}"; do
	[ -z "${T:-}" ] || [[ "${names[$i]}" == *"$T"* ]] || continue
	selected+=("$i")
done

jobs=${UKL_TEST_JOBS:-$(nproc)}
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || die "UKL_TEST_JOBS must be a positive number"
logdir=$UKL_BUILD/tests
mkdir -p "$logdir"
rm -f "$logdir"/test-*.rc "$logdir"/test-*.secs

# Test n leaves test-n.log, test-n.rc and test-n.secs.
finish() { echo "$2" >"$logdir/test-$1.secs"; echo "$3" >"$logdir/test-$1.rc"; }

passed=0 failed=0 skipped=0 reported=0
# Print the results that are complete, in order.
report() {
	local n rc
	while n=$((reported + 1)) && [ -f "$logdir/test-$n.rc" ]; do
		rc=$(cat "$logdir/test-$n.rc")
		local log=$logdir/test-$n.log i=${selected[$((n - 1))]}
		if [ "$rc" = 0 ]; then
			passed=$((passed + 1))
			echo "ok $n - ${names[$i]}"
			grep '^# the boot hung' "$log" || true
		elif [ "$rc" = 77 ]; then
			skipped=$((skipped + 1))
			echo "ok $n - ${names[$i]} # SKIP $(grep -m1 '^SKIP' "$log" | cut -c6-)"
		else
			failed=$((failed + 1))
			echo "not ok $n - ${names[$i]}"
			{ grep -v '^#' "$log" || true; } | tail -n 15 | sed 's/^/# | /'
			{ grep '^#' "$log" || true; } | head -n 15
			echo "# full log: $log"
		fi
		echo "# $(cat "$logdir/test-$n.secs")s"
		reported=$n
	done
}
wait_for_slot() { # at most $1 boots running
	while [ "$(jobs -rp | wc -l)" -ge "$1" ]; do
		wait -n || true
		report
	done
}

echo "KTAP version 1"
echo "1..${#selected[@]}"
n=0 start_all=$SECONDS
for i in "${selected[@]}"; do
	n=$((n + 1))
	log=$logdir/test-$n.log
	[ -z "${exclusive[$i]}" ] || wait_for_slot 1
	start=$SECONDS
	rc=0
	# shellcheck disable=SC2086
	${builds[$i]} >"$log" 2>&1 </dev/null || rc=$?
	if [ "$rc" != 0 ] || [ -z "${boots[$i]}" ]; then
		finish "$n" $((SECONDS - start)) "$rc"
	else
		wait_for_slot "$jobs"
		# shellcheck disable=SC2086
		(rc=0; ${boots[$i]} >>"$log" 2>&1 </dev/null || rc=$?
		 finish "$n" $((SECONDS - start)) "$rc") &
		[ -z "${exclusive[$i]}" ] || wait_for_slot 1
	fi
	report
done
wait
report
echo "# total $((SECONDS - start_all))s"
[ "$skipped" = 0 ] || echo "# $skipped skipped"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
