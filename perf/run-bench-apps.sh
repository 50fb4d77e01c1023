#!/usr/bin/env bash
# `make bench-apps APP=redis`: a real server booted on the stock, ukl and
# bypass kernels one after another in one run, each loaded the same way from
# the host by the app's own load program (apps/<app>/bench, which prints
# "result <test> <requests> <requests/s> <p50 ms> <p99 ms> <instructions|->"
# lines and then ends the app). Two boots per variant, both with 2 CPUs:
#
# (a) requests/s and p50/p99 latency, under KVM where it works, else TCG;
# (b) instructions per request: under TCG with perf/plugin/insn-count.c,
#     which counts what the guest's vCPUs execute. A halted vCPU (the
#     guest's idle loop) executes nothing, so idle time is not counted.
#
#   run-bench-apps.sh <app> [--requests N] [--out DIR]
#
# Writes <out>/apps-<app>-<date>-linux-<version>.md and .png, and
# apps-<app>-latest.md and .png (default out: perf/results).
. "$(dirname "$0")/../scripts/lib.sh"

app=${1:-}
[ -n "$app" ] || die "usage: run-bench-apps.sh <app> [--requests N] [--out DIR] (make bench-apps APP=redis)"
shift
requests=100000 out=$UKL_TOP/perf/results
while [ $# -gt 0 ]; do
	case "$1" in
	--requests) requests=$2; shift ;;
	--out) out=$2; shift ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
	shift
done
[[ "$requests" =~ ^[0-9]+$ ]] || die "--requests takes a number"
appdir=$UKL_TOP/apps/$app
[ -d "$appdir" ] || die "no app '$app' (apps/$app does not exist)"
if [ ! -x "$appdir/bench" ]; then
	have=
	for b in "$UKL_TOP"/apps/*/bench; do have="$have $(basename "$(dirname "$b")")"; done
	die "app '$app' has no load for make bench-apps (apps/$app/bench); apps with one:${have:- none}"
fi

variants=(stock ukl bypass)
work=$UKL_BUILD/bench-apps/$app
rm -rf "$work"
mkdir -p "$work" "$out"

# The plugin, against the plugin API header of the QEMU release the host runs.
plugin=$UKL_BUILD/bench-apps/insn-count.so
build_plugin() {
	local tarball version host inc=$UKL_BUILD/bench-apps/qemu-include
	read -r tarball version <<<"$("$UKL_TOP/scripts/fetch-source.sh" qemu)" ||
		die "fetching the QEMU source (for its plugin header) failed"
	host=$(qemu-system-x86_64 --version | sed -n '1s/.*version \([0-9]*\.[0-9]*\).*/\1/p')
	[ "${version%%+*}" = "$host" ] ||
		die "the host runs QEMU $host, but pins.txt pins the QEMU $version source for the plugin header"
	mkdir -p "$inc"
	tar -xJf "$tarball" -C "$inc" --strip-components=3 --wildcards '*/include/qemu/qemu-plugin.h' ||
		die "no include/qemu/qemu-plugin.h in $tarball"
	step CC "perf/plugin/insn-count.c (QEMU $version plugin API)"
	gcc -shared -fPIC -O2 -Wall -Wextra -Wno-unused-parameter -I"$inc" \
		"$UKL_TOP/perf/plugin/insn-count.c" -o "$plugin" -pthread ||
		die "building the instruction-count plugin failed"
}
build_plugin

declare -A env_of
for v in "${variants[@]}"; do
	env_of[$v]=$("$UKL_TOP/scripts/build-ukl.sh" "$appdir" "$v") ||
		die "building $app for $v failed"
done

