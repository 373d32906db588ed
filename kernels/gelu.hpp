// gelu(x) = x Phi(x) = x erfc(-x / sqrt 2) / 2 (exact, erf-based) and
// gelu_tanh(x) = x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) / 2 (the tanh approximation).
// gelu is written as clamp_below(x, -0) - y with y = |x| * (a function of |x| below 1/2): for x < 0
// that is -y, computed without cancellation down to the subnormal results of the far tail; for
// x >= 0 it is x - y with y <= x/2, where an error in y reaches the result damped by y / (x - y) <= 1.
// One evaluation on |x| therefore serves both signs, with no data-dependent branch; a series takes
// |x| < 1/2, where that form loses accuracy. gelu_tanh is x / (1 + e^w), with x itself as numerator.
// Measured (long double / binary128 references; bounds in unary_list.inc): gelu 2 ULP in f32 (all
// 2^32 inputs) and f64; gelu_tanh 2 ULP in f32 (all 2^32 inputs) and f64.
#pragma once

#include "exp_core.hpp"

namespace simdact::kernels {
namespace {

template <class T, std::size_t N>
struct coefficients {
  T c[N];
};
// c_k (-2)^power(k): polynomials rescaled to be evaluated in a = -v^2/2 instead of v^2. The factors
// are powers of two, so the rescaled polynomial rounds as the original does at v^2 = -2a.
template <class T, std::size_t N, class Power>
constexpr coefficients<T, N> rescaled_for_a(const T (&c)[N], Power power) {
  coefficients<T, N> out{};
  for (std::size_t k = 0; k < N; ++k) {
    T factor = 1;
    for (std::size_t j = 0; j < power(k); ++j) factor *= T(-2);
    out.c[k] = c[k] * factor;
  }
  return out;
}
// -2 S(-2a) from S(u): x^2 S(x^2) = (a + a_lo) (-2 S(-2 a)) for a + a_lo = -x^2 / 2.
template <class T, std::size_t N>
constexpr coefficients<T, N> series_for_a(const T (&s)[N]) {
  return rescaled_for_a(s, [](std::size_t k) { return k + 1; });
}
// R(v) = sum_j (r_2j + r_2j+1 v) (v^2)^j by pairs in a: pair j times (-2)^j.
template <class T, std::size_t N>
constexpr coefficients<T, N> pairs_for_a(const T (&r)[N]) {
  return rescaled_for_a(r, [](std::size_t k) { return k / 2; });
}

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
  // P is stored as -2 p_k (k >= 1), multiplied by a = -v^2/2 below (an exact scaling). Q serves the
  // derivative (gelu_gradient), which evaluates Q itself.
  static constexpr float p[] = {-2 * 0x1.bfe3aap-1f, -2 * 0x1.75d780p-2f, -2 * 0x1.4ae296p-4f,
                                -2 * 0x1.0b436ep-7f};
  static constexpr float q[] = {0x1.000000p+1f, 0x1.ac3404p+1f, 0x1.331dbcp+1f,
                                0x1.deda02p-1f, 0x1.9ebaeep-3f, 0x1.4ef600p-6f};
  // The forward kernel divides by D = c v P + R instead of Q (see gelu_kernel::apply): c = sqrt(2 pi)
  // rounded, R = Q - c v P refitted for P fixed (linear minimax for the relative error of D, then
  // greedy rounding; max relative error of D 2^-26.2). Both times 2^32: the numerator carries
  // 2^(n + 32), an exact scaling.
  static constexpr float c = 0x1p32f * 0x1.40d932p+1f;
  static constexpr float r[] = {0x1p32f * 0x1.000000p+1f,  0x1p32f * 0x1.ad6b4ep-1f,  0x1p32f * 0x1.a716dap-3f,
                                0x1p32f * 0x1.49f032p-6f,  0x1p32f * 0x1.bbc9e2p-17f, 0x1p32f * -0x1.06b68ap-22f};
  static constexpr auto r_of_a = pairs_for_a(r);
  // Below |x| = 1/2, gelu(x) = x/2 + x^2 S(x^2) with S(u) = (Phi(sqrt u) - 1/2) / sqrt u: the correction
  // x^2 S is at most 0.4 x, so S's errors reach the result damped. Minimax for the relative error of S
  // on [0, 1/4] with s0 = 1/sqrt(2 pi) rounded (mpmath, reweighted least squares on Chebyshev nodes),
  // the other coefficients rounded greedily: 2^-25.1, all of it from s0's rounding; degree 3, as a
  // fourth term lowered nothing.
  static constexpr float window = 0.5f;
  static constexpr float s[] = {0x1.988454p-2f, -0x1.105894p-4f, 0x1.46c588p-7f, -0x1.2d6854p-10f};
  static constexpr auto s_of_a = series_for_a(s);
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
      0x1.0000000000000p+1, 0x1.39f91ee0569cep+2, 0x1.68545fd70d060p+2, 0x1.ffd22522351c6p+1,
      0x1.f5122f353b50cp+0, 0x1.63fe40c2eb527p-1, 0x1.77d6096309a24p-3, 0x1.28042d3790cbfp-5,
      0x1.56ada60f6e757p-8, 0x1.1786351a513abp-11, 0x1.23e6a6fde6fe5p-15, 0x1.2be1ccd54b608p-20};
  // D = c v P + R, as for float: R = Q - c v P (exact in high precision, then rounded), max relative
  // error of D 2^-56.6.
  static constexpr double c = 0x1p64 * 0x1.40d931ff62706p+1;
  static constexpr double r[] = {
      0x1p64 * 0x1.0000000000000p+1, 0x1p64 * 0x1.33190bc14ac96p+1, 0x1p64 * 0x1.7b4a5f06373a9p+0,
      0x1p64 * 0x1.3085b9ff7051bp-1, 0x1p64 * 0x1.58c79068154a6p-3, 0x1p64 * 0x1.1b0cff479021fp-5,
      0x1p64 * 0x1.4fd640b6f0b4bp-8, 0x1p64 * 0x1.15c461c3f5bb4p-11, 0x1p64 * 0x1.23e6a73927037p-15,
      0x1p64 * 0x1.2be1ccb7cb5fdp-20, 0x1p64 * 0x1.1e075f469e30bp-54, 0x1p64 * -0x1.3c8749f30b1eep-62};
  static constexpr auto r_of_a = pairs_for_a(r);
  // As for float, degree 7: 2^-53.7.
  static constexpr double window = 0.5;
  static constexpr double s[] = {0x1.9884533d43651p-2,  -0x1.1058377e2cebbp-4, 0x1.46d0429762f6dp-7,
                                 -0x1.37403f657be5fp-10, 0x1.e42b07491b643p-14, -0x1.3ce75e3c35224p-17,
                                 0x1.650fd1d21494bp-21,  -0x1.4f272ebdb6ffcp-25};
  static constexpr auto s_of_a = series_for_a(s);
};

