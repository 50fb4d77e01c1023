#!/usr/bin/env bash
# Check that an ELF file can run as the UKL app: a static non-PIE x86-64
# executable built with the UKL C library, whose code contains no
# instruction that traps into the kernel (syscall, sysenter, int $0x80).
# Prints nothing and exits 0 when it can.
#
#   check-ukl-app.sh <elf>
. "$(dirname "$0")/lib.sh"

elf=${1:-}
[ -f "$elf" ] || die "usage: check-ukl-app.sh <elf>"
name=$(basename "$elf")

header=$(readelf -h "$elf" 2>/dev/null) || die "$name is not an ELF file"
grep -q 'Type:.*EXEC' <<<"$header" ||
	die "$name is not a non-PIE executable (ET_EXEC); UKL apps are linked -static -no-pie"
grep -q 'Machine:.*X86-64' <<<"$header" || die "$name is not an x86-64 program"
if readelf -lW "$elf" | grep -qE '^\s+(INTERP|DYNAMIC)\s'; then
	die "$name is dynamically linked; UKL apps are static"
fi
readelf -nW "$elf" | grep -qE '^\s+UKL\s' ||
	die "$name has no UKL note: it was not linked with the UKL C library (VARIANT=ukl)"

# One line per offending instruction: "<function>: <instruction>".
scan() { # regex
	objdump -d --no-show-raw-insn "$elf" | awk -v re="$1" '
		/^[0-9a-f]+ <.*>:$/ { fn = $2; gsub(/[<>:]/, "", fn) }
		/^ +[0-9a-f]+:/ && $0 ~ re { sub(/^ +/, ""); print fn ": " $0 }'
}
traps=$(scan '\t(syscall|sysenter|int +[$]0x80)( |$)')
[ -z "$traps" ] || die "$name has $(wc -l <<<"$traps") trapping instruction(s), e.g." \
	"$(head -n 3 <<<"$traps" | tr '\t\n' ' ;')(inline syscall in the app?)"
exit 0
