#!/bin/sh
# Installs the Debian packages auditkit needs to build, test and benchmark.
# As root it installs whatever is missing; as anyone else it names the
# command to run. One list, used by `make check`, `make demo` and .ci/run.
set -eu

here=$(dirname "$0")
pkgs=$(sed -e 's/#.*//' "$here/debian-packages.txt" | tr -s ' \n' ' ')

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "auditkit: missing Debian packages:$missing" >&2
	echo "auditkit: run as root: apt-get install$missing   (or make NODEPS=1 to skip this check)" >&2
	exit 1
fi
echo "auditkit: installing Debian packages:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null
