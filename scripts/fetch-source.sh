#!/usr/bin/env bash
# Fetch a pinned upstream tarball (any source that pins.txt lists: linux,
# glibc, an app's upstream) from Debian's source archive into the cache,
# verify it, and print "<path> <version>".
#
#   fetch-source.sh <source>              the pinned release (or a loud fallback)
#   fetch-source.sh <source> --newest     the newest release of the same line
#   fetch-source.sh <source> --version V  release V, of any line (make rebase)
#
# Uses a private apt configuration under $UKL_CACHE/apt; the system's apt
# lists are never edited and no archive host is written anywhere: the host
# comes from the system's own apt sources at run time.
. "$(dirname "$0")/lib.sh"

name=${1:-}
mode=${2:-pinned}
[ -n "$name" ] || die "usage: fetch-source.sh <source> [--newest | --version V]"
case "$mode" in pinned | --newest) ;; --version) [ -n "${3:-}" ] || die "--version needs a release" ;;
*) die "unknown option '$mode'" ;; esac

want_version=$(pin "$name" version)
want_sha=$(pin "$name" sha256)
line=$(pin "$name" line)
# A given release: its own line is the filter, and any checksum the index gives.
[ "$mode" != --version ] || want_version=$3 line=$3 want_sha=
read -r -a packages <<<"$(pin "$name" packages)"
read -r -a suites <<<"$(pin suites)"

srcdir=$UKL_CACHE/src
aptdir=$UKL_CACHE/apt
mkdir -p "$srcdir"

# A cached tarball is used only if its checksum still matches: a corrupted
# or truncated download is detected here and fetched again.
cached_ok() { # file sha
	[ -f "$1" ] && [ "$(sha256_of "$1")" = "$2" ]
}

emit() { # path version
	printf '%s %s\n' "$1" "$2"
	exit 0
}

# Fast path: the pinned tarball is already cached. (A given release that
# is cached is reused below, by try_candidates, as fallbacks are.)
if [ "$mode" = pinned ]; then
	for f in "$srcdir/$name-$want_version".tar.*; do
		[ -e "$f" ] || continue
		if cached_ok "$f" "$want_sha"; then
			emit "$f" "$want_version"
		fi
		warn "cached $(basename "$f") is corrupt (sha256 mismatch); fetching it again"
		rm -f "$f"
	done
fi

# --- private apt configuration -------------------------------------------
APT_OPTS=(-o "Dir::Etc::sourcelist=$aptdir/sources.list" -o "Dir::Etc::sourceparts=-"
	-o "Dir::State::Lists=$aptdir/lists" -o "Dir::Cache=$aptdir/cache"
	-o "APT::Sandbox::User=root" -o "Debug::NoLocking=1" -q)

apt_update() {
	mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
	local main sec s
	read -r main sec <<<"$(archive_uris)"
	: >"$aptdir/sources.list.tmp"
	for s in "${suites[@]}"; do
		case "$s" in
		*-security) echo "deb-src $sec $s main" ;;
		*) echo "deb-src $main $s main" ;;
		esac >>"$aptdir/sources.list.tmp"
	done
	mv "$aptdir/sources.list.tmp" "$aptdir/sources.list"
	step APT "updating private source index"
	run_logged "$aptdir/update.log" apt-get "${APT_OPTS[@]}" update ||
		die "apt-get update of the private source index failed"
	rm -f "$undownloadable"
	touch "$aptdir/stamp"
}

# The listed versions that could not be downloaded with the current index,
# one "package=version" per line, so that each is tried once per index and
# not on every call (the archive lists releases whose files it does not
# serve; a new index forgets them).
undownloadable=$aptdir/undownloadable

# Refresh the index at most once a day (and when it is missing).
if [ -z "$(find "$aptdir/stamp" -mtime -1 2>/dev/null)" ]; then
	apt_update
fi

