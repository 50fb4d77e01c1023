#!/usr/bin/env bash
# The figures unikernels are compared on, for one app on the stock, ukl and
# bypass kernels (one config, networking in it): boot instructions, boot
# wall-clock, image sizes and memory. Prints a Markdown section; make bench
# (perf/run-bench.sh) adds it to its table.
#
#   run-footprint.sh [--app hello] [--reps N] [--quick]
#
# (a) instructions under -icount, counted by perf/plugin/insn-count.c with
#     marks: from reset to the kernel's 32-bit entry (firmware and the
#     kernel's real-mode setup), from there to the app's main(), and from
#     main() to its exit().
# (b) wall-clock from starting QEMU to the app's first console line, median
#     and spread of --reps boots (default 5), under KVM where it works.
# (c) bytes of bzImage and vmlinux, and of the initramfs (stock's /init).
# (d) the smallest -m (MiB) at which the app still runs correctly, by
#     bisection, and the guest's memory use once the app runs, read by the
#     app from /proc/meminfo (at the default -m).
# The app must print its use with --meminfo, as apps/hello does.
# --quick (make test): (a), (c) and the meminfo line only, one boot each.
. "$(dirname "$0")/../scripts/lib.sh"

app=hello reps=5 quick=0
while [ $# -gt 0 ]; do
	case "$1" in
	--app) app=$2; shift ;;
	--reps) reps=$2; shift ;;
	--quick) quick=1 reps=0 ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
	shift
done
[[ "$reps" =~ ^[0-9]+$ ]] || die "--reps takes a number"
appdir=$("$UKL_TOP/scripts/app-dir.sh" "$app")

variants=(stock ukl bypass)
work=$UKL_BUILD/footprint/$app
rm -rf "$work"
mkdir -p "$work"
plugin=$("$UKL_TOP/perf/build-plugin.sh") || die "no instruction-count plugin"

declare -A env_of
build_variants "$appdir" "${variants[@]}"

# The kernel's 32-bit entry: QEMU's -kernel loader puts the protected-mode
# part of a bzImage at 1 MiB (boot protocol: code32_start) and enters it there.
kernel_entry=0x100000

# symbol <program> <name>: its address; the program must not be a PIE, so
# that the address is where it runs.
symbol() {
	local addr
	readelf -h "$1" | grep -q 'Type: *EXEC' || die "$1 is not a fixed-address executable: cannot mark $2()"
	addr=$(nm "$1" | awk -v n="$2" '$3 == n && ($2 == "T" || $2 == "t") { print $1; exit }')
	[ -n "$addr" ] || die "no function $2 in $1"
	printf '0x%x\n' "0x$addr"	# as the plugin writes it: no leading zeros
}

# runs_ok <log>: the app ran to the end and said so (apps/hello's last line).
runs_ok() { grep -aq "^$app: exiting with status 0" "$1"; }

# (a) and the meminfo line: one boot under -icount with the marks, the
# variants at the same time; each leaves <variant>.figures.
icount_boot() { # <variant>
	local v=$1 prog main exit status=0 e m x
	step BENCH "$app on $v: boot instructions (icount, marks)"
	prog=$(record_get "${env_of[$v]}" PROGRAM)
	main=$(symbol "$prog" main) exit=$(symbol "$prog" exit)
	"$UKL_TOP/scripts/run-qemu.sh" --boot "${env_of[$v]}" --icount --timeout 600 \
		--plugin "$plugin,out=$work/$v.insns,mark=$kernel_entry:$main:$exit" \
		--args --meminfo --log "$work/$v.icount.log" >/dev/null 2>"$work/$v.icount.stderr" || status=$?
	[ "$status" = 0 ] && runs_ok "$work/$v.icount.log" ||
		die "$app on $v did not run correctly under -icount (status $status, log: $work/$v.icount.log)"
	at() { awk -v a="$1" '$1 == a { print $2 }' "$work/$v.insns.marks"; }
	e=$(at "$kernel_entry") m=$(at "$main") x=$(at "$exit")
	[ -n "$e" ] && [ -n "$m" ] && [ -n "$x" ] && [ "$e" -lt "$m" ] && [ "$m" -lt "$x" ] ||
		die "$v: the marks did not run in order: entry '$e', main '$m', exit '$x' ($work/$v.insns.marks)"
	# The instructions to the kernel, to main() and to exit(); MemTotal and used kB.
	{ echo "$e $((m - e)) $((x - m))"; tr -d '\r' <"$work/$v.icount.log" |
		sed -n "s/^$app: meminfo total_kb=\([0-9]*\) used_kb=\([0-9]*\) .*/\1 \2/p"; } |
		paste -sd' ' >"$work/$v.figures"
	[ "$(wc -w <"$work/$v.figures")" = 5 ] || die "$v: no meminfo line from $app (log: $work/$v.icount.log)"
}
each_at_once icount_boot "${variants[@]}" || die "the -icount boots failed (logs: $work)"
declare -A firmware boot run total_kb used_kb
for v in "${variants[@]}"; do
	read -r "firmware[$v]" "boot[$v]" "run[$v]" "total_kb[$v]" "used_kb[$v]" <"$work/$v.figures"
