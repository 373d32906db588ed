// Compiled with -mavx512f -mavx512cd -mavx512dq -mavx512bw -mavx512vl -mfma (Skylake-X, Zen 4).
#include <immintrin.h>

#include "kernels/simd.hpp"

namespace simdact::kernels {
namespace {
template <>
struct streaming_store<xsimd::avx512bw> {
  static constexpr bool available = true;
  static void store(float* p, const xsimd::batch<float, xsimd::avx512bw>& v) { _mm512_stream_ps(p, v); }
  static void store(double* p, const xsimd::batch<double, xsimd::avx512bw>& v) { _mm512_stream_pd(p, v); }
  static void finish() { _mm_sfence(); }
};
}  // namespace
}  // namespace simdact::kernels

#define SIMDACT_ARCH xsimd::avx512bw
#define SIMDACT_TABLE_NAME simdact::detail::avx512_table
#define SIMDACT_SOFTMAX_TABLE simdact::detail::avx512_softmax
#include "define_table.hpp"
