#!/usr/bin/env bash
# Build glibc as a static sysroot for apps and print its path. The sysroot
# holds its record, glibc.env (GLIBC_VERSION, FLAVOUR, GLIBC_CFLAGS,
# GLIBC_PATCHES).
#
#   build-glibc.sh stock|ukl      (the glibc flavour)
#
# Both flavours are built from the same prepared tree (upstream + the
# glibc-patches series). The series only changes behaviour when UKL is
# defined, so "stock" is an ordinary ring-3 glibc. "ukl" defines UKL (in
# CPPFLAGS, which glibc also passes to assembly files). Nothing else
# differs: the kernel never writes below the app's stack pointer, so the
# red zone stays usable in ring 0.
#
# The installed sysroot is cached under $UKL_CACHE/glibc/<hash of inputs>.
. "$(dirname "$0")/lib.sh"

flavour=${1:-}
case "$flavour" in
stock) extra_cflags='' cppflags='' ;;
ukl) extra_cflags='' cppflags=-DUKL ;;
*) die "usage: build-glibc.sh stock|ukl" ;;
esac

"$UKL_TOP/scripts/prepare-tree.sh" glibc
lock_or_wait "$UKL_BUILD/.lock-glibc-$flavour"
src=$UKL_BUILD/src/glibc
cflags="-O2 -g $extra_cflags"
configure_flags=(--prefix=/usr --disable-werror --disable-nscd --disable-build-nscd
	--disable-profile --disable-timezone-tools --disable-crypt --without-selinux
	--enable-kernel=6.1)
# Apps link only the libraries and start files: the programs (iconv,
# locale, ldconfig...) are not built.
configparms='build-programs=no'
key=$(hash_of "glibc $(state_get "$src" version)" "patches $(state_get "$src" patches)" \
	"cflags $cflags" "cppflags $cppflags" "configure ${configure_flags[*]}" \
	"configparms $configparms" "$(gcc --version | head -n1)")
sysroot=$UKL_CACHE/glibc/$flavour-$key
if [ -f "$sysroot/.complete" ]; then
	echo "$sysroot"
	exit 0
fi

obj=$UKL_BUILD/glibc-$flavour
if [ "$(cat "$obj/.ukl-key" 2>/dev/null)" != "$key" ]; then
	rm -rf "$obj"
	mkdir -p "$obj"
	echo "$configparms" >"$obj/configparms"
	step GLIBC "configure $flavour ($(state_get "$src" version), CFLAGS=$cflags $cppflags)"
	(cd "$obj" && run_logged "$obj/configure.log" "$src/configure" "${configure_flags[@]}" \
		CFLAGS="$cflags" CPPFLAGS="$cppflags") || die "glibc configure failed"
	echo "$key" >"$obj/.ukl-key"
fi
# Without ccache: the installed sysroot is glibc's cache, and on a cold
# ccache glibc's many small, header-heavy compiles took twice as long
# (20.5 against 10.2 minutes for one flavour on a 2-core machine).
run_with_progress "glibc-$flavour" "$obj/build.log" \
	make -C "$obj" -j"$UKL_JOBS" || die "glibc build failed"
mkdir -p "$UKL_CACHE/glibc"
tmp=$(mktemp -d "$UKL_CACHE/glibc/.install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
run_logged "$obj/install.log" make -C "$obj" install DESTDIR="$tmp" ||
	die "glibc install failed"
# Apps need only headers, static libraries and start files, laid out so
# that `gcc --sysroot` finds them instead of the host's.
mkdir -p "$tmp/sysroot/usr/lib"
mv "$tmp/usr/include" "$tmp/sysroot/usr/include"
cp "$tmp"/usr/lib64/*.a "$tmp"/usr/lib64/*.o "$tmp/sysroot/usr/lib/"
# libm.a is a linker script naming /usr/lib64/...: point it at the sysroot.
for f in "$tmp"/sysroot/usr/lib/*.a; do
	if file -b "$f" | grep -q text; then
		sed -i "s|/usr/lib64/|$sysroot/usr/lib/|g" "$f"
	fi
done
cat >"$tmp/sysroot/glibc.env" <<ENV
GLIBC_VERSION=$(state_get "$src" version)
FLAVOUR=$flavour
GLIBC_CFLAGS=$cflags $cppflags
GLIBC_PATCHES=$(state_get "$src" patches)
ENV
touch "$tmp/sysroot/.complete"
publish "$tmp/sysroot" "$sysroot"
# Keep the three newest sysroots of this flavour; older ones are stale.
find "$UKL_CACHE/glibc" -mindepth 1 -maxdepth 1 -name "$flavour-*" -printf '%T@ %p\n' |
	sort -rn | tail -n +4 | cut -d' ' -f2- | xargs -r rm -rf
echo "$sysroot"