// Horner's rule: the coefficients are positive (but R's last, which is tiny) and v >= 0, so no step
// cancels. The forward kernel takes R by pairs in a = -v^2/2 instead (pairs_for_a: a
// shorter chain, 2 % faster in f32 at 4K, AVX2); P by pairs measured no faster.
template <class V, class T, std::size_t N>
SIMDACT_KERNEL_INLINE V gelu_horner(const V& v, const T (&c)[N]) {
  V acc(c[N - 1]);
  for (std::size_t k = N - 1; k-- > 0;) acc = mul_add(acc, v, V(c[k]));
  return acc;
}

// Four vectors per iteration in f32 (4K, AVX2: 1.14 ns/element against 1.19 at two, 1.18 at three,
// 1.35 at eight; after the changes below, two, three and five measured within 3 % of four), two in
// f64, where four spill registers (4.05 ns/element instead of 3.2).
// Against the form before (f32 at 4K, AVX2, scripts/ab-compare.sh, 10th percentiles): the
// clamp of |x| as an integer minimum, S at degree 3, the series in a and a_lo directly (no x^2 words
// of its own) and the last fma taking q + u_err together made it 0.94x the time; R by pairs 0.90x
// (f64 0.95x). Tried and not kept: skipping the tie correction in the loops through a rare-input
// test (1.15x: the loop keeps every vector's result live across the test), the two stages of
// compute_block (1.3-1.5x), the window test as an integer compare (within the noise).
struct gelu_kernel : elementwise<gelu_kernel, 4, 2> {
  template <class V>
  static V apply(const V& x);
};

