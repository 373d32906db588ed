// Internal: one table of kernel entry points per instruction set, and the choice among them.
#pragma once

#include <cstddef>

#include "simdact/isa.hpp"
#include "threading.hpp"

namespace simdact::detail {

template <class T>
using unary_fn = void (*)(const T* x, T* y, std::size_t n);

struct unary_entry {
  unary_fn<float> f32;
  unary_fn<double> f64;

  template <class T>
  unary_fn<T> get() const noexcept {
    if constexpr (sizeof(T) == 4) return f32;
    else return f64;
  }
};

struct kernel_table {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost) unary_entry name;
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
};

// The list as data, for code that iterates over kernels (tests, benchmarks).
struct unary_kernel_ref {
  const char* name;
  unary_entry kernel_table::*entry;
  unsigned max_ulp_f32, max_ulp_f64;
  cost_class cost;
};
inline constexpr unary_kernel_ref unary_kernels[] = {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost) \
  {#name, &kernel_table::name, max_ulp_f32, max_ulp_f64, cost_class::cost},
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
};

// Defined by the per-ISA translation units that the build contains (src/isa/*.cpp).
const kernel_table& scalar_table() noexcept;
const kernel_table& avx2_table() noexcept;
const kernel_table& avx512_table() noexcept;
const kernel_table& neon_table() noexcept;

// The table of `which` if this build has it and this CPU runs it, else nullptr.
const kernel_table* table_for(isa which) noexcept;

// The table every public call goes through (decided on first use; see isa.hpp).
const kernel_table& active_table();

}  // namespace simdact::detail
