#!/usr/bin/env bash
# The oracle of a client case: run the case's server on the host (the
# command line in the case's file "oracle"), run the case's client against
# it as against the guest, and compare the two transcripts, which must be
# identical. In the command line, @PORT_<guest port>@ stands for a free
# host port, @DIR@ for a fresh directory and @APP_DIR@ for the app's
# directory. The client ends the server, as it ends the app.
#
#   run-oracle.sh <case dir> <guest transcript>
. "$(dirname "$0")/../scripts/lib.sh"

casedir=${1:-}
guest=${2:-}
[ -f "$casedir/oracle" ] && [ -f "$guest" ] || die "usage: run-oracle.sh <case dir> <guest transcript>"
tmp=$(mktemp -d)
server=
trap '[ -z "$server" ] || kill "$server" 2>/dev/null || true; rm -rf "$tmp"' EXIT

cmd=$(head -n 1 "$casedir/oracle")
cmd=${cmd//@DIR@/$tmp}
cmd=${cmd//@APP_DIR@/$UKL_TOP/$(head -n 1 "$casedir/app")}
env=(UKL_TOP="$UKL_TOP" UKL_VARIANT=oracle UKL_HOST=127.0.0.1 UKL_CASE="$casedir" UKL_APP_BUILD="${UKL_APP_BUILD:-}")
ports=()
for g in $(head -n 1 "$casedir/forward"); do
	p=$(free_port)
	cmd=${cmd//@PORT_$g@/$p}
	env+=("UKL_PORT_$g=$p")
	ports+=("$p")
done
read -r -a argv <<<"$cmd"
command -v "${argv[0]}" >/dev/null || { echo "# the oracle ${argv[0]} is not installed"; exit 1; }
"${argv[@]}" >"$guest.oracle-server" 2>&1 &
server=$!
# Listening on every forwarded port within 30 s, or the oracle is broken.
for p in "${ports[@]}"; do
	for _ in $(seq 150); do
		kill -0 "$server" 2>/dev/null || break
		(: <"/dev/tcp/127.0.0.1/$p") 2>/dev/null && continue 2
		sleep 0.2
	done
	echo "# the oracle ${argv[0]} is not listening on port $p (its output: $guest.oracle-server)"
	tail -n 5 "$guest.oracle-server" | sed 's/^/#   /'
	exit 1
done
status=0
env "${env[@]}" timeout "$(head -n 1 "$casedir/timeout" 2>/dev/null || echo 120)" \
	"$casedir/client" >"$guest.oracle" 2>&1 </dev/null || status=$?
for _ in $(seq 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.2; done
if [ "$status" != 0 ]; then
	echo "# the client failed against the oracle (exit $status; transcript: $guest.oracle)"
	tail -n 5 "$guest.oracle" | sed 's/^/#   /'
	exit 1
fi
if ! diff "$guest.oracle" "$guest" >"$tmp/diff"; then
	echo "# the transcript differs from the oracle's ($(grep -c '^[<>]' "$tmp/diff") lines; < oracle, > guest):"
	head -n 10 "$tmp/diff" | sed 's/^/#   /'
	exit 1
fi
echo "# the transcript ($(wc -l <"$guest") lines) equals the oracle's: $cmd"
