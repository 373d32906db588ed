// Elementwise activations; see unary_list.inc for each function's formula, accuracy and special values.
#pragma once

#include <cstddef>

#include "simdact/list_params.h"

#if __cplusplus >= 202002L
#include <span>
#endif

namespace simdact {

namespace detail {
// Throws simdact::error (a std::invalid_argument) naming `function` unless the two sizes agree.
void check_same_size(const char* function, std::size_t x_size, std::size_t y_size);
}  // namespace detail

#if __cplusplus >= 202002L
// Span overloads are inline so that the library itself needs no C++20. x.size() must equal y.size().
#define SIMDACT_DETAIL_SPAN_OVERLOAD(name, shape, params)                                 \
  inline void name(std::span<const SIMDACT_T> x, std::span<SIMDACT_T> y                   \
                       SIMDACT_DETAIL_DECLARE_##shape params) {                           \
    detail::check_same_size(#name, x.size(), y.size());                                   \
    name(x.data(), y.data(), x.size() SIMDACT_DETAIL_FORWARD_##shape params);             \
  }
#else
#define SIMDACT_DETAIL_SPAN_OVERLOAD(name, shape, params)
#endif

#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient)                \
  void name(const SIMDACT_T* x, SIMDACT_T* y, std::size_t n SIMDACT_DETAIL_DECLARE_##shape params); \
  SIMDACT_DETAIL_SPAN_OVERLOAD(name, shape, params)
#define SIMDACT_T float
#include "simdact/unary_list.inc"
#undef SIMDACT_T
#define SIMDACT_T double
#include "simdact/unary_list.inc"
#undef SIMDACT_T
#undef SIMDACT_UNARY
#undef SIMDACT_DETAIL_SPAN_OVERLOAD

// prelu(x, y, outer, channels, inner, slopes): x and y hold outer * channels * inner elements as
// [outer][channels][inner] (NCHW: outer = N, inner = H * W; NHWC: outer = N * H * W, inner = 1);
// y = x where x > 0, else slopes[c] * x for the elements of channel c.
// Accuracy: exact (0 ULP). y == x allowed; slopes (channels values, any finite or not) must not
// overlap y. Sizes whose product overflows, null pointers with a non-zero size, or overlaps throw
// simdact::error before anything is written.
void prelu(const float* x, float* y, std::size_t outer, std::size_t channels, std::size_t inner,
           const float* slopes);
void prelu(const double* x, double* y, std::size_t outer, std::size_t channels, std::size_t inner,
           const double* slopes);

}  // namespace simdact
