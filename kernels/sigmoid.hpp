#pragma once

#include <limits>

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

struct sigmoid_kernel : elementwise<sigmoid_kernel, 6, 4> {
  static constexpr bool staged = true;
  template <class V>
  static pending_quotient<V> first(const V& x);
  template <class V>
  static SIMDACT_KERNEL_INLINE V second(const pending_quotient<V>& q, const V&) { return divided(q); }
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x) { return divided(first(x)); }
};

// sigmoid(x) = e^x / (1 + e^x): one division rounds the result once, subnormal results included. For
// x > 0 an error in e^x reaches the result divided by 1 + e^x, so no branch on the sign is needed.
// Six vectors per iteration in f32, four in f64 (4K, AVX2: f32 0.317 ns/element against 0.330 at four
// and 0.325 at eight, slower from ten on; f64 1.00 at eight against 0.93 at four). Staged, divisions
// last (compute_block): 1 % faster in f32 (0.315 against 0.318) and f64 (0.943 against 0.949).
// The exponential's short chain (exp_chain::short_f32): 0.316 -> 0.304 ns/element in f32, and the
// same 2 ULP over all 2^32 floats (1 + q absorbs the extra rounding of q). tanh ran 0.95x the time
// with it (scripts/ab-compare.sh) but reached 3 ULP (x = 0.1251, all 2^32 floats: near 0 its
// numerator is -q itself); silu measured no faster (1.01-1.02x).
template <class V>
SIMDACT_KERNEL_INLINE pending_quotient<V> sigmoid_kernel::first(const V& x) {
  using C = sigmoid_constants<lane_t<V>>;
  const V a = clamp_above(clamp_below(x, V(C::lo)), V(C::hi));
  const auto e = exp_reduce<C::scale_exponent, exp_chain::short_f32>(a);
  const V scaled_exp = mul_add(e.q, e.scale, e.scale);  // e^x * 2^scale_exponent
  return {scaled_exp, scaled_exp + V(C::two_pow_scale)};
}

template <class T>
struct silu_constants;
template <>
struct silu_constants<float> {
  // Below lo, x e^x is under half the smallest subnormal (sigmoid's lo is not low enough: x e^x
  // is larger than e^x); from hi on, x * sigmoid(x) rounds to x.
  static constexpr float lo = -115.0f, hi = 20.0f;
  // e^-x is computed as 2^-k e^-x: e^115 would overflow. Where x < -1 the numerator x takes the same
  // 2^-k (x 2^-k stays normal, so exact, for |x| >= 2^(k - 126)).
  static constexpr int scale_exponent = -64;
  static constexpr float two_pow_minus_scale = 0x1p-64f, two_pow_scale = 0x1p64f;
  // From here up, e^-x (at most e^80 = 2^115.4) and the result (at least 2^-109 in magnitude below
  // x = -1) are normal and finite without the scaling.
  static constexpr float common_from = -80.0f;
};
template <>
struct silu_constants<double> {
  static constexpr double lo = -760.0, hi = 40.0;
  static constexpr int scale_exponent = -128;
  static constexpr double two_pow_minus_scale = 0x1p-128, two_pow_scale = 0x1p128;
  static constexpr double common_from = -700.0;  // e^700 = 2^1009.9; the result >= 2^-1000
};

