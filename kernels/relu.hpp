#pragma once

#include "simd.hpp"

namespace simdact::kernels {
namespace {

struct relu_kernel {
  template <class Arch, class T>
  void operator()(Arch, const T* x, T* y, std::size_t n) const;
};

template <class Arch, class T>
void relu_kernel::operator()(Arch, const T* x, T* y, std::size_t n) const {
  transform<Arch>(x, y, n, [](auto v) {
    using V = decltype(v);
    // "x <= 0" is false for NaN, so NaN passes through (max(x, 0) instructions would drop it), and
    // -0 becomes +0.
    return if_else(v <= V(0), V(0), v);
  });
}

}  // namespace
}  // namespace simdact::kernels
