# shellcheck shell=bash
# Common helpers for the ukl scripts. Source it; do not run it.

set -euo pipefail

UKL_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
UKL_CACHE=${UKL_CACHE:-$HOME/.cache/ukl}
UKL_JOBS=${UKL_JOBS:-$(nproc)}
UKL_PROG=$(basename "$0" .sh)

# The kernel variants: stock (ring-3 apps), ukl (the base model) and bypass
# (ukl plus the bypass entry). A variant's apps link with one of two glibc
# flavours: stock (ordinary) or ukl (built with -DUKL).
variant_flavour() {
	case "$1" in
	stock) echo stock ;;
	ukl | bypass) echo ukl ;;
	*) die "unknown VARIANT '$1' (expected stock, ukl or bypass)" ;;
	esac
}
# The config fragments a variant adds to the common ones.
variant_frags() {
	variant_flavour "$1" >/dev/null || exit 1
	case "$1" in
	ukl) echo ukl ;;
	bypass) echo ukl bypass ;;
	esac
}
# A variant whose built kernel objects are a good start for this one: on a
# copy, kbuild rebuilds only the files that use the options that differ.
# ukl differs from stock in the three UKL options, bypass from ukl in
# options that arch/x86/ukl/ alone depends on.
variant_seed() {
	case "$1" in
	ukl) echo stock ;;
	bypass) echo ukl ;;
	esac
}

die() { printf '%s: error: %s\n' "$UKL_PROG" "$*" >&2; exit 1; }
warn() { printf '%s: warning: %s\n' "$UKL_PROG" "$*" >&2; }
# Progress lines go to stderr so that scripts can print results on stdout.
step() { printf '  %-8s %s\n' "$1" "$2" >&2; }
verbose() { [ "${V:-0}" = 1 ]; }

# The release line chosen for a source that pins.txt pins on several lines
# (one row each): LINUX= (UKL_LINUX), e.g. 6.12 or 7.2, and GLIBC=
# (UKL_GLIBC). Empty: the source's first row, the primary one.
chosen_line() {
	case "$1" in
	linux) printf '%s\n' "${UKL_LINUX:-}" ;;
	glibc) printf '%s\n' "${UKL_GLIBC:-}" ;;
	*) echo ;;
	esac
}

# on_line <source> <line> <command...>: run a command (or function) with
# that line chosen for the source.
on_line() {
	local src=$1 line=$2
	shift 2
	case "$src" in
	linux) UKL_LINUX=$line "$@" ;;
	glibc) UKL_GLIBC=$line "$@" ;;
	*) die "$src is pinned on one line only" ;;
	esac
}

# pins_lines <source>: the lines pins.txt has rows for, primary first.
pins_lines() {
	awk -v s="$1" '!/^#/ && $1 == s { print $2 }' "$UKL_TOP/pins.txt" | paste -sd' '
}
primary_line() { pins_lines "$1" | cut -d' ' -f1; }

# pin <source> line|version|sha256|packages: a field of the source's row in
# pins.txt, on its chosen line; "pin suites" gives the Debian suites.
pin() {
	local v l
	l=$(chosen_line "$1")
	v=$(awk -v s="$1" -v l="$l" -v f="${2:-}" '
		/^#/ || NF == 0 { next }
		s == "suites" && $1 == "suites" { $1 = ""; sub(/^ +/, ""); print; exit }
		$1 == s && (l == "" || $2 == l) {
			if (f == "line") print $2
			else if (f == "version") print $3
			else if (f == "sha256") print $4
			else if (f == "packages") { $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); print }
			exit
		}' "$UKL_TOP/pins.txt")
	[ -n "$v" ] || die "pins.txt has no ${2:-} for $1${l:+ $l}"
	printf '%s\n' "$v"
}

