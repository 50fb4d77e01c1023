#!/usr/bin/env bash
# make rebase's replay (scripts/import-base.sh, scripts/rebase-series.sh) on
# a small synthetic tree: a clean replay with a 3-way merge, a conflict that
# stops with the patch's name and files, a resumed replay, and an abort.
. "$(dirname "$0")/../../scripts/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # what, command...: one result line
	local what=$1
	shift
	if "$@"; then echo "# ok: $what"; else echo "# FAILED: $what"; fail=1; fi
}

# Release <v> of "pkg": a.txt and b.txt of 30 numbered lines, with <edits>
# (sed scripts) applied, as pkg-<v>.tar.gz.
release() { # version sed-for-a sed-for-b
	mkdir -p "$tmp/pkg-$1"
	seq 1 30 | sed "s/^/a/; $2" >"$tmp/pkg-$1/a.txt"
	seq 1 30 | sed "s/^/b/; $3" >"$tmp/pkg-$1/b.txt"
	tar -czf "$tmp/pkg-$1.tar.gz" -C "$tmp" "pkg-$1"
}
release 1 "" ""
release 2 "1i new first line" ""                # moves patch 2's lines: clean
release 3 "" "s/^b12$/b12 upstream/"            # next to patch 1's line: 3-way merge
release 4 "s/^a20$/a20 upstream/" ""            # patch 2's own line: conflict

t=$tmp/tree
imp() { "$UKL_TOP/scripts/import-base.sh" "$t" "$tmp/pkg-$1.tar.gz" pkg "$1" 2>/dev/null; }
b1=$(imp 1)
check "importing the same tarball again gives the same commit" [ "$(imp 1)" = "$b1" ]
for v in 2 3 4; do imp "$v" >/dev/null; done
g() { ukl_git -C "$t" "$@"; }
g checkout -q -f -B ukl base/1
sed -i 's/^b15$/b15 patched/' "$t/b.txt" && g commit -qam "pkg: Patch b"
sed -i 's/^a20$/a20 patched/' "$t/a.txt" && g commit -qam "pkg: Patch a"
rebase() { "$UKL_TOP/scripts/rebase-series.sh" "$t" "$@" >"$tmp/out" 2>&1; }

check "a replay onto release 2 succeeds" rebase 1 2
check "... and calls both patches clean" grep -q '2 patch(es): 2 clean, 0 3-way merged, 0 conflicted' "$tmp/out"
check "... with the patches on base/2" g merge-base --is-ancestor base/2 HEAD

check "a replay onto release 3 succeeds" rebase 2 3
check "... and calls patch 1 3-way merged" grep -qE '0001  3-way merged +pkg: Patch b' "$tmp/out"
both() { grep -qx "$1" "$3" && grep -qx "$2" "$3"; }
check "... with upstream's line and the patch's both in b.txt" both 'b12 upstream' 'b15 patched' "$t/b.txt"

before=$(g rev-parse HEAD)
if rebase 3 4; then check "a conflicting replay stops" false; else check "a conflicting replay stops" true; fi
check "... naming the patch and the file" grep -q 'patch 0002 "pkg: Patch a" conflicts on 4: a.txt' "$tmp/out"
check "... leaving the conflict to resolve" grep -q '^<<<<<<<' "$t/a.txt"
if rebase --continue; then check "--continue refuses unresolved files" false; else
	check "--continue refuses unresolved files" grep -q 'unresolved files' "$tmp/out"; fi
check "--abort goes back to the series as it was" rebase --abort
check "... at the same commit" [ "$(g rev-parse HEAD)" = "$before" ]
check "... with a clean tree" [ -z "$(g status --porcelain --untracked-files=no)" ]

rebase 3 4 || true
sed -i '/^<<<<<<<\|^=======\|^>>>>>>>\|^a20 upstream$/d' "$t/a.txt"
g add a.txt
check "--continue after resolving finishes the replay" rebase --continue
check "... and calls patch 2 conflicted" grep -qE '0002  conflicted +pkg: Patch a' "$tmp/out"
check "... with the resolution in the tree" grep -qx 'a20 patched' "$t/a.txt"
check "... and no replay left in progress" [ ! -e "$t/.git/ukl-rebase" ]
exit "$fail"
