#!/usr/bin/env bash
# Unpack a pinned upstream tarball into a git tree (one reproducible base
# commit, base/<version>: scripts/import-base.sh) and apply the project's
# patch series with `git am`, without fuzz. The tree's repository keeps the
# bases of earlier releases, so that make rebase can merge between them.
#
#   prepare-tree.sh linux|glibc [--newest] [--tree DIR]
#
# The tree is kept as the place where the series is developed: commit on
# top of it and run `make patches-export`. A tree holding commits or edits
# that were not exported is never reset.
. "$(dirname "$0")/lib.sh"

name=${1:-}
shift || true
fetch_mode=pinned
tree=
while [ $# -gt 0 ]; do
	case "$1" in
	--newest) fetch_mode=--newest ;;
	--tree) tree=$2; shift ;;
	*) die "unknown option '$1'" ;;
	esac
	shift
done
series_dir "$name" >/dev/null
tree=${tree:-$UKL_BUILD/src/$name}
lock_or_wait "$tree.lock"

want_patches=$(patches_hash "$name")
# What pins.txt asks for; with --newest, whatever is newest in the archive.
want_pin="$(pin "$name" version) $(pin "$name" sha256)"
[ "$fetch_mode" = pinned ] || want_pin=newest

# --- decide what to do with an existing tree ------------------------------
# An up-to-date tree needs no fetch at all (and no hashing of the tarball).
if [ -d "$tree/.git" ] && [ -f "$tree/.git/ukl-state" ]; then
	head=$(ukl_git -C "$tree" rev-parse HEAD)
	same_source=0
	[ "$want_pin" = newest ] || [ "$(state_get "$tree" pin)" != "$want_pin" ] || same_source=1
	if [ "$head" != "$(state_get "$tree" head)" ] ||
		[ -n "$(ukl_git -C "$tree" status --porcelain --untracked-files=no)" ]; then
		if [ "$same_source" = 1 ] && [ "$(state_get "$tree" patches)" = "$want_patches" ]; then
			# The developer is working in the tree: leave it alone.
			verbose && step PREPARE "$name tree has local work in progress; left as is"
			exit 0
		fi
		die "$tree has commits or changes that are not in $(series_dir "$name")/;" \
			"export them with 'make patches-export' or move them away before preparing again"
	fi
	if [ "$same_source" = 1 ] && [ "$(state_get "$tree" patches)" = "$want_patches" ]; then
		exit 0 # up to date
	fi
fi
read -r tarball version < <("$UKL_TOP/scripts/fetch-source.sh" "$name" "$fetch_mode") ||
	die "could not fetch $name"
[ -d "$tree/.git" ] && [ -f "$tree/.git/ukl-state" ] || [ ! -e "$tree" ] ||
	die "$tree exists but is not a prepared tree; remove it first"

# --- the base: imported once per release, then checked out ---------------------
if [ ! -d "$tree/.git" ]; then
	# Built aside and moved in whole: an interrupted unpack leaves no tree.
	rm -rf "$tree.tmp"
	base=$("$UKL_TOP/scripts/import-base.sh" "$tree.tmp" "$tarball" "$name" "$version") || exit 1
	ukl_git -C "$tree.tmp" checkout -q -f -B ukl "$base"
	mv "$tree.tmp" "$tree"
else
	[ "$(state_get "$tree" version)" = "$version" ] ||
		step PREPARE "$name tree is for $(state_get "$tree" version); checking out $version"
	base=$("$UKL_TOP/scripts/import-base.sh" "$tree" "$tarball" "$name" "$version") || exit 1
fi
# "base": the current release's base, for tools that walk the series (base..ukl).
ukl_git -C "$tree" branch -q -f base "$base"

# --- apply the series ---------------------------------------------------------
ukl_git -C "$tree" checkout -q -f -B ukl "$base"
state_set "$tree" "$base" "$version" "$want_pin" none "$base"
n=0
while read -r patch; do
	[ -n "$patch" ] || continue
	if ! ukl_git -C "$tree" am -q --committer-date-is-author-date "$patch" \
		>"$tree/.git/ukl-am.log" 2>&1; then
		ukl_git -C "$tree" am --abort >/dev/null 2>&1 || true
		ukl_git -C "$tree" checkout -q -f -B ukl "$base"
		verbose && cat "$tree/.git/ukl-am.log" >&2
		die "patch $(basename "$patch") does not apply to $name $version" \
			"(tree reset to upstream; git's report: $tree/.git/ukl-am.log)"
	fi
	n=$((n + 1))
done < <(series_patches "$name")
state_set "$tree" "$base" "$version" "$want_pin" "$want_patches" "$(ukl_git -C "$tree" rev-parse HEAD)"
step PREPARE "$name $version + $n patch(es) in $tree"
