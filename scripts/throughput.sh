#!/usr/bin/env bash
# Builds the benchmarks and compares every kernel's throughput across the instruction sets of this
# machine: a table of ns/element per ISA, speedup over scalar and speed relative to memcpy, plus the
# raw Google Benchmark JSON in results/throughput.json. Installs missing Debian packages first.
#   scripts/throughput.sh [Google Benchmark flags, e.g. --benchmark_filter='sigmoid/f32']
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_TESTS=OFF >/dev/null
cmake --build build/bench -j2 --target simdact_bench
mkdir -p results
# Google Benchmark 1.7 takes --benchmark_min_time as plain seconds (no "s" suffix).
build/bench/bench/simdact_bench --benchmark_min_time=0.2 \
  --benchmark_out=results/throughput.json --benchmark_out_format=json "$@"
echo "raw results: $root/results/throughput.json"