# Everything built for one linux line (and glibc line, if not the primary
# one) lives in its own directory below O=build, so that both bases stay
# built side by side: build/linux-6.12, build/linux-7.2+glibc-2.43.
build_key() {
	local l key
	for l in "${UKL_LINUX:-}" "${UKL_GLIBC:-}"; do
		case "$l" in *[!0-9.]*) die "'$l' is not a release line (e.g. LINUX=6.12, GLIBC=2.41)" ;; esac
	done
	# Only make rebase may name a line that is not pinned yet: it starts it.
	if [ "${UKL_NEW_LINE:-0}" = 0 ]; then
		for l in linux glibc; do
			[ -z "$(chosen_line "$l")" ] || pins_lines "$l" | grep -qw -- "$(chosen_line "$l")" ||
				die "pins.txt pins no $l $(chosen_line "$l") release (lines pinned: $(pins_lines "$l"));" \
					"a new line starts with make rebase (Documentation/rebase.rst)"
		done
	fi
	key=linux-${UKL_LINUX:-$(primary_line linux)}
	[ -z "${UKL_GLIBC:-}" ] || [ "$UKL_GLIBC" = "$(primary_line glibc)" ] ||
		key=$key+glibc-$UKL_GLIBC
	printf '%s\n' "$key"
}
# line_build <line> [source]: the build directory of that line of the
# source (default linux), beside this one; line_env <line> [source]: the
# VAR=value words (for env) that run a script on that line, in that
# directory.
line_build() { printf '%s/%s\n' "$(dirname "$UKL_BUILD")" "$(on_line "${2:-linux}" "$1" build_key)"; }
line_env() {
	local var=UKL_LINUX
	[ "${2:-linux}" = linux ] || var=UKL_GLIBC
	printf '%s=%s UKL_BUILD=%s\n' "$var" "$1" "$(line_build "$1" "${2:-linux}")"
}

# Not exported: a script run for another line computes its own.
if [ -z "${UKL_BUILD:-}" ]; then
	UKL_BUILD=${UKL_O:-$UKL_TOP/build}/$(build_key) || exit 1
fi

