#!/usr/bin/env bash
# `make series-stat`: the footprint of a patch series, from its patch files:
# patches and files touched; the upstream files it touches, with hunks and
# +/- lines in each (every one of them is rebase work); and the lines in
# the files it creates.
#
# A series pinned on several lines (patches/6.12/, patches/7.2/) is shown
# per line, followed by the patches that differ from the primary line's and
# by how much.
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

# subjects <series dir>: "<file> <subject>" per patch of the series.
subjects() {
	local p
	while read -r p _; do
		case "$p" in "" | \#*) continue ;; esac
		printf '%s %s\n' "$p" "$(sed -n 's/^Subject: \[PATCH\] //p' "$1/$p" | head -n 1)"
	done <"$1/series"
}

# A patch's change alone: its diff lines, without index lines and hunk
# positions, which move with every base.
body() { sed -n '/^diff --git /,$p' "$1" | grep -vE '^(index |@@ |-- $)' | sed '/^[0-9.]*$/d'; }

# compare_lines <name> <primary> <line>: which patches differ between two
# lines' series, matched by subject, and by how many changed lines.
compare_lines() {
	local name=$1 a b same=0 file subject other d
	a=$(on_line "$name" "$2" series_dir "$name")
	b=$(on_line "$name" "$3" series_dir "$name")
	declare -A in_a matched
	while read -r file subject; do in_a[$subject]=$file; done < <(subjects "$a")
	echo "$name $3 against $2:"
	while read -r file subject; do
		other=${in_a[$subject]:-}
		if [ -z "$other" ]; then
			echo "    only on $3: $file"
			continue
		fi
		matched[$subject]=1
		d=$(diff <(body "$a/$other") <(body "$b/$file") | grep -cE '^[<>]' || true)
		if [ "$d" = 0 ]; then same=$((same + 1)); else echo "    differs by $d lines: $file"; fi
	done < <(subjects "$b")
	for subject in "${!in_a[@]}"; do
		[ -n "${matched[$subject]:-}" ] || echo "    only on $2: ${in_a[$subject]}"
	done
	echo "    identical: $same"
}

# stat_lines <name>: every line's footprint, then how they differ.
stat_lines() {
	local name=$1 l lines
	read -r -a lines <<<"$(pins_lines "$name")"
	for l in "${lines[@]}"; do
		echo "== $name $l"
		on_line "$name" "$l" stat_one "$name"
	done
	for l in "${lines[@]:1}"; do compare_lines "$name" "${lines[0]}" "$l"; done
}

if [ $# -gt 0 ]; then
	for s in "$@"; do stat_lines "$s"; done
else
	stat_lines linux
	stat_lines glibc
fi
