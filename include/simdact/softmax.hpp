// The softmax family: softmax and log_softmax over rows (any row stride) or along any axis, their
// backward passes, and the per-row max and log-sum-exp that engines keep for re-normalisation and
// losses.
//
// softmax(x)_i = e^(x_i - m) / Σ_j e^(x_j - m),   log_softmax(x)_i = x_i - m - log Σ_j e^(x_j - m),
// with m the row's max. Accuracy, measured against a long-double reference (README has the
// figures): softmax <= 4 ULP per element, log_softmax <= 3 ULP, subnormal results included, on
// rows of 1 to 10^6 elements in f32 and to 10^5 in f64 (the longest tested); the sums behind them
// are compensated, so the error does not grow with the row length. Results are bit-identical across ISAs and thread counts: every sum adds
// the same numbers in the same order whatever the vector width or the split across threads.
//
// Special rows (documented policy, tested):
//   - a NaN anywhere in the row: the whole row is NaN;
//   - +inf entries (no NaN): the limit, equal mass 1/k on the k entries that are +inf and 0 elsewhere
//     (log_softmax: -log k there, -inf elsewhere);
//   - every entry -inf (a fully masked row): NaN, or with options.masked_rows_zero zeros
//     (log_softmax: -inf, the log of those zeros);
//   - a -inf entry in a row with a finite max: exactly 0 there (log_softmax: -inf).
// The optional row outputs are then max = NaN / +inf / -inf and log-sum-exp = NaN / +inf / -inf.
//
// Arguments: strides are in elements and at least cols; y may be x (in place, with equal strides)
// but must not overlap it otherwise. Null pointers with a non-zero size, strides below cols, sizes
// that overflow, or overlapping buffers throw simdact::error before anything is written.
// Large inputs are split across threads (many rows by rows; a single long row by chunks, with a
// fixed combination order); small calls stay on the caller's thread.
#pragma once

#include <cstddef>

namespace simdact {

template <class T>
struct softmax_options {
  // A row whose entries are all -inf gives zeros (log_softmax: -inf) instead of NaN: attention
  // code masks whole rows this way and wants them to contribute nothing.
  bool masked_rows_zero = false;
  // If set, one value per row (softmax_axis: per [outer][inner] position): the row's max (exact)
  // and its log Σ e^(x_j), within 2 ULP where |log Σ| >= 1 and within 2 ulp(1) below (a sum of
  // rounded terms bounds its absolute error, not its relative one, near 0).
  T* row_max = nullptr;
  T* row_log_sum_exp = nullptr;
};

#define SIMDACT_DETAIL_SOFTMAX_DECLARE(T)                                                               \
  void softmax(const T* x, T* y, std::size_t rows, std::size_t cols);                                  \
  void softmax(const T* x, std::ptrdiff_t x_row_stride, T* y, std::ptrdiff_t y_row_stride,             \
               std::size_t rows, std::size_t cols);                                                    \
  void softmax(const T* x, std::ptrdiff_t x_row_stride, T* y, std::ptrdiff_t y_row_stride,             \
               std::size_t rows, std::size_t cols, const softmax_options<T>& options);                 \
  void log_softmax(const T* x, T* y, std::size_t rows, std::size_t cols);                              \
  void log_softmax(const T* x, std::ptrdiff_t x_row_stride, T* y, std::ptrdiff_t y_row_stride,         \
                   std::size_t rows, std::size_t cols);                                                \
  void log_softmax(const T* x, std::ptrdiff_t x_row_stride, T* y, std::ptrdiff_t y_row_stride,         \
                   std::size_t rows, std::size_t cols, const softmax_options<T>& options);             \
  /* Along the middle axis of a tensor viewed as [outer][axis_len][inner] (channel softmax on      */ \
  /* NCHW: outer = N, axis_len = C, inner = H * W), vectorised across inner. Same bounds.          */ \
  void softmax_axis(const T* x, T* y, std::size_t outer, std::size_t axis_len, std::size_t inner);     \
  void softmax_axis(const T* x, T* y, std::size_t outer, std::size_t axis_len, std::size_t inner,      \
                    const softmax_options<T>& options);                                                \
  void log_softmax_axis(const T* x, T* y, std::size_t outer, std::size_t axis_len, std::size_t inner); \
  void log_softmax_axis(const T* x, T* y, std::size_t outer, std::size_t axis_len, std::size_t inner,  \
                        const softmax_options<T>& options);                                            \
  /* dx = y (dy - Σ_j dy_j y_j) from softmax's output y; dx may be y or dy (equal strides). The    */ \
  /* sum is compensated; the subtraction inherits the cancellation of dy - Σ (see README).         */ \
  void softmax_backward(const T* y, const T* dy, T* dx, std::size_t rows, std::size_t cols);           \
  void softmax_backward(const T* y, std::ptrdiff_t y_row_stride, const T* dy,                          \
                        std::ptrdiff_t dy_row_stride, T* dx, std::ptrdiff_t dx_row_stride,             \
                        std::size_t rows, std::size_t cols);                                           \
  /* dx = dy - e^y Σ_j dy_j from log_softmax's output y; dx may be y or dy (equal strides).        */ \
  void log_softmax_backward(const T* y, const T* dy, T* dx, std::size_t rows, std::size_t cols);       \
  void log_softmax_backward(const T* y, std::ptrdiff_t y_row_stride, const T* dy,                      \
                            std::ptrdiff_t dy_row_stride, T* dx, std::ptrdiff_t dx_row_stride,         \
                            std::size_t rows, std::size_t cols);

SIMDACT_DETAIL_SOFTMAX_DECLARE(float)
SIMDACT_DETAIL_SOFTMAX_DECLARE(double)
#undef SIMDACT_DETAIL_SOFTMAX_DECLARE

}  // namespace simdact
