#!/usr/bin/env bash
# A patch that does not apply stops `prepare`, naming it; the tree is left clean.
. "$(dirname "$0")/../../scripts/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/series"
cp "$(series_dir glibc)"/* "$tmp/series/"
cat >"$tmp/series/9999-does-not-apply.patch" <<'PATCH'
From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001
From: ukl project <ukl@example.org>
Date: Sat, 1 Jan 2000 00:00:00 +0000
Subject: [PATCH] test: Change a line that is not there

---
 Makeconfig | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/Makeconfig b/Makeconfig
--- a/Makeconfig
+++ b/Makeconfig
@@ -1,3 +1,3 @@
-this line is not in Makeconfig
+nor is this one
 # and neither is the context
 # of this hunk
PATCH
echo 9999-does-not-apply.patch >>"$tmp/series/series"

rc=0
out=$(UKL_GLIBC_PATCHES_DIR="$tmp/series" "$UKL_TOP/scripts/prepare-tree.sh" glibc \
	--tree "$tmp/tree" 2>&1 >/dev/null) || rc=$?
echo "$out" | sed 's/^/# /'
[ "$rc" != 0 ] || { echo "# prepare accepted a patch that does not apply"; exit 1; }
grep -q "error: patch 9999-does-not-apply.patch does not apply" <<<"$out" ||
	{ echo "# the error does not name the patch"; exit 1; }
[ "$(grep -c 'error:' <<<"$out")" = 1 ] || { echo "# expected one error line"; exit 1; }
[ "$(git -C "$tmp/tree" rev-parse HEAD)" = "$(git -C "$tmp/tree" rev-parse base)" ] &&
	[ -z "$(git -C "$tmp/tree" status --porcelain --untracked-files=no)" ] ||
	{ echo "# the tree was not reset to the clean base"; exit 1; }
