// What the avx2 translation units specialise in the kernel vocabulary (see kernels/simd.hpp).
#pragma once
#include <immintrin.h>

#include "kernels/simd.hpp"

namespace simdact::kernels {
namespace {
template <>
struct fused_negated_fma<xsimd::fma3<xsimd::avx2>> : std::true_type {};

template <>
struct sign_blend<xsimd::fma3<xsimd::avx2>> {
  static constexpr bool available = true;
  static auto blend(const xsimd::batch<float, xsimd::fma3<xsimd::avx2>>& s,
                    const xsimd::batch<float, xsimd::fma3<xsimd::avx2>>& a,
                    const xsimd::batch<float, xsimd::fma3<xsimd::avx2>>& b) {
    return xsimd::batch<float, xsimd::fma3<xsimd::avx2>>(_mm256_blendv_ps(b, a, s));
  }
  static auto blend(const xsimd::batch<double, xsimd::fma3<xsimd::avx2>>& s,
                    const xsimd::batch<double, xsimd::fma3<xsimd::avx2>>& a,
                    const xsimd::batch<double, xsimd::fma3<xsimd::avx2>>& b) {
    return xsimd::batch<double, xsimd::fma3<xsimd::avx2>>(_mm256_blendv_pd(b, a, s));
  }
};

template <>
struct streaming_store<xsimd::fma3<xsimd::avx2>> {
  static constexpr bool available = true;
  static void store(float* p, const xsimd::batch<float, xsimd::fma3<xsimd::avx2>>& v) { _mm256_stream_ps(p, v); }
  static void store(double* p, const xsimd::batch<double, xsimd::fma3<xsimd::avx2>>& v) { _mm256_stream_pd(p, v); }
  static void finish() { _mm_sfence(); }
};
}  // namespace
}  // namespace simdact::kernels
