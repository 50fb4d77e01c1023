#!/usr/bin/env bash
# An unknown APP gives one clear error line and a non-zero exit.
. "$(dirname "$0")/../../scripts/lib.sh"

rc=0
out=$(make -s -C "$UKL_TOP" build APP=no-such-app 2>&1) || rc=$?
echo "$out" | sed 's/^/# /'
[ "$rc" != 0 ] || { echo "# make build succeeded with an unknown app"; exit 1; }
grep -q "error: unknown APP 'no-such-app'" <<<"$out" || { echo "# unclear error"; exit 1; }
[ "$(grep -c 'error' <<<"$out")" = 1 ] || { echo "# expected one error line"; exit 1; }
