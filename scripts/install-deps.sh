#!/usr/bin/env bash
# Installs what simdact needs on a fresh Debian 12 machine; safe to run again (only missing parts
# are fetched). xsimd >= 13 and Catch2 3 are newer than bookworm's own packages, so they come from
# trixie and bookworm-backports under apt pins that keep every other package on bookworm.
#
#   scripts/install-deps.sh            host toolchain, xsimd, Catch2, Google Benchmark
#   scripts/install-deps.sh --neon     also the aarch64 cross toolchain, qemu and arm64 Catch2
#   scripts/install-deps.sh --plot     also gnuplot and jq (for the throughput report's PNG)
#   scripts/install-deps.sh --fuzz     also clang with libFuzzer and its OpenMP runtime
set -euo pipefail
want_neon=0; want_plot=0; want_fuzz=0
for arg in "$@"; do
  case "$arg" in
    --neon) want_neon=1 ;;
    --plot) want_plot=1 ;;
    --fuzz) want_fuzz=1 ;;
    *) echo "install-deps.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

export DEBIAN_FRONTEND=noninteractive
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
here=$(cd "$(dirname "$0")/.." && pwd)
arm64_root="$here/.deps/arm64"

missing() {  # prints the packages of "$@" that dpkg does not report as installed
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed' || echo "$p"
  done
}

add_pinned_suites() {
  local src=/etc/apt/sources.list.d/simdact-extra.sources
  local pref=/etc/apt/preferences.d/simdact-extra
  [ -f "$src" ] && [ -f "$pref" ] && return 0
  $sudo_cmd tee "$src" >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
Suites: trixie bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  $sudo_cmd tee "$pref" >/dev/null <<'PREF'
Package: *
Pin: release n=trixie
Pin-Priority: -1

Package: *
Pin: release n=bookworm-backports
Pin-Priority: -1

Package: libxsimd-dev xtl-dev
Pin: release n=trixie
Pin-Priority: 990

Package: libcatch2-dev
Pin: release n=bookworm-backports
Pin-Priority: 990
PREF
  apt_updated=0
}

apt_updated=0
apt_install() {
  [ $# -gt 0 ] || return 0
  if [ "$apt_updated" = 0 ]; then $sudo_cmd apt-get update -qq; apt_updated=1; fi
  $sudo_cmd apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

base_pkgs=(g++ cmake ninja-build ccache make pkg-config libbenchmark-dev libgomp1 libxsimd-dev xtl-dev libcatch2-dev)
[ "$want_neon" = 1 ] && base_pkgs+=(g++-aarch64-linux-gnu qemu-user)
[ "$want_plot" = 1 ] && base_pkgs+=(gnuplot-nox jq)
[ "$want_fuzz" = 1 ] && base_pkgs+=(clang libclang-rt-14-dev libomp-14-dev)

mapfile -t todo < <(missing "${base_pkgs[@]}")
# Catch2 must be 3.x: bookworm's own libcatch2-dev is absent, but guard against any 2.x leftover.
if [ ${#todo[@]} -eq 0 ] && ! dpkg --compare-versions "$(dpkg-query -W -f='${Version}' libcatch2-dev)" ge 3; then
  todo+=(libcatch2-dev)
fi
if [ ${#todo[@]} -gt 0 ]; then
  add_pinned_suites
  apt_install "${todo[@]}"
fi

if [ "$want_neon" = 1 ] && [ ! -f "$arm64_root/usr/lib/aarch64-linux-gnu/libCatch2Main.a" ]; then
  # Installing libcatch2-dev:arm64 would remove the amd64 copy (same files), so the arm64 build
  # takes its headers and static libraries from the unpacked .deb instead.
  tmp=$(mktemp -d)
  aptdir="$tmp/apt"; mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
  cat > "$tmp/apt.conf" <<CONF
APT::Architecture "arm64";
APT::Architectures "arm64";
Dir::State::Lists "$aptdir/lists";
Dir::Cache "$aptdir/cache";
Dir::Etc::SourceList "$tmp/sources.list";
Dir::Etc::SourceParts "/nonexistent";
Dir::Etc::Preferences "/nonexistent";
Dir::Etc::PreferencesParts "/nonexistent";
CONF
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-backports main" > "$tmp/sources.list"
  APT_CONFIG="$tmp/apt.conf" apt-get -o APT::Sandbox::User=root update -qq 2>/dev/null
  (cd "$tmp" && APT_CONFIG="$tmp/apt.conf" apt-get -o APT::Sandbox::User=root download -qq libcatch2-dev:arm64)
  mkdir -p "$arm64_root"
  dpkg-deb -x "$tmp"/libcatch2-dev_*_arm64.deb "$arm64_root"
  rm -rf "$tmp"
fi
echo "install-deps.sh: dependencies present"
