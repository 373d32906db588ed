// Derivatives of the smooth non-monotonic activations: silu, swish, gelu_tanh, mish (products of x
// and a logistic-like factor) and gelu. Each has a minimum, where f' crosses zero and the terms of
// the direct formula cancel: on a window around that zero f' comes from its expansion there
// (derivative_zeros.hpp), elsewhere from the direct formula.
#pragma once

#include "derivative_zeros.hpp"
#include "gelu.hpp"
#include "gradient.hpp"
#include "mish.hpp"
#include "sigmoid.hpp"

namespace simdact::kernels {
namespace {

// f'(z + z_lo) = (z - z0) R(z) from the expansion around the zero z0; z - z0_hi is exact near z0.
template <class V, class E>
SIMDACT_KERNEL_INLINE V near_zero(const V& z, const V& z_lo, const E& e) {
  const V t = ((z - V(e.zero_hi)) + z_lo) - V(e.zero_lo);
  return t * gelu_horner(z - V(e.center), e.r);
}
template <class V, class E>
SIMDACT_KERNEL_INLINE auto in_window(const V& z, const E& e) {
  return in_negative_interval(z, e.window_lo, e.window_hi);
}

template <class T>
struct logistic_product_constants;
template <>
struct logistic_product_constants<float> {
  // Under lo, |silu'(z)| < 2^-177.7: dy silu' is below half the smallest subnormal for |dy| <= 2^24
  // (max_dy_exponent); above hi it rounds to 1. S = e^-|z| 2^k stays normal at lo (2^-124.7), and
  // the product P (D + m Q) below stays under 2^(2k + 1), finite.
  static constexpr float lo = -128.0f, hi = 25.0f;
  static constexpr int scale_exponent = 60;
  static constexpr float two_pow_scale = 0x1p60f;
};
template <>
struct logistic_product_constants<double> {
  // |silu'(lo)| < 2^-1147 (|dy| <= 2^64); S at lo 2^-962.
  static constexpr double lo = -800.0, hi = 45.0;
  static constexpr int scale_exponent = 192;
  static constexpr double two_pow_scale = 0x1p192;
};

// sigmoid(z) (1 + m (1 - sigmoid(z))) 2^k, given a = -|z| (clamped by the caller) and z's sign as the
// sign bit of `sign` (z = -0 may take either branch: both give 2^(k+1) 2^k / D^2 there).
// With S = e^a 2^k and D = 2^k + S: sigmoid(z) = P / D and 1 - sigmoid(z) = Q / D, {P, Q} = {2^k, S},
// so the value is P (D + m Q) / D^2. For z >= 0, D + m Q = 2^k + S (1 + m), a sum of positive terms.
// For z < 0 it is 2^k (1 + m) + S, which cancels where f' crosses zero (silu: m = z = -1.2785;
// gelu_tanh: m = x z'(x) = -1.29): formed as 2^k u + s, then + s q and 2^k m_lo, with S = s (1 + q)
// and u = 1 + m, it loses nothing there: u is exact (Sterbenz, m in [-2, -1/2]), so is 2^k u + s
// (s = 2^(k-2) and u ~ -0.28 at both zeros), and the other terms round relative to the result. What remains is e^a's own error, about 2^-29 of 2^k against D + m Q ~ c (z - z0) 2^k
// (c = 1.28 silu, 2.46 gelu_tanh): within a quarter ULP from |z - z0| >= 0.05 on, and the expansion
// around z0 covers the rest. (With D rounded first, D + m Q needed windows of width 2 and 11-12 term
// expansions: the f32 silu backward took 1.24 ns/element against 1.03 now, 4K, AVX2.)
// with_low_parts: a and m carry low words (each at most an ulp of its high word; the caller drops
// larger ones).
// negative_only: every lane takes the z < 0 branch (sign is ignored).
template <bool with_low_parts, bool rounds_once, exp_chain chain = exp_chain::paired, bool negative_only = false,
          class V>
SIMDACT_KERNEL_INLINE scaled_slope<V> logistic_product_slope(const V& sign, const V& a, const V& a_lo,
                                                             const two_words<V>& m) {
  using T = lane_t<V>;
  using C = logistic_product_constants<T>;
  constexpr T unscale = T(1) / C::two_pow_scale;
  const V two_pow_scale(C::two_pow_scale);
  const auto e = exp_reduce<C::scale_exponent, with_low_parts, true, chain>(a, a_lo);
  const V scaled_exp = mul_add(e.scale, e.q, e.scale);
  // D^2 / 2^k = 2^k (1 + E (2 + E)), E = e^a: one rounding, as in logistic_slope. 2 + E comes from
  // one fma on the scaled exponential, the same bits as E = scaled_exp 2^-k (exact, or below 2^-126
  // where 2 + E rounds to 2 either way) and an add: one operation and one rounding step fewer on the
  // chain (f32 at 4K, AVX2, scripts/ab-compare.sh: silu's backward 0.98x the time, gelu_tanh's 0.99x).
  const V d_squared = mul_add(scaled_exp, mul_add(scaled_exp, V(unscale), V(2)), two_pow_scale);
  // r = 2^k u + s rounded, exact near the zero. With rounds_once its rounding error elsewhere
  // (Fast2Sum) joins the small terms, so that the sum rounds once there too: rounding r, then adding
  // s q, then 2^k m_lo cost the exhaustive f32 gelu_tanh' run 5 ULP at x = -3.14 (D + m Q ~ -10.65
  // 2^k). silu stays within its bound without it (exhaustive f32: 4 ULP) and runs 8 % faster.
  const V u = V(1) + m.hi;
  const V r = mul_add(u, two_pow_scale, e.scale);
  V below;
  if constexpr (rounds_once) {
    const V r_err = mul_sub(u, two_pow_scale, r) + e.scale;
    const V small = with_low_parts ? mul_add(m.lo, two_pow_scale, r_err) : r_err;
    below = r + mul_add(e.scale, e.q, small);
  } else {
    below = mul_add(e.scale, e.q, r);
    if constexpr (with_low_parts) below = mul_add(m.lo, two_pow_scale, below);
  }
  // (Blends on the sign bit: a compare would take one of the two pipes the fmas need, Zen 3; silu's
  // f32 backward 0.79 -> 0.78 ns/element. NaN lanes stay NaN, their sign may differ.)
  if constexpr (negative_only) {
    return {divide(scaled_exp * below, d_squared), V(unscale)};
  } else {
    const V d_plus_m_q = choose_where_sign(sign, below, mul_add(scaled_exp, u, two_pow_scale));
    return {divide(choose_where_sign(sign, scaled_exp, two_pow_scale) * d_plus_m_q, d_squared), V(unscale)};
  }
}

// Base of the gradient kernels whose f' comes from a direct formula, `scaled_common`, except on a
// window around f's zero, where the expansion there, `Derived::zero<T>()`, replaces it. Their loops
// test the window once per iteration (patched_loops); `scaled` (the scalar path and the ends of the
// arrays) applies it to every vector. Constants<T>::two_pow_scale is the scale of f' in
// scaled_common.
template <class Derived, template <class> class Constants, std::size_t unroll_f32, std::size_t unroll_f64 = unroll_f32>
struct windowed_gradient : gradient<Derived, unroll_f32, unroll_f64> {
  static constexpr bool patched_loops = true;
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> scaled(const V& x, const P& p) {
    return scaled_patched(Derived::scaled_common(x, p), x, p);
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE auto rare(const V& x, const P&) {
    return in_window(x, Derived::template zero<lane_t<V>>());
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> scaled_patched(const scaled_slope<V>& s, const V& x, const P&) {
    return mended(s, x, V(0));
  }
  // s with the expansion's value where x + x_lo (x_lo already guarded) is in the window.
  template <class V>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> mended(const scaled_slope<V>& s, const V& x, const V& x_lo) {
    using T = lane_t<V>;
    const auto& zero = Derived::template zero<T>();
    const V near = near_zero(x, x_lo, zero) * V(Constants<T>::two_pow_scale);
    return {choose(in_window(x, zero), near, s.value), s.unscale};
  }
};

// silu'(z) = sigmoid(z) (1 + z (1 - sigmoid(z))): m = z, for z + z_lo (swish's beta x in two words;
// z_lo = 0 for silu).
// Its backward loop staged (f' of every vector of an iteration, then the products with dy), four
// vectors per iteration (f32 backward at 4K, AVX2: 0.615 ns/element against 0.672 at three, 0.655 at
// six, 0.718 at two and 0.784 at eight).
// Near its zero the expansion replaces the direct value. That window is narrow: inputs spread over
// [-10, 10] put a lane of 8 in it one vector in 20, N(0, 1) inputs one in 8. The backward loop
// tests the window once per iteration of four vectors and mends them only where a lane is in it
// (windowed_gradient): f32 at 4K, AVX2, 0.724 -> 0.615 ns/element against a test and branch
// per vector, f64 2.08 -> 1.54. (The per-vector branch had itself beaten computing the expansion
// for every vector: 0.97 -> 0.84 on U(-10, 10), 0.97 -> 0.87 on N(0, 1).) The derivative loop tests
// per iteration too; the scalar path and swish keep the branch per vector.
struct silu_gradient : windowed_gradient<silu_gradient, logistic_product_constants, 4> {
  template <class T>
  static constexpr const auto& zero() { return zero_expansions<T>::silu; }
  template <bool with_low_part, bool with_window = true, class V>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> slope(const V& z, const V& z_lo) {
    using T = lane_t<V>;
    using C = logistic_product_constants<T>;
    const V zc = clamp_above(clamp_below(z, V(C::lo)), V(C::hi));
    // Guarded once here: the exponential and D + mQ both take it.
    const V zl = with_low_part ? guarded_low_part(z_lo) : z_lo;
    const V a_lo = choose_where_sign(zc, zl, negate(zl));
    // silu itself (no low part) takes the exponential's short chain: 0.737 -> 0.723 ns/element (f32
    // backward at 4K, AVX2; f' still within 4 ULP over all 2^32 floats); gelu_tanh's backward measured
    // no faster with it.
    constexpr exp_chain chain = with_low_part ? exp_chain::paired : exp_chain::short_f32;
    const auto direct =
        logistic_product_slope<with_low_part, false, chain>(zc, negative_magnitude(zc), a_lo, two_words<V>{zc, zl});
    if constexpr (!with_window) {
      return direct;
    } else {
      const auto window = in_window(z, zero_expansions<T>::silu);
      if (!any_lane(window)) return direct;
      return mended(direct, z, zl);
    }
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> scaled(const V& x, const P&) { return slope<false>(x, V(0)); }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> scaled_common(const V& x, const P&) {
    return slope<false, false>(x, V(0));
  }
};

// swish'(x) = silu'(b) with b = beta x, carried in two words into the exponential; silu's own
// kernel for beta = 1 (the default), where b is x.
struct swish_gradient : gradient<swish_gradient, 2> {
  static constexpr bool has_special_form = true;
  using special = silu_gradient;
  template <class T>
  static bool special_form_applies(const detail::kernel_params<T>& p) { return p.p0 == 1; }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> scaled(const V& x, const P& p) {
    const V beta(p.p0);
    const V b = beta * x;
    return silu_gradient::slope<true>(b, mul_sub(beta, x, b));
  }
};

template <class T>
struct gelu_tanh_gradient_constants {
  // For x below -cutoff, |f'| < 2^-174 (float) / 2^-1139 (double): dy f' is below half the smallest
  // subnormal for |dy| <= 2^max_dy_exponent. Above cutoff f' rounds to 1. S = e^w 2^k is still
  // normal there (w = -126.9 / -799, k = 60 / 192).
  static constexpr T cutoff = sizeof(T) == 4 ? T(11.5) : T(22.0625);
};

// gelu_tanh(x) = x sigmoid(z), z = x (k1 + k3 x^2): gelu_tanh' = sigmoid(z) (1 + m (1 - sigmoid(z)))
// with m = x z' = x (k1 + 3 k3 x^2). -|z| and m come in two words from the forward kernel's helper:
// with m in one word (about 1.5 ULP off, amplified by m / (1 + m) ~ 1.25 in D + m Q) the f32
// derivative reached 5 ULP on [-5, -2].
// The expansion around the zero is applied as silu's is in the derivative and backward loops, where
// an iteration has a lane in its window (windowed_gradient), and for every vector elsewhere: a test and
// branch per vector measured slower than that (1.66 against 1.55 ns/element, f32 at 4K on AVX2, on
// U(-10, 10)), one per iteration faster (1.46 -> 1.37 at two vectors per iteration). Three vectors
// per iteration in f32: 1.18 ns/element against 1.37 at two, 1.66-1.69 at one, four, five or six;
// f64 3.45 -> 3.06 at two.
struct gelu_tanh_gradient : windowed_gradient<gelu_tanh_gradient, logistic_product_constants, 3, 2> {
  template <class T>
  static constexpr const auto& zero() { return zero_expansions<T>::gelu_tanh; }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> scaled_common(const V& x, const P&) {
    using T = lane_t<V>;
    using C = gelu_tanh_constants<T>;
    const V v = clamp_above(magnitude(x), V(gelu_tanh_gradient_constants<T>::cutoff));
    const auto w = gelu_tanh_argument(v);
    const auto minus_abs_m = gelu_tanh_cubic(v, C::three_k3_hi, C::three_k3_lo);
    // gelu_tanh(x) - gelu_tanh(-x) = x (z is odd), so gelu_tanh'(x) = 1 - gelu_tanh'(-x): only the
    // branch below zero is computed, at -|x|, where m = x z' is -|m|; 1 - f'(-|x|) >= 1/2 takes no
    // cancellation. One fma and one blend fewer: backward 1.18 -> 1.145 ns/element (f32 at 4K, AVX2).
    // silu'(z) = 1 - silu'(-z) likewise, but silu's backward ran slower so (0.612 -> 0.643).
    const auto below = logistic_product_slope<true, true, exp_chain::paired, true>(x, w.hi, w.lo, minus_abs_m);
    constexpr T two_pow_scale = logistic_product_constants<T>::two_pow_scale;
    return {choose_where_sign(x, below.value, V(two_pow_scale) - below.value), below.unscale};
  }
};

template <class T>
struct mish_gradient_constants;
template <>
struct mish_gradient_constants<float> {
  // mish' rounds to 1 from hi on; below lo, dy mish' is under half the smallest subnormal for
  // |dy| <= 2^24, as for silu. U = e^x 2^k is normal at lo; at hi, U b < 2^124 stays finite.
  static constexpr float lo = -128.0f, hi = 11.0f;
  static constexpr int scale_exponent = 60;
  static constexpr float unscale = 0x1p-60f, two_pow_scale = 0x1p60f;
};
template <>
struct mish_gradient_constants<double> {
  static constexpr double lo = -800.0, hi = 23.0;
  static constexpr int scale_exponent = 192;
  static constexpr double unscale = 0x1p-192, two_pow_scale = 0x1p192;
};

// mish' = tanh(sp) + x sech^2(sp) sigmoid(x), sp = softplus(x). With u = e^x and A = (1 + u)^2 + 1:
// tanh(sp) = (A - 2) / A and sech^2(sp) sigmoid(x) = 4 u (1 + u) / A^2, so
// mish' = u ((u + 2) A + 4 x (1 + u)) / A^2; u is kept scaled (U = u 2^k) where it is a factor.
// Where b cancels, near mish's zero x0 = -1.1924, the expansion there replaces it (on x0 - 0.12 to
// x0 + 0.13), applied as silu's is: in the loops only where an iteration has a lane in that window
// (windowed_gradient). With b formed as below on (-2.5, -0.5) the window had to be that
// wide, and its 13-term expansion (23 in f64) ran on every vector: backward at 4K, AVX2, f32 1.18 ->
// 0.945 ns/element, f64 5.53 -> 2.16. Four vectors per iteration (f32: 1.03 at three, 1.16 at two,
// 1.19 at six; f64 2.83 at two; with the range test below, three and five within 1 % of four).
// The clamps and the choice above hi matter only for |x| > hi, so the same per-iteration test takes
// those lanes too (out_of_range): the loops run without them, and an iteration holding such a lane
// is computed again in full (f32 backward at 4K, AVX2, scripts/ab-compare.sh: 0.96-0.98x the
// time). Not for silu's gradient, where the same change measured 1.07x.
struct mish_gradient : windowed_gradient<mish_gradient, mish_gradient_constants, 4> {
  template <class T>
  static constexpr const auto& zero() { return zero_expansions<T>::mish; }
  template <class V>
  static SIMDACT_KERNEL_INLINE auto out_of_range(const V& x) {
    return magnitude(x) > V(mish_gradient_constants<lane_t<V>>::hi);
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE auto rare(const V& x, const P&) {
    return in_window(x, zero<lane_t<V>>()) | out_of_range(x);
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> scaled(const V& x, const P&) {
    return mended(evaluate<true>(x), x, V(0));
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> scaled_common(const V& x, const P&) {
    return evaluate<false>(x);
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> scaled_patched(const scaled_slope<V>& s, const V& x, const P&) {
    return mended(any_lane(out_of_range(x)) ? evaluate<true>(x) : s, x, V(0));
  }
  template <bool clamped, class V>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> evaluate(const V& x) {
    using C = mish_gradient_constants<lane_t<V>>;
    const V xc = clamped ? clamp_above(clamp_below(x, V(C::lo)), V(C::hi)) : x;
    const auto e = exp_reduce<C::scale_exponent>(xc);
    const V scaled_u = mul_add(e.scale, e.q, e.scale);
    const V scaled_u_lo = mul_add(e.scale, e.q, e.scale - scaled_u);  // scale - U is exact (Sterbenz)
    const V u = scaled_u * V(C::unscale);
    const V u_plus_2 = u + V(2);
    const V w = u * u_plus_2;  // A = 2 + w
    // A^2 = 4 + w (w + 4) in one rounding (w's own reaches it damped by (4 + 2w) w / A^2 < 1/2).
    const V a_squared = mul_add(w, w + V(4), V(4));
    // (u + 2) A + 4x cancels for x < 0 and is formed in one fma; 4xu, small there, is added last.
    const V four_x = V(4) * xc;
    const V b_above = mul_add(four_x, u, mul_add(u_plus_2, V(2) + w, four_x));
    // Below -1/2, b = 4 (1 + x) + u ((6 + 4x) + u (4 + u)): 4 (1 + x) and 6 + 4x are exact near x0
    // (Sterbenz) and nothing else of their size rounds, so mish' keeps its bound to within 0.12 of
    // x0 instead of 0.7 (all 2^32 floats: 4 ULP, the bound, at x = 0.2437, where it was before).
    // Above -1/2 the form above is the more accurate (a simulation of the form below found 4.7 ULP
    // at x = 0.708).
    const V b_below = mul_add(u, mul_add(u, u + V(4), four_x + V(6)), four_x + V(4));
    const V b = choose(xc < V(-0.5), b_below, b_above);
    // U b / A^2 with U and U b in two words and the quotient corrected by its residual: it rounds
    // about once where U, U b and the division each rounded (5 ULP in f32 near x = -0.2 and -3.8).
    const V p = scaled_u * b;
    const V p_lo = mul_add(scaled_u_lo, b, mul_sub(scaled_u, b, p));
    const V reciprocal = divide(V(1), a_squared);
    const V quotient = p * reciprocal;
    const V excess = mul_sub(quotient, a_squared, p) - p_lo;
    const V direct = neg_mul_add(excess, reciprocal, quotient);
    if constexpr (clamped) return {choose(x > V(C::hi), V(C::two_pow_scale), direct), V(C::unscale)};
    else return {direct, V(C::unscale)};
  }
};

template <class T>
struct gelu_gradient_constants;
template <>
struct gelu_gradient_constants<float> {
  // |x phi(x)| is under 2^-174 from |x| = 15.65 on: dy gelu' is below half the smallest subnormal
  // there for |dy| <= 2^24 (max_dy_exponent). S = e^(-x^2/2) 2^k is normal at the cutoff (2^-118.9).
  static constexpr float cutoff = 15.75f;
  static constexpr int scale_exponent = 60;
  static constexpr float unscale = 0x1p-60f;
  // v0 = 0.751791524693564457, where gelu'(-v0) = 0, as hi + lo; c = 1/sqrt(2 pi) rounded.
  static constexpr float zero_hi = 0x1.80ead2p-1f, zero_lo = -0x1.a03fd4p-27f;
  static constexpr float c = 0x1.988454p-2f;
  // G(v) = (c v - Phi(-v) e^(v^2/2)) / (v - v0) ~= c + K(v) / Q(v) on [0, cutoff], Q the denominator of
  // the forward kernel's F = P / Q (gelu_constants): M = c Q + K fitted for that Q (linear minimax for
  // the relative error, Lawson's iteration in double against mpmath values, then rounded one
  // coefficient at a time with the rest refitted; max relative error 2^-24.9, nearly all of it m0's
  // rounding), then k_j = m_j - c q_j rounded. K / Q is at most 0.4 of G (at v = 0) and falls like
  // 1 / v, so the errors of K, Q and their quotient reach G damped by that share.
  static constexpr float k[] = {0x1.1085e0p-1f, 0x1.12f282p-1f, 0x1.f114e2p-3f, 0x1.d47deep-5f, 0x1.91d982p-8f,
                                -0x1.1817p-29f};
};
template <>
struct gelu_gradient_constants<double> {
  // Under 2^-1139 from 39.81 on (|dy| <= 2^64); S at the cutoff 2^-955.
  static constexpr double cutoff = 39.875;
  static constexpr int scale_exponent = 192;
  static constexpr double unscale = 0x1p-192;
  static constexpr double zero_hi = 0x1.80ead197f00b4p-1, zero_lo = -0x1.13e74c58cada8p-56;
  static constexpr double c = 0x1.9884533d43651p-2;
  // As for float, with the forward kernel's double Q (Lawson's iteration in mpmath at 45 digits; M's
  // max relative error 2^-54.4, again mostly m0's rounding).
  static constexpr double k[] = {
      0x1.1085e17c4073fp-1,  0x1.e7952348edaa7p-1,  0x1.a75c66bcdb8e3p-1,  0x1.d0e18b1ceae75p-2,
      0x1.63a126718c0b5p-3,  0x1.8b51ff1a41ffcp-5,  0x1.437a7e4938756p-7,  0x1.81c2d9dd4e649p-10,
      0x1.42608cbd4403ap-13, 0x1.57afe5cf4c62cp-17, 0x1.67c3a1a8e5dfep-22, -0x1.b74ff2cd34888p-74};
};

// gelu'(x) = Phi(x) + x phi(x). With v = |x| and h = e^(-v^2/2) (c v - F(v)), F(v) = Phi(-v) e^(v^2/2)
// (c = 1/sqrt(2 pi)): gelu' = 1 + h for x >= 0, -h for x < 0. h vanishes at v0 (gelu's minimum, x =
// -v0), so it is formed as S t G(v), t = v - v0 (exact near v0, v0 in two words), S = e^(-v^2/2) 2^k:
// the zero is a factor, and nothing cancels anywhere. G = c + K / Q is summed in two words and t G
// formed in two words too, so that S t G rounds about once: with t, M / Q and the products each
// rounded, the f32 derivative was 6 ULP off at x = -7.2. (The former c v Q - P, from the forward
// kernel's F = P / Q, cancelled near v0, where an expansion of 14 terms (23 in double) replaced it on
// (-1.75, 0.5): the f32 backward took 1.70 ns/element at 4K, AVX2.)
// Four vectors per iteration in f32 (backward at 4K, AVX2: 0.94 ns/element against 1.11 at two, 1.02
// at three, 1.17-1.19 at six or eight), two in f64. The exponential's short chain: 0.981 -> 0.942
// (f' still within 3 ULP over all 2^32 floats).
struct gelu_gradient : gradient<gelu_gradient, 4, 2> {
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE scaled_slope<V> scaled(const V& x, const P&) {
    using T = lane_t<V>;
    using G = gelu_gradient_constants<T>;
    const V v = clamp_above(magnitude(x), V(G::cutoff));
    const V minus_half_v = v * V(T(-0.5));
    const V a = minus_half_v * v;
    const V a_lo = mul_sub(minus_half_v, v, a);
    const auto e = exp_reduce<G::scale_exponent, true, false, exp_chain::short_f32>(a, a_lo);
    const V t = (v - V(G::zero_hi)) - V(G::zero_lo);
    const V z = divide(gelu_horner(v, G::k), gelu_horner(v, gelu_constants<T>::q));
    const V g = V(G::c) + z;
    const V g_lo = (V(G::c) - g) + z;  // Fast2Sum: 0 < z < c
    const V p = t * g;
    const V p_lo = mul_add(t, g_lo, mul_sub(t, g, p));
    const V scaled_h = (p + mul_add(p, e.q, p_lo)) * e.scale;  // S (p + p_lo) = h 2^k
    const V two_pow_scale = V(T(1) / G::unscale);
    return {choose(x >= V(0), (V(1) + scaled_h * V(G::unscale)) * two_pow_scale, negate(scaled_h)), V(G::unscale)};
  }
};

}  // namespace
}  // namespace simdact::kernels