// silu(x) = x / (1 + e^-x) by ratio_to_one_plus_exp, scaled by 2^-k below x = -1 so that the
// denominator stays finite down to lo; without the low word of s + u (exhaustive f32: 2 ULP).
// (x e^x / (e^x + 1) rounded the numerator too, and took a two-word quotient to stay within 2 ULP:
// 0.69 ns/element at 4K, AVX2.) The scaling and the lower clamp matter only below common_from, which
// ordinary inputs never reach: the loops run `common` without them and test the iteration once for
// such a lane (has_rare_inputs), which takes one compare per vector where they took a clamp, a
// compare, a mask and four integer operations (4K, AVX2, A/B: f32 0.411 -> 0.358 ns/element at four
// vectors per iteration, against 0.380 at five, 0.392 at two, 0.409 at six, 0.381 at eight; f64
// 1.11 -> 1.02), and e^-x comes from exp_reduce_of_negated (0.357 -> 0.341; 0.338 at five, 0.366
// at three, 0.413 at six); f64 at six vectors per iteration, 1.01 -> 0.98 (0.98-1.00 at three and
// five, 1.06 at eight). Before that: three vectors per iteration in f32 (0.409; 0.439 at six; with
// the exponential's short chain 0.415 at three, 0.420 at six), four in f64.
struct silu_kernel : elementwise<silu_kernel, 4, 6> {
  static constexpr bool has_rare_inputs = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE auto rare(const V& x) {
    return x < V(silu_constants<lane_t<V>>::common_from);
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V common(const V& x) {
    const auto e = exp_reduce_of_negated<0>(clamp_above(x, V(silu_constants<lane_t<V>>::hi)));
    return ratio_to_one_plus_exp_unscaled<false>(x, e);
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x) {
    using C = silu_constants<lane_t<V>>;
    const V floored = clamp_below(x, V(C::lo));  // keeps +inf (silu(+inf) = +inf) and NaN
    const V a = clamp_above(floored, V(C::hi));
    const auto e = exp_reduce_of_negated<C::scale_exponent>(a);
    return ratio_to_one_plus_exp<false, C>(floored, a, e);
  }
};

// swish(x) = x sigmoid(beta x) = x e^b / (e^b + 1), b = beta x. b is split into b + b_lo (b_lo
// exact by fma) so that the exponential sees the product unrounded: e^b is steep, and a rounded b
// at |b| = 80 would cost ~80 half-ULPs. Then the quotient by scaled_logistic_product, not silu's
// x / (1 + e^-b): its numerator x 2^-k (for b < -1) underflows where |beta| > 2^62 makes |x| tiny.
// x s is exact while |x| <= 2^30 (b is clamped, so s is bounded);
// a larger |x| with a moderate b needs |beta| < 2^-25 and takes x * sigmoid(b) instead (a few
// ULP). x is clamped to the finite range so that an infinite x meeting a zero sigmoid gives 0.
struct swish_kernel : elementwise<swish_kernel> {
  static constexpr bool has_params = true;
  // beta = 1 (the default) is silu, which needs neither the split product nor the fallback: silu's
  // own loop (f32 at 4K, AVX2: 0.44 ns/element against 0.48 at swish's four vectors per iteration,
  // when silu's math ran in swish's loop; 0.36 now that silu's loop skips its rare tail).
  static constexpr bool has_special_form = true;
  using special_kernel = silu_kernel;
  template <class T>
  static bool special_form_applies(const detail::kernel_params<T>& p) { return p.p0 == 1; }
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x, const detail::kernel_params<lane_t<V>>& p) {
    using T = lane_t<V>;
    using C = sigmoid_constants<T>;
    const V beta(p.p0);
    const V b = beta * x;
    const V b_lo = mul_sub(beta, x, b);
    const auto e = exp_reduce<C::scale_exponent>(clamp_above(clamp_below(b, V(C::lo)), V(C::hi)), b_lo);
    constexpr T max = std::numeric_limits<T>::max();
    const V finite_x = clamp_above(clamp_below(x, V(-max)), V(max));
    const V precise = scaled_logistic_product(finite_x * e.scale, e.scale, e.q, V(C::two_pow_scale));
    const V denominator = mul_add(e.scale, e.q, e.scale + V(C::two_pow_scale));
    const V fallback = finite_x * divide(mul_add(e.scale, e.q, e.scale), denominator);
    const V result = choose(magnitude(x) <= V(T(0x1p30)), precise, fallback);
    // Below lo the clamped exponential is no longer sigmoid's: the result is a signed zero.
    return choose(b > V(C::hi), x, choose(b < V(C::lo), finite_x * V(0), result));
  }
};

}  // namespace
}  // namespace simdact::kernels