# app_id <app dir>: the identity that keys an app's builds. Below apps/ it
# is the name (hello); elsewhere in the repository the path with / as -
# (tests-apps-robust); outside it the name plus a hash of the path.
app_id() {
	case "$1" in
	"$UKL_TOP"/apps/*) printf '%s\n' "${1#"$UKL_TOP"/apps/}" | tr / - ;;
	"$UKL_TOP"/*) printf '%s\n' "${1#"$UKL_TOP"/}" | tr / - ;;
	*) printf '%s-%s\n' "$(basename "$1")" "$(printf %s "$1" | sha256sum | cut -c1-8)" ;;
	esac
}

# Records: files of KEY=value lines that one stage writes and later stages
# read (boot.env, kernel.env, toolchain.env). record_get <file> <KEY>
record_get() {
	[ -f "$1" ] || die "no record $1"
	sed -n "s/^$2=//p" "$1" | tail -n 1
}

# build_variants <app> <variant>...: fills the caller's associative array
# env_of, declared by it, with each variant's boot record (build-ukl.sh).
build_variants() {
	local app=$1 v
	shift
	for v in "$@"; do
		# shellcheck disable=SC2034 # env_of is the caller's
		env_of[$v]=$("$UKL_TOP/scripts/build-ukl.sh" "$app" "$v") ||
			die "building $(basename "$app") for $v failed"
	done
}

# each_at_once <function> <word>...: runs "<function> <word>" for all the
# words at the same time, for boots under -icount, whose counts host load
# does not change; after all have ended, fails if any failed.
each_at_once() {
	local fn=$1 w pid fail=0 pids=()
	shift
	for w in "$@"; do
		"$fn" "$w" &
		pids+=("$!")
	done
	for pid in "${pids[@]}"; do wait "$pid" || fail=1; done
	return "$fail"
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

# The Debian archive the system's own apt sources name (no archive host is
# written in this repository): prints "<main-uri> <security-uri>".
archive_uris() { # prints "<main-uri> <security-uri>"
	local main="" sec=""
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		# deb822 stanzas: remember the URIs of the stanza that lists each kind of suite.
		eval "$(awk '
			/^URIs:/ { uri = $2 }
			/^Suites:/ { for (i = 2; i <= NF; i++) if ($i ~ /-security$/) s = uri; else m = uri }
			/^$/ { uri = "" }
			END { printf "m=%s; s=%s\n", m, s }' "$f")"
		[ -n "$m" ] && [ -z "$main" ] && main=$m
		[ -n "$s" ] && [ -z "$sec" ] && sec=$s
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		while read -r kind uri suite _; do
			[ "$kind" = deb ] || continue
			case "$suite" in
			*-security) [ -z "$sec" ] && sec=$uri ;;
			*) [ -z "$main" ] && main=$uri ;;
			esac
		done <"$f"
	done
	[ -n "$main" ] || die "no Debian archive found in the system's apt sources"
	[ -n "$sec" ] || sec="${main%/debian}/debian-security"
	printf '%s %s\n' "$main" "$sec"
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

# Directory of a source's patch series on its chosen line (the queue of
# patch files named by its "series" file: patches/6.12/,
# glibc-patches/2.41/), and the hash of the patches' content.
series_dir() {
	case "$1" in
	linux) echo "${UKL_PATCHES_DIR:-$UKL_TOP/patches/$(pin linux line)}" ;;
	glibc) echo "${UKL_GLIBC_PATCHES_DIR:-$UKL_TOP/glibc-patches/$(pin glibc line)}" ;;
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

patches_hash() {
	local dir
	dir=$(series_dir "$1")
	# shellcheck disable=SC2046
	hash_of "patches:$1" $( [ -f "$dir/series" ] && echo "$dir/series") $(series_patches "$1")
}

# Prepared tree state, kept in .git/ukl-state as key=value lines: base
# (commit), version (upstream release unpacked), pin (the pins.txt version
# and sha256 it was fetched for), patches (patches_hash applied), head.
state_get() { # tree key
	sed -n "s/^$2=//p" "$1/.git/ukl-state" 2>/dev/null
}
state_set() { # tree base version pin patches head
	printf 'base=%s\nversion=%s\npin=%s\npatches=%s\nhead=%s\n' "$2" "$3" "$4" "$5" "$6" \
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

# A local TCP port that no socket uses now, in any state, from a random
# start so that parallel callers rarely meet (debug-app.sh, tests/boot-case.sh,
# tests/run-oracle.sh). It lies below the kernel's ephemeral range, so that
# a client connection made between the pick and the bind cannot take it.
free_port() {
	local lo p
	read -r lo _ </proc/sys/net/ipv4/ip_local_port_range
	[ "$lo" -gt 11024 ] || die "ip_local_port_range starts at $lo: no room below it for test ports"
	p=$((10000 + RANDOM % (lo - 10000)))
	while port_in_use "$p"; do p=$((p + 1 < lo ? p + 1 : 10000)); done
	echo "$p"
}

# Whether any TCP socket (listening, connected, or in TIME_WAIT) has local
# port $1.
port_in_use() {
	awk -v port=":$(printf '%04X' "$1")" 'substr($2, length($2) - 4) == port { found = 1 }
		END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# Boot a machine in the background with a host program beside it, the way
# a client test case (tests/boot-case.sh) and an app's load
# (perf/run-bench-apps.sh) do. Each guest port given with --forwards gets a
# free host port, forwarded by QEMU and passed to the program as
# UKL_PORT_<guest port>. The program ends the app when it is done; if it
# fails, the machine is stopped. Without --program, it just boots.
#
#   boot_with_program [--program P --output FILE --timeout SECS] [--env K=V]...
#       [--forwards "GUESTPORT..."] [--stderr FILE] -- <run-qemu.sh options>
#
# Sets boot_status (run-qemu.sh's exit status) and program_status. A caller
# that may be stopped calls boot_with_program_stop from its EXIT trap, so
# that neither the machine nor the program outlives it (a load left behind
# would find the next machine at the same address).
boot_qemu_pid='' boot_program_pid=''
boot_with_program_stop() {
	local p
	for p in $boot_program_pid $boot_qemu_pid; do kill "$p" 2>/dev/null || true; done
}
boot_with_program() {
	local program='' output=/dev/null secs=600 stderr=/dev/null env=() qemu_opts=() guest host
	while [ $# -gt 0 ]; do
		case "$1" in
		--program) program=$2 ;;
		--output) output=$2 ;;
		--timeout) secs=$2 ;;
		--env) env+=("$2") ;;
		--forwards)
			for guest in $2; do
				host=$(free_port)
				qemu_opts+=(--forward "$host:$guest")
				env+=("UKL_PORT_$guest=$host")
			done ;;
		--stderr) stderr=$2 ;;
		--) shift; break ;;
		*) die "boot_with_program: unknown option '$1'" ;;
		esac
		shift 2
	done
	# shellcheck disable=SC2034 # both are read by the caller
	boot_status=0 program_status=0
	"$UKL_TOP/scripts/run-qemu.sh" "$@" "${qemu_opts[@]}" >/dev/null 2>"$stderr" &
	boot_qemu_pid=$!
	if [ -n "$program" ]; then
		env "${env[@]}" timeout "$secs" "$program" >"$output" 2>&1 </dev/null &
		boot_program_pid=$!
		wait "$boot_program_pid" || program_status=$?
		boot_program_pid=''
		[ "$program_status" = 0 ] || kill "$boot_qemu_pid" 2>/dev/null || true
	fi
	# shellcheck disable=SC2034
	wait "$boot_qemu_pid" || boot_status=$?
	boot_qemu_pid=''
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
