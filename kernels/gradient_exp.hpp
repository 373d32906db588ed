// Derivatives of the monotonic exp-based activations: sigmoid, tanh, softplus, log_sigmoid,
// softsign and the exponential linear units. Like their forward kernels they keep intermediate
// values scaled by a power of two, so that subnormal results are rounded once, not flushed.
#pragma once

#include <limits>

#include "elu.hpp"
#include "gradient.hpp"
#include "sigmoid.hpp"
#include "softplus.hpp"

namespace simdact::kernels {
namespace {

// Where the exp-based derivatives clamp their argument: below lo, e^a < 2^-180.3 (float) / 2^-1146.9
// (double), so dy e^a is under half the smallest subnormal for every |dy| <= 2^max_dy_exponent (as the
// true dy f' is), and e^lo 2^k with the scale k = 64 / 128 below is still a normal number.
template <class T>
struct slope_tail {
  static constexpr T lo = sizeof(T) == 4 ? T(-125) : T(-795);
};

// e^a / (1 + e^a)^2 for a <= 0 (or NaN), the logistic function's slope at |a|, scaled by 2^k:
// S / (1 + E (2 + E)) with S = e^a 2^k and E = e^a: the square (1 + E)^2 rounds about once (E's
// own rounding reaches it damped by 2E / (1 + E)^2 <= 1/2), then the quotient. A two-word square
// with a corrected quotient was a little more accurate and 1.6x slower. The exponential's short
// chain: f32 backward at 4K, AVX2, sigmoid 0.399 -> 0.385 ns/element, tanh 0.448 -> 0.431; f' over
// all 2^32 floats still within 2 ULP for both.
template <class V>
SIMDACT_KERNEL_INLINE scaled_slope<V> logistic_slope(const V& a) {
  using T = lane_t<V>;
  using C = sigmoid_constants<T>;
  constexpr T unscale = T(1) / C::two_pow_scale;
  const auto e = exp_reduce<C::scale_exponent, exp_chain::short_f32>(clamp_below(a, V(slope_tail<T>::lo)));
  const V scaled_exp = mul_add(e.scale, e.q, e.scale);
  const V exp_a = scaled_exp * V(unscale);  // inexact only where 1 + e^a is 1 anyway
  return {divide(scaled_exp, mul_add(exp_a, V(2) + exp_a, V(1))), V(unscale)};
}

// sigmoid' = sigmoid (1 - sigmoid), even in x. From the output: y - y^2, one rounding by fma.
// Like tanh' and log_sigmoid', eight vectors per iteration in f32, four in f64 (backward, 4K, AVX2:
// f32 sigmoid 0.407 against 0.412 ns/element at four, tanh 0.445 against 0.485, log_sigmoid 0.401
// against 0.431; f64 25-28 % slower at eight).
struct sigmoid_gradient : gradient<sigmoid_gradient, 8, 4> {
  static constexpr bool has_output_form = true;
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> scaled(const V& x, const P&) {
    return logistic_slope(negative_magnitude(x));
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V& dy, const P&) {
    return dy * neg_mul_add(y, y, y);
  }
};

// tanh' = sech^2 x = 4 e^(-2|x|) / (1 + e^(-2|x|))^2: no cancellation where tanh is near +-1, which
// 1 - tanh^2 from a rounded tanh would suffer. From the output: 1 - y^2, one rounding by fma.
struct tanh_gradient : gradient<tanh_gradient, 8, 4> {
  static constexpr bool has_output_form = true;
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> scaled(const V& x, const P&) {
    const auto s = logistic_slope(V(-2) * magnitude(x));
    return {V(4) * s.value, s.unscale};
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V& dy, const P&) {
    return dy * neg_mul_add(y, y, V(1));
  }
};

// sigmoid(b + b_lo) 2^k, for b = beta x held in two words (b_lo = 0 for a plain argument).
template <bool with_low_part, exp_chain chain = exp_chain::paired, class V>
SIMDACT_KERNEL_INLINE scaled_slope<V> scaled_sigmoid(const V& b, const V& b_lo) {
  using T = lane_t<V>;
  using C = sigmoid_constants<T>;
  constexpr T unscale = T(1) / C::two_pow_scale;
  const auto e =
      exp_reduce<C::scale_exponent, with_low_part, false, chain>(clamp_above(clamp_below(b, V(slope_tail<T>::lo)), V(C::hi)), b_lo);
  const V scaled_exp = mul_add(e.scale, e.q, e.scale);
  return {divide(scaled_exp, mul_add(e.scale, e.q * V(unscale), V(1) + e.scale * V(unscale))), V(unscale)};
}

// softplus' = sigmoid(beta x), and 1 where beta x > threshold (PyTorch's). With the exponential's
// short chain (f32 backward at 4K, AVX2: 0.557 -> 0.527 ns/element; f' within 2 ULP over all 2^32
// floats); log_sigmoid' measured no faster with it and keeps the paired one.
// Six vectors per iteration in f32 (backward at 4K, AVX2: 0.55 against 0.61 at four), four in f64.
struct softplus_gradient : gradient<softplus_gradient, 6, 4> {
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> scaled(const V& x, const P& p) {
    using C = sigmoid_constants<lane_t<V>>;
    const V beta(p.p0);
    const V b = beta * x;
    const auto s = scaled_sigmoid<true, exp_chain::short_f32>(b, mul_sub(beta, x, b));
    return {choose(b > V(p.p1), V(C::two_pow_scale), s.value), s.unscale};
  }
};

// log_sigmoid' = sigmoid(-x).
struct log_sigmoid_gradient : gradient<log_sigmoid_gradient, 8, 4> {
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> scaled(const V& x, const P&) {
    const V b = negate(x);
    return scaled_sigmoid<false>(b, b);
  }
};

template <class T>
struct softsign_gradient_constants {
  // Beyond this |x|, dy f'(x) is below half the smallest subnormal for every |dy| <= 2^max_dy_exponent:
  // clamping there keeps 1 / (1 + |x|) above 0, so that an infinite dy gives inf, not inf * 0.
  static constexpr T big = sizeof(T) == 4 ? T(0x1p100) : T(0x1p600);
};

// softsign' = 1 / (1 + |x|)^2 = u^2 with u = 1 / (1 + |x|), and the backward dy u u: u <= 1, so the
// products cannot overflow, and a subnormal result is rounded once, by the last product. With their
// roundings (1 + |x|, u, the products) f' is within 3 ULP over all 2^32 floats and the backward within
// 4; holding 1 + |x| and u in two words brought both to 1 but took 1.2x the time of forward + multiply.
struct softsign_gradient : gradient<softsign_gradient> {
  static constexpr bool has_output_form = true;
  // From the output at eight vectors per iteration (4K, AVX2: 0.124 -> 0.121 ns/element).
  static constexpr std::size_t output_unroll_f32 = 8;
  template <class V>
  static SIMDACT_KERNEL_INLINE V reciprocal(const V& x) {
    const V a = clamp_above(magnitude(x), V(softsign_gradient_constants<lane_t<V>>::big));
    return divide(V(1), V(1) + a);
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const P&) {
    const V u = reciprocal(x);
    return u * u;
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V& dy, const P&) {
    const V u = reciprocal(x);
    return (dy * u) * u;
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V& dy, const P&) {
    const V a = magnitude(y);
    const V r = V(1) - a;
    const V r_lo = (V(1) - r) - a;
    return dy * mul_add(r, r, (r + r) * r_lo);
  }
};

// elu'(x) = 1 for x > 0, alpha e^x below. alpha = (m + m_lo) 2^j with |m| in [1, 2) (m_lo = 0 but
// for selu's irrational lambda alpha): 2^j goes into the exponential's scale and m s, s a power of two,
// is exact, so alpha e^x = m s (1 + q) rounds once by fma, as e^x itself would, and underflows or not
// as the true value does. The inner scale 2^k is chosen per call: dy alpha 2^k must stay finite for
// |dy| <= 2^max_dy_exponent, so j + k <= 102 in float (998 in double), capped at 64 (128). x is clamped
// where dy alpha e^x is below half the smallest subnormal (x + log |alpha| = slope_tail's lo), which
// needs k >= 56 (126 in double) for the scale to stay normal there: the backward bound holds for
// |alpha| < 2^47 in float, 2^833 in double; beyond, the clamp moves up to where the scale is still
// normal. From the output (alpha >= 0): y + alpha.
template <class T>
struct elu_gradient_params {
  T alpha, mantissa, mantissa_lo, x_lo, shifter, unscale;
};

template <class T>
elu_gradient_params<T> prepare_elu(T alpha, long double exact_alpha) {
  using C = exp_constants<T>;
  constexpr int max_exponent = std::numeric_limits<T>::max_exponent - 1;  // 127 / 1023
  constexpr int min_exponent = std::numeric_limits<T>::min_exponent - 1;  // -126 / -1022
  constexpr int wanted = sizeof(T) == 4 ? 64 : 128;
  const int j = alpha == 0 ? 0 : std::ilogb(alpha);
  const T mantissa = std::scalbn(alpha, -j);
  const T mantissa_lo = T(std::scalbn(exact_alpha, -j) - (long double)mantissa);
  const int room = max_exponent - 1 - max_dy_exponent<T> - j;
  const int k = room < wanted ? (room > 0 ? room : 0) : wanted;
  const long double ln2 = 0.693147180559945309417232121458176568L;
  const long double tail = slope_tail<T>::lo - (alpha == 0 ? 0.0L : std::log(std::fabs(exact_alpha)));
  const long double normal = (min_exponent + 2 - k - j) * ln2;
  const T x_lo = T(tail > normal ? tail : normal);
  return {alpha, mantissa, mantissa_lo, x_lo, C::round_shifter + T(C::exponent_bias + k + j), std::ldexp(T(1), -k)};
}

template <bool two_word_alpha, class V, class T>
SIMDACT_KERNEL_INLINE scaled_slope<V> scaled_elu_slope(const V& x, const elu_gradient_params<T>& p) {
  const V xn = clamp_below(clamp_above(x, V(0)), V(p.x_lo));  // keeps NaN
  const auto e = exp_reduce_shifted<false>(xn, xn, V(p.shifter));
  const V ms = V(p.mantissa) * e.scale;
  if constexpr (two_word_alpha) {
    // m s (1 + q) + m_lo s (1 + q): the small terms first, one rounding each, then the leading one.
    const V ms_lo = V(p.mantissa_lo) * e.scale;
    return {ms + mul_add(ms, e.q, mul_add(ms_lo, e.q, ms_lo)), V(p.unscale)};
  } else {
    return {mul_add(ms, e.q, ms), V(p.unscale)};
  }
}

// Three vectors per iteration in f32 (backward at 4K, AVX2: 0.39 against 0.42 ns/element at four),
// four in f64.
struct elu_gradient : gradient<elu_gradient, 3, 4> {
  static constexpr bool has_output_form = true;
  // The from-output loop is a compare, an add, a multiply and a blend: eight vectors per iteration
  // (4K, AVX2: 0.145 ns/element at three, 0.134 at four, 0.126 at eight; selu's measured the same at
  // six and eight).
  static constexpr std::size_t output_unroll_f32 = 8;
  template <class T>
  static elu_gradient_params<T> prepare(const detail::kernel_params<T>& p) { return prepare_elu(p.p0, p.p0); }
  template <class V, class T>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const elu_gradient_params<T>& p) {
    return choose(x > V(0), V(1), unscaled(scaled_elu_slope<false>(x, p)));
  }
  template <class V, class T>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V& dy, const elu_gradient_params<T>& p) {
    return choose(x > V(0), dy, times_scaled(dy, scaled_elu_slope<false>(x, p)));
  }
  template <class V, class T>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V& dy, const elu_gradient_params<T>& p) {
    return choose(y > V(0), dy, dy * (y + V(p.alpha)));
  }
};

