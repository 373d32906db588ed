// Internal: the softmax family's driver with the table passed in, so that tests can run it on every
// target (the public functions pass the active table).
#pragma once

#include <cstddef>

#include "dispatch.hpp"
#include "simdact/softmax.hpp"

namespace simdact::detail {

enum class softmax_kind { softmax, log_softmax };

template <class T>
void softmax_rows_with(const softmax_table& table, softmax_kind kind, const T* x, std::ptrdiff_t x_row_stride, T* y,
                       std::ptrdiff_t y_row_stride, std::size_t rows, std::size_t cols,
                       const softmax_options<T>& options);
template <class T>
void softmax_axis_with(const softmax_table& table, softmax_kind kind, const T* x, T* y, std::size_t outer,
                       std::size_t axis_len, std::size_t inner, const softmax_options<T>& options);
template <class T>
void softmax_backward_with(const softmax_table& table, softmax_kind kind, const T* y, std::ptrdiff_t y_row_stride,
                           const T* dy, std::ptrdiff_t dy_row_stride, T* dx, std::ptrdiff_t dx_row_stride,
                           std::size_t rows, std::size_t cols);

}  // namespace simdact::detail