# load <variant> <run> [count]: boot, run the load against the app's
# forwarded ports, keep its "result" lines in <run>.txt. With "count", under
# TCG with the plugin, whose running total the load reads (UKL_INSN_FILE).
load() {
	local v=$1 run=$2 count=${3:-} qemu status=0 load_status=0 f guest host
	local qemu_opts=(--boot "${env_of[$v]}" --smp 2 --timeout 3600 --log "$work/$run.log")
	local load_env=(UKL_TOP="$UKL_TOP" UKL_HOST=127.0.0.1 UKL_VARIANT="$v"
		UKL_BENCH_REQUESTS="$requests" UKL_LOG="$work/$run.log")
	if [ -n "$count" ]; then
		qemu_opts+=(--accel tcg --plugin "$plugin,out=$work/$run.insns")
		load_env+=(UKL_INSN_FILE="$work/$run.insns")
	fi
	for f in $(record_get "${env_of[$v]}" FORWARD); do
		guest=${f##*:} host=$(free_port)
		qemu_opts+=(--forward "$host:$guest")
		load_env+=("UKL_PORT_$guest=$host")
	done
	"$UKL_TOP/scripts/run-qemu.sh" "${qemu_opts[@]}" >/dev/null 2>"$work/$run.stderr" &
	qemu=$!
	env "${load_env[@]}" "$appdir/bench" >"$work/$run.load" 2>&1 </dev/null || load_status=$?
	[ "$load_status" = 0 ] || kill "$qemu" 2>/dev/null || true
	wait "$qemu" || status=$?
	[ "$load_status" = 0 ] ||
		die "$run: the load failed (exit $load_status): $(tail -n 3 "$work/$run.load" | tr '\n' ' ')(log: $work/$run.log)"
	# The exit status, and no kernel trouble in the log (the one pattern, in check-output.sh).
	"$UKL_TOP/tests/check-output.sh" --log "$work/$run.log" --status "$status" --variant "$v" \
		>"$work/$run.check" 2>&1 ||
		die "$run: $(head -n 3 "$work/$run.check" | tr '\n' ' ')(log: $work/$run.log)"
	grep '^result ' "$work/$run.load" >"$work/$run.txt" || die "$run: the load printed no results"
	[ ! -s "$work/$run.log.notes" ] || sed "s/^/  $run: /" "$work/$run.log.notes" >&2
}

for v in "${variants[@]}"; do
	step BENCH "$app on $v: requests/s and latency"
	load "$v" "rate-$v"
	step BENCH "$app on $v: instructions per request (TCG, counting plugin)"
	load "$v" "count-$v" count
done

accel=TCG
grep -qs 'QEMU *KVM' "$work/rate-stock.stderr" && accel=KVM
linux=$(record_get "${env_of[stock]}" LINUX_VERSION)
qemu=$(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')
stamp=$(date -u +%Y-%m-%d)
name=apps-$app-$stamp-linux-$linux
loaded=$(awk '{ printf "%.1f", $1 }' /proc/loadavg)
load=$(sed -n 's/^about //p' "$work/rate-stock.load")
header="Linux $linux, QEMU $qemu, 2 guest CPUs, ${load:-no description of the load}, $stamp; host load average $loaded at the end (2 host CPUs)"
awk -f "$UKL_TOP/perf/bench-apps-table.awk" -v app="$app" -v header="$header" -v accel="$accel" \
	-v plotdata="$work/ratios.dat" \
	"$work"/rate-{stock,ukl,bypass}.txt "$work"/count-{stock,ukl,bypass}.txt >"$work/table.md" ||
	die "the load's results did not parse"
if command -v gnuplot >/dev/null; then
	gnuplot -e "data='$work/ratios.dat'; out='$work/plot.png'; name='$app'" "$UKL_TOP/perf/apps-ratios.gp" ||
		die "gnuplot failed"
	cp "$work/plot.png" "$out/$name.png"
	cp "$work/plot.png" "$out/apps-$app-latest.png"
	printf '\n![ratios](%s.png)\n' "$name" >>"$work/table.md"
else
	warn "gnuplot is not installed: no plot"
fi
cp "$work/table.md" "$out/$name.md"
sed "s/($name.png)/(apps-$app-latest.png)/" "$work/table.md" >"$out/apps-$app-latest.md"
cat "$out/$name.md"
echo "$out/$name.md"
