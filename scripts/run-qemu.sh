#!/usr/bin/env bash
# Boot a kernel in QEMU with the serial console on stdout, and exit with the
# status of the app that ran as init (or as the UKL app).
#
#   run-qemu.sh --boot boot.env [--args "a b"] [options]
#   run-qemu.sh --kernel bzImage [--initrd cpio] [--init PATH] [--args "a b"]
#               [--append "kernel args"] [--timeout SECS|0] [--smp N] [--mem MiB]
#               [--icount] [--forward HOSTPORT:GUESTPORT]... [--accel auto|kvm|tcg]
#               [--log FILE] [--gdb PORT] [--plugin FILE,ARGS] [--tap IFNAME]
#
# --tap puts the guest's network on an existing TAP interface of the host
# instead of QEMU's user-mode network and its forwards (perf/run-bench-apps.sh
# loads servers through one).
#
# --plugin loads a TCG plugin (perf/run-bench-apps.sh counts instructions
# with one); it implies TCG, as --icount does.
# --boot reads the kernel, initramfs, init and kernel arguments from a build's
# record (build-ukl.sh), and the app's default arguments and forwards, which
# --args and --forward replace; --append adds to the kernel arguments.
#
# Exit status: the app's exit status (128+N when killed by signal N);
# 124 if the timeout expired, 125 if the machine stopped without an app
# exit status (e.g. a kernel panic), 126 if QEMU could not run.
. "$(dirname "$0")/lib.sh"

kernel='' initrd='' init=/init app_args='' append='' timeout='' smp=1 mem=512
boot_args='' boot_forwards='' boot_timeout=''	# the app's defaults, from --boot
icount=0 accel=${UKL_ACCEL:-auto} log='' gdb='' plugin='' forwards=() tap=
while [ $# -gt 0 ]; do
	case "$1" in
	--boot)
		[ -f "$2" ] || die "no boot record '$2' (--boot)"
		kernel=$(record_get "$2" KERNEL) initrd=$(record_get "$2" INITRD)
		init=$(record_get "$2" INIT) append="$append $(record_get "$2" APPEND)"
		boot_args=$(record_get "$2" ARGS) boot_forwards=$(record_get "$2" FORWARD)
		boot_timeout=$(record_get "$2" TIMEOUT)
		shift ;;
	--kernel) kernel=$2; shift ;;
	--initrd) initrd=$2; shift ;;
	--init) init=$2; shift ;;
	--args) app_args=$2; shift ;;
	--append) append="$append $2"; shift ;;
	--timeout) timeout=$2; shift ;;
	--smp) smp=$2; shift ;;
	--mem) mem=$2; shift ;;
	--icount) icount=1 ;;
	--forward) forwards+=("$2"); shift ;;
	--accel) accel=$2; shift ;;
	--log) log=$2; shift ;;
	--gdb) gdb=$2; shift ;;
	--plugin) plugin=$2; shift ;;
	--tap) tap=$2; shift ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
	shift
done
[ -f "$kernel" ] || die "no kernel image '${kernel:-}' (--kernel)"
# The app's default arguments, forwards and timeout, unless given here.
app_args=${app_args:-$boot_args}
timeout=${timeout:-${boot_timeout:-120}}
[[ "$timeout" =~ ^[0-9]+$ ]] || die "--timeout takes seconds (0: none), not '$timeout'"
[ -z "$tap" ] || [ "${#forwards[@]}" = 0 ] || die "--tap and --forward exclude each other"
[ "${#forwards[@]}" -gt 0 ] || [ -n "$tap" ] || read -r -a forwards <<<"$boot_forwards"
[ -z "$initrd" ] || [ -f "$initrd" ] || die "no initramfs '$initrd'"
command -v qemu-system-x86_64 >/dev/null || { warn "qemu-system-x86_64 is not installed"; exit 126; }

