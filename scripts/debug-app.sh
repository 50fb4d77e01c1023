#!/usr/bin/env bash
# `make debug`: build an app for a variant with a debuggable kernel (the
# debug config fragment: DWARF and frame pointers), boot it in QEMU halted
# with the gdb stub on a free local port, and start gdb with the kernel's
# symbols (vmlinux) and the app's (its ELF, static and not relocated: its
# own addresses are right), stopped at the app's main. KASLR is off, so
# vmlinux's addresses are right too. The console goes to a log file, whose
# path is printed; gdb owns the terminal.
#
#   debug-app.sh <app> <variant> [--args "a b"] [--batch GDB-SCRIPT]
#
# --batch runs a gdb command file after the stop at main, without a
# terminal, and prints gdb's output (for tests).
. "$(dirname "$0")/lib.sh"

app=${1:-}
variant=${2:-}
shift 2 || die "usage: debug-app.sh <app> <variant> [--args \"a b\"] [--batch FILE]"
args='' batch=''
while [ $# -gt 0 ]; do
	case "$1" in
	--args) args=$2; shift ;;
	--batch) batch=$2; shift ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
	shift
done
[ -z "$batch" ] || [ -f "$batch" ] || die "no gdb script $batch"
[ -z "${UKL_INIT_APP:-}" ] ||
	die "make debug does not support INIT_APP: the init's main would take the breakpoint first"
command -v gdb >/dev/null || die "gdb is not installed (scripts/check-host.sh installs it)"

env_file=$(UKL_FRAGMENTS="${UKL_FRAGMENTS:-base net} debug" \
	"$UKL_TOP/scripts/build-ukl.sh" "$app" "$variant") || exit 1
vmlinux=$(record_get "$env_file" VMLINUX)
program=$(record_get "$env_file" PROGRAM)

port=$(free_port)
log=$UKL_BUILD/debug/$(record_get "$env_file" APP_ID)-$variant.log
mkdir -p "$(dirname "$log")"
"$UKL_TOP/scripts/run-qemu.sh" --boot "$env_file" --args "$args" --append nokaslr \
	--gdb "$port" --timeout 86400 --log "$log" >/dev/null 2>"$log.stderr" &
qemu=$!
trap 'kill "$qemu" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
	(: </dev/tcp/127.0.0.1/$port) 2>/dev/null && break
	kill -0 "$qemu" 2>/dev/null || die "QEMU did not start: $(tail -n 3 "$log.stderr")"
	sleep 0.2
done
step DEBUG "console: $log"

# The app's code is not mapped until it runs, so main gets a hardware
# breakpoint; deleted once hit, so that a later "continue" runs on.
gdb_opts=(-q -nx -ex "set pagination off" -ex "set confirm off"
	-ex "file $vmlinux" -ex "add-symbol-file $program"
	-ex "target remote 127.0.0.1:$port"
	-ex "hbreak main" -ex "continue" -ex "delete")
if [ -n "$batch" ]; then
	gdb "${gdb_opts[@]}" -batch -x "$batch" </dev/null 2>&1
else
	gdb "${gdb_opts[@]}"
fi
