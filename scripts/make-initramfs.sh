#!/usr/bin/env bash
# Write an initramfs (newc cpio) from gen_init_cpio spec lines, e.g.
# "file /init /path/to/program 0755 0 0" or "dir /bin 0755 0 0".
#
#   make-initramfs.sh <gen_init_cpio> <out.cpio> <spec line>...
. "$(dirname "$0")/lib.sh"

gen=${1:-}
out=${2:-}
[ -x "$gen" ] && [ -n "$out" ] && [ $# -gt 2 ] ||
	die "usage: make-initramfs.sh <gen_init_cpio> <out.cpio> <spec line>..."
shift 2
spec=$(mktemp)
trap 'rm -f "$spec"' EXIT
# Each directory once, however many files name it.
printf '%s\n' "$@" | awk '!($1 == "dir" && seen[$2]++)' >"$spec"
# A fixed timestamp keeps the archive reproducible.
"$gen" -t 0 "$spec" >"$out.tmp" || die "gen_init_cpio failed"
mv "$out.tmp" "$out"
