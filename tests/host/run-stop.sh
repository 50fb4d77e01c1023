#!/usr/bin/env bash
# make run of a server stops on SIGTERM and on Ctrl-C: the machine ends, no QEMU or temporary file is left, the exit is non-zero.
. "$(dirname "$0")/../../scripts/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
app=$UKL_TOP/tests/apps/sleeper
fail=0
for variant in stock ukl; do
	# Built first, so that the signal meets the boot, not the build.
	"$UKL_TOP/scripts/build-ukl.sh" "$app" "$variant" >/dev/null 2>&1 ||
		{ echo "# building sleeper for $variant failed"; exit 1; }
	kernel=$(record_get "$UKL_BUILD/out/$variant/$(app_id "$app")/boot.env" KERNEL)
	for how in TERM INT; do
		mkdir "$tmp/$variant-$how"
		# Ctrl-C signals the terminal's whole process group; SIGTERM goes to make alone.
		TMPDIR=$tmp/$variant-$how setsid make -s -C "$UKL_TOP" run APP="$app" VARIANT="$variant" \
			TIMEOUT=0 >"$tmp/$variant-$how.out" 2>&1 </dev/null &
		make_pid=$!
		for _ in $(seq 300); do
			grep -q '^sleeper: waiting forever' "$tmp/$variant-$how.out" && break
			sleep 0.2
		done
		grep -q '^sleeper: waiting forever' "$tmp/$variant-$how.out" ||
			{ echo "# ($variant) the sleeper did not start"; fail=1; }
		if [ "$how" = INT ]; then kill -INT -- "-$make_pid"; else kill -TERM "$make_pid"; fi
		rc=0
		timeout 30 tail --pid="$make_pid" -f /dev/null || { echo "# ($variant, SIG$how) make run did not stop"; fail=1; }
		wait "$make_pid" || rc=$?
		echo "# $variant, SIG$how: make run exited with $rc"
		[ "$rc" != 0 ] || { echo "# ($variant, SIG$how) the exit status was 0"; fail=1; }
		sleep 1
		! pgrep -f -- "-kernel $kernel" >/dev/null ||
			{ echo "# ($variant, SIG$how) a QEMU was left running"; pkill -f -- "-kernel $kernel"; fail=1; }
		[ -z "$(ls -A "$tmp/$variant-$how")" ] ||
			{ echo "# ($variant, SIG$how) temporary files were left: $(ls "$tmp/$variant-$how")"; fail=1; }
	done
done
exit "$fail"