# Candidates: "upstream-version package debian-version orig-file sha256",
# newest first. Only releases of the pinned line are considered.
candidates() {
	apt-cache "${APT_OPTS[@]}" showsrc "${packages[@]}" 2>/dev/null | awk -v line="$line" '
		/^Package:/ { pkg = $2 }
		/^Version:/ { ver = $2 }
		/^Checksums-Sha256:/ { insha = 1; next }
		/^[^ ]/ { insha = 0 }
		insha && $3 ~ /\.orig\.tar\.(xz|gz|bz2)$/ {
			up = ver; sub(/^[0-9]+:/, "", up); sub(/-[^-]*$/, "", up)
			if (up == line || index(up, line ".") == 1)
				print up, pkg, ver, $3, $1
		}' | sort -u | sort -k1,1Vr
}

mapfile -t cands < <(candidates)
if [ "$mode" = --version ]; then
	mapfile -t cands < <(printf '%s\n' "${cands[@]}" | awk -v v="$want_version" '$1 == v')
	[ "${#cands[@]}" -gt 0 ] || die "$name $want_version is not in the archive's source index"
fi
[ "${#cands[@]}" -gt 0 ] || die "no $name $line.* source package found in the archive"

download() { # pkg debver origfile sha -> path of verified tarball in cache
	local pkg=$1 debver=$2 orig=$3 sha=$4 up=$5 tmp ext dst
	tmp=$(mktemp -d "$srcdir/.dl.XXXXXX")
	# apt-get source verifies the files against the signed archive index.
	if ! (cd "$tmp" && run_logged "$tmp/apt.log" apt-get "${APT_OPTS[@]}" \
		source --download-only "$pkg=$debver"); then
		# 2: the archive does not serve it (404), as opposed to a failure
		# that may pass (network), 1.
		local rc=1
		! grep -q ' 404 ' "$tmp/apt.log" || rc=2
		rm -rf "$tmp"
		return "$rc"
	fi
	if ! cached_ok "$tmp/$orig" "$sha"; then
		rm -rf "$tmp"
		warn "$orig from the archive does not match its index checksum"
		return 1
	fi
	ext=${orig##*.orig.}
	dst="$srcdir/$name-$up.$ext"
	mv "$tmp/$orig" "$dst.tmp" && mv "$dst.tmp" "$dst"
	echo "$sha" >"$dst.sha256"
	rm -rf "$tmp"
	printf '%s\n' "$dst"
}

try_candidates() { # filter: pinned|any
	local c up pkg debver orig sha path rc
	for c in "${cands[@]}"; do
		read -r up pkg debver orig sha <<<"$c"
		if [ "$1" = pinned ] && { [ "$up" != "$want_version" ] || [ "$sha" != "$want_sha" ]; }; then
			continue
		fi
		if [ "$1" = any ]; then
			# Reuse an already verified fallback download.
			for path in "$srcdir/$name-$up".tar.*; do
				case "$path" in *.sha256) continue ;; esac
				[ -f "$path.sha256" ] && cached_ok "$path" "$(cat "$path.sha256")" && {
					printf '%s %s\n' "$path" "$up"
					return 0
				}
			done
		fi
		if grep -qsxF "$pkg=$debver" "$undownloadable"; then
			warn "$pkg=$debver is listed but could not be downloaded with this index (tried before); trying the next one"
			continue
		fi
		step FETCH "$orig ($pkg $debver)"
		rc=0
		path=$(download "$pkg" "$debver" "$orig" "$sha" "$up") || rc=$?
		if [ "$rc" = 0 ]; then
			printf '%s %s\n' "$path" "$up"
			return 0
		fi
		[ "$rc" != 2 ] || echo "$pkg=$debver" >>"$undownloadable"
		warn "$pkg=$debver is listed but could not be downloaded; trying the next one"
	done
	return 1
}

if [ "$mode" = pinned ]; then
	if result=$(try_candidates pinned); then
		echo "$result"
		exit 0
	fi
	warn "**************************************************************"
	warn "pinned $name $want_version (sha256 ${want_sha:0:12}...) is not in the archive;"
	warn "falling back to the newest $line.y release available."
	warn "**************************************************************"
fi
if [ "$mode" = --version ]; then
	result=$(try_candidates any) || die "$name $want_version is listed in the archive but could not be downloaded"
	echo "$result"
	exit 0
fi
result=$(try_candidates any) || die "could not download any $name $line.y release from the archive"
read -r path up <<<"$result"
[ "$mode" = pinned ] && warn "using $name $up instead of the pinned $want_version"
echo "$result"
