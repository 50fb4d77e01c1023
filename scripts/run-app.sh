#!/usr/bin/env bash
# Build an app for a variant and boot it; exits with the app's status.
#
#   run-app.sh <app> <variant> [run-qemu.sh options...]
. "$(dirname "$0")/lib.sh"

app=${1:-}
variant=${2:-}
shift 2 || die "usage: run-app.sh <app> <variant> [run-qemu options]"
env_file=$("$UKL_TOP/scripts/build-ukl.sh" "$app" "$variant")
# shellcheck disable=SC1090
. "$env_file"
opts=(--kernel "$KERNEL" --init "$INIT")
[ -z "${INITRD:-}" ] || opts+=(--initrd "$INITRD")
exec "$UKL_TOP/scripts/run-qemu.sh" "${opts[@]}" "$@"