# panic=-1 and -no-reboot turn every panic into the end of the run;
# oops=panic makes an oops fatal instead of leaving a half-dead machine.
# tsc=reliable: QEMU's TSC follows host time (the virtual clock under
# icount); under emulation it is the jiffies reference of the clocksource
# watchdog that is unreliable, and jiffies would cost all timing precision.
cmdline="console=ttyS0 earlyprintk=serial,ttyS0,115200 panic=-1 oops=panic tsc=reliable"
cmdline="$cmdline rdinit=$init $append"
# Under icount every input that differs between runs must go, so that two
# runs execute the same instructions: host randomness (RDRAND/RDSEED, and
# with it KASLR and randomised mappings) and the host's time in the RTC.
[ "$icount" = 0 ] || cmdline="nokaslr norandmaps $cmdline"
[ -z "$app_args" ] || cmdline="$cmdline -- $app_args"

# One CPU unless asked: with more, the stock kernel's panic when init exits
# can overtake the last console output still in the tty buffer.
# sockets=N: SeaBIOS's MP table lists one CPU per package, so with QEMU's
# default of cores the guest would see one CPU.
base=(qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot
	-m "$mem" -smp "$smp,sockets=$smp,cores=1,threads=1" -kernel "$kernel")
[ -z "$initrd" ] || base+=(-initrd "$initrd")

# KVM only where a quick probe boot works; the answer is cached per host.
kvm_works() {
	[ -r /dev/kvm ] && [ -w /dev/kvm ] || return 1
	local key probe out
	key=$(hash_of "$(qemu-system-x86_64 --version | head -n1)" "$(uname -r)" \
		"$(grep -m1 'model name' /proc/cpuinfo)")
	probe=$UKL_CACHE/kvm-probe-$key
	if [ ! -f "$probe" ]; then
		mkdir -p "$UKL_CACHE"
		out=$(timeout 15 "${base[@]}" -accel kvm -cpu host -serial stdio -monitor none \
			-append "console=ttyS0 earlyprintk=serial,ttyS0,115200 panic=-1 rdinit=/ukl-kvm-probe" \
			</dev/null 2>&1 || true)
		if grep -q 'Run /ukl-kvm-probe as init process\|No working init found' <<<"$out"; then
			echo yes >"$probe"
		else
			echo no >"$probe"
		fi
	fi
	[ "$(cat "$probe")" = yes ]
}

case "$accel" in
auto) if kvm_works; then accel=kvm; else accel=tcg; fi ;;
kvm | tcg) ;;
*) die "unknown accelerator '$accel'" ;;
esac
if [ "$accel" = kvm ] && [ "$icount" = 0 ] && [ -z "$plugin" ]; then
	step QEMU "KVM (-cpu host)"
	base+=(-accel kvm -cpu host)
else
	[ "$accel" = kvm ] && step QEMU "icount and plugins need TCG; not using KVM"
	[ "$accel" = kvm ] || [ "${UKL_ACCEL:-}" = tcg ] ||
		step QEMU "TCG emulation (-cpu max): KVM is not usable here"
	cpu=max
	[ "$icount" = 0 ] || cpu=max,-rdrand,-rdseed
	base+=(-accel tcg -cpu "$cpu")
	# Without icount the guest's TSC is the host's, and the guest's
	# calibration of it against the emulated PIT fails when the host is
	# busy; the kernel then keeps time with jiffies (4 ms steps, no vDSO).
	# Give it the rate from the host's kernel log ("tsc: Detected 1996.247
	# MHz processor", or the refined figure), where it can be read.
	if [ "$icount" = 0 ]; then
		khz=$(dmesg 2>/dev/null | sed -nE 's/.*tsc: (Detected|Refined TSC clocksource calibration:) ([0-9]+)\.([0-9]{3})[0-9]* MHz.*/\2\3/p' | tail -n 1)
		[ -z "$khz" ] || cmdline="tsc_early_khz=$khz $cmdline"
	fi
fi
# Deterministic instruction counting: the guest clock advances 1 ns per instruction.
[ "$icount" = 0 ] || base+=(-icount 'shift=0,sleep=off' -rtc 'base=2000-01-01T00:00:00,clock=vm')

