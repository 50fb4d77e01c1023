#!/usr/bin/env bash
# Build everything needed to boot one app in one variant, and print the
# path of the resulting boot description (boot.env).
#
#   build-ukl.sh <app> <variant> [init-app]
#
# Variants:
#   stock  the kernel without CONFIG_UNIKERNEL_LINUX; the app, linked
#          against glibc built without UKL, is /init in an initramfs (ring 3).
#   ukl    the same config with CONFIG_UNIKERNEL_LINUX: the app, linked
#          against the UKL glibc, is linked into vmlinux and started by
#          the kernel's trigger file /ukl as PID 1 (rdinit=/ukl), in ring 0,
#          with no initramfs.
#
# With an init app (hybrid layout), an initramfs holds that app, built as
# an ordinary ring-3 program, as /init; it starts the app by executing
# /ukl. For stock, the initramfs also holds the app itself at /ukl, so that
# the same init works on both kernels. $UKL_INITRAMFS_FILES may add more
# programs, one "<path> <file>" per line.
#
# Outputs go to build/out/<variant>/<app>/ and are replaced only once the
# whole build succeeded: bzImage, initramfs.cpio (stock), the app ELF (with
# debug info, for gdb), versions.txt (what was really used) and boot.env
# (for run-qemu.sh).
. "$(dirname "$0")/lib.sh"

app=${1:-}
variant=${2:-}
init_app=${3:-}
[ -n "$app" ] && [ -n "$variant" ] || die "usage: build-ukl.sh <app> <variant> [init-app]"
appdir=$("$UKL_TOP/scripts/app-dir.sh" "$app")
name=$(basename "$appdir")
[ -z "$init_app" ] || name=$name-hybrid
libc=$(variant_libc "$variant") || exit 1

app_config=
[ -f "$appdir/app.config" ] && app_config=$appdir/app.config

program=$("$UKL_TOP/scripts/build-app.sh" "$appdir" "$libc")
[ "$libc" != ukl ] || "$UKL_TOP/scripts/check-ukl-app.sh" "$program"
kobj=$UKL_BUILD/kernel-$variant
kernel=$(UKL_KERNEL_O="$kobj" "$UKL_TOP/scripts/build-kernel.sh" "$variant" "$app_config" \
	"$program")

out=$UKL_BUILD/out/$variant/$name
tmp=$(mktemp -d "$UKL_BUILD/out/.tmp.XXXXXX" 2>/dev/null ||
	{ mkdir -p "$UKL_BUILD/out" && mktemp -d "$UKL_BUILD/out/.tmp.XXXXXX"; })
trap 'rm -rf "$tmp"' EXIT
cp "$kernel" "$tmp/bzImage"
cp "$program" "$tmp/$name.elf"
trigger=$(sed -n 's/^CONFIG_UNIKERNEL_LINUX_TRIGGER="\(.*\)"$/\1/p' \
	"$kobj/.config" 2>/dev/null)
trigger=${trigger:-/ukl}
initrd=$out/initramfs.cpio init=/init
extra=()
while read -r dest file; do
	[ -n "$dest" ] || continue
	extra+=("dir $(dirname "$dest") 0755 0 0" "file $dest $file 0755 0 0")
done <<<"${UKL_INITRAMFS_FILES:-}"
if [ -n "$init_app" ]; then
	init_program=$("$UKL_TOP/scripts/build-app.sh" "$init_app" stock)
	[ "$libc" = ukl ] || extra+=("file $trigger $program 0700 0 0")
	"$UKL_TOP/scripts/make-initramfs.sh" "$kobj/usr/gen_init_cpio" "$tmp/initramfs.cpio" \
		"file /init $init_program 0755 0 0" "${extra[@]}"
elif [ "$libc" = stock ]; then
	"$UKL_TOP/scripts/make-initramfs.sh" "$kobj/usr/gen_init_cpio" "$tmp/initramfs.cpio" \
		"file /init $program 0755 0 0" "${extra[@]}"
elif [ "${#extra[@]}" -gt 0 ]; then
	# rdinit names the trigger; the initramfs only brings the extra files.
	"$UKL_TOP/scripts/make-initramfs.sh" "$kobj/usr/gen_init_cpio" "$tmp/initramfs.cpio" \
		"${extra[@]}"
	init=$trigger
else
	initrd='' init=$trigger
fi
{
	cat "$kobj/ukl-versions.txt"
	cat "$("$UKL_TOP/scripts/build-glibc.sh" "$libc")/VERSION"
	echo "app $name ($appdir)"
	echo "variant $variant"
} >"$tmp/versions.txt"
# UKL kernels restart when the app exits, which ends QEMU under -no-reboot.
append=
[ "$libc" = stock ] || append=ukl.exit=reboot
cat >"$tmp/boot.env" <<ENV
KERNEL=$out/bzImage
INITRD=$initrd
INIT=$init
APPEND=$append
VMLINUX=$kobj/vmlinux
ENV
mkdir -p "$(dirname "$out")"
publish "$tmp" "$out"
trap - EXIT
step READY "$out"
echo "$out/boot.env"
