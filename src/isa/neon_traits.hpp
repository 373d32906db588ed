// What the NEON translation units specialise in the kernel vocabulary (see kernels/simd.hpp).
#pragma once
#include <arm_neon.h>

#include "kernels/simd.hpp"

namespace simdact::kernels {
namespace {
// xsimd divides float lanes on NEON by a refined reciprocal estimate, which is not correctly rounded.
template <>
struct exact_division<xsimd::neon64> {
  static xsimd::batch<float, xsimd::neon64> divide(const xsimd::batch<float, xsimd::neon64>& a,
                                                   const xsimd::batch<float, xsimd::neon64>& b) {
    return vdivq_f32(a, b);
  }
  static xsimd::batch<double, xsimd::neon64> divide(const xsimd::batch<double, xsimd::neon64>& a,
                                                    const xsimd::batch<double, xsimd::neon64>& b) {
    return vdivq_f64(a, b);
  }
};

// fmax(+0, -0) is +0 on NEON: the clamps compare and select instead (see simd.hpp).
template <>
struct min_max_returns_second_on_ties<xsimd::neon64> : std::false_type {};
}  // namespace
}  // namespace simdact::kernels