// From |x| = 1/2 on: y = |x| Phi(-|x|) = v e^(-v^2/2) F(v), v = |x|, F = P / Q. -v^2/2 is held in two
// words (a + a_lo, exact by fma) because e^a is steep: a rounded a = -100 would cost ~50 ULP.
// W = v P(v) is formed as v + a (-2 p1 - ...), one rounding. Then y = e^a u with u = 1 / (c + R / W)
// (c W + R = Q). R / W is at most 0.4 of c + R / W from v = 1/2 on and falls like 1 / v^2, so the
// rounding errors of W, of R's evaluation and of their quotient reach y damped by that share. The
// sum d = c + R / W is kept in two words and the rounding error of u = 1 / d recovered by fma, so y
// carries only e^a's error and the roundings of its last fma and add (y = v e^a P / Q directly, one
// division, added the errors of both Horner chains and of every step: 6 ULP in f32; this costs a
// second division: 1.65x the time in f32, 1.5x in f64). u (1 + q + u_err) is one fma after q + u_err
// is added: that sum rounds relative to q, as u q did in the separate fma it replaces. e^a carries
// 2^(n + 32) and R 2^32, so every intermediate is normal; a subnormal y is rounded twice (u's sum,
// then the scaling), within 1 ULP there. The exponential's short chain: f32 1.257 -> 1.150
// ns/element at 4K, AVX2, still 2 ULP over all 2^32 floats (gelu_tanh measured no faster with it).
template <class V>
SIMDACT_KERNEL_INLINE V gelu_kernel::apply(const V& x) {
  using T = lane_t<V>;
  using C = gelu_constants<T>;
  // In f32 a NaN may become the cutoff here (clamp_above_losing_nan) but stays NaN in max(-0, x) - y,
  // as it is not inside the window.
  const V ax = clamp_above_losing_nan(magnitude(x), V(C::cutoff));
  const V minus_half_ax = ax * V(T(-0.5));
  const V a = minus_half_ax * ax;
  const V a_lo = mul_sub(minus_half_ax, ax, a);
  // a_lo is the exact residual of a finite product (NaN only with x), within half an ulp of a: no
  // guard needed (without it: 1.153 -> 1.12 ns/element, f32 at 4K, AVX2, A/B; gelu's backward
  // measured no faster that way).
  const auto e = exp_reduce<C::scale_exponent, true, true, exp_chain::short_f32>(a, a_lo);
  const V w = mul_add(gelu_horner(ax, C::p), a, ax);  // v P(v)
  const V z = divide(polynomial(ax, a, C::r_of_a.c), w);
  const V d = z + V(C::c);
  const V d_lo = (V(C::c) - d) + z;  // exact: c >= z
  const V u = divide(V(T(1)), d);
  const V u_err = neg_mul_add(u, d_lo, neg_mul_add(u, d, V(T(1))));  // 1 - u (d + d_lo)
  const V y = mul_add(u, e.q + u_err, u) * e.scale;  // u (1 + q + u_err) 2^(n + 32)
  // max(-0, x): x for x >= 0 (+0 stays +0), -0 for x < 0 (so that an underflowed y gives -0), NaN kept.
  const V outside = clamp_below(x, V(T(-0.0))) - y;

  // |x| < 1/2: x/2 + x^2 S(x^2) = x/2 + (a + a_lo) S2(a), as x^2 = -2 (a + a_lo) exactly and S2 is S
  // rescaled (s_of_a): no words of x^2 of its own. x/2 is inexact only for subnormal x, where x^2 S
  // has underflowed but still decides the rounding: gelu(x) lies just above x/2 for either sign, so
  // a tie rounded down (x - 2 half > 0) is moved up by one subnormal step. gelu(x) has the sign of x,
  // which the last line restores for x = -0.
  const V s = polynomial(a, a * a, C::s_of_a.c);
  V half = x * V(T(0.5));
  half = half + clamp_below(mul_add(half, V(T(-2)), x), V(T(0)));  // x - 2 half: 0 or +-1 subnormal step
  const V inside = or_sign(mul_add(a, s, mul_add(a_lo, s, half)), x);
  return choose(ax < V(C::window), inside, outside);
}

