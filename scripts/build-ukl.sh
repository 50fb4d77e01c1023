#!/usr/bin/env bash
# Build everything needed to boot one app in one variant, and print the
# path of the build's record, boot.env.
#
#   build-ukl.sh <app> <variant> [init-app]
#
# Variants:
#   stock   the kernel without CONFIG_UNIKERNEL_LINUX; the app, linked
#           against the stock glibc flavour, is /init in an initramfs
#           (ring 3).
#   ukl     the same config with CONFIG_UNIKERNEL_LINUX: the app, linked
#           against the UKL glibc flavour, is linked into vmlinux and
#           started by the kernel's trigger file /ukl as PID 1
#           (rdinit=/ukl), in ring 0; an initramfs only if the app has
#           rootfs/ files.
#   bypass  ukl plus the bypass entry for simple system calls.
#
# From the app's directory: rootfs/ (files that appear in the guest's root
# file system, in every variant: for UKL an initramfs then holds them and
# the app still starts as the trigger), cmdline (kernel arguments, e.g. for
# the network), args (default arguments), forward (default port forwards,
# HOSTPORT:GUESTPORT ...) and timeout (make run's default; 0 for servers).
#
# With an init app (hybrid layout), an initramfs holds that app, built as
# an ordinary ring-3 program, as /init; it starts the app by executing
# /ukl. For stock, the initramfs also holds the app itself at /ukl, so that
# the same init works on both kernels. $UKL_INITRAMFS_FILES may add more
# programs, one "<path> <file>" per line.
#
# Outputs go to build/out/<variant>/<key>/, where the key is the app's
# identity plus what else went into the machine (init app, extra files),
# and are replaced only once the whole build succeeded and only when an
# input changed: bzImage, vmlinux, config (the kernel's .config),
# initramfs.cpio (when there is one), the app ELF (with debug info, for gdb)
# and boot.env. boot.env is the one record later stages read: KERNEL,
# INITRD, INIT, APPEND, ARGS, FORWARD, TIMEOUT, VMLINUX, CONFIG, PROGRAM,
# VARIANT, FLAVOUR, APP_ID, APP_DIR, APP_BUILD, UPSTREAM, LINUX_VERSION,
# KERNEL_RELEASE, LINUX_PATCHES, GLIBC_VERSION, GLIBC_PATCHES, TRIGGER,
# INPUTS.
. "$(dirname "$0")/lib.sh"

app=${1:-}
variant=${2:-}
init_app=${3:-}
[ -n "$app" ] && [ -n "$variant" ] || die "usage: build-ukl.sh <app> <variant> [init-app]"
appdir=$("$UKL_TOP/scripts/app-dir.sh" "$app")
flavour=$(variant_flavour "$variant") || exit 1

app_env=$("$UKL_TOP/scripts/build-app.sh" "$appdir" "$flavour")
program=$(record_get "$app_env" PROGRAM)
id=$(record_get "$app_env" APP_ID)
[ "$flavour" != ukl ] || "$UKL_TOP/scripts/check-ukl-app.sh" "$program"
kopts=()
[ "$flavour" != ukl ] || kopts+=(--app "$program")
[ ! -f "$appdir/app.config" ] || kopts+=(--app-config "$appdir/app.config" --app-id "$id")
kernel_env=$("$UKL_TOP/scripts/build-kernel.sh" "$variant" "${kopts[@]}")
trigger=$(record_get "$kernel_env" TRIGGER)
trigger=${trigger:-/ukl}

# The initramfs: "<cpio line>" entries, and the output key.
key=$id entries=()
extra=()
while read -r dest file; do
	[ -n "$dest" ] || continue
	extra+=("dir $(dirname "$dest") 0755 0 0" "file $dest $file 0755 0 0")
