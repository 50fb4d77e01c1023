#!/usr/bin/env bash
# A corrupted cached tarball is detected and fetched again (offline: apt-get is a stand-in that serves a good copy).
. "$(dirname "$0")/../../scripts/lib.sh"

# The real cache provides a verified tarball and the source index (the
# network only if they are not there yet); the test works on copies.
read -r good _ < <("$UKL_TOP/scripts/fetch-source.sh" glibc 2>/dev/null) ||
	{ echo "# fetching glibc into the cache failed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/cache/src" "$tmp/bin"
cp -a "$UKL_CACHE/apt" "$tmp/cache/apt"
cp "$good" "$tmp/cache/src/"
tarball=$tmp/cache/src/$(basename "$good")
printf 'corrupt' | dd of="$tarball" bs=1 seek=4096 conv=notrunc status=none

# apt-get: "update" does nothing; "source --download-only pkg=ver" puts the
# good tarball, under the archive's name, in the current directory.
cat >"$tmp/bin/apt-get" <<EOF
#!/bin/sh
echo "\$*" >>"$tmp/apt-get.log"
case "\$*" in
*" source "*)
	orig=\$(apt-cache -o Dir::State::Lists="$tmp/cache/apt/lists" -o Dir::Etc::sourcelist="$tmp/cache/apt/sources.list" -o Dir::Etc::sourceparts=- showsrc glibc |
		sed -n 's/^ [0-9a-f]\{64\} [0-9]* \(glibc_$(pin glibc version)\.orig\.tar\.[a-z0-9]*\)\$/\1/p' | head -n 1)
	cp "$good" "./\$orig" ;;
esac
EOF
chmod +x "$tmp/bin/apt-get"
out=$(PATH="$tmp/bin:$PATH" UKL_CACHE=$tmp/cache "$UKL_TOP/scripts/fetch-source.sh" glibc 2>&1 >/dev/null) ||
	{ echo "$out" | sed 's/^/# /'; echo "# the refetch failed"; exit 1; }
echo "$out" | sed 's/^/# /'
grep -q "is corrupt" <<<"$out" || { echo "# corruption was not reported"; exit 1; }
grep -q " source " "$tmp/apt-get.log" || { echo "# the tarball was not fetched again"; exit 1; }
[ "$(sha256_of "$tarball")" = "$(pin glibc sha256)" ] || { echo "# the tarball is still bad"; exit 1; }
