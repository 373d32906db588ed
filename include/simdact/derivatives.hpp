// Derivative and backward kernels of every elementwise activation (see unary_list.inc for each
// function's conventions and bounds). For a function f with parameters p:
//
//   void f_derivative(const T* x, T* d, std::size_t n, p...);            d[i] = f'(x[i])
//   void f_backward(const T* x, const T* dy, T* dx, std::size_t n, p...); dx[i] = dy[i] f'(x[i])
//   void f_backward_from_output(const T* y, const T* dy, T* dx, std::size_t n, p...)
//       dx[i] = dy[i] f'(x[i]) computed from y[i] = f(x[i]), for the functions whose derivative is a
//       function of their output (sigmoid, tanh, the relu family, elu with alpha >= 0, ...).
//
// T = float or double; parameters as for the forward function, with the same defaults and checks.
// d may be x; dx may be x (or y) or dy; any other overlap between an output and an input, a null
// pointer with n > 0, or a size that overflows throws simdact::error before anything is written.
// Where f is flat by its definition (step, relu, the flat parts of the clamps and of hardsigmoid,
// hardswish below -3) the gradient is +0 whatever dy holds; a slope that is a parameter multiplies
// dy as IEEE arithmetic does even when it is 0 (leaky_relu, leaky_relu6, prelu or elu with
// alpha = 0: -0 for dy < 0, NaN for an infinite dy). A NaN input gives NaN.
// The backward bounds of unary_list.inc hold for |dy| <= 2^24 in float and 2^64 in double (any
// smaller magnitude included; elu's also needs |alpha| < 2^47 in float, 2^833 in double): beyond, a
// product whose exact value is finite may overflow, or a derivative that underflows far out in a
// tail may give a nonzero dx where the exact one rounds to 0.
#pragma once

#include <cstddef>

#include "simdact/list_params.h"

namespace simdact {

#define SIMDACT_DETAIL_CAT_(a, b) a##b
#define SIMDACT_DETAIL_CAT(a, b) SIMDACT_DETAIL_CAT_(a, b)
#define SIMDACT_DETAIL_OUTPUT_OF(d32, d64, b32, b64, output) output
#define SIMDACT_DETAIL_FROM_OUTPUT_none(name, shape, params)
#define SIMDACT_DETAIL_FROM_OUTPUT_same(name, shape, params)                                              \
  void name##_backward_from_output(const SIMDACT_T* y, const SIMDACT_T* dy, SIMDACT_T* dx,               \
                                   std::size_t n SIMDACT_DETAIL_DECLARE_##shape params);
#define SIMDACT_DETAIL_FROM_OUTPUT_nonnegative SIMDACT_DETAIL_FROM_OUTPUT_same

#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient)                   \
  void name##_derivative(const SIMDACT_T* x, SIMDACT_T* d, std::size_t n SIMDACT_DETAIL_DECLARE_##shape params); \
  void name##_backward(const SIMDACT_T* x, const SIMDACT_T* dy, SIMDACT_T* dx,                                  \
                       std::size_t n SIMDACT_DETAIL_DECLARE_##shape params);                                   \
  SIMDACT_DETAIL_CAT(SIMDACT_DETAIL_FROM_OUTPUT_, SIMDACT_DETAIL_OUTPUT_OF gradient)(name, shape, params)
#define SIMDACT_T float
#include "simdact/unary_list.inc"
#undef SIMDACT_T
#define SIMDACT_T double
#include "simdact/unary_list.inc"
#undef SIMDACT_T
#undef SIMDACT_UNARY

// PReLU's gradients over [outer][channels][inner] (as prelu):
//   dx = dy where x > 0, slopes[c] * dy elsewhere (exact), and, if slopes_grad is not null,
//   slopes_grad[c] = the sum of x * dy over the elements of channel c with x <= 0.
// The sums are compensated (about one rounding in all) and their order depends on the shape alone:
// the same bits on every instruction set and thread count. dx may be x or dy; slopes_grad must not
// overlap any other buffer.
void prelu_backward(const float* x, const float* dy, float* dx, std::size_t outer, std::size_t channels,
                    std::size_t inner, const float* slopes, float* slopes_grad);
void prelu_backward(const double* x, const double* dy, double* dx, std::size_t outer, std::size_t channels,
                    std::size_t inner, const double* slopes, double* slopes_grad);

}  // namespace simdact
