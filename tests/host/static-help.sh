#!/usr/bin/env bash
# The README's make help block is what make help prints (from the Makefile's ## comments).
. "$(dirname "$0")/../../scripts/lib.sh"

readme=$(sed -n '/^<!-- make-help-start -->/,/^<!-- make-help-end -->/p' "$UKL_TOP/README.md" | sed '1d;$d')
[ -n "$readme" ] || { echo "# README.md has no make-help block"; exit 1; }
if ! diff <(make -s -C "$UKL_TOP" help) <(printf '%s\n' "$readme") | sed 's/^/# /'; then
	echo "# README.md differs from make help (left); paste make help's output into it"
	exit 1
fi
