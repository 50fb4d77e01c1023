#!/usr/bin/env bash
# Build the kernel at every prefix of the series (base + 1, base + 2, ...)
# with all of the UKL options on (the bypass variant's config), so that the
# series bisects. Slow: one incremental kernel build per patch, sped up by
# ccache.
#
#   check-series.sh [app] [first]   (default: hello, linked into each
#                                   build; start at patch "first")
. "$(dirname "$0")/lib.sh"

app=${1:-hello}
first=${2:-1}
src=$UKL_BUILD/src/linux
"$UKL_TOP/scripts/prepare-tree.sh" linux
env_file=$("$UKL_TOP/scripts/build-ukl.sh" "$app" bypass) || die "building $app for bypass failed"
program=$(record_get "$env_file" PROGRAM)

wt=$UKL_BUILD/series-check/tree
obj=$UKL_BUILD/series-check/obj
lock_or_wait "$UKL_BUILD/series-check.lock"
mkdir -p "$obj"
if [ ! -d "$wt" ]; then
	git -C "$src" worktree add -q --detach "$wt" base
fi
objcopy --strip-debug "$program" "$obj/ukl-app.elf"
ukl_ccache_env
mapfile -t commits < <(git -C "$src" rev-list --reverse base..ukl)
n=0
for c in "${commits[@]}"; do
	n=$((n + 1))
	[ "$n" -ge "$first" ] || continue
	git -C "$wt" checkout -q --detach "$c"
	subject=$(git -C "$wt" log -1 --format=%s)
	# Afresh each time: olddefconfig drops the options a prefix lacks.
	cp "$(record_get "$env_file" CONFIG)" "$obj/.config"
	run_logged "$obj/olddefconfig.log" make -C "$wt" O="$obj" olddefconfig ||
		die "patch $n ($subject): olddefconfig failed"
	# Going back to a prefix can meet a ccache quirk: a cached result whose
	# dependency file names a header this prefix does not have yet (fixdep:
	# "error opening file"). One retry that recompiles settles it.
	if ! run_with_progress "prefix $n/${#commits[@]}: $subject" "$obj/build-$n.log" \
		make -C "$wt" O="$obj" -j"$UKL_JOBS" CC="ccache gcc" bzImage; then
		grep -q '^fixdep: error opening file' "$obj/build-$n.log" ||
			die "the series does not build at patch $n: $subject (log: $obj/build-$n.log)"
		CCACHE_RECACHE=1 run_with_progress "prefix $n/${#commits[@]} (recompiling)" \
			"$obj/build-$n.log" make -C "$wt" O="$obj" -j"$UKL_JOBS" CC="ccache gcc" bzImage ||
			die "the series does not build at patch $n: $subject"
	fi
	if grep -qE 'warning:' "$obj/build-$n.log"; then
		grep -E 'warning:' "$obj/build-$n.log" | head -n 5 >&2
		die "patch $n ($subject) builds with warnings"
	fi
done
step OK "all ${#commits[@]} prefixes of the series build without warnings"
