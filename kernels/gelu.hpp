// gelu(x) = x Phi(x) = x erfc(-x / sqrt 2) / 2 (exact, erf-based) and
// gelu_tanh(x) = x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2 (the tanh approximation).
// Both are written as clamp_below(x, -0) - y with y = |x| * (a function of |x| below 1/2): for x < 0 that is
// -y, computed without cancellation down to the subnormal results of the far tail; for x >= 0 it is
// x - y with y <= x/2, where an error in y reaches the result damped by y / (x - y) <= 1. One
// evaluation on |x| therefore serves both signs, with no data-dependent branch.
// Measured (long double / binary128 references; bounds in unary_list.inc): gelu_tanh 3 ULP in f32
// (33 of the 2^32 inputs, near x = -1.37) and 2 in f64. gelu 6 ULP in f32 (x in [-14.4, -1]) and 8 in
// f64 (far negative tail): exp's error, P, Q and the division stack up, and Horner adds about one
// rounding per degree at large |x|; reaching 2 ULP needs another formulation (e.g. the numerator as
// c Q - D sharing Q's error, or an odd erf polynomial for small |x|).
#pragma once

#include "exp_core.hpp"

namespace simdact::kernels {
namespace {

template <class T>
struct gelu_constants;
template <>
struct gelu_constants<float> {
  // gelu(-x) is under half the smallest subnormal from x = 14.356 on, and 1 - Phi(x) under 2^-25 from
  // 5.42 on: clamping |x| here changes no result and keeps x^2/2 <= 104, so 2^(n + 32) stays normal.
  static constexpr float cutoff = 14.375f;
  static constexpr int scale_exponent = 32;
  // F(v) = erfcx(v / sqrt 2) / 2 ~= P(v) / Q(v) on [0, 14.4], P = 1 + p1 v + ... + p4 v^4,
  // Q = 2 + q1 v + ... + q5 v^5 (P(0)/Q(0) = 1/2 exactly, so subnormal x gives x/2 rounded once).
  // Rational minimax for relative error (Remez in mpmath, /tmp/gelu_proto/remez2.py), then Q rounded
  // to single and P refitted and rounded greedily (fpm_lin.py); max relative error 2^-26.1.
  // Stored as -2 p_k (k >= 1), multiplied by a = -v^2/2 below, and 2^32 q_k (the numerator carries
  // 2^(n + 32)): both scalings are exact.
  static constexpr float p[] = {-2 * 0x1.bfe3aap-1f, -2 * 0x1.75d780p-2f, -2 * 0x1.4ae296p-4f,
                                -2 * 0x1.0b436ep-7f};
  static constexpr float q[] = {0x1p32f * 0x1.000000p+1f, 0x1p32f * 0x1.ac3404p+1f, 0x1p32f * 0x1.331dbcp+1f,
                                0x1p32f * 0x1.deda02p-1f, 0x1p32f * 0x1.9ebaeep-3f, 0x1p32f * 0x1.4ef600p-6f};
};
template <>
struct gelu_constants<double> {
  // gelu(-x) is under half the smallest subnormal from x = 38.580 on; x^2/2 <= 746 keeps 2^(n + 64)
  // normal.
  static constexpr double cutoff = 38.625;
  static constexpr int scale_exponent = 64;
  // As for float, degree 10/11 on [0, 38.7] (same scripts, double coefficients); max relative error
  // 2^-56.6.
  static constexpr double p[] = {
      -2 * 0x1.a7b014220b873p+0,  -2 * 0x1.5ba16bedbc4ffp+0,  -2 * 0x1.6d68f97285685p-1,
      -2 * 0x1.0ded24dba0dccp-2,  -2 * 0x1.2380058843268p-4,  -2 * 0x1.d172a83a818c3p-7,
      -2 * 0x1.0f992252e8448p-9,  -2 * 0x1.bd1f1b48a0960p-13, -2 * 0x1.d1ce7bfc62723p-17,
      -2 * 0x1.de8ae06387c45p-22};
  static constexpr double q[] = {
      0x1p64 * 0x1.0000000000000p+1,  0x1p64 * 0x1.39f91ee0569cep+2,  0x1p64 * 0x1.68545fd70d060p+2,
      0x1p64 * 0x1.ffd22522351c6p+1,  0x1p64 * 0x1.f5122f353b50cp+0,  0x1p64 * 0x1.63fe40c2eb527p-1,
      0x1p64 * 0x1.77d6096309a24p-3,  0x1p64 * 0x1.28042d3790cbfp-5,  0x1p64 * 0x1.56ada60f6e757p-8,
      0x1p64 * 0x1.1786351a513abp-11, 0x1p64 * 0x1.23e6a6fde6fe5p-15, 0x1p64 * 0x1.2be1ccd54b608p-20};
};

// Horner's rule: the coefficients are all positive and v >= 0, so no step cancels; the operation count
// is the same as the paired scheme and the loop is throughput-bound.
template <class V, class T, std::size_t N>
SIMDACT_KERNEL_INLINE V gelu_horner(const V& v, const T (&c)[N]) {
  V acc(c[N - 1]);
  for (std::size_t k = N - 1; k-- > 0;) acc = mul_add(acc, v, V(c[k]));
  return acc;
}

struct gelu_kernel : elementwise<gelu_kernel> {
  template <class V>
  static V apply(const V& x);
};

// y = |x| Phi(-|x|) = v e^(-v^2/2) F(v), v = |x|. -v^2/2 is held in two words (a + a_lo, exact by fma)
// because e^a is steep: a rounded a = -100 would cost ~50 ULP. v P(v) is formed as v + a (-2 p1 - ...),
// one rounding, exactly v for tiny v. The factor 2^(n + 32) in the numerator and 2^32 in Q keep every
// intermediate normal, so a subnormal y is rounded once, by the division.
template <class V>
SIMDACT_KERNEL_INLINE V gelu_kernel::apply(const V& x) {
  using T = lane_t<V>;
  using C = gelu_constants<T>;
  const V ax = clamp_above(magnitude(x), V(C::cutoff));  // keeps a NaN
  const V minus_half_ax = ax * V(T(-0.5));
  const V a = minus_half_ax * ax;
  const V a_lo = mul_add(minus_half_ax, ax, negate(a));
  const auto e = exp_reduce<C::scale_exponent>(a, a_lo);
  const V n = mul_add(gelu_horner(ax, C::p), a, ax);  // v P(v)
  const V numerator = mul_add(e.q, n, n) * e.scale;    // v P(v) e^a 2^32, exact scaling
  const V y = divide(numerator, gelu_horner(ax, C::q));
  // max(-0, x): x for x >= 0 (+0 stays +0), -0 for x < 0 (so that an underflowed y gives -0), NaN kept.
  return clamp_below(x, V(T(-0.0))) - y;
}

template <class T>
struct gelu_tanh_constants;
template <>
struct gelu_tanh_constants<float> {
  // gelu_tanh(-x) is under half the smallest subnormal from x = 10.771 on; at the cutoff the argument
  // w is about -107, so 2^(n + 32) stays normal.
  static constexpr float cutoff = 10.8125f;
  static constexpr int scale_exponent = 32;
  static constexpr float two_pow_scale = 0x1p32f;
  // -k1 = -2 sqrt(2/pi) and -k3 = -k1 * 0.044715 (the decimal constant taken exactly), each as hi + lo
  // (mpmath, round to nearest). k1_hi has only 9 significant bits, so that k1_hi - s below is exact:
  // s is a multiple of its own ulp <= 2^-20, and so is k1_hi.
  static constexpr float k1_hi = -0x1.988p+0f, k1_lo = -0x1.14cf50p-14f;
  static constexpr float k3_hi = -0x1.2444f2p-4f, k3_lo = -0x1.49b16ap-29f;
};
template <>
struct gelu_tanh_constants<double> {
  // Under half the smallest subnormal from x = 21.547 on; w >= -749 there.
  static constexpr double cutoff = 21.5625;
  static constexpr int scale_exponent = 64;
  static constexpr double two_pow_scale = 0x1p64;
  static constexpr double k1_hi = -0x1.988p+0, k1_lo = -0x1.14cf50d942344p-14;
  static constexpr double k3_hi = -0x1.2444f2a4d8b4bp-4, k3_lo = 0x1.6c843a29d1c70p-61;
};

struct gelu_tanh_kernel : elementwise<gelu_tanh_kernel> {
  template <class V>
  static V apply(const V& x);
};

// y = v sigmoid(w) = v e^w / (1 + e^w) with v = |x|, w = -2u(v) = -v (k1 + k3 v^2) <= 0. w reaches -107
// (f32) / -749 (f64), where one rounding of w alone would cost 2^-18 relative, so w is carried in two
// words: v^2 = h + l exactly, s = k1 + k3 h with its rounding error s_err recovered by one fma (k1_hi - s
// is exact, see above), all low-order terms gathered in s_lo, then w = v (s + s_lo) split again by fma so
// that |w_lo| <= ulp(w) (exp_reduce drops larger low parts). Numerator and denominator share
// 2^(n + 32), as in sigmoid, so a subnormal y is rounded once.
template <class V>
struct two_words {
  V hi, lo;
};

// w = -v (k1 + k3 v^2) for v >= 0 in two words (see above).
template <class V>
SIMDACT_KERNEL_INLINE two_words<V> gelu_tanh_argument(const V& ax) {
  using C = gelu_tanh_constants<lane_t<V>>;
  const V h = ax * ax;
  const V l = mul_add(ax, ax, negate(h));
  const V s = mul_add(V(C::k3_hi), h, V(C::k1_hi));
  const V s_err = mul_add(V(C::k3_hi), h, V(C::k1_hi) - s);
  const V s_lo = mul_add(V(C::k3_hi), l, mul_add(V(C::k3_lo), h, s_err + V(C::k1_lo)));
  const V w = mul_add(ax, s_lo, ax * s);
  const V w_lo = mul_add(ax, s_lo, mul_add(ax, s, negate(w)));
  return {w, w_lo};
}

template <class V>
SIMDACT_KERNEL_INLINE V gelu_tanh_kernel::apply(const V& x) {
  using T = lane_t<V>;
  using C = gelu_tanh_constants<T>;
  const V ax = clamp_above(magnitude(x), V(C::cutoff));  // keeps a NaN
  const auto w = gelu_tanh_argument(ax);
  const auto e = exp_reduce<C::scale_exponent>(w.hi, w.lo);
  const V xs = ax * e.scale;  // exact
  const V numerator = mul_add(xs, e.q, xs);
  const V denominator = mul_add(e.scale, e.q, e.scale + V(C::two_pow_scale));
  return clamp_below(x, V(T(-0.0))) - divide(numerator, denominator);
}

}  // namespace
}  // namespace simdact::kernels
