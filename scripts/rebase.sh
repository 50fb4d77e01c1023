#!/usr/bin/env bash
# `make rebase FROM=<release> TO=<release>`: move a series to another
# upstream release. Fetches and verifies TO, imports it into the prepared
# tree's repository next to FROM (scripts/import-base.sh), replays the
# series with 3-way merges (scripts/rebase-series.sh: no fuzz; stops at the
# first conflict, naming the patch and the files), then records TO as the
# pinned release in pins.txt and re-exports the series, as make
# patches-export does. `make rebase-check` then builds every prefix of the
# new series and boots the core tests.
#
#   rebase.sh <linux|glibc> <from> <to>
#   rebase.sh <linux|glibc> --continue | --abort    after a conflict
. "$(dirname "$0")/lib.sh"

name=${1:-}
[ -n "$name" ] && [ -n "${2:-}" ] ||
	die "usage: rebase.sh <linux|glibc> <from> <to> | --continue | --abort (make rebase FROM=... TO=...)"
series_dir "$name" >/dev/null
tree=$UKL_BUILD/src/$name
[ -f "$tree/.git/ukl-state" ] || die "$tree is not a prepared tree; run 'make prepare' first"

# Done: TO is the pinned release, the tree's state says so, the series is exported.
finish() {
	local to tarball sha base
	to=$(sed -n 's/^to=//p' "$tree/.git/ukl-rebase.done")
	tarball=$(sed -n 's/^tarball=//p' "$tree/.git/ukl-rebase.done")
	sha=$(sha256_of "$tarball")
	base=$(ukl_git -C "$tree" rev-parse "base/$to")
	ukl_git -C "$tree" branch -q -f base "$base"
	awk -v n="$name" -v v="$to" -v s="$sha" -v l="${to%.*}" \
		'!/^#/ && $1 == n { $2 = l; $3 = v; $4 = s } { print }' "$UKL_TOP/pins.txt" >"$UKL_TOP/pins.txt.tmp" &&
		mv "$UKL_TOP/pins.txt.tmp" "$UKL_TOP/pins.txt"
	state_set "$tree" "$base" "$to" "$to $sha" none "$(ukl_git -C "$tree" rev-parse HEAD)"
	"$UKL_TOP/scripts/export-patches.sh" "$name" --tree "$tree" >/dev/null || die "exporting the series failed"
	state_set "$tree" "$base" "$to" "$to $sha" "$(patches_hash "$name")" "$(ukl_git -C "$tree" rev-parse HEAD)"
	rm -f "$tree/.git/ukl-rebase.done"
	step REBASE "$name is now on $to: pins.txt and $(series_dir "$name" | sed "s|^$UKL_TOP/||")/ updated; next: make rebase-check, then commit"
}

case "$2" in
--continue)
	"$UKL_TOP/scripts/rebase-series.sh" "$tree" --continue || exit 1
	finish
	;;
--abort)
	"$UKL_TOP/scripts/rebase-series.sh" "$tree" --abort || exit 1
	rm -f "$tree/.git/ukl-rebase.done"
	;;
*)
	from=$2 to=${3:-}
	[ -n "$to" ] || die "usage: rebase.sh <linux|glibc> <from> <to> (make rebase FROM=... TO=...)"
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
