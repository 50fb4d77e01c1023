#!/usr/bin/env bash
# Configure and build one kernel variant out of tree and print its bzImage.
#
#   build-kernel.sh <variant> [app-config-fragment] [ukl-app-elf]
#
# Variants: stock (base kernel), ukl (stock + configs/ukl.config, with the
# app ELF linked into vmlinux: changing it only relinks) and bypass (ukl +
# configs/bypass.config).
# The config is tinyconfig + the fragments named in $UKL_FRAGMENTS
# (default "base net") + the variant's fragment + the app's fragment, merged
# with the kernel's own merge_config.sh and then checked: an option that
# Kconfig dropped fails the build.
. "$(dirname "$0")/lib.sh"

variant=${1:-}
app_config=${2:-}
app_elf=${3:-}
variant_frags=$(variant_frags "$variant") || exit 1
libc=$(variant_libc "$variant") || exit 1
[ "$libc" != ukl ] || [ -n "${UKL_CONFIG_ONLY:-}" ] || [ -f "$app_elf" ] ||
	die "the $variant variant needs the app's ELF file"

"$UKL_TOP/scripts/prepare-tree.sh" linux
src=$UKL_BUILD/src/linux
obj=${UKL_KERNEL_O:-$UKL_BUILD/kernel-$variant}
mkdir -p "$obj"
lock_or_wait "$obj/.ukl-lock"

seed_variant=$(variant_seed "$variant")
seed=$UKL_BUILD/kernel-$seed_variant
if [ -n "$seed_variant" ] && [ ! -f "$obj/vmlinux" ] && [ -f "$seed/vmlinux" ]; then
	step SEED "$variant: starting from the objects of $(basename "$seed")"
	lock_or_wait "$seed/.ukl-lock"
	cp -a "$seed/." "$obj/"
	rm -f "$obj/.ukl-config-hash"
	flock -u "$UKL_LOCK_FD"		# the seed's; ours stays held
fi

frags=()
for f in ${UKL_FRAGMENTS:-base net} $variant_frags; do
	[ -f "$UKL_TOP/configs/$f.config" ] || die "no config fragment configs/$f.config"
	frags+=("$UKL_TOP/configs/$f.config")
done
[ -z "$app_config" ] || frags+=("$app_config")

ukl_ccache_env
kmake() { make -C "$src" O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" "$@"; }

# --- configuration -------------------------------------------------------------
want=$(hash_of "${frags[@]}" "$UKL_TOP/configs/allowlist" "head $(state_get "$src" head)")
if [ ! -f "$obj/.config" ] || [ "$(cat "$obj/.ukl-config-hash" 2>/dev/null)" != "$want" ]; then
	step CONFIG "$variant: tinyconfig + $(for f in "${frags[@]}"; do basename "$f" .config; done | paste -sd+)"
	rm -f "$obj/.ukl-config-hash"
	run_logged "$obj/config.log" kmake tinyconfig || die "make tinyconfig failed"
	run_logged "$obj/config.log" "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" \
		"$obj/.config" "${frags[@]}" || die "merge_config.sh failed"
	run_logged "$obj/config.log" kmake olddefconfig || die "make olddefconfig failed"
	"$UKL_TOP/scripts/check-config.sh" "$obj/.config" "${frags[@]}"
	echo "$want" >"$obj/.ukl-config-hash"
fi

if [ -n "${UKL_CONFIG_ONLY:-}" ]; then
	echo "$obj/.config"
	exit 0
fi

# --- build ---------------------------------------------------------------------
if [ "$libc" = ukl ]; then
	# The image linked into vmlinux: without DWARF, which only gdb needs
	# (it reads the app's own ELF), but with the symbols for crash
	# reports. Replaced only when it changed, so that make relinks only then.
	objcopy --strip-debug "$app_elf" "$obj/ukl-app.elf.tmp"
	if cmp -s "$obj/ukl-app.elf.tmp" "$obj/ukl-app.elf"; then
		rm "$obj/ukl-app.elf.tmp"
	else
		mv "$obj/ukl-app.elf.tmp" "$obj/ukl-app.elf"
	fi
fi
run_with_progress "kernel-$variant" "$obj/build.log" kmake -j"$UKL_JOBS" bzImage ||
	die "kernel build failed"
printf 'linux %s (%s)\nseries %s\n' "$(state_get "$src" version)" \
	"$(kmake -s kernelrelease 2>/dev/null)" "$(state_get "$src" series)" >"$obj/ukl-versions.txt"
echo "$obj/arch/x86/boot/bzImage"
