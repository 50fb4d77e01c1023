#!/usr/bin/env bash
# Build an app for a variant and boot it; exits with the app's status.
#
#   run-app.sh <app> <variant> [run-qemu.sh options...]
#
# $UKL_INIT_APP, if set, names a ring-3 init app (hybrid layout).
. "$(dirname "$0")/lib.sh"

app=${1:-}
variant=${2:-}
shift 2 || die "usage: run-app.sh <app> <variant> [run-qemu options]"
env_file=$("$UKL_TOP/scripts/build-ukl.sh" "$app" "$variant" "${UKL_INIT_APP:-}")
exec "$UKL_TOP/scripts/run-qemu.sh" --boot "$env_file" "$@"
