// What the avx512 translation units specialise in the kernel vocabulary (see kernels/simd.hpp).
#pragma once
#include <immintrin.h>

#include "kernels/simd.hpp"

namespace simdact::kernels {
namespace {
template <>
struct fused_negated_fma<xsimd::avx512bw> : std::true_type {};

template <>
struct streaming_store<xsimd::avx512bw> {
  static constexpr bool available = true;
  static void store(float* p, const xsimd::batch<float, xsimd::avx512bw>& v) { _mm512_stream_ps(p, v); }
  static void store(double* p, const xsimd::batch<double, xsimd::avx512bw>& v) { _mm512_stream_pd(p, v); }
  static void finish() { _mm_sfence(); }
};
}  // namespace
}  // namespace simdact::kernels
