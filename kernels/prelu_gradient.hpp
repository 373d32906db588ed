// PReLU's gradient with respect to its slopes: per channel, the sum of x dy over the elements with
// x <= 0. Both layouts sum in an order fixed by the data's shape alone, with exact (TwoSum)
// accumulation, so every instruction set gives the same bits.
#pragma once

#include "softmax.hpp"

namespace simdact::kernels {
namespace {

// x dy where x <= 0 (NaN included), +0 where x > 0 whatever dy is; and that product's fma residual.
template <class V>
SIMDACT_KERNEL_INLINE void slope_term(const V& x, const V& dy, V& product, V& residual) {
  const auto positive = x > V(0);
  const V p = x * dy;
  product = zero_where(positive, p);
  residual = zero_where(positive, mul_sub(x, dy, p));
}

template <class T>
struct slope_terms {
  static constexpr std::size_t grouped_blocks = 1;
  static constexpr bool nonnegative = false;
  const T* x;
  const T* dy;
  slope_terms padded(std::size_t i, std::size_t count, T* scratch) const {
    constexpr std::size_t L = detail::softmax_limits<T>::lanes;
    return {padded_copy(x, i, count, scratch), padded_copy(dy, i, count, scratch + L)};
  }
  template <class V>
  slope_terms windowed(std::size_t start, std::size_t padded, T* scratch) const {
    constexpr std::size_t L = detail::softmax_limits<T>::lanes;
    return {window_copy<V>(x, start, padded, scratch, T(0)), window_copy<V>(dy, start, padded, scratch + L, T(0))};
  }
  template <class V>
  SIMDACT_KERNEL_INLINE void accumulate(std::size_t i, V& sum, V& compensation, V&, T*, const T*) const {
    V product, residual;
    slope_term(load_vec<V>(x + i), load_vec<V>(dy + i), product, residual);
    exact_add(sum, compensation, product);
    compensation = compensation - residual;
  }
};

// One contiguous block of a channel (NCHW): canonical lanes as softmax's sums.
template <class Arch, class T>
detail::two_word<T> prelu_slope_sum(const T* x, const T* dy, std::size_t n) {
  return lane_sum<Arch>(slope_terms<T>{x, dy}, static_cast<T*>(nullptr), n);
}

// NHWC rows: channel c's running sum and compensation live in sum[c], compensation[c], updated
// row after row; each lane does the same operations whatever the vector width.
template <class Arch, class T>
void prelu_slope_rows(const T* x, const T* dy, std::size_t rows, std::size_t channels, T* sum, T* compensation) {
  using V = vec<T, Arch>;
  constexpr std::size_t w = vec_traits<V>::width;
  for (std::size_t r = 0; r < rows; ++r) {
    const T* xr = x + r * channels;
    const T* dyr = dy + r * channels;
    std::size_t c = 0;
    const auto step = [&](auto lanes_tag, std::size_t at) {
      using U = decltype(lanes_tag);
      U s = load_vec<U>(sum + at), k = load_vec<U>(compensation + at), product, residual;
      slope_term(load_vec<U>(xr + at), load_vec<U>(dyr + at), product, residual);
      exact_add(s, k, product);
      k = k - residual;
      store_vec(sum + at, s);
      store_vec(compensation + at, k);
    };
    for (; c + w <= channels; c += w) step(V{}, c);
    for (; c < channels; ++c) step(T{}, c);
  }
}

}  // namespace
}  // namespace simdact::kernels
