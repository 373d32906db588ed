// The piecewise-linear activations and their cousins built from one or two exact operations:
// relu, leaky_relu, relu6, leaky_relu6, clip/hardtanh, identity and step are correctly rounded by
// construction; hardsigmoid and softsign round twice at most, hardswish three times.
#pragma once

#include "simd.hpp"

namespace simdact::kernels {
namespace {

// The kernels that are a clamp, a compare or a max away from a copy run eight vectors per iteration
// in f32 and four in f64, step six in f32 (4K, AVX2, two A/B runs, memcpy 0.043 ns/element: relu,
// identity, clip and hardtanh 0.042-0.044 against 0.045-0.048 at four; relu6 0.045 against 0.053;
// leaky_relu and leaky_relu6 0.043-0.045 against 0.047-0.050; step 0.052 against 0.055 at four and
// eight; f64 at eight 1-2 % slower than at four).
constexpr std::size_t copy_like_unroll_f32 = 8, copy_like_unroll_f64 = 4;

struct identity_kernel : elementwise<identity_kernel, copy_like_unroll_f32, copy_like_unroll_f64> {
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x) { return x; }
};

// x == x is false only for NaN, which therefore passes through (a plain x > 0 test would give 0).
struct step_kernel : elementwise<step_kernel, 6, copy_like_unroll_f64> {
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x) {
    return choose(x > V(0), V(1), zero_where(x == x, x));
  }
};

// "x <= 0" is false for NaN, so NaN passes through (max(x, 0) instructions would drop it), and -0
// becomes +0.
struct relu_kernel : elementwise<relu_kernel, copy_like_unroll_f32, copy_like_unroll_f64> {
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x) { return zero_where(x <= V(0), x); }
};

// For 0 < alpha <= 1, leaky_relu(x) = max(alpha x, x), the same bits as the choice below (alpha x
// and x are equal only at +-0 and +-inf, where the clamp returns x, which is alpha x there too; a
// NaN x passes through): one max instead of a compare and a select. f32 at 4K, AVX2: 0.047-0.049
// ns/element against 0.060 with a blend on x's sign bit, memcpy 0.043. alpha = 0 stays on the
// general path, where -inf gives 0 * -inf = NaN as the formula says (max would give -inf).
struct leaky_relu_kernel : elementwise<leaky_relu_kernel, copy_like_unroll_f32, copy_like_unroll_f64> {
  static constexpr bool has_params = true;
  static constexpr bool has_special_form = true;
  template <class T>
  static bool special_form_applies(const detail::kernel_params<T>& p) { return p.p0 > 0 && p.p0 <= 1; }
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply_special(const V& x, const detail::kernel_params<lane_t<V>>& p) {
    return clamp_below(x, x * V(p.p0));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x, const detail::kernel_params<lane_t<V>>& p) {
    return choose(x > V(0), x, x * V(p.p0));
  }
};

struct relu6_kernel : elementwise<relu6_kernel, copy_like_unroll_f32, copy_like_unroll_f64> {
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x) {
    return clamp_above(relu_kernel::apply(x), V(6));
  }
};

// max(alpha x, x) as the formula says, which is not leaky_relu for alpha > 1; the clamps keep NaN.
struct leaky_relu6_kernel : elementwise<leaky_relu6_kernel, copy_like_unroll_f32, copy_like_unroll_f64> {
  static constexpr bool has_params = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x, const detail::kernel_params<lane_t<V>>& p) {
    return clamp_above(clamp_below(x, x * V(p.p0)), V(6));
  }
};

struct clip_kernel : elementwise<clip_kernel, copy_like_unroll_f32, copy_like_unroll_f64> {
  static constexpr bool has_params = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x, const detail::kernel_params<lane_t<V>>& p) {
    return clamp_above(clamp_below(x, V(p.p0)), V(p.p1));
  }
};

