#!/usr/bin/env bash
# Configure and build one kernel out of tree and print the path of its
# record, kernel.env (LINUX_VERSION, KERNEL_RELEASE, LINUX_PATCHES, TRIGGER,
# BZIMAGE, VMLINUX, CONFIG, GEN_INIT_CPIO, INPUTS).
#
#   build-kernel.sh <variant> [--app ELF] [--app-config FRAGMENT --app-id ID]
#                   [--obj DIR] [--config-only]
#
# Variants: stock (base kernel), ukl (+ configs/ukl.config, with the app ELF
# linked into vmlinux: changing it only relinks) and bypass (ukl +
# configs/bypass.config).
# The config is tinyconfig + the fragments named in $UKL_FRAGMENTS (default
# "base net") + the app's fragment + the variant's fragments, merged with the
# kernel's own merge_config.sh and then checked: an option that Kconfig
# dropped fails the build. The variant's fragments come last and an app
# fragment may not name their options, so that no app can switch UKL off.
#
# The object directory is keyed by the config's ingredients, so that kernels
# with different configs stay built side by side: build/kernel-<variant>,
# plus "+<fragment>" for each fragment beyond the defaults and "+<app id>"
# for an app's fragment. A new directory starts from a copy of the closest
# built one. --config-only stops after the configuration and prints .config.
. "$(dirname "$0")/lib.sh"

variant=${1:-}
shift || true
app_elf='' app_config='' app_id='' obj='' config_only=0
while [ $# -gt 0 ]; do
	case "$1" in
	--app) app_elf=$2; shift ;;
	--app-config) app_config=$2; shift ;;
	--app-id) app_id=$2; shift ;;
	--obj) obj=$2; shift ;;
	--config-only) config_only=1 ;;
	*) die "unknown option '$1' (see the header of $0)" ;;
	esac
	shift
done
variant_frags=$(variant_frags "$variant") || exit 1
flavour=$(variant_flavour "$variant") || exit 1
[ "$flavour" != ukl ] || [ "$config_only" = 1 ] || [ -f "$app_elf" ] ||
	die "the $variant variant needs the app's ELF file (--app)"
[ -z "$app_config" ] || [ -n "$app_id" ] || die "--app-config needs --app-id"

"$UKL_TOP/scripts/prepare-tree.sh" linux
src=$UKL_BUILD/src/linux

common=${UKL_FRAGMENTS:-base net}
frags=() key=kernel-$variant
for f in $common $variant_frags; do
	[ -f "$UKL_TOP/configs/$f.config" ] || die "no config fragment configs/$f.config"
done
for f in $common; do
	frags+=("$UKL_TOP/configs/$f.config")
	[[ " base net " == *" $f "* ]] || key=$key+$f	# not a default fragment
done
if [ -n "$app_config" ]; then
	# Options that belong to the variants, whichever variant this is.
	owned=$(cat "$UKL_TOP"/configs/{ukl,bypass}.config |
		sed -nE 's/^(# )?(CONFIG_[A-Za-z0-9_]+)[= ].*/\2/p' | sort -u)
	bad=$(sed -nE 's/^(# )?(CONFIG_[A-Za-z0-9_]+)[= ].*/\2/p' "$app_config" |
		grep -E "^CONFIG_UNIKERNEL_|^($(paste -sd'|' <<<"$owned"))\$" | paste -sd' ' || true)
	[ -z "$bad" ] || die "$app_config sets $bad, which only the variants" \
		"(configs/ukl.config, configs/bypass.config) may set"
	frags+=("$app_config")
	key=$key+$app_id
fi
for f in $variant_frags; do frags+=("$UKL_TOP/configs/$f.config"); done
obj=${obj:-$UKL_BUILD/$key}
mkdir -p "$obj"
lock_or_wait "$obj/.ukl-lock"

