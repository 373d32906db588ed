#!/usr/bin/env bash
# Installs simdact from an existing build and builds+runs a small consumer three ways:
# find_package on the install, add_subdirectory of the source tree, and pkg-config flags.
#   scripts/check-packaging.sh BUILD_DIR WORK_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$1; work=$2
rm -rf "$work"; mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" >/dev/null

cmake -S "$root/tests/consumers" -B "$work/find_package" -G Ninja -DSIMDACT_CONSUME=find_package \
  -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/find_package" >/dev/null
"$work/find_package/consumer"

cmake -S "$root/tests/consumers" -B "$work/add_subdirectory" -G Ninja -DSIMDACT_CONSUME=add_subdirectory \
  -DSIMDACT_SOURCE_DIR="$root" >/dev/null
cmake --build "$work/add_subdirectory" -j2 >/dev/null
"$work/add_subdirectory/consumer"

export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
# shellcheck disable=SC2046
g++ -std=c++17 "$root/tests/consumers/main.cpp" -o "$work/pkgconfig_consumer" $(pkg-config --cflags --libs simdact)
"$work/pkgconfig_consumer"
echo "packaging: find_package, add_subdirectory and pkg-config consumers built and ran"
