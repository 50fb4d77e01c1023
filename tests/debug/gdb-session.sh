#!/usr/bin/env bash
# make debug: gdb stops in the app's main, steps into a system call, backtraces across kernel and app, and continues to the exit.
. "$(dirname "$0")/../../scripts/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# After the stop at main (debug-app.sh): stop in glibc's write, single-step
# the app's instructions until the jump into the kernel's entry, then stop
# in the kernel's body of write(2), reached from the app, and backtrace.
cat >"$tmp/script.gdb" <<'EOF'
echo @@main\n
bt 1
hbreak __libc_write
continue
delete
set $n = 0
while $pc < 0xffff800000000000 && $n < 200
  stepi
  set $n = $n + 1
end
echo @@entry\n
x/i $pc
info registers cs
hbreak ksys_write
continue
delete
echo @@body\n
bt
echo @@continue\n
continue
EOF
fail=0
for variant in ukl bypass; do
	out=$("$UKL_TOP/scripts/debug-app.sh" hello "$variant" --batch "$tmp/script.gdb" 2>&1) ||
		{ echo "# debug-app.sh failed ($variant)"; fail=1; }
	sed 's/^/# /' <<<"$out" | grep -v '^# *$' | tail -n 40
	part() { sed -n "/^@@$1\$/,/^@@/p" <<<"$out"; }
	part main | grep -qE '^#0 +main \(.*hello\.c:[0-9]+' ||
		{ echo "# ($variant) did not stop in main"; fail=1; }
	part entry | grep -qE '<ukl_(syscall_entry|bypass_write)>:' ||
		{ echo "# ($variant) stepping did not enter the kernel's UKL entry"; fail=1; }
	part entry | grep -qE '^cs +0x10 ' || { echo "# ($variant) not at CPL 0 in the entry"; fail=1; }
	body=$(part body)
	grep -qE '^#0 .*ksys_write' <<<"$body" || { echo "# ($variant) not stopped in ksys_write"; fail=1; }
	grep -qE '^#[0-9]+ .*(__libc_write|_IO_[a-z_]*write)' <<<"$body" &&
		grep -qE '^#[0-9]+ .* main \(' <<<"$body" ||
		{ echo "# ($variant) the backtrace does not reach the app's main"; fail=1; }
	part continue | grep -qE 'Remote connection closed|exited|Remote communication error' ||
		{ echo "# ($variant) the app did not run to its end"; fail=1; }
done
exit "$fail"
