#!/usr/bin/env bash
# free_port never hands out a port that a socket holds in any state: not a
# listener, and not the local port of a connected client (CI once lost a
# test to an oracle server whose port a client connection had taken), and
# never one from the kernel's ephemeral range.
. "$(dirname "$0")/../../scripts/lib.sh"

tmp=$(mktemp -d)
helper=
trap '[ -z "$helper" ] || kill "$helper" 2>/dev/null; rm -rf "$tmp"' EXIT
# A listener, and a client connected to it from an ephemeral port.
python3 - "$tmp/ports" <<'PY' &
import socket, sys, time
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen()
c = socket.socket(); c.connect(l.getsockname())
a, _ = l.accept()
open(sys.argv[1] + ".tmp", "w").write("%d %d\n" % (l.getsockname()[1], c.getsockname()[1]))
__import__("os").rename(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(60)
PY
helper=$!
for _ in $(seq 50); do [ -f "$tmp/ports" ] && break; sleep 0.1; done
read -r listener client <"$tmp/ports" || die "the socket helper did not start"
fail=0
for p in "$listener" "$client"; do
	port_in_use "$p" || { echo "# port_in_use misses port $p, which a socket holds"; fail=1; }
done
read -r lo _ </proc/sys/net/ipv4/ip_local_port_range
for _ in $(seq 200); do
	p=$(free_port)
	[ "$p" -lt "$lo" ] || { echo "# free_port gave $p, in the ephemeral range from $lo"; fail=1; break; }
	! port_in_use "$p" || { echo "# free_port gave $p, which is in use"; fail=1; break; }
done
echo "# listener $listener and client $client seen as in use; 200 picks below $lo"
exit "$fail"
