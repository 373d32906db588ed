#!/usr/bin/env bash
# Builds simdact and runs its test suite on every instruction set this machine can reach:
#   x86-64 natively (scalar, AVX2, 16 emulated lanes; AVX-512 too if the CPU has it),
#   AVX-512 under the Bochs emulator (../shared/tools/run-avx512) when the CPU lacks it,
#   NEON cross-built for AArch64 and run under qemu-aarch64,
#   the suite under ASan+UBSan, the threading paths under ThreadSanitizer, and the installed package
#   from three kinds of consumer.
# Installs missing Debian packages first. A suite that cannot run here is reported SKIPPED.
#   scripts/test.sh [--native-only] [--build-dir DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build"
native_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --native-only) native_only=1 ;;
    --build-dir) build=$(realpath -m "$2"); shift ;;
    *) echo "test.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done
cd "$root"
if [ "$native_only" = 1 ]; then scripts/install-deps.sh; else scripts/install-deps.sh --neon --fuzz; fi

passed=0; failed=0; skipped=0
suite() {  # suite NAME COMMAND...: runs one suite and counts its outcome
  local name=$1; shift
  echo "==== $name"
  if "$@"; then passed=$((passed + 1)); echo "==== $name: passed"
  else failed=$((failed + 1)); echo "==== $name: FAILED"; fi
}
skip() { skipped=$((skipped + 1)); echo "==== $1: SKIPPED ($2)"; }
# The suites beyond the native two, named once for their runs and for their skips.
asan_suite="AddressSanitizer + UndefinedBehaviorSanitizer (clang)"
tsan_suite="ThreadSanitizer"
fuzz_suite="libFuzzer (public API vs scalar path)"
avx512_suite="AVX-512 (emulated Skylake-X)"
neon_suite="AArch64 NEON (qemu)"

cmake -S . -B "$build/x86" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build/x86" -j2
suite "x86-64 (native)" ctest --test-dir "$build/x86" --output-on-failure -j2
suite "packaging (find_package, add_subdirectory, pkg-config)" \
  scripts/check-packaging.sh "$build/x86" "$build/packaging"

if [ "$native_only" = 0 ]; then
  # The sanitizer builds: line tables only (-g1). Full debug info made GCC track variables through
  # the instrumented kernels (10 minutes for one translation unit instead of 2); stack traces still
  # name file and line.
  line_tables="-O2 -g1 -DNDEBUG"
  # AddressSanitizer + UndefinedBehaviorSanitizer over the whole suite (sparser sweeps: slower code),
  # built with clang so that the suite also runs under a second compiler (the native suite is GCC's).
  # The AVX-512 kernels are left out where this CPU cannot run them: the sanitized program could
  # only skip them (the emulator runs the uninstrumented static build instead).
  asan_avx512=ON
  grep -qw avx512bw /proc/cpuinfo || asan_avx512=OFF
  CC=clang CXX=clang++ cmake -S . -B "$build/asan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIMDACT_BUILD_BENCH=OFF \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$line_tables" -DCMAKE_C_FLAGS_RELWITHDEBINFO="$line_tables" \
    -DSIMDACT_ISA_AVX512=$asan_avx512 \
    -DSIMDACT_STATIC_TESTS=OFF -DSIMDACT_TEST_F32_STRIDE=4093 -DSIMDACT_TEST_F64_RANDOMS=200000 \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
    -DCMAKE_C_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" >/dev/null
  cmake --build "$build/asan" -j2
  suite "$asan_suite" \
    env LSAN_OPTIONS="suppressions=$root/tests/lsan-suppressions.txt" \
    ctest --test-dir "$build/asan" --output-on-failure -j2

  # ThreadSanitizer on the paths callers' own threads take (dispatch set-up, concurrent calls).
  # libgomp is not instrumented, so simdact's own OpenMP splitting is kept off here
  # (SIMDACT_NUM_THREADS=1); the native suite checks its results.
  cmake -S . -B "$build/tsan" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIMDACT_BUILD_BENCH=OFF \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$line_tables" \
    -DSIMDACT_STATIC_TESTS=OFF -DCMAKE_CXX_FLAGS="-fsanitize=thread" >/dev/null
  cmake --build "$build/tsan" -j2 --target simdact_tests
  suite "$tsan_suite" env SIMDACT_NUM_THREADS=1 TSAN_OPTIONS=halt_on_error=1 \
    "$build/tsan/tests/simdact_tests" "concurrent callers get the same bits as serial calls,[dispatch],[api]"

  # libFuzzer on the public API (clang; ASan+UBSan), at least 10^6 executions, seeded from the
  # corpus in tests/fuzz/corpus (new inputs go to a scratch directory, not the repository).
  CC=clang CXX=clang++ cmake -S . -B "$build/fuzz" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="$line_tables" \
    -DSIMDACT_BUILD_TESTS=OFF -DSIMDACT_BUILD_BENCH=OFF -DSIMDACT_BUILD_FUZZ=ON \
    -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" >/dev/null
  cmake --build "$build/fuzz" -j2
  fuzz() {
    rm -rf "$build/fuzz/new-corpus" && mkdir -p "$build/fuzz/new-corpus"
    KMP_BLOCKTIME=0 "$build/fuzz/tests/fuzz/simdact_fuzz_api" -runs=1000000 -max_total_time=1200 \
      -artifact_prefix="$build/fuzz/" "$build/fuzz/new-corpus" tests/fuzz/corpus 2>&1 | tee "$build/fuzz/log" | tail -n 3
    local runs
    runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$build/fuzz/log")
    echo "fuzz: ${runs:-0} executions"
    [ "${runs:-0}" -ge 1000000 ]
  }
  suite "$fuzz_suite" fuzz

  if grep -qw avx512bw /proc/cpuinfo; then
    skip "$avx512_suite" "this CPU runs AVX-512 natively: covered by the native suite"
  elif [ ! -x "$root/../shared/tools/run-avx512" ]; then
    skip "$avx512_suite" "../shared/tools/run-avx512 not found"
  else
    suite "$avx512_suite" env AVX512_TIMEOUT=1800 "$root/../shared/tools/run-avx512" "$build/x86/tests/simdact_tests_avx512"
  fi

  # Under qemu vector code runs ~300x slower than native: sample the f32 space more sparsely, and
  # leave the 16 emulated lanes to the native suite (generic C++ there, and 4 of the 8 minutes here).
  cmake -S . -B "$build/neon" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_TOOLCHAIN_FILE="$root/cmake/toolchain-aarch64.cmake" -DSIMDACT_BUILD_BENCH=OFF \
    -DSIMDACT_TEST_EMULATED16=OFF \
    -DSIMDACT_TEST_F32_STRIDE=4093 -DSIMDACT_TEST_F64_RANDOMS=1000000 >/dev/null
  cmake --build "$build/neon" -j2
  suite "$neon_suite" ctest --test-dir "$build/neon" --output-on-failure -j2
else
  for name in "$asan_suite" "$tsan_suite" "$fuzz_suite" "$avx512_suite" "$neon_suite"; do
    skip "$name" "--native-only"
  done
fi

echo "test suites: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
