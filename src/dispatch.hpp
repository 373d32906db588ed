// Internal: one table of kernel entry points per instruction set, and the choice among them.
#pragma once

#include <cstddef>

#include "kernels/params.hpp"
#include "kernels/softmax_params.hpp"
#include "simdact/isa.hpp"
#include "threading.hpp"

namespace simdact::detail {

template <class T>
using unary_fn = void (*)(const T* x, T* y, std::size_t n, kernel_params<T> params);

// y[i] = x[i] > 0 ? x[i] : slopes[i] * x[i]: PReLU along a run of channels (NHWC rows).
template <class T>
using prelu_rows_fn = void (*)(const T* x, T* y, std::size_t n, const T* slopes);

struct unary_entry {
  unary_fn<float> f32;
  unary_fn<double> f64;

  template <class T>
  unary_fn<T> get() const noexcept {
    if constexpr (sizeof(T) == 4) return f32;
    else return f64;
  }
};

// The softmax family's passes (kernels/softmax.hpp); src/softmax.cpp drives them.
template <class T>
struct softmax_fns {
  T (*max)(const T* x, std::size_t n);  // NaNs ignored
  two_word<T> (*exp_sum)(const T* x, T* store, std::size_t n, exp_shift<T> shift);  // store: not null
  two_word<T> (*log_exp_sum)(const T* x, std::size_t n, exp_shift<T> shift, T max, T* count);
  void (*scale)(const T* in, T* y, std::size_t n, T factor);
  void (*subtract)(const T* x, T* y, std::size_t n, T hi, T lo);
  two_word<T> (*dot)(const T* a, const T* b, std::size_t n);
  two_word<T> (*sum)(const T* a, std::size_t n);
  void (*gradient)(const T* y, const T* dy, T* dx, std::size_t n, T s_hi, T s_lo);
  void (*log_gradient)(const T* y, const T* dy, T* dx, std::size_t n, T s);
  // Columns: `count` adjacent columns of a [len][stride] block, per-column constants in arrays.
  void (*column_scan)(const T* x, std::size_t len, std::size_t stride, std::size_t count, T* max,
                      T* nan);
  void (*column_exp_sum)(const T* x, T* store, std::size_t len, std::size_t stride, std::size_t count,
                         const T* cutoff, const T* offset, const T* shifter, T* hi, T* lo);
  void (*column_log_exp_sum)(const T* x, std::size_t len, std::size_t stride, std::size_t count,
                             const T* cutoff, const T* max, T* hi, T* lo);
  void (*column_scale)(const T* in, T* y, std::size_t len, std::size_t stride, std::size_t count,
                       const T* factor);
  void (*column_subtract)(const T* x, T* y, std::size_t len, std::size_t stride, std::size_t count,
                          const T* hi, const T* lo);
};

struct softmax_table {
  softmax_fns<float> f32;
  softmax_fns<double> f64;

  template <class T>
  const softmax_fns<T>& get() const noexcept {
    if constexpr (sizeof(T) == 4) return f32;
    else return f64;
  }
};

// Defined by the per-ISA softmax translation units (src/isa/*_softmax.cpp), kept apart from the
// elementwise kernels so that no translation unit grows large.
extern const softmax_table scalar_softmax;
extern const softmax_table avx2_softmax;
extern const softmax_table avx512_softmax;
extern const softmax_table neon_softmax;

struct kernel_table {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check) unary_entry name;
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
  prelu_rows_fn<float> prelu_rows_f32;
  prelu_rows_fn<double> prelu_rows_f64;
  const softmax_table* softmax;

  template <class T>
  prelu_rows_fn<T> prelu_rows() const noexcept {
    if constexpr (sizeof(T) == 4) return prelu_rows_f32;
    else return prelu_rows_f64;
  }
};

// A list entry's parameters as data: how many, their names, and their defaults (for
// two_required, the example values).
#define SIMDACT_DETAIL_PARAM_INFO_none() 0, {nullptr, nullptr}, {0, 0}
#define SIMDACT_DETAIL_PARAM_INFO_one(p0, d0) 1, {#p0, nullptr}, {d0, 0}
#define SIMDACT_DETAIL_PARAM_INFO_two(p0, d0, p1, d1) 2, {#p0, #p1}, {d0, d1}
#define SIMDACT_DETAIL_PARAM_INFO_two_required(p0, d0, p1, d1) 2, {#p0, #p1}, {d0, d1}

enum class param_check { none, finite, positive, ordered, softplus };

// The list as data, for code that iterates over kernels (tests, benchmarks, the descriptor).
struct unary_kernel_ref {
  const char* name;
  unary_entry kernel_table::*entry;
  unsigned max_ulp_f32, max_ulp_f64;
  cost_class cost;
  int param_count;
  const char* param_names[2];
  double param_defaults[2];
  bool params_required;
  param_check check;
};
#define SIMDACT_DETAIL_REQUIRED_none false
#define SIMDACT_DETAIL_REQUIRED_one false
#define SIMDACT_DETAIL_REQUIRED_two false
#define SIMDACT_DETAIL_REQUIRED_two_required true
inline constexpr unary_kernel_ref unary_kernels[] = {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check)                  \
  {#name, &kernel_table::name, max_ulp_f32, max_ulp_f64, cost_class::cost,                         \
   SIMDACT_DETAIL_PARAM_INFO_##shape params, SIMDACT_DETAIL_REQUIRED_##shape, param_check::check},
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
};

template <class T>
constexpr kernel_params<T> default_params(const unary_kernel_ref& kernel) noexcept {
  return {T(kernel.param_defaults[0]), T(kernel.param_defaults[1])};
}

// Throws simdact::error (errc::bad_parameter) naming `function` unless the parameters pass `check`.
template <class T>
void check_params(const char* function, param_check check, kernel_params<T> params);

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
