#!/usr/bin/env bash
# The host check installs missing packages as root, prints the apt-get line otherwise, and catches disk, QEMU and localhost trouble.
. "$(dirname "$0")/../../scripts/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fake=$tmp/bin
mkdir -p "$fake"
# dpkg-query: every package is installed except those in $MISSING.
cat >"$fake/dpkg-query" <<'EOF'
#!/bin/sh
shift 2	# -W -f=...
for p; do
	case " $MISSING " in *" $p "*) echo "$p not-installed" ;; *) echo "$p installed" ;; esac
done
EOF
# apt-get: records its arguments; fails when $APT_FAILS is set.
cat >"$fake/apt-get" <<'EOF'
#!/bin/sh
echo "$*" >>"$APT_LOG"
[ -z "$APT_FAILS" ] || { echo "E: Unable to locate package $APT_FAILS"; exit 100; }
EOF
cat >"$fake/id" <<'EOF'
#!/bin/sh
echo "$FAKE_UID"
EOF
chmod +x "$fake"/*
run() { # expected-rc, then env assignments; leaves $out (stderr) and $rc
	local want=$1
	shift
	rc=0
	out=$(env PATH="$fake:$PATH" APT_LOG="$tmp/apt.log" "$@" \
		"$UKL_TOP/scripts/check-host.sh" 2>&1 >/dev/null) || rc=$?
	sed 's/^/#   /' <<<"$out"
	[ "$rc" = "$want" ] || { echo "# exit status $rc, expected $want"; exit 1; }
}

echo "# not root, bison and gawk missing:"
run 1 FAKE_UID=1000 MISSING="bison gawk"
grep -qx '  apt-get install --no-install-recommends bison gawk' <<<"$out" ||
	{ echo "# the apt-get line is not there"; exit 1; }
[ ! -f "$tmp/apt.log" ] || { echo "# apt-get ran without root"; exit 1; }

echo "# root, bison and gawk missing:"
run 0 FAKE_UID=0 MISSING="bison gawk"
[ "$(wc -l <<<"$out")" = 1 ] && grep -q 'installing 2 missing Debian package(s): bison gawk' <<<"$out" ||
	{ echo "# not one progress line"; exit 1; }
printf 'update -q\ninstall -y -q --no-install-recommends bison gawk\n' | cmp -s - "$tmp/apt.log" ||
	{ echo "# apt-get was run as: $(paste -sd';' "$tmp/apt.log")"; exit 1; }

echo "# root, apt-get fails:"
run 1 FAKE_UID=0 MISSING="bison" APT_FAILS=bison
grep -q 'error: apt-get could not install bison' <<<"$out" || { echo "# unclear error"; exit 1; }

echo "# everything installed:"
run 0 FAKE_UID=1000 MISSING=""
[ -z "$out" ] || { echo "# the check was not silent"; exit 1; }

echo "# a full disk:"
cat >"$fake/df" <<'EOF'
#!/bin/sh
printf 'Filesystem 1024-blocks Used Available Capacity Mounted\n/dev/x 100000000 99000000 1048576 99%% /\n'
EOF
chmod +x "$fake/df"
run 1 FAKE_UID=1000 MISSING="" UKL_BUILD="$tmp/new-build"
grep -q "error: only 1 GiB free for $tmp/new-build (the build directory); need at least 12 GiB" <<<"$out" ||
	{ echo "# the disk check did not say so"; exit 1; }
rm "$fake/df"

echo "# a QEMU that does not start:"
cat >"$fake/qemu-system-x86_64" <<'EOF'
#!/bin/sh
echo "qemu-system-x86_64: error while loading shared libraries: libfoo.so.1" >&2
exit 127
EOF
chmod +x "$fake/qemu-system-x86_64"
run 1 FAKE_UID=1000 MISSING=""
grep -q 'error: qemu-system-x86_64 does not start: .*libfoo' <<<"$out" || { echo "# unclear error"; exit 1; }
[ "$(grep -c error <<<"$out")" = 1 ] || { echo "# not one error line"; exit 1; }
rm "$fake/qemu-system-x86_64"

echo "# no name for localhost (a bare root without /etc/hosts):"
printf '#!/bin/sh\nexit 2\n' >"$fake/getent"
chmod +x "$fake/getent"
run 1 FAKE_UID=1000 MISSING=""
grep -q "error: the name localhost does not resolve: add '127.0.0.1 localhost' to /etc/hosts" <<<"$out" ||
	{ echo "# unclear error"; exit 1; }
