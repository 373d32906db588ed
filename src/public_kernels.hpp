// Internal: the public entry point of every kernel of the list, for code that drives the API
// generically (tests, benchmarks, fuzzing). Same order as detail::unary_kernels, whose names and
// bounds go with it.
#pragma once

#include <cstddef>

#include "simdact/activations.hpp"

namespace simdact::detail {

template <class T>
using public_unary_fn = void (*)(const T* x, T* y, std::size_t n);

template <class T>
inline constexpr public_unary_fn<T> public_unary_kernels[] = {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost) static_cast<public_unary_fn<T>>(&simdact::name),
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
};

}  // namespace simdact::detail
