#!/usr/bin/env bash
# Boot one app in one variant and check what it observed.
#
#   boot-app.sh <case> <variant>
#
# A case is a directory: an app directory, or a directory whose file "app"
# names the app (relative to the repository) and holds the expectations.
# It may hold: args (arguments, one line), status (expected
# exit status, default 0), expected (lines that must appear in order; see
# check-output.sh; expected.<variant> replaces it for that variant, and
# expected.ukl serves bypass too),
# timeout (seconds, default 120), qemu (extra
# run-qemu.sh options, one line) and init-app (a ring-3 init, relative to
# the repository, that starts the app through /ukl: the hybrid layout) and
# expect-panic (the point of the test is a kernel panic, e.g. a genuine
# double fault: kernel trouble in the log is then not an error) and
# initramfs (lines "<path> <app> <stock|ukl>": more programs for the
# initramfs, built with that C library's toolchain).
#
# UKL_BOOT_PHASE=build only builds (and keeps a private copy of the
# outputs), =boot only boots that copy and checks; the default does both.
. "$(dirname "$0")/../scripts/lib.sh"

case=${1:-}
variant=${2:-}
casedir=$("$UKL_TOP/scripts/app-dir.sh" "$case")
read_opt() { [ -f "$casedir/$1" ] && head -n1 "$casedir/$1" || echo "$2"; }
appdir=$casedir
[ ! -f "$casedir/app" ] || appdir=$UKL_TOP/$(read_opt app "")

name=$(basename "$casedir")
logdir=$UKL_BUILD/tests
log=$logdir/$variant-$name.log
# The build's outputs are copied for this test alone, so that later
# builds (cases of the same app share build/out/<variant>/<app>) cannot
# change them under a boot that runs in parallel (tests/run-tests.sh).
snap=$logdir/snap/$variant-$name
phase=${UKL_BOOT_PHASE:-all}	# build, boot or all
case "$phase" in build | boot | all) ;; *) die "UKL_BOOT_PHASE: build, boot or all" ;; esac
if [ "$phase" != boot ]; then
	extra=''
	if [ -f "$casedir/initramfs" ]; then
		while read -r dest app_extra toolchain; do
			[ -n "$dest" ] || continue
			case "$app_extra" in */*) app_extra=$UKL_TOP/$app_extra ;; esac
			program=$("$UKL_TOP/scripts/build-app.sh" "$app_extra" "$toolchain") || exit 1
			extra+="$dest $program"$'\n'
		done <"$casedir/initramfs"
	fi
	export UKL_INITRAMFS_FILES=$extra
	init_app=$(read_opt init-app "")
	[ -z "$init_app" ] || init_app=$UKL_TOP/$init_app
	env_file=$("$UKL_TOP/scripts/build-ukl.sh" "$appdir" "$variant" "$init_app") || exit 1
	out=$(dirname "$env_file")
	rm -rf "$snap"
	mkdir -p "$(dirname "$snap")"
	cp -a "$out" "$snap"
	sed -i "s|^\(KERNEL\|INITRD\)=$out/|\1=$snap/|" "$snap/boot.env"
	[ "$phase" = all ] || exit 0
fi
[ -f "$snap/boot.env" ] || die "$name ($variant) was not built (UKL_BOOT_PHASE=build first)"
release=$(sed -n 's/^linux [^ ]* (\(.*\))$/\1/p' "$snap/versions.txt")
opts=(--boot "$snap/boot.env" --log "$log" --timeout "$(read_opt timeout 120)"
	--args "$(read_opt args "")")
read -r -a extra <<<"$(read_opt qemu "")"
boot() {
	status=0
	"$UKL_TOP/scripts/run-qemu.sh" "${opts[@]}" "${extra[@]}" >/dev/null 2>"$log.stderr" || status=$?
}
boot
# A rare hang, seen under heavy host load only (about 1 boot in 200): the
# kernel starts init and then nothing more reaches the console, not even
# the app's first line. Not understood yet; boot once more, and say so.
if [ "$status" = 124 ] && ! sed '1,/Run .* as init process/d' "$log" | grep -q .; then
	mv "$log" "$log.hung"
	echo "# the boot hung before the app printed anything; booting once more (log: $log.hung)"
	boot
fi
# expected.<variant>, else expected.<libc> (bypass shares ukl's), else expected.
expected=$casedir/expected
libc=$(variant_libc "$variant") || exit 1
for v in "$libc" "$variant"; do
	[ ! -f "$casedir/expected.$v" ] || expected=$casedir/expected.$v
done
[ -f "$expected" ] || expected=/dev/null
UKL_EXPECT_TROUBLE=$([ -f "$casedir/expect-panic" ] && echo 1 || echo 0) \
	"$UKL_TOP/tests/check-output.sh" "$log" "$status" "$expected" "$(read_opt status 0)" \
	"$variant" "$release"
