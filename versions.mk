# Pinned upstream sources. Tarballs are the upstream *.orig.tar.* files of
# Debian source packages; scripts/fetch-source.sh fetches and verifies them.
#
# <NAME>_VERSION   upstream release we build against
# <NAME>_SHA256    sha256 of the pinned tarball
# <NAME>_SERIES    releases accepted as a fallback when the pinned one is gone
#                  from the archive (newest wins, with a loud warning)
# <NAME>_PACKAGES  Debian source packages that ship this upstream, tried in order

LINUX_VERSION  := 6.12.101
LINUX_SHA256   := ba6df356e6c9aeca8930556d2732eb502e168815a31269d74eb0d9d0c170fd89
LINUX_SERIES   := 6.12
LINUX_PACKAGES := linux linux-6.12

GLIBC_VERSION  := 2.41
GLIBC_SHA256   := f24aa441021121a79266f0d75242706cab8843a47901fefe74527491807f1998
GLIBC_SERIES   := 2.41
GLIBC_PACKAGES := glibc

# Debian suites whose source indexes are searched (private apt configuration;
# the system's apt lists are never touched).
DEBIAN_SUITES := bookworm bookworm-security trixie trixie-security sid
