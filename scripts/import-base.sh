#!/usr/bin/env bash
# Import an upstream tarball into a prepared tree's repository as a base
# commit, once: ref base/<version>, a commit without parent whose tree is
# the tarball's contents, with fixed dates, so the same tarball always gives
# the same commit. Every series is a branch on one of these bases, and as
# the repository holds the blobs of every base, `git rebase` between them
# makes real 3-way merges (make rebase). The work tree is not touched.
#
#   import-base.sh <tree> <tarball> <name> <version>   prints the commit
. "$(dirname "$0")/lib.sh"

tree=${1:-} tarball=${2:-} name=${3:-} version=${4:-}
[ -n "$version" ] || die "usage: import-base.sh <tree> <tarball> <name> <version>"
[ -f "$tarball" ] || die "no tarball $tarball"
ref=refs/tags/base/$version

if [ ! -d "$tree/.git" ]; then
	mkdir -p "$tree"
	ukl_git -C "$tree" init -q -b ukl
	ukl_git -C "$tree" config gc.auto 0
fi
if commit=$(ukl_git -C "$tree" rev-parse -q --verify "$ref^{commit}"); then
	echo "$commit"
	exit 0
fi

step IMPORT "$(basename "$tarball") -> $ref"
tmp=$(mktemp -d "$tree/.git/ukl-import.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/src"
tar -xf "$tarball" -C "$tmp/src" --strip-components=1 || die "cannot unpack $tarball"
export GIT_INDEX_FILE=$tmp/index
ukl_git --git-dir="$tree/.git" --work-tree="$tmp/src" add -A || die "git add of $tarball failed"
tree_id=$(ukl_git --git-dir="$tree/.git" write-tree) || die "git write-tree failed"
commit=$(GIT_AUTHOR_DATE="2000-01-01T00:00:00+0000" GIT_COMMITTER_DATE="2000-01-01T00:00:00+0000" \
	ukl_git --git-dir="$tree/.git" commit-tree "$tree_id" -m "$name $version (upstream tarball)" \
	-m "sha256 $(sha256_of "$tarball") of $(basename "$tarball")") || die "git commit-tree failed"
ukl_git -C "$tree" update-ref "$ref" "$commit"
echo "$commit"
