#!/bin/bash
# tests/mta/exim-unpack.sh [DIR]: put Debian's real Exim binary in DIR
# (default /opt/backstop-exim) for tests/mta/0300-exim.sh, beside Postfix.
#
# Debian's exim4 packages conflict with postfix, so Exim is not installed:
# its package is downloaded (apt-get download) and unpacked (dpkg-deb -x),
# its run-time libraries are installed, the binary is made setuid root (it
# must be, to deliver as the user) and the system user Debian-exim that it
# is built for is added.  Needs root and apt; run by .ci/run, never by the
# tests themselves (they only look for DIR/usr/sbin/exim4).
set -euo pipefail
dir=${1:-/opt/backstop-exim}
pkg=exim4-daemon-light

[ "$(id -u)" = 0 ] || { echo "exim-unpack: needs root" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# apt-get download writes as the _apt user.
chown _apt "$tmp" 2>/dev/null || chmod 777 "$tmp"
(cd "$tmp" && apt-get download -qq "$pkg")
deb=$(echo "$tmp"/${pkg}_*.deb)
[ -f "$deb" ] || { echo "exim-unpack: apt-get download $pkg gave nothing" >&2; exit 1; }

# Its libraries: the Depends field, first alternative of each, without
# versions, less the packages that are Exim itself or its configuration.
libs=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/[[:space:]]//g' |
	grep -Ev '^(exim4-base|debconf|debconf-2\.0|)$')
# shellcheck disable=SC2086 # a list of package names
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $libs >/dev/null

rm -rf "$dir"
mkdir -p "$dir"
dpkg-deb -x "$deb" "$dir"
chown root:root "$dir/usr/sbin/exim4"
chmod 4755 "$dir/usr/sbin/exim4"
if ! id Debian-exim >/dev/null 2>&1; then
	useradd --system --user-group --no-create-home --home-dir /nonexistent \
		--shell /usr/sbin/nologin Debian-exim
fi
echo "exim-unpack: $dir/usr/sbin/exim4, $pkg $(dpkg-deb -f "$deb" Version)"