struct hardtanh_kernel : elementwise<hardtanh_kernel, copy_like_unroll_f32, copy_like_unroll_f64> {
  static constexpr bool has_params = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x, const detail::kernel_params<lane_t<V>>& p) {
    return clip_kernel::apply(x, p);
  }
};

// t / 6 without a division (which would set the speed of this otherwise copy-speed kernel).
// In f32, t * (1/6) alone keeps hardsigmoid within 1 ULP: with x + 3 rounded first, the two
// roundings and the error of the rounded 1/6 (2^-25) stay under 1.5 ULP of the result over all 2^32
// floats (exhaustive; the bound by analysis alone would be 2). 4K, AVX2: 0.074 -> 0.060 ns/element
// (memcpy 0.043: the two clamps, the add and the multiply remain; x + 3 by fma ran no faster).
// In f64 the analysis leaves the same gap and no exhaustive run can close it, so the product takes
// a correction step: its residual 6q - t is exact by fma, and one step lands on the correctly
// rounded quotient or next to it (f64 runs at copy speed either way). The residual is taken as
// 6q - t and multiplied by -1/6 so that t = -0 gives -0 (q + (-0)) and t = +0 gives +0. (Not as
// q - (6q - t)/6 by a negated fma: GCC moves such a negation into the inner fma on AArch64, t - 6q,
// whose zero is +0.)
template <class V>
SIMDACT_KERNEL_INLINE V divide_by_six(const V& t) {
  constexpr auto sixth = lane_t<V>(1) / 6;
  const V q = t * V(sixth);
  if constexpr (sizeof(lane_t<V>) == 4) return q;
  else return mul_add(mul_sub(q, V(6), t), V(-sixth), q);
}

// (x + 3) is exact on [-6, -1.5] (Sterbenz), where the result is small and an error would be
// large relative to it; elsewhere it rounds once, then the division once. Eight vectors per
// iteration (4K, AVX2, with the correction step: f32 0.074 ns/element against 0.077 at four, f64
// 0.163 against 0.166).
struct hardsigmoid_kernel : elementwise<hardsigmoid_kernel, 8> {
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x) {
    return divide_by_six(clamp_above(clamp_below(x + V(3), V(0)), V(6)));
  }
};

// x (x + 3) / 6 on (-3, 3) (-0 stays -0); x from 3 on exactly (the formula would round x * 6 / 6),
// and +0 from -3 down (x * 0 would be -0, and NaN at -inf). x + 3, its product with x and the
// multiplication by the rounded 1/6 each round: within 2 ULP over all 2^32 floats, the bound, as
// with divide_by_six's correction step, which cost 1.53x the time at 4K (0.120 against 0.078
// ns/element, AVX2). x + 3 is exact near -3 (Sterbenz), where the result is small. Six vectors per
// iteration (4K, AVX2, A/B: f32 0.076-0.077 ns/element against 0.080 at four, 0.083 at two and at
// seven, 0.093 at five; f64 0.171 against 0.172 at four).
struct hardswish_kernel : elementwise<hardswish_kernel, 6> {
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x) {
    return zero_where(x <= V(-3), choose(x >= V(3), x, (x * (x + V(3))) * V(lane_t<V>(1) / 6)));
  }
};

template <class T>
struct softsign_constants {
  // Beyond this |x|, 1 + |x| and x / (1 + |x|) round to |x| and +-1: clamping there turns
  // inf / inf into 1 without changing any finite result.
  static constexpr T big = sizeof(T) == 4 ? T(0x1p60) : T(0x1p500);
};

// Eight vectors per iteration (4K, AVX2: f32 0.118 ns/element against 0.123 at four).
struct softsign_kernel : elementwise<softsign_kernel, 8> {
  template <class V>
  static SIMDACT_KERNEL_INLINE V apply(const V& x) {
    constexpr auto big = softsign_constants<lane_t<V>>::big;
    const V a = clamp_above(clamp_below(x, V(-big)), V(big));
    return divide(a, V(1) + magnitude(a));
  }
};

}  // namespace
}  // namespace simdact::kernels