# Seed a new directory from the closest built one: the seed variant's
# (ukl for bypass) with the same fragments, else this variant's default
# directory, else the seed variant's.
seed_variant=$(variant_seed "$variant")
if [ "$config_only" = 0 ] && [ ! -f "$obj/vmlinux" ]; then
	for seed in "$UKL_BUILD/kernel-$seed_variant${key#kernel-"$variant"}" \
		"$UKL_BUILD/kernel-$variant" "$UKL_BUILD/kernel-$seed_variant"; do
		[ "$seed" != "$obj" ] && [ -f "$seed/vmlinux" ] || continue
		step SEED "$(basename "$obj"): starting from the objects of $(basename "$seed")"
		lock_or_wait "$seed/.ukl-lock"
		cp -a "$seed/." "$obj/"
		rm -f "$obj/.ukl-config-hash" "$obj/kernel.env"
		flock -u "$UKL_LOCK_FD"		# the seed's; ours stays held
		break
	done
fi

ukl_ccache_env
kmake() { make -C "$src" O="$obj" CC="ccache gcc" HOSTCC="ccache gcc" "$@"; }

# --- configuration -------------------------------------------------------------
want=$(hash_of "${frags[@]}" "$UKL_TOP/configs/allowlist" "head $(state_get "$src" head)")
if [ ! -f "$obj/.config" ] || [ "$(cat "$obj/.ukl-config-hash" 2>/dev/null)" != "$want" ]; then
	step CONFIG "$(basename "$obj"): tinyconfig + $(for f in "${frags[@]}"; do
		[ "$f" = "$app_config" ] && echo "$app_id's app.config" || basename "$f" .config
	done | paste -sd+)"
	rm -f "$obj/.ukl-config-hash" "$obj/kernel.env"
	run_logged "$obj/config.log" kmake tinyconfig || die "make tinyconfig failed"
	run_logged "$obj/config.log" "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" \
		"$obj/.config" "${frags[@]}" || die "merge_config.sh failed"
	run_logged "$obj/config.log" kmake olddefconfig || die "make olddefconfig failed"
	"$UKL_TOP/scripts/check-config.sh" "$obj/.config" "${frags[@]}"
	echo "$want" >"$obj/.ukl-config-hash"
fi
if [ "$config_only" = 1 ]; then
	echo "$obj/.config"
	exit 0
fi

# --- build ---------------------------------------------------------------------
if [ "$flavour" = ukl ]; then
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
# Everything the kernel is made of; when it matches the record, even make's
# no-op walk of the tree (half a minute) is skipped. Uncommitted edits in
# the prepared tree count, so that kernel developers never boot stale code.
edits=$({ ukl_git -C "$src" diff HEAD; ukl_git -C "$src" ls-files -z --others --exclude-standard |
	(cd "$src" && xargs -r -0 sha256sum); } | sha256sum | cut -c1-16)
inputs=$(hash_of "config $want" "edits $edits" \
	"app $([ "$flavour" != ukl ] || sha256_of "$obj/ukl-app.elf")")
record=$obj/kernel.env
if [ "$(record_get "$record" INPUTS 2>/dev/null || true)" = "$inputs" ] &&
	[ -f "$obj/arch/x86/boot/bzImage" ]; then
	echo "$record"
	exit 0
fi
rm -f "$record"
run_with_progress "$(basename "$obj")" "$obj/build.log" kmake -j"$UKL_JOBS" bzImage ||
	die "kernel build failed"
trigger=$(sed -n 's/^CONFIG_UNIKERNEL_LINUX_TRIGGER="\(.*\)"$/\1/p' "$obj/.config")
cat >"$record.tmp" <<ENV
LINUX_VERSION=$(state_get "$src" version)
KERNEL_RELEASE=$(kmake -s kernelrelease 2>/dev/null)
LINUX_PATCHES=$(state_get "$src" patches)
TRIGGER=$trigger
BZIMAGE=$obj/arch/x86/boot/bzImage
VMLINUX=$obj/vmlinux
CONFIG=$obj/.config
GEN_INIT_CPIO=$obj/usr/gen_init_cpio
INPUTS=$inputs
ENV
mv "$record.tmp" "$record"
echo "$record"
