#pragma once

#include "exp_core.hpp"

namespace simdact::kernels {
namespace {

template <class T>
struct mish_constants;
template <>
struct mish_constants<float> {
  // Below lo, x e^x (what mish tends to) is under half the smallest subnormal; from hi on
  // tanh(softplus(x)) rounds to 1, so mish(x) = x.
  static constexpr float lo = -115.0f, hi = 10.0f;
  // U = e^x 2^k must stay normal at lo (k >= 41) while U^2 stays finite at hi (k <= 49).
  static constexpr int scale_exponent = 44;
  static constexpr float two_pow_scale_plus_1 = 0x1p45f, two_pow_2scale_plus_1 = 0x1p89f;
};
template <>
struct mish_constants<double> {
  static constexpr double lo = -760.0, hi = 20.0;
  static constexpr int scale_exponent = 128;
  static constexpr double two_pow_scale_plus_1 = 0x1p129, two_pow_2scale_plus_1 = 0x1p257;
};

template <class T>
struct reciprocal_seed;
// 1/d within 12 % from the bits of d alone (integer arithmetic, so the same on every path).
template <>
struct reciprocal_seed<float> { static constexpr std::uint32_t magic = 0x7ef311c7u; };
template <>
struct reciprocal_seed<double> { static constexpr std::uint64_t magic = 0x7fde623822fc16e6ull; };

// 1/d to ~1.5 %: the seed and one Newton step. Only for corrections far below an ULP.
template <class V>
SIMDACT_KERNEL_INLINE V rough_reciprocal(const V& d) {
  const V seed = from_bits<V>(bits_vec_t<V>(reciprocal_seed<lane_t<V>>::magic) - to_bits(d));
  return mul_add(seed, neg_mul_add(d, seed, V(1)), seed);
}

// tanh(log(1 + u)) = ((1 + u)^2 - 1) / ((1 + u)^2 + 1) = N / (N + 2), N = u (u + 2), u = e^x: no
// logarithm and no cancellation. Everything is scaled by 2^k (U = u 2^k, s = 2^(n+k)) so that
// subnormal results round once, in the division. mish = x N / D is evaluated with N, D and x N in
// two words and the quotient's residual folded back (all residuals exact by fma), so the result
// rounds about once; without that, five roundings in a row reached 3 ULP.
// The clamps and the final choice matter only for |x| > hi, which ordinary inputs do not reach: the
// loops run `common` without them and test each iteration for such a lane (has_rare_inputs): f32
// at 4K, AVX2, A/B, 0.820 -> 0.718 ns/element (0.797 at three vectors per iteration, 0.788 at five,
// 0.870 at six); f64 unchanged (1.77).
struct mish_kernel : elementwise<mish_kernel> {
  static constexpr bool has_rare_inputs = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE auto rare(const V& x) {
    return magnitude(x) > V(mish_constants<lane_t<V>>::hi);
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V common(const V& x) { return evaluate<false>(x); }
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x) { return evaluate<true>(x); }
  template <bool clamped, class V>
  static SIMDACT_KERNEL_INLINE V evaluate(const V& x) {
    using C = mish_constants<lane_t<V>>;
    const V a = clamped ? clamp_above(clamp_below(x, V(C::lo)), V(C::hi)) : x;
    const auto e = exp_reduce<C::scale_exponent>(a);
    const V s = e.scale, q = e.q;
    // N 2^2k = W + h, W = 2^(k+1) s (exact), h = s^2 + s (2s + 2^(k+1)) q + s^2 q^2, |h| < W while
    // u < 1.6; (W - N) + h is then N's exact rounding error. Beyond, that error term is rough,
    // but N's share in the result has shrunk to 2 / (N + 2).
    const V w = s * V(C::two_pow_scale_plus_1);
    const V s2 = s * s;
    const V h = mul_add(mul_add(s2, q, s * mul_add(V(2), s, V(C::two_pow_scale_plus_1))), q, s2);
    const V n = w + h;
    const V n_lo = (w - n) + h;
    // D = N + 2^(2k+1), in two words (Fast2Sum with the larger term first).
    const V big = clamp_below(n, V(C::two_pow_2scale_plus_1));
    const V small = clamp_above(n, V(C::two_pow_2scale_plus_1));
    const V d = n + V(C::two_pow_2scale_plus_1);
    const V d_lo = ((big - d) + small) + n_lo;
    // x N / D with the product's and the quotient's residuals.
    const V product = a * n;
    const V product_lo = mul_add(a, n_lo, mul_sub(a, n, product));
    const V quotient = divide(product, d);
    const V residual = neg_mul_add(quotient, d_lo, neg_mul_add(quotient, d, product) + product_lo);
    const V result = mul_add(residual, rough_reciprocal(d), quotient);
    // or_sign: the residual sums turn a -0 result into +0; every other result already has x's sign.
    if constexpr (clamped) return choose(x > V(C::hi), x, or_sign(result, a));
    else return or_sign(result, a);
  }
};

}  // namespace
}  // namespace simdact::kernels
