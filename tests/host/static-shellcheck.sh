#!/usr/bin/env bash
# Every shell script parses, is executable, and shellcheck finds no warning in it.
. "$(dirname "$0")/../../scripts/lib.sh"

command -v shellcheck >/dev/null ||
	{ echo "# shellcheck is not installed (scripts/check-host.sh installs it)"; exit 1; }
mapfile -t scripts < <(cd "$UKL_TOP" && git ls-files '*.sh' .ci/run 'tests/cases/*/client')
fail=0
for s in "${scripts[@]}"; do
	bash -n "$UKL_TOP/$s" || { echo "# syntax error: $s"; fail=1; }
	[ "$(cd "$UKL_TOP" && git ls-files -s -- "$s" | cut -c1-6)" = 100755 ] ||
		{ echo "# not executable in git: $s"; fail=1; }
done
(cd "$UKL_TOP" && shellcheck -x -S warning "${scripts[@]}") | sed 's/^/# /'
[ "${PIPESTATUS[0]}" = 0 ] || fail=1
echo "# ${#scripts[@]} scripts"
exit "$fail"
