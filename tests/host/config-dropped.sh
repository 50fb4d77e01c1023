#!/usr/bin/env bash
# A requested config option that Kconfig drops fails the build, naming it.
. "$(dirname "$0")/../../scripts/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# virtio-blk needs the block layer, which the base config leaves out.
printf 'CONFIG_VIRTIO_BLK=y\n' >"$tmp/needs-block.config"
rc=0
out=$("$UKL_TOP/scripts/build-kernel.sh" stock --config-only --obj "$tmp/obj" \
	--app-config "$tmp/needs-block.config" --app-id needs-block 2>&1 >/dev/null) || rc=$?
echo "$out" | sed 's/^/# /'
[ "$rc" != 0 ] || { echo "# the build accepted a dropped option"; exit 1; }
grep -q "error: Kconfig dropped requested options: CONFIG_VIRTIO_BLK=y (final: n)" <<<"$out" ||
	{ echo "# the error does not name CONFIG_VIRTIO_BLK"; exit 1; }
[ "$(grep -c 'error:' <<<"$out")" = 1 ] || { echo "# expected one error line"; exit 1; }
