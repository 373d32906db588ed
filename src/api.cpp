// Public entry points: validate arguments, then make one call through the active dispatch table.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "arguments.hpp"
#include "dispatch.hpp"
#include "fp_control.hpp"
#include "threading.hpp"
#include "simdact/activations.hpp"
#include "simdact/error.hpp"

namespace simdact {
namespace detail {
namespace {

template <class T>
struct unary_call {
  unary_fn<T> kernel;
  const T* x;
  T* y;
  kernel_params<T> params;

  static void run_chunk(void* self, std::size_t begin, std::size_t end) {
    const auto& call = *static_cast<const unary_call*>(self);
    call.kernel(call.x + begin, call.y + begin, end - begin, call.params);
  }
};

template <class T>
void run_unary(unary_entry kernel_table::*entry, cost_class cost, param_check check,
               const char* function, const T* x, T* y, std::size_t n, kernel_params<T> params) {
  check_params(function, check, params);
  check_unary_args(function, x, y, n);
  if (n == 0) return;
  const kernel_fp_mode fp_mode;
  unary_call<T> call{(active_table().*entry).get<T>(), x, y, params};
  const int threads = threads_for(n, sizeof(T), cost);
  if (threads <= 1) call.kernel(x, y, n, params);
  else parallel_chunks(n, sizeof(T), y, threads, &unary_call<T>::run_chunk, &call);
}

// PReLU over [outer][channels][inner]. With inner == 1 (NHWC) a run of channels is one elementwise
// call against the slopes; otherwise each (outer, channel) block of `inner` elements is a
// leaky_relu with that channel's slope. Threads get element ranges, like every other kernel.
template <class T>
struct prelu_call {
  const kernel_table* table;
  const T* x;
  T* y;
  std::size_t channels, inner;
  const T* slopes;

  void elements(std::size_t begin, std::size_t end) const {
    if (inner == 1) {
      const auto rows = table->prelu_rows<T>();
      for (std::size_t i = begin; i < end;) {
        const std::size_t channel = i % channels;
        const std::size_t run = std::min(end - i, channels - channel);
        rows(x + i, y + i, run, slopes + channel);
        i += run;
      }
    } else {
      const auto leaky = table->leaky_relu.get<T>();
      for (std::size_t i = begin; i < end;) {
        const std::size_t block = i / inner;
        const std::size_t run = std::min(end - i, (block + 1) * inner - i);
        leaky(x + i, y + i, run, kernel_params<T>{slopes[block % channels], T(0)});
        i += run;
      }
    }
  }
  static void run_chunk(void* self, std::size_t begin, std::size_t end) {
    static_cast<const prelu_call*>(self)->elements(begin, end);
  }
};

template <class T>
void run_prelu(const T* x, T* y, std::size_t outer, std::size_t channels, std::size_t inner,
               const T* slopes) {
  constexpr const char* function = "prelu";
  const std::size_t max = std::numeric_limits<std::size_t>::max();
  if (channels != 0 && outer > max / channels) fail(errc::bad_size, function, "outer * channels overflows");
  if (inner != 0 && outer * channels > max / inner)
    fail(errc::bad_size, function, "outer * channels * inner overflows");
  const std::size_t n = outer * channels * inner;
  check_unary_args(function, x, y, n);
  if (n == 0) return;
  if (!slopes) fail(errc::null_pointer, function, "slopes is null while channels = " + std::to_string(channels));
  const auto sa = reinterpret_cast<std::uintptr_t>(slopes);
  const auto ya = reinterpret_cast<std::uintptr_t>(y);
  if (sa > max - channels * sizeof(T)) fail(errc::bad_size, function, "slopes run past the end of the address space");
  if (sa < ya + n * sizeof(T) && ya < sa + channels * sizeof(T))
    fail(errc::overlapping_buffers, function, "slopes overlap y");
  const kernel_fp_mode fp_mode;
  prelu_call<T> call{&active_table(), x, y, channels, inner, slopes};
  const int threads = threads_for(n, sizeof(T), cost_class::streaming);
  if (threads <= 1) call.elements(0, n);
  else parallel_chunks(n, sizeof(T), y, threads, &prelu_call<T>::run_chunk, &call);
}

}  // namespace

template <class T>
void fail_params(const char* function, param_check check, kernel_params<T> params) {
  const auto describe = [&] {
    return "(" + std::to_string(double(params.p0)) + ", " + std::to_string(double(params.p1)) + ")";
  };
  switch (check) {
    case param_check::none:
      break;
    case param_check::finite:
      fail(errc::bad_parameter, function, "the parameter must be finite, not " + std::to_string(double(params.p0)));
    case param_check::positive:
      fail(errc::bad_parameter, function,
           "the parameter must be finite and > 0, not " + std::to_string(double(params.p0)));
    case param_check::ordered:
      fail(errc::bad_parameter, function, "the bounds must be ordered numbers (lo <= hi), not " + describe());
    case param_check::softplus:
      if (!std::isfinite(params.p0) || params.p0 == 0)
        fail(errc::bad_parameter, function, "beta must be finite and non-zero, not " + std::to_string(double(params.p0)));
      fail(errc::bad_parameter, function, "threshold must not be NaN");
  }
  fail(errc::bad_parameter, function, "bad parameters " + describe());
}
template void fail_params<float>(const char*, param_check, kernel_params<float>);
template void fail_params<double>(const char*, param_check, kernel_params<double>);

void check_same_size(const char* function, std::size_t x_size, std::size_t y_size) {
  if (x_size != y_size)
    fail(errc::bad_size, function, "x has " + std::to_string(x_size) + " elements but y has " +
                       std::to_string(y_size));
}

}  // namespace detail

#define SIMDACT_DETAIL_PACK_none() {}
#define SIMDACT_DETAIL_PACK_one(p0, d0) {p0, SIMDACT_T(0)}
#define SIMDACT_DETAIL_PACK_two(p0, d0, p1, d1) {p0, p1}
#define SIMDACT_DETAIL_PACK_two_required(p0, d0, p1, d1) {p0, p1}
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient)                    \
  void name(const SIMDACT_T* x, SIMDACT_T* y, std::size_t n SIMDACT_DETAIL_PLAIN_##shape params) {   \
    detail::run_unary(&detail::kernel_table::name, detail::cost_class::cost, detail::param_check::check, \
                      #name, x, y, n, detail::kernel_params<SIMDACT_T> SIMDACT_DETAIL_PACK_##shape params); \
  }
#define SIMDACT_T float
#include "simdact/unary_list.inc"
#undef SIMDACT_T
#define SIMDACT_T double
#include "simdact/unary_list.inc"
#undef SIMDACT_T
#undef SIMDACT_UNARY

void prelu(const float* x, float* y, std::size_t outer, std::size_t channels, std::size_t inner,
           const float* slopes) {
  detail::run_prelu(x, y, outer, channels, inner, slopes);
}
void prelu(const double* x, double* y, std::size_t outer, std::size_t channels, std::size_t inner,
           const double* slopes) {
  detail::run_prelu(x, y, outer, channels, inner, slopes);
}

}  // namespace simdact
