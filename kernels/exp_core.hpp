// Shared exponential core: e^a = 2^n * (1 + q) with q = expm1(r), a = n*ln2 + r, |r| <= ln2/2.
// Callers get q (not 1 + q) so that they can form 1 +- e^a with one fma and no cancellation, and get
// 2^(n + extra) directly so that they can keep intermediate values normal (no flush, no overflow)
// and round subnormal results exactly once, in their final division.
#pragma once

#include "exp_numbers.hpp"
#include "simd.hpp"

namespace simdact::kernels {
namespace {

template <class T>
struct exp_constants;

template <>
struct exp_constants<float> : detail::exp_numbers<float> {
  // float(ln 2) and the float nearest the remainder. With fma, a - n*ln2_hi is exact for the |n| < 2^8
  // used here (Sterbenz for |n| = 1; otherwise the difference is a multiple of 2^-24 below 1/2).
  static constexpr float ln2_hi = 0x1.62e430p-1f;
  static constexpr float ln2_lo = -0x1.05c610p-29f;
  static constexpr int mantissa_bits = 23;
  // expm1(r) ~= r + r^2 * (c0 + c1 r + ... + c4 r^4): minimax (Sollya fpminimax, single coefficients)
  // for relative error on [-ln2/2, ln2/2]; max relative error 2^-25.4.
  static constexpr float c[] = {0x1p-1f, 0x1.5554dep-3f, 0x1.55556cp-5f, 0x1.120abep-7f,
                                0x1.6ca992p-10f};
};

template <>
struct exp_constants<double> : detail::exp_numbers<double> {
  static constexpr double ln2_hi = 0x1.62e42fefa39efp-1;
  static constexpr double ln2_lo = 0x1.abc9e3b39803fp-56;
  static constexpr int mantissa_bits = 52;
  // expm1(r) ~= r + r^2 * (c0 + ... + c10 r^10): minimax (Sollya fpminimax, double coefficients)
  // for relative error on [-ln2/2, ln2/2]; max relative error 2^-60.8.
  static constexpr double c[] = {0x1p-1,
                                 0x1.5555555555557p-3,
                                 0x1.5555555555552p-5,
                                 0x1.1111111110056p-7,
                                 0x1.6c16c16c18931p-10,
                                 0x1.a01a01ac1a723p-13,
                                 0x1.a01a0197bcfdbp-16,
                                 0x1.71de01b889c24p-19,
                                 0x1.27e500e0ab1c2p-22,
                                 0x1.af4eb2a1b8d42p-26,
                                 0x1.1f32ea9f97c08p-29};
};

// c[0] + c[1] r + ... by pairs, (c0 + c1 r) + r^2 ((c2 + c3 r) + r^2 (...)): the loop is latency-bound,
// and pairing halves the chain of dependent fmas compared with Horner's rule.
// polynomial_from<s> starts at c[s]: c[s] + c[s + 1] r + ...; with `reflected`, the polynomial at
// -r (the coefficients of odd powers negated), which rounds exactly as the plain one at -r does.
template <std::size_t start, bool reflected = false, class V, class T, std::size_t N>
SIMDACT_KERNEL_INLINE V polynomial_from(const V& r, const V& r2, const T (&c)[N]) {
  constexpr std::size_t count = N - start;
  const auto odd = [&](std::size_t k) { return V(reflected ? -c[k] : c[k]); };
  V acc = count % 2 ? V(c[N - 1]) : mul_add(odd(N - 1), r, V(c[N - 2]));
  for (std::size_t k = N - (count % 2 ? 1 : 2); k >= start + 2; k -= 2)
    acc = mul_add(acc, r2, mul_add(odd(k - 1), r, V(c[k - 2])));
  return acc;
}
template <bool reflected = false, class V, class T, std::size_t N>
SIMDACT_KERNEL_INLINE V polynomial(const V& r, const V& r2, const T (&c)[N]) {
  return polynomial_from<0, reflected>(r, r2, c);
}

// How exp_reduce evaluates expm1(r) = r + r^2 P(r). paired: r + r^2 P with P by pairs
// (polynomial), one rounding after the exact r. short_f32: in f32, (r + r^2 (c0 + c1 r)) + r^4 (c2 +
// ...), three dependent fmas fewer after r (the loops are latency-bound) for one more rounding, of the
// head: at most half an ULP of q, a quarter of one of 1 + q. Each kernel that takes it was swept
// over all 2^32 floats with it. f64 keeps paired, where it measured 1 % faster (sigmoid).
enum class exp_chain { paired, short_f32 };

template <class V>
struct exp_split {
  V q;      // expm1(r)
  V scale;  // 2^(n + extra_exponent)
};

// A low word as exp_reduce uses it: kept where it is at most 2^-12, dropped (0) where it is larger
// or NaN, as the low part of a clamped or overflowed argument can be (the fma residual of beta * inf).
template <class V>
SIMDACT_KERNEL_INLINE V guarded_low_part(const V& a_lo) {
  return choose(magnitude(a_lo) <= V(lane_t<V>(0x1p-12)), a_lo, V(0));
}

// e^(a + a_lo), a_lo being the low part of an argument held in two words (|a_lo| <= ulp(a) / 2):
// arguments such as beta * x or x^2 / 2 lose nothing to their own rounding this way, which matters
// where e^a is steep (an error d in a is a relative error d in e^a). a must be a number with
// 2^(n + extra_exponent) a normal number (callers clamp a first) or NaN, which propagates into q.
// This form takes the shifter as a value: exp_reduce below fixes it at compile time; softmax builds
// it per row (round_shifter + bias + extra - N) to get e^a * 2^(extra - N) with the row's N.
// A caller whose low part is always that small (and finite where a is), or that guarded it already,
// says so with trusted_low_part, which skips the guard below.
// With of_negated, e^-(a + a_lo) without negating a first: the reduction is carried out on r' = -r
// and the polynomial reflected, which gives the same bits (rounding is symmetric) for one operation
// fewer (silu, f32 at 4K, AVX2, A/B: 0.357 -> 0.341 ns/element).
template <bool with_low_part, bool trusted_low_part = false, exp_chain chain = exp_chain::paired,
          bool of_negated = false, class V>
SIMDACT_KERNEL_INLINE exp_split<V> exp_reduce_shifted(const V& a, const V& a_lo, const V& shifter) {
  using T = lane_t<V>;
  using C = exp_constants<T>;
  constexpr T sign = of_negated ? T(-1) : T(1);
  const V shifted = mul_add(a, V(sign * C::log2e), shifter);
  const V n = shifted - shifter;
  V r = mul_add(n, V(-sign * C::ln2_hi), a);
  r = mul_add(n, V(-sign * C::ln2_lo), r);
  // (Skipped without a low part: adding +0 is not free, and it would turn -0 into +0.) A caller
  // that clamped `a` passes the low part of the unclamped argument, which can be huge or NaN (the
  // fma residual of an infinite product); it is dropped then. Where it matters, |a_lo| is at most
  // ulp(800) / 2, far under the bound.
  if constexpr (with_low_part && trusted_low_part) r = r + a_lo;
  else if constexpr (with_low_part) r = r + guarded_low_part(a_lo);

  // q = r + r^2 P(r), or -r' + r^2 P(-r') with r' = -r.
  const auto plus_r = [&](const V& product, const V& factor) {
    return of_negated ? mul_sub(product, factor, r) : mul_add(product, factor, r);
  };
  const V r2 = r * r;
  V q;
  if constexpr (chain == exp_chain::short_f32 && sizeof(T) == 4) {
    const V head = plus_r(r2, mul_add(V(sign * C::c[1]), r, V(C::c[0])));
    q = mul_add(r2 * r2, polynomial_from<2, of_negated>(r, r2, C::c), head);
  } else {
    q = plus_r(r2, polynomial<of_negated>(r, r2, C::c));
  }

  return {q, from_bits<V>(to_bits(shifted) << C::mantissa_bits)};
}

template <int extra_exponent, bool with_low_part = true, bool trusted_low_part = false,
          exp_chain chain = exp_chain::paired, bool of_negated = false, class V>
SIMDACT_KERNEL_INLINE exp_split<V> exp_reduce(const V& a, const V& a_lo) {
  using T = lane_t<V>;
  using C = exp_constants<T>;
  // The shifter's low bits also carry the exponent bias (plus extra_exponent), so that shifting the
  // rounded sum left by mantissa_bits leaves exactly the exponent field of 2^(n + extra_exponent):
  // the shifter's own high bits fall off the top.
  constexpr T shifter = C::round_shifter + T(C::exponent_bias + extra_exponent);
  return exp_reduce_shifted<with_low_part, trusted_low_part, chain, of_negated>(a, a_lo, V(shifter));
}

template <int extra_exponent, exp_chain chain = exp_chain::paired, class V>
SIMDACT_KERNEL_INLINE exp_split<V> exp_reduce(const V& a) {
  return exp_reduce<extra_exponent, false, false, chain>(a, a);
}

// e^-a, the same bits as exp_reduce(negate(a)).
template <int extra_exponent, class V>
SIMDACT_KERNEL_INLINE exp_split<V> exp_reduce_of_negated(const V& a) {
  return exp_reduce<extra_exponent, false, false, exp_chain::paired, true>(a, a);
}

// x / (1 + e^w) with the numerator exact (silu, gelu_tanh): only the denominator's fma and the
// division round, besides e^w's own error. e = exp_reduce<-k>(w) holds 2^(n - k) (1 + q), and C gives
// 2^-k and 2^k. Where a < -1 (a: x clamped, where e^w can overflow) numerator and 1 both carry
// u = 2^-k, so that a subnormal result is rounded once, by the division; elsewhere u = 1 and s undoes
// the 2^-k exactly (divided_by_sum forms the denominator).
// The scalings by 2^-k and 2^k are exact, so they are done on the exponent fields with integer
// operations (x is normal with |x| >= 1 wherever it is scaled, and 2^n is normal wherever it is
// formed): on Zen 3 those issue to all four FP pipes, where a blend and three multiplications
// competed with the fmas for two (f32 at 4K, AVX2, A/B: silu 0.420 -> 0.405 ns/element, gelu_tanh
// 0.742 -> 0.736; the same bits over all 2^32 floats).
// numerator / (u + s (1 + q)) for powers of two u and s: u + s is exact unless they lie more than
// 2^23 apart; with recover_low_word, Fast2Sum's low word (s >= u wherever it matters) is added back.
template <bool recover_low_word, class V>
SIMDACT_KERNEL_INLINE V divided_by_sum(const V& numerator, const V& u, const V& s, const V& q) {
  const V p = s + u;
  if constexpr (recover_low_word) return divide(numerator, mul_add(s, q, p) + (u - (p - s)));
  else return divide(numerator, mul_add(s, q, p));
}

template <bool recover_low_word, class C, class V>
SIMDACT_KERNEL_INLINE V ratio_to_one_plus_exp(const V& x, const V& a, const exp_split<V>& e) {
  using T = lane_t<V>;
  using B = bits_vec_t<V>;
  using bits = bits_lane_t<T>;
  constexpr bits k_in_exponent = bits(-C::scale_exponent) << exp_constants<T>::mantissa_bits;
  constexpr T one = 1;
  bits one_bits;
  std::memcpy(&one_bits, &one, sizeof one);
  // k in the exponent field where a < -1, 0 elsewhere (NaN included).
  const B lowered = to_bits(keep_where(a < V(T(-1)), from_bits<V>(B(k_in_exponent))));
  const V u = from_bits<V>(B(one_bits) - lowered);
  const V s = from_bits<V>(to_bits(e.scale) + (B(k_in_exponent) - lowered));  // 2^n u
  const V numerator = from_bits<V>(to_bits(x) - lowered);                      // x u
  return divided_by_sum<recover_low_word>(numerator, u, s, e.q);
}

// ratio_to_one_plus_exp where no scaling is needed (x >= -1 there, or e^w and the quotient normal
// and finite without it), from e = exp_reduce<0>(w): the same bits, as the scalings by 2^-k there
// are exact.
template <bool recover_low_word, class V>
SIMDACT_KERNEL_INLINE V ratio_to_one_plus_exp_unscaled(const V& x, const exp_split<V>& e) {
  return divided_by_sum<recover_low_word>(x, V(lane_t<V>(1)), e.scale, e.q);
}

// v e^b / (e^b + 1) = v sigmoid(b), from e^b 2^k = s (1 + q) as exp_reduce<k> splits it and vs = v s
// (exact: s is a power of two). Numerator vs (1 + q) and denominator 2^k + s + s q are each kept in
// two words, and the quotient, first rounded through the reciprocal of the denominator's high word,
// is corrected by its residual: it rounds about once, so that little but e^b's own error reaches the
// result. (One fma for each and a plain division left three roundings: 3 ULP in f32.) The common
// factor 2^k keeps every word normal where v sigmoid(b) is subnormal; the last fma rounds that once.
template <class V>
SIMDACT_KERNEL_INLINE V scaled_logistic_product(const V& vs, const V& s, const V& q, const V& two_pow_k) {
  const V n = mul_add(vs, q, vs);
  const V n_lo = mul_add(vs, q, vs - n);  // vs - n is exact: n / vs = 1 + q lies in [1/2, 2]
  // Two powers of two add exactly unless more than 24 (f32) / 53 binades apart. For s below 2^k,
  // p_lo = s - (p - 2^k) is Fast2Sum's exact low word (s itself where p rounds to 2^k). For s above,
  // it is 0, the true low word while the sum is exact (also at the tie s = 2^(k + 24), where p rounds
  // to s and p - 2^k is exact); beyond, 2^k / s < 2^-25 and v sigmoid(b) rounds to v either way.
  const V p = s + two_pow_k;
  const V p_lo = s - (p - two_pow_k);
  const V sq = s * q;
  const V d = p + sq;  // p > |s q|: Fast2Sum
  const V d_lo = (sq - (d - p)) + p_lo;
  const V reciprocal = divide(V(1), d);
  const V y = n * reciprocal;
  // The residual is taken negated, y (d + d_lo) - n - n_lo, and subtracted: an exact zero residual
  // is +0, and y - (+0) keeps y = -0 where y + (+0) would not (silu(-0) = -0).
  const V excess = mul_sub(y, d, n) + mul_sub(y, d_lo, n_lo);
  return neg_mul_add(excess, reciprocal, y);
}

}  // namespace
}  // namespace simdact::kernels
