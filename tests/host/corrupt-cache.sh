#!/usr/bin/env bash
# A corrupted cached tarball is detected and fetched again.
. "$(dirname "$0")/../../scripts/lib.sh"

cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT
read -r tarball _ < <(UKL_CACHE=$cache "$UKL_TOP/scripts/fetch-source.sh" glibc 2>/dev/null)
[ -f "$tarball" ] || { echo "# first fetch failed"; exit 1; }
printf 'corrupt' | dd of="$tarball" bs=1 seek=4096 conv=notrunc status=none
out=$(UKL_CACHE=$cache "$UKL_TOP/scripts/fetch-source.sh" glibc 2>&1 >/dev/null) ||
	{ echo "# refetch failed: $out"; exit 1; }
echo "$out" | sed 's/^/# /'
grep -q "is corrupt" <<<"$out" || { echo "# corruption was not reported"; exit 1; }
[ "$(sha256_of "$tarball")" = "$(pin GLIBC_SHA256)" ] || { echo "# tarball still bad"; exit 1; }