template <class T>
struct gelu_tanh_constants;
template <>
struct gelu_tanh_constants<float> {
  // gelu_tanh(-x) is under half the smallest subnormal from x = 10.771 on. The forward kernel takes
  // e^w 2^-k (w <= 107 at -cutoff); where e^w only adds to 1 it is clamped at w_floor, with e^w < 2^-43.
  static constexpr float cutoff = 10.8125f;
  static constexpr int scale_exponent = -64;
  static constexpr float two_pow_minus_scale = 0x1p-64f, two_pow_scale = 0x1p64f, w_floor = -30.0f;
  // From here up, e^w (at most 2^125.97, w = 87.31 at x = -10) and the result (at least 2^-122.6 in
  // magnitude below x = -1) are normal and finite without the scaling by 2^-k.
  static constexpr float common_from = -10.0f;
  // -k1 = -2 sqrt(2/pi) and -k3 = -k1 * 0.044715 (the decimal constant taken exactly), each as hi + lo
  // (mpmath, round to nearest); -3 k3 for the derivative. k1_hi has only 9 significant bits, so that
  // k1_hi - s below is exact: s is a multiple of its own ulp (<= 2^-19 up to the derivative's cutoff
  // 11.5, where |s| < 32), and so is k1_hi.
  static constexpr float k1_hi = -0x1.988p+0f, k1_lo = -0x1.14cf50p-14f;
  static constexpr float k3_hi = -0x1.2444f2p-4f, k3_lo = -0x1.49b16ap-29f;
  static constexpr float three_k3_hi = -0x1.b6676cp-3f, three_k3_lo = 0x1.175e2p-32f;
};
template <>
struct gelu_tanh_constants<double> {
  // Under half the smallest subnormal from x = 21.547 on; w <= 749 there.
  static constexpr double cutoff = 21.5625;
  static constexpr int scale_exponent = -128;
  static constexpr double two_pow_minus_scale = 0x1p-128, two_pow_scale = 0x1p128, w_floor = -60.0;
  static constexpr double common_from = -20.0;  // w = 602.7 there: e^w = 2^869.5, the result 2^-865
  static constexpr double k1_hi = -0x1.988p+0, k1_lo = -0x1.14cf50d942344p-14;
  static constexpr double k3_hi = -0x1.2444f2a4d8b4bp-4, k3_lo = 0x1.6c843a29d1c70p-61;
  static constexpr double three_k3_hi = -0x1.b6676bf7450f0p-3, three_k3_lo = -0x1.bba7351828aabp-57;
};

// Like silu, the loops run `common`, without the scaling by 2^-k and the lower clamp, and recompute
// the rare iterations that have a lane below common_from (has_rare_inputs): f32 at 4K, AVX2, A/B,
// 0.707 -> 0.640 ns/element at six vectors per iteration (0.680 at four, 0.661 at five, 0.771 at three,
// 0.94-0.96 at seven and eight); f64 2.04 -> 1.91 at two, and 1.56-1.60 at four (1.82 at three,
// 1.61 at five, 2.44 at six), where the scaled form had spilled (10.7 ns/element against 7.0).
struct gelu_tanh_kernel : elementwise<gelu_tanh_kernel, 6, 4> {
  static constexpr bool has_rare_inputs = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE auto rare(const V& x) {
    return x < V(gelu_tanh_constants<lane_t<V>>::common_from);
  }
  template <class V>
  static V common(const V& x);
  template <class V>
  static V apply(const V& x);
};