if [ -n "$tap" ]; then
	[ -d "/sys/class/net/$tap" ] || die "no network interface '$tap' (--tap)"
	base+=(-netdev "tap,id=net0,ifname=$tap,script=no,downscript=no" -device 'virtio-net-pci,netdev=net0')
elif [ "${#forwards[@]}" -gt 0 ]; then
	net=user,id=net0
	for f in "${forwards[@]}"; do
		[[ "$f" =~ ^[0-9]+:[0-9]+$ ]] || die "--forward wants HOSTPORT:GUESTPORT, not '$f'"
		net="$net,hostfwd=tcp:127.0.0.1:${f%%:*}-:${f##*:}"
	done
	base+=(-netdev "$net" -device 'virtio-net-pci,netdev=net0')
fi
if [ -n "$plugin" ]; then
	[ -f "${plugin%%,*}" ] || die "no plugin '${plugin%%,*}' (--plugin)"
	base+=(-plugin "$plugin")
fi
if [ -n "$gdb" ]; then
	[[ "$gdb" =~ ^[0-9]+$ ]] || die "--gdb wants a TCP port, not '$gdb'"
	base+=(-gdb "tcp:127.0.0.1:$gdb" -S)
	step QEMU "halted; waiting for gdb on 127.0.0.1:$gdb"
fi

own_log=0
if [ -z "$log" ]; then
	log=$(mktemp "${TMPDIR:-/tmp}/ukl-console.XXXXXX")
	own_log=1
fi
: >"$log"
base+=(-chardev "stdio,id=con,signal=off,logfile=$log" -serial chardev:con -monitor none)

qemu_pid=
cleanup() {
	[ -z "$qemu_pid" ] || kill "$qemu_pid" 2>/dev/null || true
	[ "$own_log" = 0 ] || rm -f "$log"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

verbose && printf '%q ' "${base[@]}" -append "$cmdline" >&2 && echo >&2
"${base[@]}" -append "$cmdline" </dev/null &
qemu_pid=$!

# Once the app's exit status is on the console, the run is decided. A
# machine that then fails to stop within 20 s (rare; seen only under heavy
# host load) is stopped, with a warning, instead of waiting for the timeout.
# Stock kernels report the app's wait status when init exits ("Attempted to
# kill init! exitcode=0x..."), UKL kernels print "ukl: ... wait status 0x...".
status_re='exitcode=0x[0-9a-f]+|wait status 0x[0-9a-f]+'
exit_seen() { grep -aqE "$status_re" "$log"; }
timed_out=0 stuck=0 exited_at=''
start=$SECONDS
while kill -0 "$qemu_pid" 2>/dev/null; do
	if [ "$timeout" != 0 ] && [ $((SECONDS - start)) -ge "$timeout" ]; then
		timed_out=1
		kill "$qemu_pid" 2>/dev/null || true
		break
	fi
	if [ -z "$exited_at" ]; then
		exit_seen && exited_at=$SECONDS
	elif [ $((SECONDS - exited_at)) -ge 20 ]; then
		stuck=1
		kill "$qemu_pid" 2>/dev/null || true
		break
	fi
	sleep 0.2
done
qemu_rc=0
wait "$qemu_pid" || qemu_rc=$?
qemu_pid=
[ "$stuck" = 0 ] || { warn "the machine did not stop 20s after the app exited; stopped QEMU"; qemu_rc=0; }

if [ "$timed_out" = 1 ]; then
	warn "timed out after ${timeout}s; stopped QEMU"
	exit 124
fi
[ "$qemu_rc" = 0 ] || { warn "QEMU failed (exit $qemu_rc)"; exit 126; }

# The app's wait status, as printed by the kernel (status_re above).
wstatus=$(grep -aoE "$status_re" "$log" | tail -n1 | grep -oE '0x[0-9a-f]+' || true)
if [ -z "$wstatus" ]; then
	warn "the machine stopped without reporting the app's exit status (kernel panic?)"
	exit 125
fi
w=$((wstatus))
if [ $((w & 0x7f)) = 0 ]; then
	exit $(((w >> 8) & 0xff))
fi
exit $((128 + (w & 0x7f)))
