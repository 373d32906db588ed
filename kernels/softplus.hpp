// softplus and log_sigmoid, from one core: softplus(b) = max(b, 0) + log(1 + e^-|b|).
#pragma once

#include "exp_core.hpp"

namespace simdact::kernels {
namespace {

template <class T>
struct log1p_constants;

// log(1 + u) = 2 atanh(f), f = u / (2 + u) in [0, 1/3] for u in [0, 1]; 2 atanh(f) = 2f (1 + z Q(z)),
// z = f^2. Q: minimax for relative error on [0, 1/9] (Sollya fpminimax), 2^-25 (float, degree 4)
// and 2^-54 (double, degree 10); its error reaches the result scaled by z Q(z) <= 0.04.
template <>
struct log1p_constants<float> {
  static constexpr float q[] = {0x1.555556p-2f, 0x1.999866p-3f, 0x1.24d764p-3f, 0x1.bb3304p-4f,
                                0x1.e116a4p-4f};
  static constexpr float lo = -110.0f;  // e^lo is under half the smallest subnormal
  static constexpr int scale_exponent = 64;
  static constexpr float two_pow_minus_scale = 0x1p-64f;
};
template <>
struct log1p_constants<double> {
  static constexpr double q[] = {0x1.5555555555555p-2, 0x1.9999999999b17p-3, 0x1.249249248395bp-3,
                                 0x1.c71c71ce663dap-4, 0x1.745d1698e8599p-4, 0x1.3b13a946cc7cp-4,
                                 0x1.11146441c4a72p-4, 0x1.e137174b530f9p-5, 0x1.b812f1424928dp-5,
                                 0x1.4379d20a1e4b3p-5, 0x1.31df5b302acc1p-4};
  static constexpr double lo = -750.0;
  static constexpr int scale_exponent = 128;
  static constexpr double two_pow_minus_scale = 0x1p-128;
};

// softplus(b + b_lo) = max(b, 0) + log(1 + u), u = e^-|b|.
// - u is kept scaled (U = u 2^k) so that the subnormal results of large negative b round once
//   more only, in the final scaling, instead of being flushed or rounded twice from a subnormal u.
// - f = u / (2 + u) is carried as F + F_lo (times 2^k): 2 + u is split exactly into d + d_lo and
//   the quotient's residual is exact by fma, so f is good to ~2^-45 and the result rounds about
//   once; the correction only needs a rough 1/d (2 + u is in [2, 3]: 0.8 - 0.16 d is within 4 %).
template <bool with_low_part, class V>
SIMDACT_KERNEL_INLINE V softplus_of(const V& b, const V& b_lo) {
  using C = log1p_constants<lane_t<V>>;
  const V a = clamp_below(negative_magnitude(b), V(C::lo));
  V a_lo = b_lo;
  if constexpr (with_low_part) a_lo = choose(b > V(0), negate(b_lo), b_lo);
  const auto e = exp_reduce<C::scale_exponent, with_low_part>(a, a_lo);
  const V scaled_u = mul_add(e.scale, e.q, e.scale);
  const V u = scaled_u * V(C::two_pow_minus_scale);
  const V d = V(2) + u;
  const V d_lo = (V(2) - d) + u;
  const V f_scaled = divide(scaled_u, d);
  const V residual = neg_mul_add(f_scaled, d, scaled_u);
  const V rough_reciprocal = mul_add(d, V(-0.16), V(0.8));
  const V f_scaled_lo = neg_mul_add(f_scaled, d_lo, residual) * rough_reciprocal;
  const V f = f_scaled * V(C::two_pow_minus_scale);
  const V z = f * f;
  const V z2 = z * z;
  const V tail = mul_add(f_scaled, z * polynomial(z, z2, C::q), f_scaled_lo);
  const V log1p_u = (V(2) * (f_scaled + tail)) * V(C::two_pow_minus_scale);
  const V positive_part = zero_where(b <= V(0), b);
  if constexpr (with_low_part) return positive_part + (log1p_u + zero_where(b <= V(0), b_lo));
  else return positive_part + log1p_u;
}

// PyTorch's softplus: log(1 + e^(beta x)) / beta, and x where beta x > threshold. beta x is split
// into b + b_lo (exact by fma) because e^b is steep for b << 0. softplus and log_sigmoid run five
// vectors per iteration in f32, four in f64 (4K, AVX2, two A/B runs: softplus 0.861 ns/element
// against 0.911 at four, 0.865 at six, 1.02 at three, 1.21 at eight; log_sigmoid 0.825 against
// 0.866, 0.879, 0.99 and 1.17).
struct softplus_kernel : elementwise<softplus_kernel, 5, 4> {
  static constexpr bool has_params = true;
  // beta = 1 (the default) needs neither the split product nor the division.
  static constexpr bool has_special_form = true;
  template <class T>
  static bool special_form_applies(const detail::kernel_params<T>& p) { return p.p0 == 1; }
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply_special(const V& x, const detail::kernel_params<lane_t<V>>& p) {
    return choose(x > V(p.p1), x, softplus_of<false>(x, x));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x, const detail::kernel_params<lane_t<V>>& p) {
    const V beta(p.p0);
    const V b = beta * x;
    const V b_lo = mul_sub(beta, x, b);
    return choose(b > V(p.p1), x, divide(softplus_of<true>(b, b_lo), beta));
  }
};

struct log_sigmoid_kernel : elementwise<log_sigmoid_kernel, 5, 4> {
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x) {
    const V b = negate(x);
    return negate(softplus_of<false>(b, b));
  }
};

}  // namespace
}  // namespace simdact::kernels
