#!/usr/bin/env bash
# The kernel series applies with git am, no fuzz, to the newest 6.12.y in the archive.
# Network: Debian's source index at most once a day, and a newer tarball once.
. "$(dirname "$0")/../../scripts/lib.sh"

read -r _ newest < <("$UKL_TOP/scripts/fetch-source.sh" linux --newest 2>/dev/null) ||
	{ echo "# cannot fetch the newest linux $(pin linux line).y"; exit 1; }
echo "# newest in the archive: $newest (pinned: $(pin linux version))"
# The pinned release itself: preparing its tree is this check (git am of
# the series, no fuzz), and importing the same tarball again took minutes.
if [ "$newest" = "$(pin linux version)" ]; then
	"$UKL_TOP/scripts/prepare-tree.sh" linux 2>&1 | sed 's/^/# /'
	exit "${PIPESTATUS[0]}"
fi
# A tree of its own, kept between runs: each release is imported once, and
# a later run only checks out the base and applies the series again.
"$UKL_TOP/scripts/prepare-tree.sh" linux --newest --tree "$UKL_BUILD/tests/newest-linux" 2>&1 | sed 's/^/# /'
[ "${PIPESTATUS[0]}" = 0 ]
