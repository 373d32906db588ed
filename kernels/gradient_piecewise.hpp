// Derivatives of the piecewise-linear activations and of hardsigmoid / hardswish / softsign.
// Conventions at the kinks follow PyTorch: relu'(0) = 0, a clamp's derivative is 1 strictly inside
// its bounds and 0 on them (relu6'(0) = relu6'(6) = 0), hardswish'(-3) = -1/2 and hardswish'(3) = 3/2.
// Where f is flat the gradient is +0 whatever dy is (dy = inf or NaN included), as a mask would
// give; NaN inputs give NaN.
//
// These loops read two arrays and write one and do little else: with the data in the first-level
// cache their few operations decide the speed (1024 floats, AVX2: 1.2-2.3x the time of a plain
// multiply loop). On Zen 3 the multiplier pipes also carry blends and the adder pipes compares, two
// of each per cycle, while bitwise operations run on all four: NaN lanes are therefore marked by a
// compare and an or (giving the all-ones NaN) rather than a compare and a blend. Together with
// choose_where_positive this took leaky_relu's backward 15 % less time at 1024 floats, leaky_relu6's
// 9 %, and identity's and relu's 3 % less at 4096. (Carrying the NaN of a clamp's inside test through
// dy (0 v + 1) instead measured no faster, and 5x slower on the portable path.)
// Eight vectors per iteration in f32 for all but relu, hardswish and softsign (backward at 4K, AVX2:
// step 0.049 -> 0.044 ns/element, the clamps and identity 2-3 % faster; hardswish 25 % slower at
// eight, relu unchanged), four in f64.
#pragma once

#include "gradient.hpp"
#include "piecewise.hpp"

namespace simdact::kernels {
namespace {

// dy where `pass`, +0 where the input is a number, NaN where it is NaN.
template <class M, class V>
SIMDACT_KERNEL_INLINE V pass_where(const M& pass, const V& x, const V& dy) {
  return nan_where_nan(x, keep_where(pass, dy));
}

struct identity_gradient : gradient<identity_gradient, 8, 4> {
  static constexpr bool has_output_form = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const params_of<V>&) { return nan_where_nan(x, V(1)); }
  template <class V>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V& dy, const params_of<V>&) { return nan_where_nan(x, dy); }
  template <class V>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V& dy, const params_of<V>& p) { return backward(y, dy, p); }
};

struct step_gradient : gradient<step_gradient, 8, 4> {
  static constexpr bool has_output_form = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const params_of<V>&) { return zero_where(x == x, x); }
  template <class V>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V&, const params_of<V>&) { return zero_where(x == x, x); }
  template <class V>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V&, const params_of<V>&) { return zero_where(y == y, y); }
};

// relu(x) > 0 exactly where x > 0, so the output form is the same test.
struct relu_gradient : gradient<relu_gradient> {
  static constexpr bool has_output_form = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const params_of<V>&) { return step_kernel::apply(x); }
  template <class V>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V& dy, const params_of<V>&) {
    return pass_where(x > V(0), x, dy);
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V& dy, const params_of<V>& p) { return backward(y, dy, p); }
};

// The output form needs alpha >= 0 (checked by the caller): then y > 0 exactly where x > 0.
struct leaky_relu_gradient : gradient<leaky_relu_gradient, 8, 4> {
  static constexpr bool has_output_form = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const params_of<V>& p) {
    return nan_where_nan(x, choose_where_positive(x, V(1), V(p.p0)));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V& dy, const params_of<V>& p) {
    return nan_where_nan(x, choose_where_positive(x, dy, dy * V(p.p0)));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V& dy, const params_of<V>& p) { return backward(y, dy, p); }
};

// 1 strictly inside (lo, hi), 0 on and outside the bounds: one test serves x and y alike.
template <class V>
SIMDACT_KERNEL_INLINE V inside_backward(const V& v, const V& dy, const V& lo, const V& hi) {
  return pass_where((v > lo) & (v < hi), v, dy);
}
// (keep_where on the inside test rather than zero_where on its complement, which cost an xor:
// the clamps' derivative loops 0.083 -> 0.072 ns/element, f32 at 4K, AVX2.)
template <class V>
SIMDACT_KERNEL_INLINE V inside_derivative(const V& v, const V& lo, const V& hi, const V& slope) {
  return nan_where_nan(v, keep_where((v > lo) & (v < hi), slope));
}

struct relu6_gradient : gradient<relu6_gradient, 8, 4> {
  static constexpr bool has_output_form = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const params_of<V>&) {
    return inside_derivative(x, V(0), V(6), V(1));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V& dy, const params_of<V>&) {
    return inside_backward(x, dy, V(0), V(6));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V& dy, const params_of<V>& p) { return backward(y, dy, p); }
};