// gelu_tanh(x) = x sigmoid(-w) = x / (1 + e^w) with w = -2u(x) = -x (k1 + k3 x^2), by
// ratio_to_one_plus_exp as silu. w reaches 107 (f32) / 749 (f64) at -cutoff, where one rounding of w alone would cost 2^-18
// relative, so w is carried in two words: x^2 = h + l exactly, s = k1 + k3 h with its rounding error
// s_err recovered by one fma (k1_hi - s is exact, see above), all low-order terms gathered in s_lo,
// then w = x (s + s_lo) split again by fma so that |w_lo| <= ulp(w) (exp_reduce drops larger low
// parts). Below x = -1 numerator and denominator carry 2^-k, so that e^w stays finite. (v e^w /
// (1 + e^w) on v = |x| with a two-word quotient took 1.0 ns/element at 4K, AVX2, f32.)
template <class V>
struct two_words {
  V hi, lo;
};

// -v (k1 + c v^2) in two words (see above), c = c_hi + c_lo: the argument w (c = k3) and, for the
// derivative (with v = |x|), -v z'(v) (c = 3 k3).
template <class V>
SIMDACT_KERNEL_INLINE two_words<V> gelu_tanh_cubic(const V& v, lane_t<V> c_hi, lane_t<V> c_lo) {
  using C = gelu_tanh_constants<lane_t<V>>;
  const V h = v * v;
  const V l = mul_sub(v, v, h);
  const V s = mul_add(V(c_hi), h, V(C::k1_hi));
  const V s_err = mul_add(V(c_hi), h, V(C::k1_hi) - s);
  // s_err joins last, so that the other low-order terms wait for neither s nor s_err (f32 at 4K, AVX2,
  // scripts/ab-compare.sh: gelu_tanh 0.95x the time, its backward 0.96x).
  const V s_lo = s_err + mul_add(V(c_hi), l, mul_add(V(c_lo), h, V(C::k1_lo)));
  const V w = mul_add(v, s_lo, v * s);
  const V w_lo = mul_add(v, s_lo, mul_sub(v, s, w));
  return {w, w_lo};
}

template <class V>
SIMDACT_KERNEL_INLINE two_words<V> gelu_tanh_argument(const V& v) {
  using C = gelu_tanh_constants<lane_t<V>>;
  return gelu_tanh_cubic(v, C::k3_hi, C::k3_lo);
}

template <class V>
SIMDACT_KERNEL_INLINE V gelu_tanh_kernel::apply(const V& x) {
  using T = lane_t<V>;
  using C = gelu_tanh_constants<T>;
  const V floored = clamp_below(x, V(-C::cutoff));  // keeps +inf (gelu_tanh(+inf) = +inf) and NaN
  const V a = clamp_above(floored, V(C::cutoff));
  const auto w = gelu_tanh_argument(a);
  // w.lo needs no guard: it is within an ulp of w (at most 2^-17 in f32) wherever x is a number,
  // also where w.hi is clamped at w_floor (e^w is then negligible next to 1), and NaN only with x.
  // Without the guard's mask, compare and blend: 0.735 -> 0.705 ns/element (f32 at 4K, AVX2, A/B).
  const auto e = exp_reduce<C::scale_exponent, true, true>(clamp_below(w.hi, V(C::w_floor)), w.lo);
  // With the low word of s + u: without it the exhaustive f32 run found 3 ULP at x = -4.91 (n = 24,
  // u half an ulp of s, a tie rounded away).
  return ratio_to_one_plus_exp<true, C>(floored, a, e);
}

template <class V>
SIMDACT_KERNEL_INLINE V gelu_tanh_kernel::common(const V& x) {
  using C = gelu_tanh_constants<lane_t<V>>;
  const auto w = gelu_tanh_argument(clamp_above(x, V(C::cutoff)));
  const auto e = exp_reduce<0, true, true>(clamp_below(w.hi, V(C::w_floor)), w.lo);
  return ratio_to_one_plus_exp_unscaled<true>(x, e);
}

}  // namespace
}  // namespace simdact::kernels
