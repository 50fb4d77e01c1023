#!/usr/bin/env bash
# Extract the UKL app image that is linked into a vmlinux (the bytes between
# the symbols ukl_app_image and ukl_app_image_end) into an ELF file.
#
#   extract-ukl-app.sh <vmlinux> <out.elf>
. "$(dirname "$0")/lib.sh"

vmlinux=${1:-}
out=${2:-}
[ -f "$vmlinux" ] && [ -n "$out" ] || die "usage: extract-ukl-app.sh <vmlinux> <out.elf>"
start=$(nm "$vmlinux" | awk '$3 == "ukl_app_image" { print $1 }')
end=$(nm "$vmlinux" | awk '$3 == "ukl_app_image_end" { print $1 }')
[ -n "$start" ] && [ -n "$end" ] || die "$vmlinux has no UKL app image (not a UKL kernel?)"
# File offset of the image: from the section that holds it.
read -r sec_addr sec_off < <(readelf -SW "$vmlinux" | awk -v a="$start" '
	$0 ~ /\] \.rodata / { sub(/^.*\] /, ""); print $3, $4; exit }')
[ -n "$sec_addr" ] || die "$vmlinux has no .rodata section"
off=$((0x$sec_off + 0x$start - 0x$sec_addr))
size=$((0x$end - 0x$start))
dd if="$vmlinux" of="$out.tmp" bs=4096 iflag=skip_bytes,count_bytes skip="$off" count="$size" \
	status=none
mv "$out.tmp" "$out"
