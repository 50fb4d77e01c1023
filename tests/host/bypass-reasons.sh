#!/usr/bin/env bash
# Every call the bypass serves is named once, with its real body, and says why it is safe.
. "$(dirname "$0")/../../scripts/lib.sh"

"$UKL_TOP/scripts/prepare-tree.sh" linux >/dev/null 2>&1 || { echo "# prepare failed"; exit 1; }
src=$UKL_BUILD/src/linux
list=$src/arch/x86/include/asm/ukl-bypass.h
table=$src/arch/x86/entry/syscalls/syscall_64.tbl
[ -f "$list" ] || { echo "# no $list"; exit 1; }
fail=0 n=0
while IFS= read -r line; do
	n=$((n + 1))
	if [[ "$line" =~ ^UKL_BYPASS\(([a-z0-9_]+),\ \"(.*)\"\)$ ]]; then
		name=${BASH_REMATCH[1]} entry=${BASH_REMATCH[1]} why=${BASH_REMATCH[2]}
	elif [[ "$line" =~ ^UKL_BYPASS_AS\(([a-z0-9_]+),\ ([a-z0-9_]+),\ \"(.*)\"\)$ ]]; then
		name=${BASH_REMATCH[1]} entry=${BASH_REMATCH[2]} why=${BASH_REMATCH[3]}
	else
		echo "# not of the form UKL_BYPASS(name, \"why\"): $line"
		fail=1
		continue
	fi
	# The body must be the one the system call table gives the number.
	body=$(awk -v n="$name" '$2 != "x32" && $3 == n { print $4 }' "$table")
	[ -n "$body" ] || { echo "# $name is not an x86-64 system call"; fail=1; }
	[ -z "$body" ] || [ "$body" = "sys_$entry" ] ||
		{ echo "# $name: the table's body is $body, the list says sys_$entry"; fail=1; }
	[ "${#why}" -ge 20 ] || { echo "# $name: the reason is too short: \"$why\""; fail=1; }
done < <(grep '^UKL_BYPASS' "$list")
dups=$(grep -oE '^UKL_BYPASS(_AS)?\([a-z0-9_]*' "$list" | sed 's/.*(//' | sort | uniq -d)
[ -z "$dups" ] || { echo "# listed twice: $dups"; fail=1; }
echo "# $n bypassed system calls"
exit "$fail"