// lambda alpha (mpmath), whose rounded value selu_constants holds.
constexpr long double selu_lambda_alpha = 1.0507009873554804934193349852946L * 1.6732632423543772848170429916717L;

// selu'(x) = lambda for x > 0 (in two words: dy lambda rounds once), lambda alpha e^x below, as
// elu's with alpha = lambda alpha in two words. From the output: y + lambda alpha (two words).
// Six vectors per iteration in f32 (backward at 4K, AVX2: 0.44 against 0.48 at four), four in f64.
struct selu_gradient : gradient<selu_gradient, 6, 4> {
  static constexpr bool has_output_form = true;
  template <class T>
  static elu_gradient_params<T> prepare(const detail::kernel_params<T>&) {
    return prepare_elu(selu_constants<T>::lambda_alpha, selu_lambda_alpha);
  }
  template <class V, class T>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const elu_gradient_params<T>& p) {
    return choose(x > V(0), V(selu_constants<T>::lambda), unscaled(scaled_elu_slope<true>(x, p)));
  }
  template <class V, class T>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V& dy, const elu_gradient_params<T>& p) {
    using C = selu_constants<T>;
    const V positive = mul_add(V(C::lambda), dy, V(C::lambda_lo) * dy);
    return choose(x > V(0), positive, times_scaled(dy, scaled_elu_slope<true>(x, p)));
  }
  template <class V, class T>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V& dy, const elu_gradient_params<T>& p) {
    using C = selu_constants<T>;
    const V positive = mul_add(V(C::lambda), dy, V(C::lambda_lo) * dy);
    const V slope = (y + V(C::lambda_alpha)) + V(T(selu_lambda_alpha - (long double)C::lambda_alpha));
    return choose(y > V(0), positive, dy * slope);
  }
};

