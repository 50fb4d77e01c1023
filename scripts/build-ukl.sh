#!/usr/bin/env bash
# Build everything needed to boot one app in one variant, and print the
# path of the resulting boot description (boot.env).
#
#   build-ukl.sh <app> <variant>
#
# Variants:
#   stock  the kernel without CONFIG_UNIKERNEL_LINUX; the app, linked
#          against unpatched glibc, is /init in an initramfs (ring 3).
#
# Outputs go to build/out/<variant>/<app>/ and are replaced only once the
# whole build succeeded: bzImage, initramfs.cpio (stock), the app ELF,
# versions.txt (what was really used) and boot.env (for run-qemu.sh).
. "$(dirname "$0")/lib.sh"

app=${1:-}
variant=${2:-}
[ -n "$app" ] && [ -n "$variant" ] || die "usage: build-ukl.sh <app> <variant>"
appdir=$("$UKL_TOP/scripts/app-dir.sh" "$app")
name=$(basename "$appdir")
case "$variant" in
stock) ;;
*) die "unknown VARIANT '$variant' (this tree supports: stock)" ;;
esac

app_config=
[ -f "$appdir/app.config" ] && app_config=$appdir/app.config

program=$("$UKL_TOP/scripts/build-app.sh" "$appdir" "$variant")
kernel=$(UKL_KERNEL_O="$UKL_BUILD/kernel-$variant" \
	"$UKL_TOP/scripts/build-kernel.sh" "$variant" "$app_config")
kobj=$(dirname "$(dirname "$(dirname "$(dirname "$kernel")")")")

out=$UKL_BUILD/out/$variant/$name
tmp=$(mktemp -d "$UKL_BUILD/out/.tmp.XXXXXX" 2>/dev/null ||
	{ mkdir -p "$UKL_BUILD/out" && mktemp -d "$UKL_BUILD/out/.tmp.XXXXXX"; })
trap 'rm -rf "$tmp"' EXIT
cp "$kernel" "$tmp/bzImage"
cp "$program" "$tmp/$name.elf"
"$UKL_TOP/scripts/make-initramfs.sh" "$kobj/usr/gen_init_cpio" "$tmp/initramfs.cpio" "$program"
{
	cat "$kobj/ukl-versions.txt"
	cat "$("$UKL_TOP/scripts/build-glibc.sh" "$variant")/VERSION"
	echo "app $name ($appdir)"
	echo "variant $variant"
} >"$tmp/versions.txt"
cat >"$tmp/boot.env" <<ENV
KERNEL=$out/bzImage
INITRD=$out/initramfs.cpio
INIT=/init
ENV
mkdir -p "$(dirname "$out")"
publish "$tmp" "$out"
trap - EXIT
step READY "$out"
echo "$out/boot.env"
