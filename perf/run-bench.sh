#!/usr/bin/env bash
# `make bench`: boot perf/bench on the stock, ukl and bypass kernels (one
# config, differing only in the UKL options) and tabulate its costs.
#
#   run-bench.sh [--calls N] [--reps N] [--out DIR] [--quick]
#
# (a) instructions per call: each variant twice under -icount
#     shift=0,sleep=off, the variants at the same time (host load does not
#     change the counts); the two runs must agree exactly.
# (b) wall-clock per call: each variant --reps times (default 5), median
#     and spread (min-max), under KVM where it works, else plain TCG, timed
#     with the guest's TSC (bench --tsc), with the host's load average.
# The limit column comes from /proc/ukl-limit on the bypass kernel.
# (c) the unikernel figures for hello: perf/run-footprint.sh.
# Writes <out>/<date>-linux-<version>.md and .png and <out>/latest.md and
# latest.png (default out: perf/results). --quick (used by make test):
# few calls, one icount run per variant, no wall-clock, checks only that
# everything ran and parsed; writes to build/bench-quick.
. "$(dirname "$0")/../scripts/lib.sh"

calls=50000 reps=5 out=$UKL_TOP/perf/results quick=0
while [ $# -gt 0 ]; do
	case "$1" in
	--calls) calls=$2; shift ;;
	--reps) reps=$2; shift ;;
	--out) out=$2; shift ;;
	--quick) quick=1 calls=256 reps=0 out=$UKL_BUILD/bench-quick ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
	shift
done
[[ "$calls" =~ ^[0-9]+$ && "$reps" =~ ^[0-9]+$ ]] || die "--calls and --reps take numbers"

variants=(stock ukl bypass)
work=$UKL_BUILD/bench
rm -rf "$work"
mkdir -p "$work" "$out"

declare -A env_of
build_variants "$UKL_TOP/perf/bench" "${variants[@]}"

# boot <variant> <run-name> <bench arguments> [run-qemu options]: leaves
# <run-name>.txt with the "bench:"/"limit:" lines of a complete run.
boot() {
	local v=$1 run=$2 args=$3 status=0
	shift 3
	"$UKL_TOP/scripts/run-qemu.sh" --boot "${env_of[$v]}" --smp 1 --timeout 900 \
		--args "$args" --append printk.devkmsg=on --log "$work/$run.log" "$@" \
		>/dev/null 2>"$work/$run.stderr" || status=$?
	[ "$status" = 0 ] || die "$run: the benchmark exited with status $status (log: $work/$run.log)"
	# The lines come through the kernel log: drop the printk timestamps.
	tr -d '\r' <"$work/$run.log" | sed 's/^\[ *[0-9.]*\] //' >"$work/$run.out"
	sed -n 's/^\(bench\|limit\): \([^ ]*\) \([0-9]*\) \([0-9.]*\)$/\1 \2 \3 \4/p' \
		"$work/$run.out" >"$work/$run.txt"
	grep -qx 'bench: done' "$work/$run.out" ||
		die "$run: incomplete output (log: $work/$run.log)"
}

icount_runs() { # <variant>
	step BENCH "$1: instructions (icount)"
	boot "$1" "icount-$1-1" "$calls" --icount
	[ "$quick" = 0 ] || return 0
	boot "$1" "icount-$1-2" "$calls" --icount
	cmp -s "$work/icount-$1-1.txt" "$work/icount-$1-2.txt" ||
		die "$1: two -icount runs differ: not deterministic ($work/icount-$1-*.txt)"
}
each_at_once icount_runs "${variants[@]}" || die "the -icount runs failed (logs: $work)"
grep -q '^limit ' "$work/icount-bypass-1.txt" || die "the bypass kernel gave no limit figures"
for v in "${variants[@]}"; do
	for r in $(seq 1 "$reps"); do
		step BENCH "$v: wall-clock, run $r of $reps"
		cut -d' ' -f1 /proc/loadavg >>"$work/loadavg"
		boot "$v" "wall-$v-$r" "--tsc $calls"
	done
done
# The host's 1-minute load average before each wall-clock run; the runs
# themselves keep one CPU busy.
load=''
if [ "$reps" -gt 0 ]; then
	load=$(sort -n "$work/loadavg" | awk -v cpus="$(nproc)" 'NR == 1 { lo = $1 } { hi = $1 }
		END { printf "Host load average %.2f-%.2f on %d CPUs", lo, hi, cpus
		      print (hi > cpus - 0.5 ? ": the host was loaded, spreads may be wide." : ": quiet.") }')
fi

accel=TCG
grep -qs 'QEMU *KVM' "$work/wall-stock-1.stderr" && accel=KVM
linux=$(record_get "${env_of[stock]}" LINUX_VERSION)
glibc=$(record_get "${env_of[ukl]}" GLIBC_VERSION)
qemu=$(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')
stamp=$(date -u +%Y-%m-%d)
name=$stamp-linux-$linux
awk -f "$UKL_TOP/perf/bench-table.awk" -v reps="$reps" -v calls="$calls" \
	-v header="Linux $linux, glibc $glibc, QEMU $qemu, $accel wall-clock, $stamp" \
	-v plotdata="$work/ratios.dat" -v loadline="$load" "$work"/*.txt >"$work/table.md" ||
	die "the benchmark output did not parse"
# The unikernel figures: boot, size and memory (perf/run-footprint.sh).
footprint=(--reps "$reps")
[ "$quick" = 0 ] || footprint=(--quick)
echo >>"$work/table.md"
"$UKL_TOP/perf/run-footprint.sh" --app hello "${footprint[@]}" >>"$work/table.md" ||
	die "the unikernel figures failed"
if [ "$quick" = 1 ]; then
	cp "$work/table.md" "$out/table.md"
	echo "$out/table.md"
	exit 0
fi
if command -v gnuplot >/dev/null; then
	gnuplot -e "data='$work/ratios.dat'; out='$work/plot.png'" "$UKL_TOP/perf/ratios.gp" ||
		die "gnuplot failed"
	cp "$work/plot.png" "$out/$name.png"
	cp "$work/plot.png" "$out/latest.png"
	printf '\n![ratios](%s.png)\n' "$name" >>"$work/table.md"
else
	warn "gnuplot is not installed: no plot"
fi
cp "$work/table.md" "$out/$name.md"
sed "s/($name.png)/(latest.png)/" "$work/table.md" >"$out/latest.md"
cat "$out/$name.md"
echo "$out/$name.md"
