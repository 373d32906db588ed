#pragma once

#include "exp_core.hpp"

namespace simdact::kernels {
namespace {

template <class T>
struct sigmoid_constants;
template <>
struct sigmoid_constants<float> {
  // Below this e^a is under half the smallest subnormal float, so clamping changes no result.
  static constexpr float min_exponent_arg = -110.0f;
  // Numerator and denominator carry a common factor 2^64: e^a * 2^64 stays normal down to
  // a = -110, so the only rounding into the subnormal range is the final division's.
  static constexpr int scale_exponent = 64;
  static constexpr float two_pow_scale = 0x1p64f;
};
template <>
struct sigmoid_constants<double> {
  static constexpr double min_exponent_arg = -750.0;
  static constexpr int scale_exponent = 128;
  static constexpr double two_pow_scale = 0x1p128;
};

struct sigmoid_kernel {
  template <class Arch, class T>
  void operator()(Arch, const T* x, T* y, std::size_t n) const;
};

// sigmoid(x) = e^a / (1 + e^a) for x < 0 and 1 / (1 + e^a) for x >= 0, with a = -|x| <= 0, so that
// e^a never overflows and one division rounds the result once, subnormal results included.
template <class Arch, class T>
void sigmoid_kernel::operator()(Arch, const T* x, T* y, std::size_t n) const {
  using C = sigmoid_constants<T>;
  transform<Arch>(x, y, n, [](auto v) {
    using V = decltype(v);
    V a = -magnitude(v);
    a = if_else(a < V(C::min_exponent_arg), V(C::min_exponent_arg), a);  // NaN compares false: kept
    const auto e = exp_reduce<C::scale_exponent>(a);
    const V scaled_exp = mul_add(e.q, e.scale, e.scale);  // e^a * 2^scale_exponent
    const V denominator = scaled_exp + V(C::two_pow_scale);
    const V numerator = if_else(v < V(0), scaled_exp, V(C::two_pow_scale));
    return divide(numerator, denominator);
  });
}

}  // namespace
}  // namespace simdact::kernels
