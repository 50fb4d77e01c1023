#!/usr/bin/env bash
# `make conformance APP=<app>`: an app's own test suite, in full, against
# the app booted on stock, ukl and bypass, side by side. The suite is the
# client of the case tests/cases/<app>-suite, run with UKL_CONFORMANCE=1:
# it prints "<unit>: N ok, N err" lines. The goal: ukl and bypass pass
# exactly what stock passes. Prints KTAP (one result per variant, ok when
# its counts equal stock's) and a Markdown table, also written to
# build/tests/conformance-<app>.md.
#
# VARIANTS="bypass" (make conformance) runs those variants only and
# compares them with the other variants' counts from the last run in this
# build directory, which the output names as reused.
. "$(dirname "$0")/../scripts/lib.sh"

app=${1:-}
[ -n "$app" ] || die "usage: conformance.sh <app> (make conformance APP=redis)"
case=$app-suite
[ -f "$UKL_TOP/tests/cases/$case/client" ] ||
	die "no conformance suite for '$app': tests/cases/$case/client does not exist"
variants=(stock ukl bypass)
read -r -a run <<<"${VARIANTS:-${variants[*]}}"
for v in "${run[@]}"; do variant_flavour "$v" >/dev/null; done
logdir=$UKL_BUILD/tests
table=$logdir/conformance-$app.md
mkdir -p "$logdir"

echo "KTAP version 1"
echo "1..${#variants[@]}"
for v in "${variants[@]}"; do
	if [[ " ${run[*]} " != *" $v "* ]]; then
		[ -s "$logdir/conformance-$v.counts" ] || die "no counts of an earlier run on $v to compare with"
		echo "# $v: reused from the run of $(date -r "$logdir/conformance-$v.counts" '+%F %T')"
		continue
	fi
	start=$SECONDS
	UKL_CONFORMANCE=1 UKL_CASE_TIMEOUT=${UKL_CASE_TIMEOUT:-7200} \
		"$UKL_TOP/tests/boot-case.sh" "$case" "$v" >"$logdir/conformance-$v.out" 2>&1 || true
	grep -E '^[a-z0-9/_-]+: [0-9]+ ok, [0-9]+ err$' "$logdir/$v-$case.log.client" \
		>"$logdir/conformance-$v.counts" 2>/dev/null || true
	echo "# $v: $(awk '{ ok += $2; err += $4 } END { printf "%d ok, %d err", ok, err }' \
		"$logdir/conformance-$v.counts") in $((SECONDS - start))s"
done
n=0 failed=0
for v in "${variants[@]}"; do
	n=$((n + 1))
	if [ -s "$logdir/conformance-$v.counts" ] &&
		cmp -s "$logdir/conformance-stock.counts" "$logdir/conformance-$v.counts"; then
		echo "ok $n - $app suite on $v passes what stock passes"
	else
		failed=$((failed + 1))
		echo "not ok $n - $app suite on $v passes what stock passes"
		{ diff "$logdir/conformance-stock.counts" "$logdir/conformance-$v.counts" || true; } |
			sed 's/^/# /' | head -n 20 || true
	fi
done

# The table: one row per unit, "ok/err" per variant.
{
	echo "| unit | stock | ukl | bypass |"
	echo "|---|---|---|---|"
	awk '{ u = $1; sub(/:$/, "", u); if (!(u in seen)) { seen[u] = 1; order[++n] = u }
	       cell[FILENAME, u] = $2 " ok, " $4 " err" }
	     END { for (i = 1; i <= n; i++) { u = order[i]; printf "| %s", u
	           for (f = 1; f < ARGC; f++) printf " | %s", ((ARGV[f], u) in cell) ? cell[ARGV[f], u] : "-"
	           print " |" } }' \
		"$logdir/conformance-stock.counts" "$logdir/conformance-ukl.counts" "$logdir/conformance-bypass.counts"
} >"$table"
sed 's/^/# /' "$table"
echo "# table: $table"
echo "$((${#variants[@]} - failed)) passed, $failed failed"
[ "$failed" = 0 ]
