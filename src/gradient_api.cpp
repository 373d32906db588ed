// Public entry points of the derivative kernels: validate, then one call through the active
// table's gradient kernels (split across threads like the forward kernels).
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "dispatch.hpp"
#include "fp_control.hpp"
#include "simdact/derivatives.hpp"
#include "simdact/descriptor.hpp"
#include "threading.hpp"

namespace simdact {
namespace detail {
namespace {

template <class T>
struct derivative_call {
  unary_fn<T> kernel;
  const T* x;
  T* d;
  kernel_params<T> params;
  static void run_chunk(void* self, std::size_t begin, std::size_t end) {
    const auto& call = *static_cast<const derivative_call*>(self);
    call.kernel(call.x + begin, call.d + begin, end - begin, call.params);
  }
};

template <class T>
struct backward_call {
  binary_fn<T> kernel;
  const T* a;
  const T* dy;
  T* dx;
  kernel_params<T> params;
  static void run_chunk(void* self, std::size_t begin, std::size_t end) {
    const auto& call = *static_cast<const backward_call*>(self);
    call.kernel(call.a + begin, call.dy + begin, call.dx + begin, end - begin, call.params);
  }
};

template <class T>
void run_derivative(const unary_kernel_ref& ref, const char* function, const T* x, T* d, std::size_t n,
                    kernel_params<T> params) {
  const auto entry = ref.gradient;
  check_params(function, ref.check, params);
  check_unary_args(function, x, d, n);
  if (n == 0) return;
  const kernel_fp_mode fp_mode;
  derivative_call<T> call{(active_table().gradient->*entry).template derivative<T>(), x, d, params};
  const int threads = threads_for(n, sizeof(T), ref.cost);
  if (threads <= 1) call.kernel(x, d, n, params);
  else parallel_chunks(n, sizeof(T), d, threads, &derivative_call<T>::run_chunk, &call);
}

// a is x, or y for the output form.
template <class T>
void run_backward(const unary_kernel_ref& ref, bool from_output, const char* function, const T* a,
                  const T* dy, T* dx, std::size_t n, kernel_params<T> params) {
  const auto entry = ref.gradient;
  const char* a_name = from_output ? "y" : "x";
  check_params(function, ref.check, params);
  if (from_output) check_output_form(function, ref.output, params);
  check_buffer(function, a_name, a, n);
  check_buffer(function, "dy", dy, n);
  check_buffer(function, "dx", dx, n);
  check_in_place_only(function, "dx", static_cast<const T*>(dx), a_name, a, n);
  check_in_place_only(function, "dx", static_cast<const T*>(dx), "dy", dy, n);
  if (n == 0) return;
  const kernel_fp_mode fp_mode;
  const auto& kernels = active_table().gradient->*entry;
  backward_call<T> call{from_output ? kernels.template from_output<T>() : kernels.template backward<T>(), a, dy,
                        dx, params};
  // Three arrays move per element: split as a forward kernel of 1.5 times the bytes.
  const int threads = threads_for(n, sizeof(T) * 3 / 2, ref.cost);
  if (threads <= 1) call.kernel(a, dy, dx, n, params);
  else parallel_chunks(n, sizeof(T), dx, threads, &backward_call<T>::run_chunk, &call);
}

template <class T>
struct prelu_backward_call {
  const kernel_table* table;
  const T* x;
  const T* dy;
  T* dx;
  std::size_t channels, inner;
  const T* slopes;

