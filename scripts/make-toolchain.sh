#!/usr/bin/env bash
# Write compiler wrappers that build static programs against the
# pipeline's glibc and kernel headers only, and print their directory: cc
# for C and c++ for C++ (with the host compiler's libstdc++), and the
# record toolchain.env (the sysroot's glibc.env, plus SYSROOT, HEADERS, CC
# and CXX).
#
#   make-toolchain.sh <stock|ukl>      (the glibc flavour)
#
# Debian's gcc finds its own libc start files and libraries by paths that
# --sysroot does not redirect, so a plain --sysroot link can silently pull
# in the host's glibc. A specs file (as musl-gcc does) replaces the include
# path, start files and library path completely.
. "$(dirname "$0")/lib.sh"

flavour=${1:-}
case "$flavour" in
stock | ukl) ;;
*) die "usage: make-toolchain.sh stock|ukl" ;;
esac

sysroot=$("$UKL_TOP/scripts/build-glibc.sh" "$flavour")
headers=$("$UKL_TOP/scripts/install-kernel-headers.sh")
ukl_ccache_env
dir=$UKL_BUILD/toolchain/$flavour
mkdir -p "$dir"
lib=$sysroot/usr/lib

# wrapper <name> <driver> <include dirs searched before glibc's>
wrapper() {
	local name=$1 driver=$2 first=$3 d inc=-nostdinc
	for d in $first; do inc="$inc -isystem $d"; done
	inc="$inc -isystem $sysroot/usr/include -isystem $headers/include -isystem include%s"
	cat >"$dir/$name.specs.tmp" <<SPECS
%rename cpp_options old_cpp_options

*cpp_options:
$inc %(old_cpp_options)

*cc1:
%(cc1_cpu) $inc

*cc1plus:
$inc

*link_libgcc:
-L$lib -L .%s

*libgcc:
libgcc.a%s libgcc_eh.a%s

*startfile:
$lib/crt1.o $lib/crti.o crtbeginT.o%s

*endfile:
crtend.o%s $lib/crtn.o

*link:
-nostdlib -m elf_x86_64 --build-id -static

SPECS
	mv "$dir/$name.specs.tmp" "$dir/$name.specs"
	cat >"$dir/$name.tmp" <<WRAP
#!/bin/sh
# Static non-PIE programs against glibc in $sysroot ($flavour),
# through the pipeline's compiler cache (which hashes the specs file too).
export CCACHE_DIR=$CCACHE_DIR CCACHE_BASEDIR=$CCACHE_BASEDIR CCACHE_NOHASHDIR=1
export CCACHE_EXTRAFILES=$dir/$name.specs
exec ccache $driver -specs=$dir/$name.specs -static -no-pie -fno-pie "\$@"
WRAP
	chmod +x "$dir/$name.tmp"
	mv "$dir/$name.tmp" "$dir/$name"
}

wrapper cc gcc ""
# libstdc++'s headers come first: they include_next glibc's.
wrapper c++ g++ "$(echo | g++ -x c++ -E -Wp,-v - 2>&1 | sed -n 's/^ \(\/.*c++.*\)$/\1/p')"
{
	cat "$sysroot/glibc.env"
	printf 'SYSROOT=%s\nHEADERS=%s\nCC=%s\nCXX=%s\n' "$sysroot" "$headers" "$dir/cc" "$dir/c++"
} >"$dir/toolchain.env.tmp"
mv "$dir/toolchain.env.tmp" "$dir/toolchain.env"
echo "$dir"
