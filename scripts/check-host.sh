#!/usr/bin/env bash
# Check the host before any build starts, one line per problem:
#   - the Debian packages in scripts/host-packages.txt: as root, missing
#     ones are installed (one progress line); otherwise the exact apt-get
#     line is printed and the check fails;
#   - free disk space for the build directory and the cache;
#   - a QEMU that starts;
#   - "localhost" resolves (Redis's test suite connects to it by name).
# Prints nothing when all is well. Runs before every target that builds or
# boots (see the Makefile), and from .ci/run, before make exists.
#
#   check-host.sh
. "$(dirname "$0")/lib.sh"

list=$UKL_TOP/scripts/host-packages.txt
mapfile -t packages < <(sed -n 's/^\([a-z0-9][a-z0-9.+-]*\).*/\1/p' "$list")
[ "${#packages[@]}" -gt 0 ] || die "no packages listed in $list"

# --- packages --------------------------------------------------------------
command -v dpkg-query >/dev/null || die "dpkg-query not found: this is not a Debian system"
installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${packages[@]}" 2>/dev/null |
	awk '$2 == "installed" { print $1 }' || true)
missing=()
for p in "${packages[@]}"; do
	grep -qxF "$p" <<<"$installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		printf '%s: error: missing Debian packages: %s\n' "$UKL_PROG" "${missing[*]}" >&2
		printf '%s: install them as root with:\n  apt-get install --no-install-recommends %s\n' \
			"$UKL_PROG" "${missing[*]}" >&2
		exit 1
	fi
	step HOST "installing ${#missing[@]} missing Debian package(s): ${missing[*]}"
	log=$(mktemp /tmp/ukl-apt.XXXXXX.log)
	export DEBIAN_FRONTEND=noninteractive
	if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
		>"$log" 2>&1; then
		tail -n 15 "$log" >&2
		die "apt-get could not install ${missing[*]} (full log: $log)"
	fi
	rm -f "$log"
fi

# --- disk space ------------------------------------------------------------
# A cold build (three kernels, two glibcs, the tests' outputs) needs about
# 12 GiB in the build directory and 3 GiB in the cache; a warm one little.
free_gib() { # the free space of the file system that holds $1 (or would)
	local d=$1
	while [ ! -d "$d" ]; do d=$(dirname "$d"); done
	df -Pk "$d" | awk 'NR == 2 { print int($4 / 1048576) }'
}
check_space() { # dir GiB-when-new GiB-when-present what
	local need=$2 have
	[ ! -d "$1" ] || need=$3
	have=$(free_gib "$1")
	[ "$have" -ge "$need" ] ||
		die "only $have GiB free for $1 ($4); need at least $need GiB (set O= or UKL_CACHE= elsewhere)"
}
check_space "$UKL_BUILD" 12 2 "the build directory"
check_space "$UKL_CACHE" 3 1 "the download and compiler cache"

# --- QEMU ------------------------------------------------------------------
out=$(echo quit | timeout 20 qemu-system-x86_64 -machine none -nodefaults -display none \
	-serial none -monitor stdio 2>&1) ||
	die "qemu-system-x86_64 does not start: $(tail -n 1 <<<"$out")"

# --- localhost -------------------------------------------------------------
# A Debian installation's /etc/hosts names it; a bare root may have none.
getent hosts localhost >/dev/null ||
	die "the name localhost does not resolve: add '127.0.0.1 localhost' to /etc/hosts"
exit 0
