// The exponential linear units: elu, selu, celu, all x for x > 0 and a multiple of e^t - 1 below.
#pragma once

#include <limits>

#include "exp_core.hpp"

namespace simdact::kernels {
namespace {

template <class T>
struct expm1_constants {
  // e^t - 1 rounds to -1 below this; clamping keeps 2^n normal.
  static constexpr T lo = sizeof(T) == 4 ? T(-20) : T(-40);
};

// e^(t + t_lo) - 1 for t <= 0 (or NaN): s (1 + q) - 1 = (s - 1) + s q, one fma on exact parts
// while s - 1 is exact (n >= -24 in float; below, the error is far under an ULP of the result).
// The sign of `sign_of` is put on the result, so that t = -0 gives -0: the sum inside the
// polynomial would give +0.
template <bool with_low_part, class V>
SIMDACT_KERNEL_INLINE V expm1_nonpositive(const V& t, const V& t_lo, const V& sign_of) {
  const auto e = exp_reduce<0, with_low_part>(clamp_below(t, V(expm1_constants<lane_t<V>>::lo)), t_lo);
  return or_sign(mul_add(e.scale, e.q, e.scale - V(1)), sign_of);
}

// Staged: the first stage gives |e^min(x, 0) - 1|, the second loads x again for the sign and the
// choice (computed in one stage, x stayed live through the exponential). Ten vectors per iteration
// in f32, six in f64 (4K, AVX2: f32 0.322 ns/element against 0.349 in one stage at four, 0.453 in
// one stage at eight, 0.333 staged at eight, 0.356 at sixteen; f64 0.909 against 0.944).
struct elu_kernel : elementwise<elu_kernel, 10, 6> {
  static constexpr bool has_params = true;
  static constexpr bool staged = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE V first(const V& x, const detail::kernel_params<lane_t<V>>&) {
    const V t = clamp_above(x, V(0));
    const auto e = exp_reduce<0, false>(clamp_below(t, V(expm1_constants<lane_t<V>>::lo)), t);
    return mul_add(e.scale, e.q, e.scale - V(1));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V second(const V& m, const V& x, const detail::kernel_params<lane_t<V>>& p) {
    return choose(x > V(0), x, V(p.p0) * or_sign(m, x));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x, const detail::kernel_params<lane_t<V>>& p) {
    return second(first(x, p), x, p);
  }
};

template <class T>
struct selu_constants {
  // lambda in two words: lambda * x as one fma of exact parts rounds once, where the rounded
  // constant alone is 0.29 ULP off and tipped lambda * x over to inf just below the overflow
  // threshold (x = 3.24e38 in f32, found by the exhaustive sweep).
  static constexpr T lambda = T(1.0507009873554804934193349852946L);
  static constexpr T lambda_lo = T(1.0507009873554804934193349852946L - (long double)lambda);
  static constexpr T lambda_alpha = T(1.0507009873554804934193349852946L * 1.6732632423543772848170429916717L);
};

struct selu_kernel : elementwise<selu_kernel> {
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x) {
    using C = selu_constants<lane_t<V>>;
    const V t = clamp_above(x, V(0));
    // (The low product takes x clamped to the finite range: at x = inf it would be -inf, and
    // inf - inf is NaN.)
    const V finite_x = clamp_above(x, V(std::numeric_limits<lane_t<V>>::max()));
    const V positive = mul_add(V(C::lambda), x, V(C::lambda_lo) * finite_x);
    return choose(x > V(0), positive, V(C::lambda_alpha) * expm1_nonpositive<false>(t, t, x));
  }
};

// x / alpha is formed as t + t_lo without a division: t = x * (1 / alpha) is within an ULP or two,
// its residual x - t alpha is exact by fma, and the residual over alpha is a tiny correction that
// needs no more accuracy than the reciprocal gives.
struct celu_kernel : elementwise<celu_kernel> {
  static constexpr bool has_params = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x, const detail::kernel_params<lane_t<V>>& p) {
    const V alpha(p.p0);
    const V reciprocal = divide(V(1), alpha);
    // Clamped where e^(x / alpha) - 1 has rounded to -1, so that t and its residual stay finite.
    const V xn = clamp_below(clamp_above(x, V(0)), V(expm1_constants<lane_t<V>>::lo) * alpha);
    const V t = xn * reciprocal;
    const V t_lo = neg_mul_add(t, alpha, xn) * reciprocal;
    return choose(x > V(0), x, alpha * expm1_nonpositive<true>(t, t_lo, x));
  }
};

}  // namespace
}  // namespace simdact::kernels
