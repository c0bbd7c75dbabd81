#!/usr/bin/env bash
# Fetches what the bench needs into bench/.deps, without changing the
# machine's apt configuration (no multiarch): the arm64 builds of the peer
# libraries, unpacked into a sysroot, and qemu's TCG plugin header from
# Debian's qemu source package. A private apt state reads the same mirror and
# suites as the machine's own sources. Idempotent: quiet and fast when done.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
deps=$here/.deps
PEERS=(libxnnpack-dev libxnnpack0 libpthreadpool0 libpthreadpool-dev
       libcpuinfo0 libcpuinfo-dev libgemmlowp-dev)
qemu_version=$(dpkg-query -W -f='${Version}' qemu-user)
want="${PEERS[*]} qemu $qemu_version"
if [ -f "$deps/stamp" ] && [ "$(cat "$deps/stamp")" = "$want" ]; then
  exit 0
fi
echo "bench/setup: fetching arm64 peers and the qemu plugin header into $deps"
rm -rf "$deps"
apt_dir=$deps/apt
mkdir -p "$apt_dir"/{state/lists/partial,cache/archives/partial,sources,preferences} \
         "$deps/debs" "$deps/sysroot" "$deps/include" "$deps/src"
touch "$apt_dir/state/status"

# The machine's Debian mirror for its release and -updates (not -security).
. /etc/os-release
targets=$(apt-get indextargets --no-release-info \
  --format '$(REPO_URI) $(RELEASE)' 'Created-By: Packages' |
  awk -v a="$VERSION_CODENAME" -v b="$VERSION_CODENAME-updates" \
      '$2 == a || $2 == b' | sort -u)
[ -n "$targets" ] || { echo "bench/setup: no $VERSION_CODENAME source configured"; exit 1; }
cat >"$apt_dir/sources/debian.sources" <<SOURCES
Types: deb deb-src
URIs: $(cut -d' ' -f1 <<<"$targets" | sort -u | tr '\n' ' ')
Suites: $(cut -d' ' -f2 <<<"$targets" | sort -u | tr '\n' ' ')
Components: main
Architectures: arm64
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
apt=(apt-get -qq
  -o Dir::State="$apt_dir/state" -o Dir::State::status="$apt_dir/state/status"
  -o Dir::Cache="$apt_dir/cache" -o Dir::Etc::SourceList=/dev/null
  -o Dir::Etc::SourceParts="$apt_dir/sources"
  -o Dir::Etc::Preferences=/dev/null
  -o Dir::Etc::PreferencesParts="$apt_dir/preferences"
  -o APT::Architecture=arm64 -o APT::Architectures=arm64
  -o APT::Sandbox::User="$(id -un)")
"${apt[@]}" update
(cd "$deps/debs" && "${apt[@]}" download "${PEERS[@]}")
for deb in "$deps"/debs/*.deb; do
  dpkg-deb -x "$deb" "$deps/sysroot"
done

# qemu-plugin.h from the source package of the installed qemu's upstream
# version (the epoch and the Debian revision aside).
upstream() { sed -E 's/^[0-9]+://; s/-[^-]*$//' <<<"$1"; }
(cd "$deps/src" && "${apt[@]}" source --download-only qemu)
dsc=$(ls "$deps"/src/qemu_*.dsc)
source_version=$(sed -n 's/^Version: //p' "$dsc")
if [ "$(upstream "$source_version")" != "$(upstream "$qemu_version")" ]; then
  echo "bench/setup: qemu source $source_version does not match qemu-user $qemu_version"
  exit 1
fi
orig=$(ls "$deps"/src/qemu_*.orig.tar.*)
tar -xf "$orig" -C "$deps/include" --wildcards --strip-components=3 \
  '*/include/qemu/qemu-plugin.h'
echo "$source_version" >"$deps/include/qemu-plugin.version"
rm -rf "$apt_dir" "$deps/src"
echo "$want" >"$deps/stamp"
