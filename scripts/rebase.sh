#!/usr/bin/env bash
# `make rebase FROM=<release> TO=<release>`: move a series to another
# upstream release on its line (LINUX=, or GLIBC= with SERIES=glibc).
# Fetches and verifies TO, imports it into the prepared tree's repository
# next to FROM (scripts/import-base.sh), replays the series with 3-way
# merges (scripts/rebase-series.sh: no fuzz; stops at the first conflict,
# naming the patch and the files), then records TO as the line's pinned
# release in pins.txt and re-exports the series, as make patches-export
# does. `make rebase-check` then builds every prefix of the new series and
# boots the core tests.
#
# A new line starts from another one's series: `make rebase LINUX=7.2
# FROM=6.12.107 TO=7.2.8` copies FROM's row of pins.txt and its series
# (patches/6.12/) to line 7.2, prepares that tree on FROM, and replays it
# onto TO. The new line's history thus starts from FROM's.
#
#   rebase.sh <linux|glibc> <from> <to>
#   rebase.sh <linux|glibc> --continue | --abort    after a conflict
# shellcheck disable=SC2034 # read by lib.sh, which refuses new lines elsewhere
UKL_NEW_LINE=1
. "$(dirname "$0")/lib.sh"

name=${1:-}
[ -n "$name" ] && [ -n "${2:-}" ] ||
	die "usage: rebase.sh <linux|glibc> <from> <to> | --continue | --abort (make rebase FROM=... TO=...)"
case "$name" in linux | glibc) ;; *) die "unknown series '$name' (expected linux or glibc)" ;; esac
line_of() { cut -d. -f1-2 <<<"$1"; } # 6.12.107 -> 6.12, 2.43 -> 2.43

# seed_line <line> <from>: give the chosen line, new in pins.txt, FROM's
# row and series.
seed_line() {
	local line=$1 from=$2 from_line
	from_line=$(line_of "$from")
	awk -v n="$name" -v v="$from" '!/^#/ && $1 == n && $3 == v { found = 1 } END { exit !found }' \
		"$UKL_TOP/pins.txt" || die "FROM=$from is not the pinned release of any $name line" \
		"($(pins_lines "$name")): a new line starts from a pinned one"
	# The new row goes right after FROM's, so the primary line stays first.
	awk -v n="$name" -v v="$from" -v l="$line" \
		'{ print } !/^#/ && $1 == n && $3 == v { $2 = l; print }' "$UKL_TOP/pins.txt" >"$UKL_TOP/pins.txt.tmp" &&
		mv "$UKL_TOP/pins.txt.tmp" "$UKL_TOP/pins.txt"
	cp -r "$(dirname "$(series_dir "$name")")/$from_line" "$(series_dir "$name")"
	step REBASE "new $name line $line: starts from $from_line's series on $from"
}

line=$(chosen_line "$name")
if [ -n "$line" ] && ! pins_lines "$name" | grep -qw -- "$line"; then
	case "$2" in --*) die "pins.txt has no $name $line line to go on with" ;; esac
	seed_line "$line" "$2"
fi
line=$(pin "$name" line)
tree=$UKL_BUILD/src/$name

# Done: TO is the pinned release, the tree's state says so, the series is exported.
finish() {
	local to tarball sha base
	to=$(sed -n 's/^to=//p' "$tree/.git/ukl-rebase.done")
	tarball=$(sed -n 's/^tarball=//p' "$tree/.git/ukl-rebase.done")
	sha=$(sha256_of "$tarball")
	base=$(ukl_git -C "$tree" rev-parse "base/$to")
	ukl_git -C "$tree" branch -q -f base "$base"
	awk -v n="$name" -v v="$to" -v s="$sha" -v l="$line" \
		'!/^#/ && $1 == n && $2 == l { $3 = v; $4 = s } { print }' "$UKL_TOP/pins.txt" >"$UKL_TOP/pins.txt.tmp" &&
		mv "$UKL_TOP/pins.txt.tmp" "$UKL_TOP/pins.txt"
	state_set "$tree" "$base" "$to" "$to $sha" none "$(ukl_git -C "$tree" rev-parse HEAD)"
	"$UKL_TOP/scripts/export-patches.sh" "$name" --tree "$tree" >/dev/null || die "exporting the series failed"
	state_set "$tree" "$base" "$to" "$to $sha" "$(patches_hash "$name")" "$(ukl_git -C "$tree" rev-parse HEAD)"
	rm -f "$tree/.git/ukl-rebase.done"
	step REBASE "$name $line is now on $to: pins.txt and $(series_dir "$name" | sed "s|^$UKL_TOP/||")/ updated; next: make rebase-check, then commit"
}

case "$2" in
--continue | --abort)
	[ -f "$tree/.git/ukl-state" ] || die "$tree is not a prepared tree: no make rebase to go on with"
	"$UKL_TOP/scripts/rebase-series.sh" "$tree" "$2" || exit 1
	if [ "$2" = --continue ]; then finish; else rm -f "$tree/.git/ukl-rebase.done"; fi
	;;
*)
	from=$2 to=${3:-}
	[ -n "$to" ] || die "usage: rebase.sh <linux|glibc> <from> <to> (make rebase FROM=... TO=...)"
	[ "$(line_of "$to")" = "$line" ] || die "TO=$to is not on the $name $line line;" \
		"to start a new line: make rebase LINUX=$(line_of "$to") FROM=$from TO=$to (GLIBC= for glibc)"
	"$UKL_TOP/scripts/prepare-tree.sh" "$name" || exit 1
	have=$(state_get "$tree" version)
	[ "$have" = "$from" ] || die "$tree is prepared for $name $have, not FROM=$from"
	[ "$(state_get "$tree" patches)" = "$(patches_hash "$name")" ] ||
		die "$tree does not hold the exported series: run 'make prepare' (or make patches-export) first"
	read -r tarball got < <("$UKL_TOP/scripts/fetch-source.sh" "$name" --version "$to") || exit 1
	[ "$got" = "$to" ] || die "fetched $name $got, not $to"
	"$UKL_TOP/scripts/import-base.sh" "$tree" "$tarball" "$name" "$to" >/dev/null || exit 1
	# A tree prepared before bases were tagged: its base is FROM's.
	ukl_git -C "$tree" rev-parse -q --verify "base/$from" >/dev/null ||
		ukl_git -C "$tree" update-ref "refs/tags/base/$from" "$(state_get "$tree" base)"
	printf 'to=%s\ntarball=%s\n' "$to" "$tarball" >"$tree/.git/ukl-rebase.done"
	"$UKL_TOP/scripts/rebase-series.sh" "$tree" "$from" "$to" || exit 1
	finish
	;;
esac
