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
# The load reaches the guest over a TAP link when this runs as root with
# /dev/net/tun and iproute2, else through QEMU's user-mode forward, whose
# listening socket has a backlog of 1 (ss -ltn shows it): a burst of
# connects then overflows it, and the clients that lost their SYN wait a
# second or more to retry, which made the figures of the first runs swing
# twentyfold. The table says which path was used.
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

plugin=$("$UKL_TOP/perf/build-plugin.sh") || die "no instruction-count plugin"

declare -A env_of
build_variants "$appdir" "${variants[@]}"

# Stopped or not, nothing of the run stays behind: the machine, the load
# and the TAP link.
trap 'boot_with_program_stop; [ -z "$tap" ] || ip link del "$tap" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

# The TAP link: a point-to-point route between the host, at the guest's
# gateway address, and the guest, at its own, both from the app's static
# ip= kernel argument, so that nothing changes in the guest.
tap='' guest_ip=''
tap_link() {
	local ipcfg gateway
	[ "$(id -u)" = 0 ] && [ -c /dev/net/tun ] && command -v ip >/dev/null || return 1
	ipcfg=$(record_get "${env_of[stock]}" APPEND | tr ' ' '\n' | sed -n 's/^ip=//p' | tail -n 1)
	IFS=: read -r guest_ip _ gateway _ <<<"$ipcfg"
	[[ "$guest_ip" =~ ^[0-9.]+$ && "$gateway" =~ ^[0-9.]+$ ]] || return 1
	! ip -4 -o addr show | grep -qE " inet ($gateway|$guest_ip)/" ||
		die "the host already has $gateway or $guest_ip, the addresses of $app's network (ip=$ipcfg)"
	tap=uklbench$$
	ip tuntap add dev "$tap" mode tap || die "could not create the TAP interface $tap"
	{ ip addr add "$gateway" peer "$guest_ip" dev "$tap" && ip link set "$tap" up; } ||
		die "could not set up the TAP interface $tap"
}
if tap_link; then
	network="a TAP link from the host to $guest_ip"
	clients=50
else
	network="QEMU's user-mode forward, whose listen backlog of 1 stalls connection bursts (not root, or no /dev/net/tun or ip): figures unreliable"
	clients=20
	warn "using $network"
fi

# functions <variant>: the functions the plugin counts for, "<address>
# <size> <name>": the kernel's and the app's (which runs at its own
# addresses in the user half, in every variant).
functions() {
	nm --defined-only --print-size "$(record_get "${env_of[$1]}" VMLINUX)" \
		"$(record_get "${env_of[$1]}" PROGRAM)" | awk 'NF == 4 && $3 ~ /^[tTwW]$/ { print $1, $2, $4 }' |
		sort || die "nm of the kernel or the app of $1 failed"
}

# The app's own server arguments for the benchmark, if it has any (apps/<app>/bench-args).
bench_args=$(grep -v '^#' "$appdir/bench-args" 2>/dev/null | tail -n 1 || true)

# load <variant> <run> [count]: boot, run the load against the app's
# forwarded ports, keep its "result" lines in <run>.txt. With "count", under
# TCG with the plugin, whose running total the load reads (UKL_INSN_FILE).
load() {
	local v=$1 run=$2 count=${3:-} e forwards=() text
	local qemu_opts=(--boot "${env_of[$v]}" --smp 2 --timeout 3600 --log "$work/$run.log"
		--args "$(record_get "${env_of[$v]}" ARGS) $bench_args")
	local with=(--program "$appdir/bench" --output "$work/$run.load" --timeout 3600 --stderr "$work/$run.stderr")
	for e in UKL_TOP="$UKL_TOP" UKL_VARIANT="$v" UKL_BENCH_REQUESTS="$requests" \
		UKL_BENCH_CLIENTS="$clients" UKL_LOG="$work/$run.log"; do
		with+=(--env "$e")
	done
	if [ -n "$count" ]; then
		functions "$v" >"$work/$run.syms"
		# _text: the plugin finds the kernel's KASLR offset from it.
		text=$(nm "$(record_get "${env_of[$v]}" VMLINUX)" | awk '$3 == "_text" { print $1 }')
		[ -n "$text" ] || die "no _text in the vmlinux of $v"
		qemu_opts+=(--accel tcg --plugin "$plugin,out=$work/$run.insns,syms=$work/$run.syms,text=$text")
		with+=(--env UKL_INSN_FILE="$work/$run.insns")
	fi
	for e in $(record_get "${env_of[$v]}" FORWARD); do forwards+=("${e##*:}"); done
	if [ -n "$tap" ]; then
		qemu_opts+=(--tap "$tap")
		with+=(--env UKL_HOST="$guest_ip")
		for e in "${forwards[@]}"; do with+=(--env "UKL_PORT_$e=$e"); done
	else
		with+=(--env UKL_HOST=127.0.0.1 --forwards "${forwards[*]}")
	fi
	boot_with_program "${with[@]}" -- "${qemu_opts[@]}"
	# shellcheck disable=SC2154 # set by boot_with_program (scripts/lib.sh)
	local status=$boot_status load_status=$program_status
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

# Where the instructions of each test go, from the counting boots.
profiles() {
	local t n v
	for t in $(awk '{ print $2 }' "$work/count-stock.txt"); do
		n=$(awk -v t="$t" '$2 == t { print $3 }' "$work/count-stock.txt")
		for v in "${variants[@]}"; do
			# The test alone: its closing snapshot less its opening one.
			awk 'FNR == NR { i[$3] = $1; c[$3] = $2; next }
			     $1 > i[$3] { print $1 - i[$3], $2 - c[$3], $3 }' \
				"$work/count-$v.insns.prof.$t.before" "$work/count-$v.insns.prof.$t.after" \
				>"$work/prof-$v.txt" || die "no profile of $t on $v (the load's snapshots)"
		done
		echo
		awk -f "$UKL_TOP/perf/bench-apps-profile.awk" -v test="$t" -v requests="$n" -v top=15 \
			-v measured="$(for v in "${variants[@]}"; do
				awk -v t="$t" '$2 == t { printf "%.0f ", $7 / $3 }' "$work/count-$v.txt"
			done)" "$work"/prof-{stock,ukl,bypass}.txt
	done
}

accel=TCG
grep -qs 'QEMU *KVM' "$work/rate-stock.stderr" && accel=KVM
linux=$(record_get "${env_of[stock]}" LINUX_VERSION)
qemu=$(qemu-system-x86_64 --version | sed -n '1s/.*version \([^ ]*\).*/\1/p')
stamp=$(date -u +%Y-%m-%d)
name=apps-$app-$stamp-linux-$linux
loaded=$(awk '{ printf "%.1f", $1 }' /proc/loadavg)
load=$(sed -n 's/^about //p' "$work/rate-stock.load")
header="Linux $linux, QEMU $qemu, 2 guest CPUs, ${load:-no description of the load}, over $network${bench_args:+, server arguments added: $bench_args}, $stamp; host load average $loaded at the end ($(nproc) host CPUs)"
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
{
	echo
	echo "## Where the instructions go (the counting boots, per function)"
	echo
	echo "Instructions per request of the functions that ran during each test, from the plugin's per-function counts (a block counts for the function it starts in), and the system call bodies' and bypass entries' calls per request."
	profiles
} >>"$work/table.md"
cp "$work/table.md" "$out/$name.md"
sed "s/($name.png)/(apps-$app-latest.png)/" "$work/table.md" >"$out/apps-$app-latest.md"
cat "$out/$name.md"
echo "$out/$name.md"
