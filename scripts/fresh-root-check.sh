#!/usr/bin/env bash
# Prove scripts/host-packages.txt complete: make a minimal Debian 12 root
# (debootstrap --variant=minbase, from the archive the host's apt sources
# name), clone this repository into it, and run there, as root and with an
# empty cache, what a new user runs: scripts/check-host.sh (which installs
# the listed packages), then make run, then make test. Nothing from the
# host's packages or caches reaches the root; only the archive is used (with
# the host's apt settings for reaching it).
# Prints each step's time and ends with the verdict. Needs root and
# debootstrap (a maintainer tool, not a build dependency). Slow: a cold
# build of everything.
#
#   fresh-root-check.sh <new-dir> [make targets ...]   (default: run test)
. "$(dirname "$0")/lib.sh"

root=${1:-}
[ -n "$root" ] || die "usage: fresh-root-check.sh <new-dir> [make targets...]"
shift
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(run test)
[ "$(id -u)" = 0 ] || die "needs root (debootstrap and chroot)"
command -v debootstrap >/dev/null ||
	die "debootstrap is not installed: apt-get install --no-install-recommends debootstrap"
[ ! -e "$root" ] || die "$root exists; give a new directory"

read -r mirror _ <<<"$(archive_uris)"
start=$SECONDS
step ROOT "debootstrap --variant=minbase bookworm $root"
run_logged "$root.debootstrap.log" debootstrap --variant=minbase bookworm "$root" "$mirror" ||
	die "debootstrap failed"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# As the Debian installer writes it: debootstrap leaves no /etc/hosts, and
# without one "localhost" does not resolve (Redis's test suite needs it).
printf '127.0.0.1\tlocalhost\n::1\t\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
# The root reaches the archive as the host does: the host's apt settings
# come along (e.g. a frozen archive snapshot needs Check-Valid-Until off,
# or its sid index counts as expired). Packages and caches do not.
cp -n /etc/apt/apt.conf.d/* "$root/etc/apt/apt.conf.d/" 2>/dev/null || true
git clone -q "$UKL_TOP" "$root/root/ukl"

mounted=()
cleanup() {
	local m
	for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done
}
trap cleanup EXIT
for m in proc sys dev dev/pts; do
	case "$m" in
	proc) mount -t proc proc "$root/proc" ;;
	sys) mount -t sysfs sys "$root/sys" ;;
	*) mount --bind "/$m" "$root/$m" ;;
	esac
	mounted=("$root/$m" "${mounted[@]}")
done

inside() { # label command: run in the root, in the clone, with a clean environment
	local t=$SECONDS rc=0
	step ROOT "$1"
	chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=dumb \
		bash -c "cd /root/ukl && $2" >"$root.$3.log" 2>&1 || rc=$?
	step ROOT "$1: exit $rc after $(((SECONDS - t) / 60))m$(((SECONDS - t) % 60))s (log: $root.$3.log)"
	return "$rc"
}
inside "host check (installs the listed packages)" scripts/check-host.sh host-check ||
	die "the host check failed in the fresh root"
grep 'installing' "$root.host-check.log" >&2 || true
for t in "${targets[@]}"; do
	inside "make $t" "make $t" "$t" || die "make $t failed in the fresh root"
done
step ROOT "all done in $(((SECONDS - start) / 60))m: the package list is complete for ${targets[*]}"
