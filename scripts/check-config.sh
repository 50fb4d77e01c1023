#!/usr/bin/env bash
# Fail when an option requested by the config fragments is not what the
# final .config holds (Kconfig silently drops options whose dependencies are
# missing). Later fragments override earlier ones, as in merge_config.sh.
#
#   check-config.sh <.config> <fragment>...
. "$(dirname "$0")/lib.sh"

config=${1:-}
shift || true
[ -f "$config" ] || die "usage: check-config.sh <.config> <fragment>..."
allow=$UKL_TOP/configs/allowlist

# "NAME=value" for every request, the last one per name winning.
requested=$(awk '
	/^CONFIG_[A-Za-z0-9_]+=/ { n = $0; sub(/=.*/, "", n); v = $0; sub(/^[^=]*=/, "", v); req[n] = v; order[n] = NR + FNR * 0 + (++k) }
	/^# CONFIG_[A-Za-z0-9_]+ is not set/ { req[$2] = "n"; order[$2] = ++k }
	END { for (n in req) print order[n], n "=" req[n] }' "$@" | sort -n | cut -d' ' -f2-)

dropped=()
while IFS= read -r line; do
	name=${line%%=*}
	want=${line#*=}
	have=$(sed -n "s/^$name=//p" "$config")
	[ -n "$have" ] || have=n
	[ "$have" = "$want" ] && continue
	grep -qE "^$name([[:space:]]|$)" "$allow" 2>/dev/null && continue
	dropped+=("$name=$want (final: $have)")
done <<<"$requested"
[ "${#dropped[@]}" = 0 ] || die "Kconfig dropped requested options: ${dropped[*]};" \
	"fix their dependencies in the fragment or list them in configs/allowlist with a reason"
