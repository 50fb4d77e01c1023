#!/usr/bin/env bash
# `make check`: quick static checks (well under a minute): shell syntax,
# the shellcheck linter when installed, checkpatch --strict on the kernel series when
# the prepared tree is there, and `make help` matching the README.
. "$(dirname "$0")/../scripts/lib.sh"

fail=0
mapfile -t scripts < <(cd "$UKL_TOP" && git ls-files '*.sh' .ci/run)
for s in "${scripts[@]}"; do
	bash -n "$UKL_TOP/$s" || { echo "syntax error: $s"; fail=1; }
done
if command -v shellcheck >/dev/null; then
	(cd "$UKL_TOP" && shellcheck -x -S warning "${scripts[@]}") || fail=1
else
	echo "note: shellcheck is not installed; skipped"
fi

checkpatch=$UKL_BUILD/src/linux/scripts/checkpatch.pl
mapfile -t kpatches < <(series_patches linux)
if [ "${#kpatches[@]}" -gt 0 ]; then
	if [ -x "$checkpatch" ]; then
		for p in "${kpatches[@]}"; do
			"$checkpatch" --strict --quiet --no-tree --show-types "$p" ||
				{ echo "checkpatch: $(basename "$p")"; fail=1; }
		done
	else
		echo "note: no prepared kernel tree; checkpatch skipped (run 'make prepare')"
	fi
fi

if ! diff <(make -s -C "$UKL_TOP" help) \
	<(sed -n '/^<!-- make-help-start -->/,/^<!-- make-help-end -->/p' "$UKL_TOP/README.md" | sed '1d;$d') >/dev/null; then
	echo "make help does not match README.md"
	fail=1
fi
[ "$fail" = 0 ] && echo "static checks passed"
exit "$fail"
