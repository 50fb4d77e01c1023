#!/usr/bin/env bash
# Host-side helpers for talking to the booted Redis, sourced by its test
# clients (tests/cases/redis*) and its load (apps/redis/bench). Needs
# UKL_HOST and UKL_PORT_6379.

cli() { redis-cli -h "$UKL_HOST" -p "$UKL_PORT_6379" "$@"; }

# The guest is still booting at first: wait up to 5 minutes for PONG.
wait_for_pong() {
	local _
	for _ in $(seq 600); do
		[ "$(cli ping 2>/dev/null)" = PONG ] && return 0
		sleep 0.5
	done
	return 1
}

# Under host load, a burst of connects to QEMU's user-mode network
# (libslirp) overflows the accept queue of its forwarding socket on the
# host (the host's TcpExt ListenOverflows counts it); a connection lost
# that way has no socket on QEMU's side and stalls redis-benchmark for
# minutes. Seen on both kernels. Such a stall is run again, and noted in
# $UKL_LOG.notes; any other stall fails. So is a run that a connection
# reset ends ("Connection reset by peer"): seen on stock under host load
# with 50 clients, from the same forward.
listen_overflows() {
	awk '/^TcpExt:/ { if (!n) { for (i = 1; i <= NF; i++) f[$i] = i; n = 1 } else print $f["ListenOverflows"] }' \
		/proc/net/netstat
}

# benchmark <seconds> <output file> <redis-benchmark options...>
benchmark() {
	local secs=$1 out=$2 attempt before lost rc
	shift 2
	for attempt in 1 2 3; do
		before=$(listen_overflows)
		rc=0
		timeout "$secs" redis-benchmark -h "$UKL_HOST" -p "$UKL_PORT_6379" "$@" >"$out" 2>&1 || rc=$?
		if [ "$rc" != 124 ] && grep -q 'Connection reset by peer' "$out" && [ "$attempt" -lt 3 ]; then
			[ -z "${UKL_LOG:-}" ] ||
				echo "redis-benchmark: a connection through QEMU's forward was reset; again" >>"$UKL_LOG.notes"
			continue
		fi
		[ "$rc" = 124 ] || return "$rc"
		lost=$(($(listen_overflows) - before))
		if [ "$lost" -le 0 ] || [ "$attempt" = 3 ]; then
			echo "redis-benchmark stalled" >&2
			return 124
		fi
		[ -z "${UKL_LOG:-}" ] ||
			echo "redis-benchmark stalled; the host's listen queue for QEMU's forward overflowed $lost times; again" \
				>>"$UKL_LOG.notes"
	done
}
