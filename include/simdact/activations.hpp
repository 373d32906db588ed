// Elementwise activations; see unary_list.inc for each function's formula, accuracy and special values.
#pragma once

#include <cstddef>

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
#define SIMDACT_DETAIL_SPAN_OVERLOADS(name)                                  \
  inline void name(std::span<const float> x, std::span<float> y) {           \
    detail::check_same_size(#name, x.size(), y.size());                      \
    name(x.data(), y.data(), x.size());                                      \
  }                                                                          \
  inline void name(std::span<const double> x, std::span<double> y) {         \
    detail::check_same_size(#name, x.size(), y.size());                      \
    name(x.data(), y.data(), x.size());                                      \
  }
#else
#define SIMDACT_DETAIL_SPAN_OVERLOADS(name)
#endif

#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost)         \
  void name(const float* x, float* y, std::size_t n);         \
  void name(const double* x, double* y, std::size_t n);       \
  SIMDACT_DETAIL_SPAN_OVERLOADS(name)
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY

}  // namespace simdact
