#!/usr/bin/env bash
# A listed release that the archive does not serve (404) is tried once per source index, then skipped; a failure that may pass is tried again (offline: apt-get is a stand-in).
# Network: only to fill the real cache (the source index at most once a day, the glibc tarball once).
. "$(dirname "$0")/../../scripts/lib.sh"

# The real cache provides the source index (the network only if it is not
# there yet); the test works on a copy, with an empty tarball cache.
"$UKL_TOP/scripts/fetch-source.sh" glibc >/dev/null 2>&1 || { echo "# fetching glibc into the cache failed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/cache/src" "$tmp/bin"
cp -a "$UKL_CACHE/apt" "$tmp/cache/apt"
rm -f "$tmp/cache/apt/undownloadable"

# apt-get: "update" does nothing; "source" fails as $FAIL says.
cat >"$tmp/bin/apt-get" <<EOF
#!/bin/sh
echo "\$*" >>"$tmp/apt-get.log"
case "\$*" in
*" source "*)
	case "\$FAIL" in
	404) echo "E: Failed to fetch http://archive.invalid/x.dsc  404  Not Found" ;;
	*) echo "E: Failed to fetch http://archive.invalid/x.dsc  Temporary failure resolving 'archive.invalid'" ;;
	esac
	exit 100 ;;
esac
EOF
chmod +x "$tmp/bin/apt-get"
fetch() { # <failure kind>: prints the number of downloads tried
	: >"$tmp/apt-get.log"
	if FAIL=$1 PATH="$tmp/bin:$PATH" UKL_CACHE=$tmp/cache "$UKL_TOP/scripts/fetch-source.sh" glibc --newest \
		>/dev/null 2>"$tmp/out"; then
		echo "# fetch-source succeeded with nothing to download" >&2
	fi
	grep -c " source " "$tmp/apt-get.log" || true
}
fail=0
first=$(fetch 404)
second=$(fetch 404)
echo "# 404: $first downloads tried, then $second with the same index"
[ "$first" -gt 0 ] && [ "$second" = 0 ] || fail=1
grep -q "tried before" "$tmp/out" || { echo "# the skip is not reported"; fail=1; }
rm -f "$tmp/cache/apt/undownloadable"
first=$(fetch other)
second=$(fetch other)
echo "# a failure that may pass: $first downloads tried, then $second"
[ "$first" -gt 0 ] && [ "$second" = "$first" ] || fail=1
exit "$fail"
