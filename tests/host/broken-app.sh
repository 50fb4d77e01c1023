#!/usr/bin/env bash
# An app that does not compile fails with a clear error and publishes nothing.
. "$(dirname "$0")/../../scripts/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/broken-app"
printf 'int main(void) { return missing_symbol; }\n' >"$tmp/broken-app/main.c"
rc=0
out=$("$UKL_TOP/scripts/build-ukl.sh" "$tmp/broken-app" stock 2>&1 >/dev/null) || rc=$?
echo "$out" | tail -n 3 | sed 's/^/# /'
[ "$rc" != 0 ] || { echo "# a broken app built"; exit 1; }
grep -q "error: compiling app 'broken-app' failed" <<<"$out" || { echo "# unclear error"; exit 1; }
! compgen -G "$UKL_BUILD/out/stock/$(app_id "$tmp/broken-app")*" >/dev/null ||
	{ echo "# outputs were published"; exit 1; }
