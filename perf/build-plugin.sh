#!/usr/bin/env bash
# Build perf/plugin/insn-count.c against the plugin API header of the QEMU
# release the host runs (its source is pinned in pins.txt) and print the
# path of the plugin.
#
#   build-plugin.sh
. "$(dirname "$0")/../scripts/lib.sh"

dir=$UKL_BUILD/plugin
plugin=$dir/insn-count.so
read -r tarball version <<<"$("$UKL_TOP/scripts/fetch-source.sh" qemu)" ||
	die "fetching the QEMU source (for its plugin header) failed"
host=$(qemu-system-x86_64 --version | sed -n '1s/.*version \([0-9]*\.[0-9]*\).*/\1/p')
[ "${version%%+*}" = "$host" ] ||
	die "the host runs QEMU $host, but pins.txt pins the QEMU $version source for the plugin header"
if [ ! -f "$plugin" ] || [ "$plugin" -ot "$UKL_TOP/perf/plugin/insn-count.c" ]; then
	mkdir -p "$dir/include"
	tar -xJf "$tarball" -C "$dir/include" --strip-components=3 --wildcards \
		'*/include/qemu/qemu-plugin.h' || die "no include/qemu/qemu-plugin.h in $tarball"
	step CC "perf/plugin/insn-count.c (QEMU $version plugin API)"
	gcc -shared -fPIC -O2 -Wall -Wextra -Wno-unused-parameter -I"$dir/include" \
		"$UKL_TOP/perf/plugin/insn-count.c" -o "$plugin.tmp" -pthread ||
		die "building the instruction-count plugin failed"
	mv "$plugin.tmp" "$plugin"
fi
echo "$plugin"
