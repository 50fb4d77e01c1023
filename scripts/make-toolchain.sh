#!/usr/bin/env bash
# Write a compiler wrapper that builds static programs against the
# pipeline's glibc and kernel headers only, and print its path.
#
#   make-toolchain.sh <stock|ukl>
#
# Debian's gcc finds its own libc start files and libraries by paths that
# --sysroot does not redirect, so a plain --sysroot link can silently pull
# in the host's glibc. A specs file (as musl-gcc does) replaces the include
# path, start files and library path completely.
. "$(dirname "$0")/lib.sh"

variant=${1:-}
case "$variant" in
stock | ukl) ;;
*) die "usage: make-toolchain.sh stock|ukl" ;;
esac

sysroot=$("$UKL_TOP/scripts/build-glibc.sh" "$variant")
headers=$("$UKL_TOP/scripts/install-kernel-headers.sh")
dir=$UKL_BUILD/toolchain/$variant
mkdir -p "$dir"
inc="-nostdinc -isystem $sysroot/usr/include -isystem $headers/include -isystem include%s"
lib=$sysroot/usr/lib
cat >"$dir/gcc.specs.tmp" <<SPECS
%rename cpp_options old_cpp_options

*cpp_options:
$inc %(old_cpp_options)

*cc1:
%(cc1_cpu) $inc

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
mv "$dir/gcc.specs.tmp" "$dir/gcc.specs"
cat >"$dir/cc.tmp" <<WRAP
#!/bin/sh
# Static non-PIE programs against glibc in $sysroot ($variant).
exec gcc -specs=$dir/gcc.specs -static -no-pie -fno-pie "\$@"
WRAP
chmod +x "$dir/cc.tmp"
mv "$dir/cc.tmp" "$dir/cc"
echo "$dir/cc"
