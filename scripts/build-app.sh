#!/usr/bin/env bash
# Build an app as one static program against the pipeline's glibc and print
# the path of its record, app.env (APP_ID, APP_DIR, APP_BUILD (the build
# directory), PROGRAM, UPSTREAM, and the toolchain's record: FLAVOUR,
# GLIBC_VERSION, ...).
#
#   build-app.sh <app> <stock|ukl>      (the glibc flavour)
#
# <app> is the name of a directory in apps/ or a path to any directory that
# holds either
#   - C and C++ sources (*.c, *.cc, *.cpp) for one program, or
#   - a Makefile that honours CC, CXX, CFLAGS, CXXFLAGS, LDFLAGS and LDLIBS
#     and builds one static program, or names it in a file "program" (a
#     path below the build directory) when it builds more.
# An app built from an upstream release names its row of pins.txt in a
# file "upstream": the tarball is fetched and verified as the kernel's is,
# unpacked into upstream-src/ in the build directory, and the app's *.patch
# files are applied to it in name order, with no fuzz (git apply).
# The directory is copied to build/apps/<flavour>/<app id>/ and built there,
# so a user's directory never gets build products (app_id in lib.sh).
. "$(dirname "$0")/lib.sh"

app=${1:-}
flavour=${2:-}
[ -n "$app" ] || die "usage: build-app.sh <app> <stock|ukl>"
appdir=$("$UKL_TOP/scripts/app-dir.sh" "$app")
name=$(basename "$appdir")
id=$(app_id "$appdir")
case "$flavour" in
stock | ukl) ;;
*) die "unknown glibc flavour '$flavour' (stock or ukl)" ;;
esac

# The wrappers compile and link against the pipeline's glibc only (see
# make-toolchain.sh); they add -static -no-pie.
tc=$("$UKL_TOP/scripts/make-toolchain.sh" "$flavour")
cflags="-O2 -g -Wall -I$UKL_TOP/apps/common"
ldflags=

out=$UKL_BUILD/apps/$flavour/$id
mkdir -p "$out"
# Copy the sources, keeping timestamps so that make stays incremental.
tar -C "$appdir" --exclude=.git -cf - . | tar -C "$out" -xpf -
program=$out/$name.elf

upstream=''
if [ -f "$appdir/upstream" ]; then
	source_name=$(head -n 1 "$appdir/upstream")
	read -r tarball version < <("$UKL_TOP/scripts/fetch-source.sh" "$source_name") ||
		die "app '$name': could not fetch its upstream source '$source_name'"
	upstream="$source_name $version"
	mapfile -t patches < <(find "$appdir" -maxdepth 1 -name '*.patch' | sort)
	want=$(hash_of "$tarball" "${patches[@]}")
	# Unpacked once per tarball and patch set; the tree then builds incrementally.
	if [ "$(cat "$out/upstream-src/.ukl-unpacked" 2>/dev/null)" != "$want" ]; then
		step UNPACK "$(basename "$tarball") for app '$name'"
		rm -rf "$out/upstream-src"
		mkdir -p "$out/upstream-src"
		tar -xf "$tarball" -C "$out/upstream-src" --strip-components=1
		for p in "${patches[@]}"; do
			# Not as part of any repository the build directory is in.
			(cd "$out/upstream-src" && GIT_CEILING_DIRECTORIES=$out git apply --whitespace=nowarn "$p") ||
				die "app '$name': $(basename "$p") does not apply to $source_name $version"
		done
		echo "$want" >"$out/upstream-src/.ukl-unpacked"
	fi
fi

if [ -f "$out/Makefile" ]; then
	step APP "$id ($flavour): make"
	run_with_progress "app $id ($flavour)" "$out/build.log" make -C "$out" -j"$UKL_JOBS" \
		CC="$tc/cc" CXX="$tc/c++" CFLAGS="$cflags" CXXFLAGS="$cflags" LDFLAGS="$ldflags" LDLIBS="" ||
		die "building app '$name' with its Makefile failed"
	if [ -f "$appdir/program" ]; then
		progs=("$out/$(head -n 1 "$appdir/program")")
		[ -f "${progs[0]}" ] || die "app '$name': its Makefile did not build" \
			"$(head -n 1 "$appdir/program") (named in its file 'program')"
	else
		# The product is the one static executable in the tree that is not ours.
		mapfile -t progs < <(find "$out" -type f -perm -u+x ! -name '*.elf' ! -name '*.sh' \
			-exec sh -c 'file -b "$1" | grep -q "ELF 64-bit LSB executable"' _ {} \; -print)
		[ "${#progs[@]}" = 1 ] || die "app '$name': its Makefile must build exactly one" \
			"program (or name it in a file 'program'), found ${#progs[@]}: ${progs[*]:-none}"
	fi
	file -b "${progs[0]}" | grep -q "statically linked" ||
		die "app '$name': ${progs[0]#"$out"/} is not statically linked (use \$(LDFLAGS))"
	cp "${progs[0]}" "$program.tmp"
else
	mapfile -t csrc < <(find "$out" -maxdepth 1 -name '*.c' | sort)
	mapfile -t cxxsrc < <(find "$out" -maxdepth 1 \( -name '*.cc' -o -name '*.cpp' \) | sort)
	[ "$((${#csrc[@]} + ${#cxxsrc[@]}))" -gt 0 ] ||
		die "app '$name' ($appdir) has neither C or C++ sources nor a Makefile"
	step APP "$id ($flavour): ${#csrc[@]} C and ${#cxxsrc[@]} C++ file(s)"
	if [ "${#cxxsrc[@]}" = 0 ]; then
		# shellcheck disable=SC2086
		run_logged "$out/build.log" "$tc/cc" $cflags -o "$program.tmp" "${csrc[@]}" ||
			die "compiling app '$name' failed"
	else
		# C with the C compiler, C++ with the C++ one, linked as C++.
		objs=()
		for src in "${csrc[@]}" "${cxxsrc[@]}"; do
			compiler=$tc/c++
			[ "${src%.c}" = "$src" ] || compiler=$tc/cc
			# shellcheck disable=SC2086
			run_logged "$out/build.log" "$compiler" $cflags -c -o "${src%.*}.o" "$src" ||
				die "compiling app '$name' failed ($(basename "$src"))"
			objs+=("${src%.*}.o")
		done
		run_logged "$out/build.log" "$tc/c++" -o "$program.tmp" "${objs[@]}" ||
			die "linking app '$name' failed"
	fi
fi
mv "$program.tmp" "$program"
{
	printf 'APP_ID=%s\nAPP_DIR=%s\nAPP_BUILD=%s\nPROGRAM=%s\nUPSTREAM=%s\n' "$id" "$appdir" \
		"$out" "$program" "$upstream"
	cat "$tc/toolchain.env"
} >"$out/app.env.tmp"
mv "$out/app.env.tmp" "$out/app.env"
echo "$out/app.env"
