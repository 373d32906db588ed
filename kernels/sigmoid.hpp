#pragma once

#include "exp_core.hpp"

namespace simdact::kernels {
namespace {

template <class T>
struct sigmoid_constants;
template <>
struct sigmoid_constants<float> {
  // Clamping x to [lo, hi] changes no result: below lo sigmoid(x) is under half the smallest
  // subnormal, above hi it rounds to 1.
  static constexpr float lo = -110.0f, hi = 20.0f;
  // Numerator and denominator carry a common factor 2^64: e^x * 2^64 stays normal down to x = lo
  // and finite up to x = hi, so the only rounding into the subnormal range is the final division's.
  static constexpr int scale_exponent = 64;
  static constexpr float two_pow_scale = 0x1p64f;
};
template <>
struct sigmoid_constants<double> {
  static constexpr double lo = -750.0, hi = 40.0;
  static constexpr int scale_exponent = 128;
  static constexpr double two_pow_scale = 0x1p128;
};

struct sigmoid_kernel : elementwise<sigmoid_kernel> {
  template <class V>
  static V apply(const V& x);
};

// sigmoid(x) = e^x / (1 + e^x): one division rounds the result once, subnormal results included. For
// x > 0 an error in e^x reaches the result divided by 1 + e^x, so no branch on the sign is needed.
template <class V>
SIMDACT_KERNEL_INLINE V sigmoid_kernel::apply(const V& x) {
  using C = sigmoid_constants<lane_t<V>>;
  const V a = clamp_above(clamp_below(x, V(C::lo)), V(C::hi));
  const auto e = exp_reduce<C::scale_exponent>(a);
  const V scaled_exp = mul_add(e.q, e.scale, e.scale);  // e^x * 2^scale_exponent
  return divide(scaled_exp, scaled_exp + V(C::two_pow_scale));
}

}  // namespace
}  // namespace simdact::kernels
