#!/usr/bin/env bash
# Resolve an APP value (a name in apps/ or a directory path) to a directory.
. "$(dirname "$0")/lib.sh"

app=${1:-}
[ -n "$app" ] || die "APP is empty; give the name of an app in apps/ or a directory"
dir=$UKL_TOP/apps/$app
case "$app" in */* | .*) dir=$app ;; esac
[ -d "$dir" ] || [ ! -d "$app" ] || dir=$app
if [ ! -d "$dir" ] || [ "$(basename "$dir")" = common ]; then
	known=$(cd "$UKL_TOP/apps" && ls -d -- */ | tr -d / | grep -vx common | paste -sd' ')
	die "unknown APP '$app': not an app in apps/ ($known) and not a directory"
fi
cd "$dir" && pwd
