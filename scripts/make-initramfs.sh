#!/usr/bin/env bash
# Write an initramfs (newc cpio) whose /init is the given program.
#
#   make-initramfs.sh <gen_init_cpio> <out.cpio> <init-program> [extra spec lines...]
#
# Extra lines use gen_init_cpio's spec syntax (e.g. "dir /proc 0755 0 0").
. "$(dirname "$0")/lib.sh"

gen=${1:-}
out=${2:-}
init=${3:-}
[ -x "$gen" ] && [ -n "$out" ] && [ -f "$init" ] ||
	die "usage: make-initramfs.sh <gen_init_cpio> <out.cpio> <init-program> [spec...]"
shift 3
spec=$(mktemp)
trap 'rm -f "$spec"' EXIT
{
	echo "file /init $init 0755 0 0"
	for line in "$@"; do echo "$line"; done
} >"$spec"
# A fixed timestamp keeps the archive reproducible.
"$gen" -t 0 "$spec" >"$out.tmp" || die "gen_init_cpio failed"
mv "$out.tmp" "$out"
