#!/usr/bin/env bash
# Export the commits of a prepared tree (base..HEAD) as the project's patch
# series: `git format-patch` files plus a `series` file.
#
#   export-patches.sh linux|glibc [--tree DIR]          rewrite patches/<line>/
#   export-patches.sh linux|glibc --check [--tree DIR]  fail unless a fresh
#                                                       export is byte-identical
. "$(dirname "$0")/lib.sh"

name=${1:-}
shift || true
check=0
tree=
while [ $# -gt 0 ]; do
	case "$1" in
	--check) check=1 ;;
	--tree) tree=$2; shift ;;
	*) die "unknown option '$1'" ;;
	esac
	shift
done
dir=$(series_dir "$name")
tree=${tree:-$UKL_BUILD/src/$name}
[ -f "$tree/.git/ukl-state" ] || die "$tree is not a prepared tree; run 'make prepare' first"
base=$(state_get "$tree" base)

if [ "$check" = 0 ] && [ -n "$(ukl_git -C "$tree" status --porcelain --untracked-files=no)" ]; then
	warn "$tree has uncommitted changes; only commits are exported"
fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Options chosen so that the output depends only on the commits.
ukl_git -C "$tree" format-patch -q --no-signature --zero-commit --no-thread \
	--no-cover-letter --no-numbered -o "$out" "$base..HEAD"
(cd "$out" && ls -1 -- *.patch 2>/dev/null) >"$out/series" || true

if [ "$check" = 1 ]; then
	mkdir -p "$out/current"
	[ -f "$dir/series" ] && cp "$dir/series" "$out/current/"
	while read -r p; do cp "$p" "$out/current/"; done < <(series_patches "$name")
	mkdir -p "$out/fresh"
	mv "$out"/*.patch "$out/series" "$out/fresh/" 2>/dev/null || true
	[ -f "$out/fresh/series" ] || : >"$out/fresh/series"
	[ -f "$out/current/series" ] || : >"$out/current/series"
	if ! diff -r "$out/current" "$out/fresh" >"$out/diff" 2>&1; then
		head -n 20 "$out/diff" >&2
		die "re-exporting $name from $tree differs from $dir/"
	fi
	step CHECK "$name series re-exports byte-identically ($(wc -l <"$out/fresh/series") patches)"
	exit 0
fi

# Replace the series in one step: drop stale patch files, then copy.
mkdir -p "$dir"
while read -r p; do rm -f "$p"; done < <(series_patches "$name")
cp "$out"/*.patch "$dir/" 2>/dev/null || true
mv "$out/series" "$dir/series"
state_set "$tree" "$base" "$(state_get "$tree" version)" "$(state_get "$tree" pin)" \
	"$(patches_hash "$name")" "$(ukl_git -C "$tree" rev-parse HEAD)"
step EXPORT "$(wc -l <"$dir/series") patch(es) -> $dir"
