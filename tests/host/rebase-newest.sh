#!/usr/bin/env bash
# The kernel series applies with git am, no fuzz, to the newest 6.12.y in the archive.
# Network: Debian's source index at most once a day, and a newer tarball once.
. "$(dirname "$0")/../../scripts/lib.sh"

read -r _ newest < <("$UKL_TOP/scripts/fetch-source.sh" linux --newest 2>/dev/null) ||
	{ echo "# cannot fetch the newest linux $(pin linux line).y"; exit 1; }
echo "# newest in the archive: $newest (pinned: $(pin linux version))"
# A tree of its own, kept between runs: each release is imported once, and
# a later run only checks out the base and applies the series again.
"$UKL_TOP/scripts/prepare-tree.sh" linux --newest --tree "$UKL_BUILD/tests/newest-linux" 2>&1 | sed 's/^/# /'
[ "${PIPESTATUS[0]}" = 0 ]
