#pragma once

#include "simd.hpp"

namespace simdact::kernels {
namespace {

struct relu_kernel : elementwise<relu_kernel> {
  template <class V>
  static V apply(const V& x);
};

// "x <= 0" is false for NaN, so NaN passes through (max(x, 0) instructions would drop it), and -0
// becomes +0.
template <class V>
SIMDACT_KERNEL_INLINE V relu_kernel::apply(const V& x) {
  return zero_where(x <= V(0), x);
}

}  // namespace
}  // namespace simdact::kernels
