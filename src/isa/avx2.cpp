// Compiled with -mavx2 -mfma. xsimd's plain avx2 would not fuse multiply-add; fma3<avx2> does.
#include <immintrin.h>

#include "kernels/simd.hpp"

namespace simdact::kernels {
namespace {
template <>
struct streaming_store<xsimd::fma3<xsimd::avx2>> {
  static constexpr bool available = true;
  static void store(float* p, const xsimd::batch<float, xsimd::fma3<xsimd::avx2>>& v) { _mm256_stream_ps(p, v); }
  static void store(double* p, const xsimd::batch<double, xsimd::fma3<xsimd::avx2>>& v) { _mm256_stream_pd(p, v); }
  static void finish() { _mm_sfence(); }
};
}  // namespace
}  // namespace simdact::kernels

#define SIMDACT_ARCH xsimd::fma3<xsimd::avx2>
#define SIMDACT_TABLE_NAME simdact::detail::avx2_table
#define SIMDACT_SOFTMAX_TABLE simdact::detail::avx2_softmax
#include "define_table.hpp"
