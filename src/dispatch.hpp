// Internal: one table of kernel entry points per instruction set, and the choice among them.
#pragma once

#include <atomic>
#include <cmath>
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
  // scale and subtract fused with the max of the next row (`next`, n elements; not overlapping y).
  T (*scale_then_max)(const T* in, T* y, std::size_t n, T factor, const T* next);
  T (*subtract_then_max)(const T* x, T* y, std::size_t n, T hi, T lo, const T* next);
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

// out[i] = g(a[i], b[i]): the backward kernels (a = x or y, b = dy).
template <class T>
using binary_fn = void (*)(const T* a, const T* b, T* out, std::size_t n, kernel_params<T> params);

// dx[i] = x[i] > 0 ? dy[i] : slopes[i] * dy[i]: PReLU's input gradient along a run of channels.
template <class T>
using prelu_rows_backward_fn = void (*)(const T* x, const T* dy, T* dx, std::size_t n, const T* slopes);

// Sum of x[i] dy[i] over the i < n with x[i] <= 0 (PReLU's slope gradient over one block), in
// canonical lanes: the same bits on every instruction set.
template <class T>
using prelu_slope_sum_fn = two_word<T> (*)(const T* x, const T* dy, std::size_t n);

// Per-channel sums of x dy over x <= 0 for `rows` rows of `channels` (NHWC), added to hi + lo in
// row order, each channel's sum compensated (TwoSum): the same bits on every instruction set.
template <class T>
using prelu_slope_rows_fn = void (*)(const T* x, const T* dy, std::size_t rows, std::size_t channels, T* hi,
                                     T* lo);

// A function's derivative kernels; `from_output` is null where f' is not a function of f.
struct gradient_entry {
  unary_fn<float> derivative_f32;
  unary_fn<double> derivative_f64;
  binary_fn<float> backward_f32;
  binary_fn<double> backward_f64;
  binary_fn<float> from_output_f32;
  binary_fn<double> from_output_f64;

  template <class T>
  unary_fn<T> derivative() const noexcept {
    if constexpr (sizeof(T) == 4) return derivative_f32;
    else return derivative_f64;
  }
  template <class T>
  binary_fn<T> backward() const noexcept {
    if constexpr (sizeof(T) == 4) return backward_f32;
    else return backward_f64;
  }
  template <class T>
  binary_fn<T> from_output() const noexcept {
    if constexpr (sizeof(T) == 4) return from_output_f32;
    else return from_output_f64;
  }
};

template <class T>
struct prelu_gradient_fns {
  prelu_rows_backward_fn<T> rows_backward;
  prelu_slope_sum_fn<T> slope_sum;
  prelu_slope_rows_fn<T> slope_rows;
};

struct gradient_table {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) gradient_entry name;
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
  prelu_gradient_fns<float> prelu_f32;
  prelu_gradient_fns<double> prelu_f64;

  template <class T>
  const prelu_gradient_fns<T>& prelu() const noexcept {
    if constexpr (sizeof(T) == 4) return prelu_f32;
    else return prelu_f64;
  }
};

// Defined by the per-ISA gradient translation units (src/isa/*_gradient.cpp).
extern const gradient_table scalar_gradient;
extern const gradient_table avx2_gradient;
extern const gradient_table avx512_gradient;
extern const gradient_table neon_gradient;

struct kernel_table {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) unary_entry name;
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
  prelu_rows_fn<float> prelu_rows_f32;
  prelu_rows_fn<double> prelu_rows_f64;
  const softmax_table* softmax;
  const gradient_table* gradient;

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

// Whether f' has a form in y = f(x), and for which parameters: none; same (whenever f is defined);
// nonnegative (when the first parameter is >= 0, which makes the sign of y that of x).
enum class output_form { none, same, nonnegative };

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
  gradient_entry gradient_table::*gradient;
  // Bounds of the derivative kernels (see unary_list.inc): f'(x), and dy * f'(x) (backward, and
  // backward from the output, against the exact derivative at the given y).
  unsigned derivative_ulp_f32, derivative_ulp_f64, backward_ulp_f32, backward_ulp_f64;
  output_form output;
};
#define SIMDACT_DETAIL_GRADIENT_INFO(d32, d64, b32, b64, output) d32, d64, b32, b64, output_form::output
#define SIMDACT_DETAIL_REQUIRED_none false
#define SIMDACT_DETAIL_REQUIRED_one false
#define SIMDACT_DETAIL_REQUIRED_two false
#define SIMDACT_DETAIL_REQUIRED_two_required true
inline constexpr unary_kernel_ref unary_kernels[] = {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient)                  \
  {#name, &kernel_table::name, max_ulp_f32, max_ulp_f64, cost_class::cost,                         \
   SIMDACT_DETAIL_PARAM_INFO_##shape params, SIMDACT_DETAIL_REQUIRED_##shape, param_check::check,     \
   &gradient_table::name, SIMDACT_DETAIL_GRADIENT_INFO gradient},
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
};

template <class T>
constexpr kernel_params<T> default_params(const unary_kernel_ref& kernel) noexcept {
  return {T(kernel.param_defaults[0]), T(kernel.param_defaults[1])};
}

// Whether the parameters pass `check` (inline: the common calls pass, and a call per kernel call
// was measurable on small arrays).
template <class T>
inline bool params_pass(param_check check, kernel_params<T> p) noexcept {
  switch (check) {
    case param_check::none: return true;
    case param_check::finite: return std::isfinite(p.p0);
    case param_check::positive: return std::isfinite(p.p0) && p.p0 > 0;
    case param_check::ordered: return !(std::isnan(p.p0) || std::isnan(p.p1) || p.p0 > p.p1);
    case param_check::softplus: return std::isfinite(p.p0) && p.p0 != 0 && !std::isnan(p.p1);
  }
  return true;
}

// Throws simdact::error (errc::bad_parameter) naming `function` and saying what is wrong.
template <class T>
[[noreturn]] void fail_params(const char* function, param_check check, kernel_params<T> params);

// Throws simdact::error (errc::bad_parameter) naming `function` unless the parameters pass `check`.
template <class T>
inline void check_params(const char* function, param_check check, kernel_params<T> params) {
  if (!params_pass(check, params)) fail_params(function, check, params);
}

// Throws simdact::error (errc::bad_parameter) naming `function` unless the parameters allow the
// output form `form` (checked after check_params).
template <class T>
void check_output_form(const char* function, output_form form, kernel_params<T> params);

// Defined by the per-ISA translation units that the build contains (src/isa/*.cpp).
const kernel_table& scalar_table() noexcept;
const kernel_table& avx2_table() noexcept;
const kernel_table& avx512_table() noexcept;
const kernel_table& neon_table() noexcept;

// The table of `which` if this build has it and this CPU runs it, else nullptr.
const kernel_table* table_for(isa which) noexcept;

// nullptr until the first call decides (dispatch.cpp); afterwards always a valid table. The table
// alone is the state (active_isa() is derived from it), so no reader can see a table and the id of
// another.
extern std::atomic<const kernel_table*> active_table_pointer;
// The first call's path: reads SIMDACT_ISA, decides, returns the table.
const kernel_table& decide_active_table();

// The table every public call goes through (decided on first use; see isa.hpp). Inline, because
// every call pays for it: with the call and the threading decision out of line, a relu call on 8
// floats took 10 ns against memcpy's 3.
inline const kernel_table& active_table() {
  if (const kernel_table* table = active_table_pointer.load(std::memory_order_acquire)) return *table;
  return decide_active_table();
}

}  // namespace simdact::detail
