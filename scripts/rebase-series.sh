#!/usr/bin/env bash
# Replay a prepared tree's series (branch ukl, on base/<from>) onto
# base/<to> with git rebase: 3-way merges, never fuzz. Stops at the first
# conflict, naming the patch and the files, with the tree ready to resolve;
# --continue goes on after `git add`, --abort goes back. When the replay is
# done, prints a summary: each patch clean (the same diff), 3-way merged
# (its diff changed) or conflicted (resolved by hand). Pure git: fetching,
# importing the bases and exporting are make rebase's (scripts/rebase.sh).
#
#   rebase-series.sh <tree> <from> <to>
#   rebase-series.sh <tree> --continue | --abort
. "$(dirname "$0")/lib.sh"

tree=${1:-}
[ -d "$tree/.git" ] || die "usage: rebase-series.sh <tree> <from> <to> | --continue | --abort"
g() { ukl_git -C "$tree" "$@"; }
state=$tree/.git/ukl-rebase
rs_get() { sed -n "s/^$1=//p" "$state"; }

# Where the replay stopped: the patch and its conflicting files. Exits 1.
stopped() {
	local patch subject n files
	patch=$(g rev-parse -q --verify REBASE_HEAD) || die "git rebase failed in $tree (not a conflict): see git status"
	subject=$(g log -1 --format=%s "$patch")
	n=$(grep -n "^$patch" "$state.commits" | cut -d: -f1)
	echo "$patch" >>"$state.conflicts"
	files=$(g diff --name-only --diff-filter=U | tr '\n' ' ')
	warn "patch $(printf '%04d' "$n") \"$subject\" conflicts on $(rs_get to): $files"
	warn "resolve in $tree, 'git add' the files, then run the same command with --continue (or --abort)"
	exit 1
}

# Run git rebase non-interactively; a stop is a conflict.
replay() {
	GIT_EDITOR=true g rebase "$@" >"$state.log" 2>&1 || stopped
}

summary() {
	local from to old new subject kind n=0 clean=0 merged=0 conflicted=0
	from=$(rs_get from) to=$(rs_get to)
	# The new commits by subject: a patch keeps its subject across a rebase.
	declare -A new_of
	while read -r new subject; do new_of[$subject]=$new; done < <(g log --format='%H %s' "base/$to..HEAD")
	echo "rebase of the series from $from to $to:"
	while read -r old; do
		n=$((n + 1))
		subject=$(g log -1 --format=%s "$old")
		new=${new_of[$subject]:-}
		if [ -z "$new" ]; then
			kind="dropped (empty)"
		elif grep -qx "$old" "$state.conflicts" 2>/dev/null; then
			kind=conflicted conflicted=$((conflicted + 1))
		elif [ "$(g show "$old" | git patch-id --stable | cut -d' ' -f1)" = \
			"$(g show "$new" | git patch-id --stable | cut -d' ' -f1)" ]; then
			kind=clean clean=$((clean + 1))
		else
			kind="3-way merged" merged=$((merged + 1))
		fi
		printf '  %04d  %-13s %s\n' "$n" "$kind" "$subject"
	done <"$state.commits"
	echo "$n patch(es): $clean clean, $merged 3-way merged, $conflicted conflicted"
	rm -f "$state" "$state.commits" "$state.conflicts" "$state.log"
}

case "${2:-}" in
--continue)
	[ -f "$state" ] || die "no rebase in progress in $tree"
	[ -z "$(g diff --name-only --diff-filter=U)" ] ||
		die "unresolved files in $tree: $(g diff --name-only --diff-filter=U | tr '\n' ' ')"
	replay --continue
	summary
	;;
--abort)
	[ -f "$state" ] || die "no rebase in progress in $tree"
	g rebase --abort >/dev/null 2>&1 || true
	g checkout -q -f -B ukl "$(rs_get orig)"
	step REBASE "aborted; the series is back on base/$(rs_get from)"
	rm -f "$state" "$state.commits" "$state.conflicts" "$state.log"
	;;
*)
	from=${2:-} to=${3:-}
	[ -n "$to" ] || die "usage: rebase-series.sh <tree> <from> <to> | --continue | --abort"
	[ ! -f "$state" ] || die "a rebase is in progress in $tree: --continue or --abort it"
	for v in "$from" "$to"; do
		g rev-parse -q --verify "base/$v^{commit}" >/dev/null || die "no base/$v in $tree (import it first)"
	done
	[ "$(g symbolic-ref -q --short HEAD)" = ukl ] || die "$tree is not on its series branch (ukl)"
	[ -z "$(g status --porcelain --untracked-files=no)" ] || die "$tree has uncommitted changes"
	g merge-base --is-ancestor "base/$from" HEAD || die "the series in $tree is not on base/$from"
	printf 'from=%s\nto=%s\norig=%s\n' "$from" "$to" "$(g rev-parse HEAD)" >"$state"
	g rev-list --reverse "base/$from..HEAD" >"$state.commits"
	: >"$state.conflicts"
	step REBASE "$(wc -l <"$state.commits") patch(es) from $from onto $to (3-way, no fuzz)"
	replay --onto "base/$to" "base/$from" ukl
	summary
	;;
esac
