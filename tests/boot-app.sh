#!/usr/bin/env bash
# Boot one app in one variant and check what it observed.
#
#   boot-app.sh <app> <variant>
#
# The app directory may hold: args (arguments, one line), status (expected
# exit status, default 0), expected (lines that must appear in order; see
# check-output.sh), timeout (seconds, default 120), qemu (extra
# run-qemu.sh options, one line) and init-app (a ring-3 init, relative to
# the repository, that starts the app through /ukl: the hybrid layout).
. "$(dirname "$0")/../scripts/lib.sh"

app=${1:-}
variant=${2:-}
appdir=$("$UKL_TOP/scripts/app-dir.sh" "$app")
name=$(basename "$appdir")
read_opt() { [ -f "$appdir/$1" ] && head -n1 "$appdir/$1" || echo "$2"; }

init_app=$(read_opt init-app "")
[ -z "$init_app" ] || init_app=$UKL_TOP/$init_app
env_file=$("$UKL_TOP/scripts/build-ukl.sh" "$appdir" "$variant" "$init_app") || exit 1
name=$(basename "$(dirname "$env_file")")
# shellcheck disable=SC1090
. "$env_file"
release=$(sed -n 's/^linux [^ ]* (\(.*\))$/\1/p' "$(dirname "$env_file")/versions.txt")

logdir=$UKL_BUILD/tests
mkdir -p "$logdir"
log=$logdir/$variant-$name.log
opts=(--kernel "$KERNEL" --init "$INIT" --log "$log" --timeout "$(read_opt timeout 120)"
	--args "$(read_opt args "")")
[ -z "${INITRD:-}" ] || opts+=(--initrd "$INITRD")
read -r -a extra <<<"$(read_opt qemu "")"
status=0
"$UKL_TOP/scripts/run-qemu.sh" "${opts[@]}" "${extra[@]}" >/dev/null 2>"$log.stderr" || status=$?
expected=$appdir/expected
[ -f "$expected" ] || expected=/dev/null
"$UKL_TOP/tests/check-output.sh" "$log" "$status" "$expected" "$(read_opt status 0)" \
	"$variant" "$release"
