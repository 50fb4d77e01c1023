#!/usr/bin/env bash
# An app's config fragment cannot switch UKL off or change a variant's options: one clear error.
. "$(dirname "$0")/../../scripts/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for line in '# CONFIG_UNIKERNEL_LINUX is not set' 'CONFIG_UNIKERNEL_LINUX_BYPASS=n' \
	'CONFIG_UNIKERNEL_LINUX_TRIGGER="/sbin/init"'; do
	printf 'CONFIG_KCMP=y\n%s\n' "$line" >"$tmp/app.config"
	name=$(sed -nE 's/^(# )?(CONFIG_[A-Z_]+).*/\2/p' <<<"$line")
	rc=0
	out=$("$UKL_TOP/scripts/build-kernel.sh" ukl --config-only --obj "$tmp/obj" \
		--app-config "$tmp/app.config" --app-id owned 2>&1 >/dev/null) || rc=$?
	echo "$out" | sed 's/^/# /'
	[ "$rc" != 0 ] || { echo "# '$line' was accepted"; exit 1; }
	grep -q "error: $tmp/app.config sets $name, which only the variants" <<<"$out" ||
		{ echo "# the error does not name $name"; exit 1; }
	[ "$(grep -c 'error:' <<<"$out")" = 1 ] || { echo "# expected one error line"; exit 1; }
	[ ! -e "$tmp/obj/.config" ] || { echo "# a config was written"; exit 1; }
done
