#!/usr/bin/env bash
# `make stack-cost`: boot perf/stack-cost on the stock, ukl and bypass
# kernels under -icount (deterministic, 1 ns per instruction) and print what
# the two designs for keeping events off the app's stack cost, side by side:
# the UKL IDT (per-event cost: the page-fault row against stock) and pinned
# stacks (the thread-8m row per pthread_create, fork-8m-copied minus fork per
# fork). See "Why not pinned stacks instead" in Documentation/ukl.rst.
#
#   run-stack-cost.sh [--forks N]
. "$(dirname "$0")/../scripts/lib.sh"

forks=4
while [ $# -gt 0 ]; do
	case "$1" in
	--forks) forks=$2; shift ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
	shift
done
[[ "$forks" =~ ^[1-9][0-9]*$ ]] || die "--forks takes a positive number"

variants=(stock ukl bypass)
work=$UKL_BUILD/stack-cost
rm -rf "$work"
mkdir -p "$work"
for v in "${variants[@]}"; do
	env=$("$UKL_TOP/scripts/build-ukl.sh" "$UKL_TOP/perf/stack-cost" "$v") ||
		die "building perf/stack-cost for $v failed"
	step COST "$v: booting under -icount"
	"$UKL_TOP/scripts/run-qemu.sh" --boot "$env" --smp 1 --icount --timeout 1800 \
		--args "$forks" --log "$work/$v.log" >/dev/null 2>"$work/$v.stderr" ||
		die "$v: perf/stack-cost failed (log: $work/$v.log)"
	tr -d '\r' <"$work/$v.log" | sed -n 's/^stack-cost: \([a-z0-9-]*\) \([0-9.]*\)$/\1 \2/p' \
		>"$work/$v.txt"
	[ "$(wc -l <"$work/$v.txt")" = 4 ] || die "$v: incomplete output (log: $work/$v.log)"
done

# One row per measurement, one column per variant, in instructions.
join <(sort "$work/stock.txt") <(sort "$work/ukl.txt") | join - <(sort "$work/bypass.txt") |
	awk 'BEGIN { print "| operation | stock | ukl | bypass |"; print "|---|---:|---:|---:|" }
	{ printf "| %s | %.0f | %.0f | %.0f |\n", $1, $2, $3, $4; st[$1] = $2; u[$1] = $3 }
	END {
		printf "\nUKL IDT: %+.0f instructions per page fault against stock.\n",
			u["page-fault"] - st["page-fault"]
		printf "Pinned stacks would add %.0f per pthread_create and %.0f per fork.\n",
			u["thread-8m"], u["fork-8m-copied"] - u["fork"]
	}'
