#!/usr/bin/env bash
# `make series-stat`: the footprint of a patch series, from its patch files:
# patches and files touched; the upstream files it touches, with hunks and
# +/- lines in each (every one of them is rebase work); and the lines in
# the files it creates.
#
#   series-stat.sh [linux|glibc]   (default: both)
. "$(dirname "$0")/lib.sh"

stat_one() {
	local name=$1
	mapfile -t files < <(series_patches "$name")
	[ "${#files[@]}" -gt 0 ] || { echo "$name: no patches"; return; }
	awk -v name="$name" -v npatches="${#files[@]}" '
		/^diff --git / { file = $4; sub(/^b\//, "", file); inhunk = 0
			if (!(file in seen)) { seen[file] = 1; order[++n] = file }
			next }
		/^--- \/dev\/null/ { created[file] = 1; next }
		/^(---|\+\+\+) / && !inhunk { next }
		/^@@ / { inhunk = 1; hunks[file]++; next }
		/^-- $/ { inhunk = 0; next }
		inhunk && /^\+/ { plus[file]++; next }
		inhunk && /^-/ { minus[file]++; next }
		END {
			for (i = 1; i <= n; i++) {
				f = order[i]
				if (f in created) { newfiles++; newlines += plus[f]; continue }
				up++; uph += hunks[f]; upp += plus[f]; upm += minus[f]
			}
			printf "%s: %d patches, %d files touched\n", name, npatches, n
			printf "  upstream files: %d, %d hunks, +%d/-%d\n", up, uph, upp, upm
			for (i = 1; i <= n; i++) {
				f = order[i]
				if (!(f in created))
					printf "    %-50s %3d hunks  +%d/-%d\n", f, hunks[f], plus[f], minus[f]
			}
			printf "  new files: %d, +%d lines\n", newfiles, newlines
		}' "${files[@]}"
}

if [ $# -gt 0 ]; then
	for s in "$@"; do stat_one "$s"; done
else
	stat_one linux
	stat_one glibc
fi
