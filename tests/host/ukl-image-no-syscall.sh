#!/usr/bin/env bash
# The app as linked into vmlinux has no syscall, sysenter or int $0x80.
. "$(dirname "$0")/../../scripts/lib.sh"

env_file=$("$UKL_TOP/scripts/build-ukl.sh" syscalls ukl 2>/dev/null) ||
	{ echo "# building syscalls for ukl failed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$UKL_TOP/scripts/extract-ukl-app.sh" "$(record_get "$env_file" VMLINUX)" "$tmp/image.elf" || exit 1
# It is the app we built (debug info stripped), not something else.
objcopy --strip-debug "$(record_get "$env_file" PROGRAM)" "$tmp/expected.elf"
cmp -s "$tmp/image.elf" "$tmp/expected.elf" ||
	{ echo "# the image in vmlinux is not the app"; exit 1; }
n=$(objdump -d --no-show-raw-insn "$tmp/image.elf" | grep -cE '\s(syscall|sysenter|int +[$]0x80)(\s|$)' || true)
echo "# $(objdump -d "$tmp/image.elf" | grep -c '^ ') instructions in the image, $n trapping"
[ "$n" = 0 ] || exit 1
# The full check as well: static, with the UKL note.
"$UKL_TOP/scripts/check-ukl-app.sh" "$tmp/image.elf"