  void elements(std::size_t begin, std::size_t end) const {
    if (inner == 1) {
      const auto rows = table->gradient->prelu<T>().rows_backward;
      for (std::size_t i = begin; i < end;) {
        const std::size_t channel = i % channels;
        const std::size_t run = std::min(end - i, channels - channel);
        rows(x + i, dy + i, dx + i, run, slopes + channel);
        i += run;
      }
    } else {
      const auto leaky = table->gradient->leaky_relu.backward<T>();
      for (std::size_t i = begin; i < end;) {
        const std::size_t block = i / inner;
        const std::size_t run = std::min(end - i, (block + 1) * inner - i);
        leaky(x + i, dy + i, dx + i, run, kernel_params<T>{slopes[block % channels], T(0)});
        i += run;
      }
    }
  }
  static void run_chunk(void* self, std::size_t begin, std::size_t end) {
    static_cast<const prelu_backward_call*>(self)->elements(begin, end);
  }
};

// slopes_grad[c] = Σ x dy over channel c's elements with x <= 0, in an order set by the shape.
template <class T>
void prelu_slopes_grad(const kernel_table& table, const T* x, const T* dy, std::size_t outer,
                       std::size_t channels, std::size_t inner, T* slopes_grad) {
  const auto& fns = table.gradient->prelu<T>();
  std::vector<T> sum(channels, T(0)), compensation(channels, T(0));
  if (inner == 1) {
    fns.slope_rows(x, dy, outer, channels, sum.data(), compensation.data());
  } else {
    // Each (outer, channel) block is summed in canonical lanes; the blocks of a channel are added
    // in outer order, exactly (TwoSum), the block's own low word folded into the compensation.
    for (std::size_t o = 0; o < outer; ++o) {
      for (std::size_t c = 0; c < channels; ++c) {
        const std::size_t at = (o * channels + c) * inner;
        const two_word<T> block = fns.slope_sum(x + at, dy + at, inner);
        const T next = sum[c] + block.hi;
        const T virtual_term = next - sum[c];
        const T error = (sum[c] - (next - virtual_term)) + (block.hi - virtual_term);
        compensation[c] = (compensation[c] - error) - block.lo;
        sum[c] = next;
      }
    }
  }
  for (std::size_t c = 0; c < channels; ++c) slopes_grad[c] = sum[c] - compensation[c];
}

template <class T>
void run_prelu_backward(const T* x, const T* dy, T* dx, std::size_t outer, std::size_t channels,
                        std::size_t inner, const T* slopes, T* slopes_grad) {
  constexpr const char* function = "prelu_backward";
  const std::size_t max = std::numeric_limits<std::size_t>::max();
  if (channels != 0 && outer > max / channels) fail(errc::bad_size, function, "outer * channels overflows");
  if (inner != 0 && outer * channels > max / inner)
    fail(errc::bad_size, function, "outer * channels * inner overflows");
  const std::size_t n = outer * channels * inner;
  check_buffer(function, "x", x, n);
  check_buffer(function, "dy", dy, n);
  check_buffer(function, "dx", dx, n);
  check_in_place_only(function, "dx", static_cast<const T*>(dx), "x", x, n);
  check_in_place_only(function, "dx", static_cast<const T*>(dx), "dy", dy, n);
  if (n == 0) {
    if (slopes_grad && channels > 0) {
      check_buffer(function, "slopes_grad", slopes_grad, channels);
      std::fill(slopes_grad, slopes_grad + channels, T(0));
    }
    return;
  }
  check_buffer(function, "slopes", slopes, channels);
  if (overlap(slopes, channels, static_cast<const T*>(dx), n))
    fail(errc::overlapping_buffers, function, "slopes overlap dx");
  if (slopes_grad) {
    check_buffer(function, "slopes_grad", slopes_grad, channels);
    const T* g = slopes_grad;
    if (overlap(g, channels, x, n) || overlap(g, channels, dy, n) || overlap(g, channels, static_cast<const T*>(dx), n) ||
        overlap(g, channels, slopes, channels))
      fail(errc::overlapping_buffers, function, "slopes_grad overlaps another buffer");
  }
  const kernel_fp_mode fp_mode;
  const kernel_table& table = active_table();
  // Before anything is written: the thread count can still fail (a bad SIMDACT_NUM_THREADS).
  const int threads = threads_for(n, sizeof(T) * 3 / 2, cost_class::streaming);
  // The slope sums read x and dy before dx (which may be either) is written.
  if (slopes_grad) prelu_slopes_grad(table, x, dy, outer, channels, inner, slopes_grad);
  prelu_backward_call<T> call{&table, x, dy, dx, channels, inner, slopes};
  if (threads <= 1) call.elements(0, n);
  else parallel_chunks(n, sizeof(T), dx, threads, &prelu_backward_call<T>::run_chunk, &call);
}

}  // namespace

template <class T>
void check_output_form(const char* function, output_form form, kernel_params<T> params) {
  if (form == output_form::nonnegative && !(params.p0 >= 0))
    fail(errc::bad_parameter, function,
         "alpha must be >= 0 here (then y has the sign of x), not " + std::to_string(double(params.p0)));
}
template void check_output_form<float>(const char*, output_form, kernel_params<float>);
template void check_output_form<double>(const char*, output_form, kernel_params<double>);

}  // namespace detail

#define SIMDACT_DETAIL_PACK_none() {}
#define SIMDACT_DETAIL_PACK_one(p0, d0) {p0, SIMDACT_T(0)}
#define SIMDACT_DETAIL_PACK_two(p0, d0, p1, d1) {p0, p1}
#define SIMDACT_DETAIL_PACK_two_required(p0, d0, p1, d1) {p0, p1}
// The kernel's entry of detail::unary_kernels, found at compile time (simdact::kind numbers the
// list in the same order): a search of the list on every call cost ~10 ns.
#define SIMDACT_DETAIL_REF(name) detail::unary_kernels[static_cast<std::size_t>(kind::name)]
#define SIMDACT_DETAIL_DEFINE_FROM_OUTPUT_none(name, shape, params)
#define SIMDACT_DETAIL_DEFINE_FROM_OUTPUT_same(name, shape, params)                                               \
  void name##_backward_from_output(const SIMDACT_T* y, const SIMDACT_T* dy, SIMDACT_T* dx,                       \
                                   std::size_t n SIMDACT_DETAIL_PLAIN_##shape params) {                          \
    detail::run_backward(SIMDACT_DETAIL_REF(name), true, #name "_backward_from_output", y, dy, dx, n,        \
                         detail::kernel_params<SIMDACT_T> SIMDACT_DETAIL_PACK_##shape params);                   \
  }
#define SIMDACT_DETAIL_DEFINE_FROM_OUTPUT_nonnegative SIMDACT_DETAIL_DEFINE_FROM_OUTPUT_same
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient)                     \
  void name##_derivative(const SIMDACT_T* x, SIMDACT_T* d, std::size_t n SIMDACT_DETAIL_PLAIN_##shape params) {  \
    detail::run_derivative(SIMDACT_DETAIL_REF(name), #name "_derivative", x, d, n,                          \
                           detail::kernel_params<SIMDACT_T> SIMDACT_DETAIL_PACK_##shape params);                 \
  }                                                                                                             \
  void name##_backward(const SIMDACT_T* x, const SIMDACT_T* dy, SIMDACT_T* dx,                                  \
                       std::size_t n SIMDACT_DETAIL_PLAIN_##shape params) {                                     \
    detail::run_backward(SIMDACT_DETAIL_REF(name), false, #name "_backward", x, dy, dx, n,                  \
                         detail::kernel_params<SIMDACT_T> SIMDACT_DETAIL_PACK_##shape params);                   \
  }                                                                                                             \
  SIMDACT_DETAIL_CAT(SIMDACT_DETAIL_DEFINE_FROM_OUTPUT_, SIMDACT_DETAIL_OUTPUT_OF gradient)(name, shape, params)
#define SIMDACT_T float
#include "simdact/unary_list.inc"
#undef SIMDACT_T
#define SIMDACT_T double
#include "simdact/unary_list.inc"
#undef SIMDACT_T
#undef SIMDACT_UNARY

void prelu_backward(const float* x, const float* dy, float* dx, std::size_t outer, std::size_t channels,
                    std::size_t inner, const float* slopes, float* slopes_grad) {
  detail::run_prelu_backward(x, dy, dx, outer, channels, inner, slopes, slopes_grad);
}
void prelu_backward(const double* x, const double* dy, double* dx, std::size_t outer, std::size_t channels,
                    std::size_t inner, const double* slopes, double* slopes_grad) {
  detail::run_prelu_backward(x, dy, dx, outer, channels, inner, slopes, slopes_grad);
}

}  // namespace simdact
