// Internal: the public entry point of every kernel of the list, for code that drives the API
// generically (tests, benchmarks, fuzzing). Same order as detail::unary_kernels, whose names and
// bounds go with it.
#pragma once

#include <cstddef>

#include "kernels/params.hpp"
#include "simdact/activations.hpp"
#include "simdact/derivatives.hpp"

namespace simdact::detail {

// The public function with its parameters taken from `params` (p0 = the first, p1 = the second).
template <class T>
using public_unary_fn = void (*)(const T* x, T* y, std::size_t n, kernel_params<T> params);

#define SIMDACT_DETAIL_UNPACK_none()
#define SIMDACT_DETAIL_UNPACK_one(name0, default0) , params.p0
#define SIMDACT_DETAIL_UNPACK_two(name0, default0, name1, default1) , params.p0, params.p1
#define SIMDACT_DETAIL_UNPACK_two_required(name0, default0, name1, default1) , params.p0, params.p1

template <class T>
inline constexpr public_unary_fn<T> public_unary_kernels[] = {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, param_list, check, gradient) \
  [](const T* x, T* y, std::size_t n, [[maybe_unused]] kernel_params<T> params) {    \
    simdact::name(x, y, n SIMDACT_DETAIL_UNPACK_##shape param_list);                 \
  },
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
};

// The public f_backward of each function, in the same order.
template <class T>
using public_backward_fn = void (*)(const T* x, const T* dy, T* dx, std::size_t n, kernel_params<T> params);

template <class T>
inline constexpr public_backward_fn<T> public_backward_kernels[] = {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, param_list, check, gradient)        \
  [](const T* x, const T* dy, T* dx, std::size_t n, [[maybe_unused]] kernel_params<T> params) {        \
    simdact::name##_backward(x, dy, dx, n SIMDACT_DETAIL_UNPACK_##shape param_list);                  \
  },
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
};

// The public f_derivative of each function, in the same order.
template <class T>
using public_derivative_fn = void (*)(const T* x, T* d, std::size_t n, kernel_params<T> params);

template <class T>
inline constexpr public_derivative_fn<T> public_derivative_kernels[] = {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, param_list, check, gradient) \
  [](const T* x, T* d, std::size_t n, [[maybe_unused]] kernel_params<T> params) {     \
    simdact::name##_derivative(x, d, n SIMDACT_DETAIL_UNPACK_##shape param_list);      \
  },
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
};

// The public f_backward_from_output of each function, in the same order; null where f' is not a
// function of f.
#define SIMDACT_DETAIL_PUBLIC_FROM_OUTPUT_none(name, shape, param_list) nullptr,
#define SIMDACT_DETAIL_PUBLIC_FROM_OUTPUT_same(name, shape, param_list)                              \
  [](const T* y, const T* dy, T* dx, std::size_t n, [[maybe_unused]] kernel_params<T> params) {        \
    simdact::name##_backward_from_output(y, dy, dx, n SIMDACT_DETAIL_UNPACK_##shape param_list);      \
  },
#define SIMDACT_DETAIL_PUBLIC_FROM_OUTPUT_nonnegative SIMDACT_DETAIL_PUBLIC_FROM_OUTPUT_same
template <class T>
inline constexpr public_backward_fn<T> public_from_output_kernels[] = {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, param_list, check, gradient) \
  SIMDACT_DETAIL_CAT(SIMDACT_DETAIL_PUBLIC_FROM_OUTPUT_, SIMDACT_DETAIL_OUTPUT_OF gradient)(name, shape, param_list)
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
};

}  // namespace simdact::detail