// min(max(alpha x, x), 6): slope s = max(1, alpha) for x > 0 and min(1, alpha) for x <= 0 (the larger
// of the two lines wins), 0 where the result is clamped at 6. max(alpha x, x) is x s (the same
// rounded product, or x itself), so the test from x is x s >= 6, as the forward decides it. For
// alpha >= 0 the output has the input's sign and reaches 6 exactly where it is clamped, so the
// output form tests y >= 6.
struct leaky_relu6_gradient : gradient<leaky_relu6_gradient, 8, 4> {
  static constexpr bool has_output_form = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE V slope(const V& x, const params_of<V>& p) {
    using T = lane_t<V>;
    const T positive = p.p0 > T(1) ? p.p0 : T(1), negative = p.p0 < T(1) ? p.p0 : T(1);
    return choose_where_positive(x, V(positive), V(negative));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const params_of<V>& p) {
    const V s = slope(x, p);
    return nan_where_nan(x, zero_where(x * s >= V(6), s));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V& dy, const params_of<V>& p) {
    const V s = slope(x, p);
    return nan_where_nan(x, zero_where(x * s >= V(6), dy * s));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V& dy, const params_of<V>& p) {
    return nan_where_nan(y, zero_where(y >= V(6), dy * slope(y, p)));
  }
};

struct clip_gradient : gradient<clip_gradient, 8, 4> {
  static constexpr bool has_output_form = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const params_of<V>& p) {
    return inside_derivative(x, V(p.p0), V(p.p1), V(1));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V& dy, const params_of<V>& p) {
    return inside_backward(x, dy, V(p.p0), V(p.p1));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V& dy, const params_of<V>& p) { return backward(y, dy, p); }
};

struct hardtanh_gradient : gradient<hardtanh_gradient, 8, 4> {
  static constexpr bool has_output_form = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const params_of<V>& p) { return clip_gradient::derivative(x, p); }
  template <class V>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V& dy, const params_of<V>& p) {
    return clip_gradient::backward(x, dy, p);
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V& dy, const params_of<V>& p) { return backward(y, dy, p); }
};

// 1/6 on (-3, 3), i.e. where the output is in (0, 1). dy / 6 as dy times the rounded 1/6, whose
// relative error 2^-25 (2^-54) is at most half an ULP of the product before its rounding: <= 1 ULP.
// (divide_by_six's correction step rounds it correctly, and cost 1.20x a multiply loop at 4K
// against 1.14x.)
struct hardsigmoid_gradient : gradient<hardsigmoid_gradient, 8, 4> {
  static constexpr bool has_output_form = true;
  template <class V>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const params_of<V>&) {
    return inside_derivative(x, V(-3), V(3), V(lane_t<V>(1) / 6));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V& dy, const params_of<V>&) {
    return inside_backward(x, dy * V(lane_t<V>(1) / 6), V(-3), V(3));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V from_output(const V& y, const V& dy, const params_of<V>&) {
    return inside_backward(y, dy * V(lane_t<V>(1) / 6), V(0), V(1));
  }
};

// (2x + 3) / 6 on [-3, 3] (PyTorch's x / 3 + 1/2, its bounds included), 0 below, 1 above, as
// (2x + 3) rounded times 1/6 rounded. Where f' is small (x near -3/2) 2x + 3 is exact (Sterbenz:
// 2x within a factor of 2 of -3), so f'(-3/2) = 0 exactly and the error stays relative. Elsewhere
// 2x + 3 rounds by at most 2/3 ULP of the quotient and the rounded 1/6 is off by a relative 2^-25
// (2^-54 in f64): under 7/6 ULP before the product's own rounding; all 2^32 floats give 1 ULP.
// (Carrying 2x + 3 in two words into a corrected division by six kept f' within 1 ULP by
// construction and the backward within 1, at 1.7x the time of a multiply loop at 4K, against 1.14x
// now.) No output form: y does not determine x on (-3, 0).
struct hardswish_gradient : gradient<hardswish_gradient> {
  template <class V>
  static SIMDACT_KERNEL_INLINE V middle(const V& x) {
    constexpr auto sixth = lane_t<V>(1) / 6;
    return mul_add(x, V(2), V(3)) * V(sixth);
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const params_of<V>&) {
    return zero_where(x < V(-3), choose(x > V(3), V(1), middle(x)));
  }
  template <class V>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V& dy, const params_of<V>&) {
    return zero_where(x < V(-3), choose(x > V(3), dy, dy * middle(x)));
  }
};

}  // namespace
}  // namespace simdact::kernels