done

# (b) wall-clock to the app's first line: console lines stamped as they come.
declare -A wall
boot_ms() { # <variant> <run>: ms from starting QEMU to the app's first line
	local start line ms=''
	start=$EPOCHREALTIME
	while IFS= read -r line; do
		if [ -z "$ms" ] && [[ "$line" == "$app: "* ]]; then
			ms=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", (b - a) * 1000 }')
		fi
	done < <("$UKL_TOP/scripts/run-qemu.sh" --boot "${env_of[$1]}" --timeout 300 \
		--log "$work/$1.wall-$2.log" 2>"$work/$1.wall-$2.stderr" | tr -d '\r')
	runs_ok "$work/$1.wall-$2.log" && [ -n "$ms" ] ||
		die "$app on $1 did not run correctly (log: $work/$1.wall-$2.log)"
	echo "$ms"
}
accel=TCG
for v in "${variants[@]}"; do
	for r in $(seq 1 "$reps"); do
		step BENCH "$app on $v: boot wall-clock, run $r of $reps"
		boot_ms "$v" "$r" >>"$work/$v.wall"
	done
	[ "$reps" = 0 ] || wall[$v]=$(sort -n "$work/$v.wall" | awk '{ a[NR] = $1 }
		END { printf "%.1f (%.1f-%.1f)", a[int((NR + 1) / 2)], a[1], a[NR] }')
done
[ "$reps" = 0 ] || ! grep -qs 'QEMU *KVM' "$work/stock.wall-1.stderr" || accel=KVM

# (d) the smallest -m that works: bisect between one that fails and one
# that works (the default, shown by (a)).
declare -A min_mem
mem_ok() { # <variant> <MiB>
	"$UKL_TOP/scripts/run-qemu.sh" --boot "${env_of[$1]}" --mem "$2" --timeout 60 \
		--log "$work/$1.mem-$2.log" >/dev/null 2>&1 && runs_ok "$work/$1.mem-$2.log"
}
if [ "$quick" = 0 ]; then
	for v in "${variants[@]}"; do
		lo=8 hi=512
		! mem_ok "$v" "$lo" || die "$app on $v runs in $lo MiB: below what this search looks at"
		while [ $((hi - lo)) -gt 1 ]; do
			mid=$(((lo + hi) / 2))
			step BENCH "$app on $v: memory, -m $mid (works: $hi, fails: $lo)"
			if mem_ok "$v" "$mid"; then hi=$mid; else lo=$mid; fi
		done
		min_mem[$v]=$hi
	done
fi

size() { [ -n "$1" ] && stat -c %s "$1" || echo 0; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
row() { # <label> <stock> <ukl> <bypass>
	printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" \
		"$(ratio "${3%% *}" "${2%% *}")" "$(ratio "${4%% *}" "${2%% *}")"
}
declare -A bz vml ird
for v in "${variants[@]}"; do
	bz[$v]=$(size "$(record_get "${env_of[$v]}" KERNEL)")
	vml[$v]=$(size "$(record_get "${env_of[$v]}" VMLINUX)")
	ird[$v]=$(size "$(record_get "${env_of[$v]}" INITRD)")
done

echo "## Unikernel figures: $app"
echo
echo "Fragments: ${UKL_FRAGMENTS:-base net}. Instructions under -icount shift=0,sleep=off (one run; deterministic), memory use at the default -m 512 after the app started."
echo
echo "| measure | stock | ukl | bypass | ukl/stock | bypass/stock |"
echo "|---|--:|--:|--:|--:|--:|"
row "instructions, reset to kernel entry (firmware, real-mode setup)" "${firmware[stock]}" "${firmware[ukl]}" "${firmware[bypass]}"
row "instructions, kernel entry to main()" "${boot[stock]}" "${boot[ukl]}" "${boot[bypass]}"
row "instructions, main() to exit()" "${run[stock]}" "${run[ukl]}" "${run[bypass]}"
[ "$reps" = 0 ] || row "$accel wall-clock ms, QEMU start to first line (median of $reps, min-max)" \
	"${wall[stock]}" "${wall[ukl]}" "${wall[bypass]}"
row "bzImage bytes" "${bz[stock]}" "${bz[ukl]}" "${bz[bypass]}"
row "vmlinux bytes" "${vml[stock]}" "${vml[ukl]}" "${vml[bypass]}"
row "initramfs bytes" "${ird[stock]}" "${ird[ukl]}" "${ird[bypass]}"
row "bzImage + initramfs bytes" "$((bz[stock] + ird[stock]))" "$((bz[ukl] + ird[ukl]))" "$((bz[bypass] + ird[bypass]))"
[ "$quick" = 1 ] || row "smallest -m that runs it (MiB)" "${min_mem[stock]}" "${min_mem[ukl]}" "${min_mem[bypass]}"
row "MemTotal kB" "${total_kb[stock]}" "${total_kb[ukl]}" "${total_kb[bypass]}"
row "used kB (MemTotal - MemFree)" "${used_kb[stock]}" "${used_kb[ukl]}" "${used_kb[bypass]}"
