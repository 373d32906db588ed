#!/usr/bin/env bash
# Builds the benchmarks and compares every kernel's throughput across the instruction sets of this
# machine. Prints a table (ns/element per ISA, speedup over scalar, speed relative to memcpy) after
# Google Benchmark's own progress lines, saves the raw JSON to results/throughput.json and draws
# results/throughput.png. Installs missing Debian packages first.
#   scripts/throughput.sh [--kernels=a,b] [--isas=avx2,scalar] [--types=f32] [--sizes=4096,65536]
#                         [--threads=1,2] [Google Benchmark flags]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/install-deps.sh --plot
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DSIMDACT_BUILD_TESTS=OFF >/dev/null
cmake --build build/bench -j2 --target simdact_bench
mkdir -p results
# Google Benchmark 1.7 takes --benchmark_min_time as plain seconds (no "s" suffix).
build/bench/bench/simdact_bench --benchmark_min_time=0.2 \
  --benchmark_out=results/throughput.json --benchmark_out_format=json "$@"
scripts/plot-throughput.sh results/throughput.json results/throughput.png
echo "raw results: $root/results/throughput.json"