// celu'(x) = 1 for x > 0, e^(x / alpha) below, x / alpha in two words as in the forward kernel.
// From the output: (alpha + y) / alpha.
// Three vectors per iteration in f32 (backward at 4K, AVX2: 0.42 against 0.45 at four), four in f64.
struct celu_gradient : gradient<celu_gradient, 3, 4> {
  static constexpr bool has_output_form = true;
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> slope(const V& x, const P& p) {
    using T = lane_t<V>;
    using C = sigmoid_constants<T>;
    const V alpha(p.p0);
    const V reciprocal = divide(V(1), alpha);
    const V xn = clamp_below(clamp_above(x, V(0)), V(slope_tail<T>::lo) * alpha);
    const V t = xn * reciprocal;
    const V t_lo = neg_mul_add(t, alpha, xn) * reciprocal;
    // t_lo is at most an ulp of t: the low part needs no guard.
    const auto e = exp_reduce<C::scale_exponent, true, true>(t, t_lo);
    return {mul_add(e.scale, e.q, e.scale), V(T(1) / C::two_pow_scale)};
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const P& p) {
    return choose(x > V(0), V(1), unscaled(slope(x, p)));
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V& dy, const P& p) {
    return choose(x > V(0), dy, times_scaled(dy, slope(x, p)));
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V& dy, const P& p) {
    const V alpha(p.p0);
    return choose(y > V(0), dy, dy * divide(alpha + y, alpha));
  }
};

}  // namespace
}  // namespace simdact::kernels