done <<<"${UKL_INITRAMFS_FILES:-}"
rootfs=()
if [ -d "$appdir/rootfs" ]; then
	while IFS= read -r -d '' f; do
		rel=${f#"$appdir/rootfs"}
		if [ -L "$f" ]; then
			rootfs+=("slink $rel $(readlink "$f") 0777 0 0")
		elif [ -d "$f" ]; then
			rootfs+=("dir $rel $(stat -c %a "$f") 0 0")
		else
			rootfs+=("file $rel $f $(stat -c %a "$f") 0 0")
		fi
	done < <(find "$appdir/rootfs" -mindepth 1 -print0 | sort -z)
fi
init=/init
if [ -n "$init_app" ]; then
	init_env=$("$UKL_TOP/scripts/build-app.sh" "$init_app" stock)
	key=$key+init-$(record_get "$init_env" APP_ID)
	entries=("file /init $(record_get "$init_env" PROGRAM) 0755 0 0")
	[ "$flavour" = ukl ] || entries+=("file $trigger $program 0700 0 0")
elif [ "$flavour" = stock ]; then
	entries=("file /init $program 0755 0 0")
else
	init=$trigger	# rdinit names the trigger; an initramfs only brings extra files
fi
entries+=("${rootfs[@]}" "${extra[@]}")
[ "${#extra[@]}" = 0 ] || key=$key+files-$(hash_of "${extra[@]}")
out=$UKL_BUILD/out/$variant/$key

# UKL kernels restart when the app exits, which ends QEMU under -no-reboot.
append=
[ "$flavour" = stock ] || append=ukl.exit=reboot
app_file() { [ ! -f "$appdir/$1" ] || tr '\n' ' ' <"$appdir/$1" | sed 's/ *$//'; }
append=$(echo "$append $(app_file cmdline)" | sed 's/^ *//; s/ *$//')
args=$(app_file args) forward=$(app_file forward) timeout=$(app_file timeout)

# Unchanged inputs: keep the published outputs, which boots running in
# parallel may be reading (tests/run-tests.sh).
contents=()
for e in "${entries[@]}"; do
	read -r kind _ file _ <<<"$e"
	[ "$kind" != file ] || contents+=("$(sha256_of "$file")")
done
inputs=$(hash_of "kernel $(record_get "$kernel_env" INPUTS)" "init $init" "${entries[@]}" \
	"${contents[@]}" "program $(sha256_of "$program")" "append $append" "args $args" \
	"forward $forward" "timeout $timeout")
if [ -f "$out/boot.env" ] && [ "$(record_get "$out/boot.env" INPUTS)" = "$inputs" ]; then
	echo "$out/boot.env"
	exit 0
fi

mkdir -p "$UKL_BUILD/out"
tmp=$(mktemp -d "$UKL_BUILD/out/.tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cp "$(record_get "$kernel_env" BZIMAGE)" "$tmp/bzImage"
cp "$(record_get "$kernel_env" VMLINUX)" "$tmp/vmlinux"
cp "$(record_get "$kernel_env" CONFIG)" "$tmp/config"
cp "$program" "$tmp/$(basename "$program")"
initrd=
if [ "${#entries[@]}" -gt 0 ]; then
	"$UKL_TOP/scripts/make-initramfs.sh" "$(record_get "$kernel_env" GEN_INIT_CPIO)" \
		"$tmp/initramfs.cpio" "${entries[@]}"
	initrd=$out/initramfs.cpio
fi
{
	printf 'KERNEL=%s\nINITRD=%s\nINIT=%s\nAPPEND=%s\n' "$out/bzImage" "$initrd" "$init" "$append"
	printf 'VMLINUX=%s\nCONFIG=%s\nPROGRAM=%s\nVARIANT=%s\n' "$out/vmlinux" "$out/config" \
		"$out/$(basename "$program")" "$variant"
	grep -E '^(FLAVOUR|APP_ID|APP_DIR|APP_BUILD|UPSTREAM|GLIBC_VERSION|GLIBC_PATCHES)=' "$app_env"
	grep -E '^(LINUX_VERSION|KERNEL_RELEASE|LINUX_PATCHES)=' "$kernel_env"
	printf 'ARGS=%s\nFORWARD=%s\nTIMEOUT=%s\n' "$args" "$forward" "$timeout"
	printf 'TRIGGER=%s\nINPUTS=%s\n' "$trigger" "$inputs"
} >"$tmp/boot.env"
mkdir -p "$(dirname "$out")"
publish "$tmp" "$out"
trap - EXIT
step READY "$out"
echo "$out/boot.env"
