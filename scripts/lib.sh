# shellcheck shell=bash
# Common helpers for the ukl scripts. Source it; do not run it.

set -euo pipefail

UKL_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
UKL_CACHE=${UKL_CACHE:-$HOME/.cache/ukl}
UKL_BUILD=${UKL_BUILD:-$UKL_TOP/build}
UKL_JOBS=${UKL_JOBS:-$(nproc)}
UKL_PROG=$(basename "$0" .sh)

# The kernel variants: stock (ring-3 apps), ukl (the base model) and bypass
# (ukl plus the bypass entry). variant_libc: the glibc its apps link with;
# variant_frags: the config fragments it adds to the common ones.
variant_libc() {
	case "$1" in
	stock) echo stock ;;
	ukl | bypass) echo ukl ;;
	*) die "unknown VARIANT '$1' (expected stock, ukl or bypass)" ;;
	esac
}
variant_frags() {
	variant_libc "$1" >/dev/null || exit 1
	case "$1" in
	ukl) echo ukl ;;
	bypass) echo ukl bypass ;;
	esac
}

# variant_seed: a variant whose built kernel objects are a good start for
# this one. bypass differs from ukl only in options that arch/x86/ukl/
# alone depends on, so a copy of ukl's objects rebuilds in seconds.
variant_seed() {
	case "$1" in
	bypass) echo ukl ;;
	esac
}

die() { printf '%s: error: %s\n' "$UKL_PROG" "$*" >&2; exit 1; }
warn() { printf '%s: warning: %s\n' "$UKL_PROG" "$*" >&2; }
# Progress lines go to stderr so that scripts can print results on stdout.
step() { printf '  %-8s %s\n' "$1" "$2" >&2; }
verbose() { [ "${V:-0}" = 1 ]; }

# Value of a ':=' variable in versions.mk.
pin() {
	local v
	v=$(awk -v k="$1" '$1 == k && $2 == ":=" { $1 = $2 = ""; sub(/^ +/, ""); print; exit }' \
		"$UKL_TOP/versions.mk")
	[ -n "$v" ] || die "versions.mk has no $1"
	printf '%s\n' "$v"
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# Content hash of files and strings, for cache keys.
hash_of() {
	local arg
	for arg in "$@"; do
		if [ -f "$arg" ]; then
			printf 'file %s %s\n' "$(basename "$arg")" "$(sha256_of "$arg")"
		else
			printf 'str %s\n' "$arg"
		fi
	done | sha256sum | cut -c1-16
}

# Run a long command quietly unless V=1; on failure show the end of its log.
run_logged() {
	local log=$1; shift
	mkdir -p "$(dirname "$log")"
	if verbose; then
		"$@" 2>&1 | tee "$log"
		return "${PIPESTATUS[0]}"
	fi
	if ! "$@" >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		printf '%s: command failed, full log: %s\n' "$UKL_PROG" "$log" >&2
		return 1
	fi
}

# Move a finished temporary file or directory into place so that readers
# never see half-written outputs.
publish() {
	local tmp=$1 dst=$2
	rm -rf "$dst.old"
	[ -e "$dst" ] && mv "$dst" "$dst.old"
	mv "$tmp" "$dst"
	rm -rf "$dst.old"
}

# Neutral project identity for base commits and exported patches.
UKL_IDENT_NAME="ukl project"
UKL_IDENT_EMAIL="ukl@example.org"

# git with a fixed identity and no user configuration, so that commits and
# exported patches are reproducible on every machine.
ukl_git() {
	GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 \
		GIT_AUTHOR_NAME="$UKL_IDENT_NAME" GIT_AUTHOR_EMAIL="$UKL_IDENT_EMAIL" \
		GIT_COMMITTER_NAME="$UKL_IDENT_NAME" GIT_COMMITTER_EMAIL="$UKL_IDENT_EMAIL" \
		git -c core.abbrev=12 -c advice.detachedHead=false "$@"
}

# Directory of a source's patch series, and the hash of the series content.
series_dir() {
	case "$1" in
	linux) echo "${UKL_PATCHES_DIR:-$UKL_TOP/patches}" ;;
	glibc) echo "${UKL_GLIBC_PATCHES_DIR:-$UKL_TOP/glibc-patches}" ;;
	*) die "unknown source '$1'" ;;
	esac
}

series_patches() { # name -> patch paths in order
	local dir p
	dir=$(series_dir "$1")
	[ -f "$dir/series" ] || return 0
	while read -r p _; do
		case "$p" in "" | \#*) continue ;; esac
		[ -f "$dir/$p" ] || die "$dir/series names $p, which does not exist"
		printf '%s\n' "$dir/$p"
	done <"$dir/series"
}

series_hash() {
	local dir
	dir=$(series_dir "$1")
	# shellcheck disable=SC2046
	hash_of "series:$1" $( [ -f "$dir/series" ] && echo "$dir/series") $(series_patches "$1")
}

# Prepared tree state, kept in .git/ukl-state as key=value lines.
state_get() { # tree key
	sed -n "s/^$2=//p" "$1/.git/ukl-state" 2>/dev/null
}
state_set() { # tree base version series head
	printf 'base=%s\nversion=%s\nseries=%s\nhead=%s\n' "$2" "$3" "$4" "$5" \
		>"$1/.git/ukl-state.tmp"
	mv "$1/.git/ukl-state.tmp" "$1/.git/ukl-state"
}

# Run a long build quietly, printing a heartbeat so that users see progress.
run_with_progress() { # label log cmd...
	local label=$1 log=$2 pid start rc lines
	shift 2
	mkdir -p "$(dirname "$log")"
	if verbose; then
		"$@" 2>&1 | tee "$log"
		return "${PIPESTATUS[0]}"
	fi
	start=$SECONDS
	"$@" >"$log" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		for _ in $(seq 30); do
			sleep 1
			kill -0 "$pid" 2>/dev/null || break
		done
		if kill -0 "$pid" 2>/dev/null; then
			lines=$(wc -l <"$log")
			printf "  %-8s %s: %d log lines, %dm%02ds\n" ... "$label" "$lines" \
				$(((SECONDS - start) / 60)) $(((SECONDS - start) % 60)) >&2
		fi
	done
	rc=0
	wait "$pid" || rc=$?
	if [ "$rc" != 0 ]; then
		# The first errors, not compiler command lines (which say -Werror).
		grep -vE '^(ccache )?(gcc|cc) ' "$log" | grep -E -m 12 'error:|\*\*\*' >&2 ||
			tail -n 30 "$log" >&2
		printf '%s: %s failed, full log: %s\n' "$UKL_PROG" "$label" "$log" >&2
		return "$rc"
	fi
	step DONE "$label in $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s"
}

# ccache for compiler-heavy steps; the cache lives with the other caches.
ukl_ccache_env() {
	export CCACHE_DIR=$UKL_CACHE/ccache
	export CCACHE_BASEDIR=$UKL_TOP
	export CCACHE_NOHASHDIR=1
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
}

# Serialise a step that writes a shared directory (a glibc or kernel object
# directory, a prepared tree): concurrent builds wait instead of racing.
lock_or_wait() { # lockfile
	mkdir -p "$(dirname "$1")"
	exec {UKL_LOCK_FD}>"$1"
	if ! flock -n "$UKL_LOCK_FD"; then
		step WAIT "another build holds $(basename "$1"); waiting"
		flock "$UKL_LOCK_FD"
	fi
}
