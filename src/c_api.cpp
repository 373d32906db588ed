// The C interface: the C++ API behind a wall that turns exceptions into status codes.
#include "simdact/simdact.h"

#include <exception>
#include <new>
#include <string>
#include <type_traits>

#include "simdact/simdact.hpp"

static_assert(int(simdact::isa::scalar) == SIMDACT_ISA_SCALAR && int(simdact::isa::avx2) == SIMDACT_ISA_AVX2 &&
              int(simdact::isa::avx512) == SIMDACT_ISA_AVX512 && int(simdact::isa::neon) == SIMDACT_ISA_NEON);
static_assert(int(simdact::errc::null_pointer) == SIMDACT_ERROR_NULL_POINTER &&
              int(simdact::errc::overlapping_buffers) == SIMDACT_ERROR_OVERLAPPING_BUFFERS &&
              int(simdact::errc::bad_size) == SIMDACT_ERROR_BAD_SIZE &&
              int(simdact::errc::unsupported_isa) == SIMDACT_ERROR_UNSUPPORTED_ISA &&
              int(simdact::errc::unknown_name) == SIMDACT_ERROR_UNKNOWN_NAME &&
              int(simdact::errc::bad_parameter) == SIMDACT_ERROR_BAD_PARAMETER &&
              int(simdact::errc::bad_environment) == SIMDACT_ERROR_BAD_ENVIRONMENT);

namespace {

// A fixed buffer: recording an error must not allocate, or a std::bad_alloc would escape the
// noexcept wall below (and terminate the caller) right when memory runs out.
thread_local char last_error[1024];

void record_error(const char* message) noexcept {
  std::size_t i = 0;
  for (; message[i] != '\0' && i + 1 < sizeof last_error; ++i) last_error[i] = message[i];
  last_error[i] = '\0';
}

// The status of the exception being handled; its message becomes simdact_last_error's.
simdact_status status_of_current_exception() noexcept {
  try {
    throw;
  } catch (const simdact::error& e) {
    record_error(e.what());
    return simdact_status(int(e.code()));
  } catch (const std::exception& e) {
    record_error(e.what());
    return SIMDACT_ERROR_INTERNAL;
  } catch (...) {
    record_error("unknown exception");
    return SIMDACT_ERROR_INTERNAL;
  }
}

template <class F>
simdact_status guarded(F&& body) noexcept {
  try {
    body();
    return SIMDACT_OK;
  } catch (...) {
    return status_of_current_exception();
  }
}

// simdact_softmax_options_f32 / _f64 as simdact::softmax_options; NULL gives the defaults.
template <class C>
auto cpp_options(const C* options) {
  simdact::softmax_options<std::remove_pointer_t<decltype(options->row_max)>> result;
  if (options) {
    result.masked_rows_zero = options->masked_rows_zero != 0;
    result.row_max = options->row_max;
    result.row_log_sum_exp = options->row_log_sum_exp;
  }
  return result;
}

bool valid(simdact_isa isa) { return isa >= SIMDACT_ISA_SCALAR && isa <= SIMDACT_ISA_NEON; }

}  // namespace

extern "C" {

const char* simdact_status_string(simdact_status status) {
  switch (status) {
    case SIMDACT_OK: return "ok";
    case SIMDACT_ERROR_NULL_POINTER: return "null pointer with a non-zero size";
    case SIMDACT_ERROR_OVERLAPPING_BUFFERS: return "input and output overlap partially";
    case SIMDACT_ERROR_BAD_SIZE: return "size overflows or sizes disagree";
    case SIMDACT_ERROR_UNSUPPORTED_ISA: return "instruction set not supported here";
    case SIMDACT_ERROR_UNKNOWN_NAME: return "unknown name";
    case SIMDACT_ERROR_BAD_PARAMETER: return "parameter out of its domain";
    case SIMDACT_ERROR_BAD_ENVIRONMENT: return "invalid SIMDACT_ISA or SIMDACT_NUM_THREADS";
    case SIMDACT_ERROR_INTERNAL: return "internal error";
    case SIMDACT_STATUS_FORCE_INT_: break;
  }
  return "unknown status";
}

const char* simdact_last_error(void) { return last_error; }

#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient)                      \
  simdact_status SIMDACT_DETAIL_C_NAME(name, )(const SIMDACT_T* x, SIMDACT_T* y, size_t n                         \
                                               SIMDACT_DETAIL_PLAIN_##shape params) {                          \
    return guarded([&] { simdact::name(x, y, n SIMDACT_DETAIL_FORWARD_##shape params); });                     \
  }
#include "simdact/c_list.inc"
#undef SIMDACT_UNARY

#define SIMDACT_DETAIL_C_FROM_OUTPUT_DEFINE_none(name, shape, params)
#define SIMDACT_DETAIL_C_FROM_OUTPUT_DEFINE_same(name, shape, params)                                    \
  simdact_status SIMDACT_DETAIL_C_NAME(name, _backward_from_output)(                              \
      const SIMDACT_T* y, const SIMDACT_T* dy, SIMDACT_T* dx, size_t n SIMDACT_DETAIL_PLAIN_##shape params) { \
    return guarded([&] { simdact::name##_backward_from_output(y, dy, dx, n SIMDACT_DETAIL_FORWARD_##shape params); }); \
  }
#define SIMDACT_DETAIL_C_FROM_OUTPUT_DEFINE_nonnegative SIMDACT_DETAIL_C_FROM_OUTPUT_DEFINE_same
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient)                      \
  simdact_status SIMDACT_DETAIL_C_NAME(name, _derivative)(const SIMDACT_T* x, SIMDACT_T* d,              \
                                                                 size_t n SIMDACT_DETAIL_PLAIN_##shape params) { \
    return guarded([&] { simdact::name##_derivative(x, d, n SIMDACT_DETAIL_FORWARD_##shape params); });          \
  }                                                                                                              \
  simdact_status SIMDACT_DETAIL_C_NAME(name, _backward)(                                                \
      const SIMDACT_T* x, const SIMDACT_T* dy, SIMDACT_T* dx, size_t n SIMDACT_DETAIL_PLAIN_##shape params) {   \
    return guarded([&] { simdact::name##_backward(x, dy, dx, n SIMDACT_DETAIL_FORWARD_##shape params); });      \
  }                                                                                                              \
  SIMDACT_DETAIL_C_GLUE(SIMDACT_DETAIL_C_FROM_OUTPUT_DEFINE_, SIMDACT_DETAIL_C_OUTPUT_OF gradient)(name, shape, params)
#include "simdact/c_list.inc"
#undef SIMDACT_UNARY

simdact_status simdact_prelu_backward_f32(const float* x, const float* dy, float* dx, size_t outer, size_t channels,
                                          size_t inner, const float* slopes, float* slopes_grad) {
  return guarded([&] { simdact::prelu_backward(x, dy, dx, outer, channels, inner, slopes, slopes_grad); });
}
simdact_status simdact_prelu_backward_f64(const double* x, const double* dy, double* dx, size_t outer,
                                          size_t channels, size_t inner, const double* slopes, double* slopes_grad) {
  return guarded([&] { simdact::prelu_backward(x, dy, dx, outer, channels, inner, slopes, slopes_grad); });
}

simdact_status simdact_prelu_f32(const float* x, float* y, size_t outer, size_t channels, size_t inner,
                                 const float* slopes) {
  return guarded([&] { simdact::prelu(x, y, outer, channels, inner, slopes); });
}
simdact_status simdact_prelu_f64(const double* x, double* y, size_t outer, size_t channels, size_t inner,
                                 const double* slopes) {
  return guarded([&] { simdact::prelu(x, y, outer, channels, inner, slopes); });
}

#define SIMDACT_DETAIL_C_SOFTMAX(T, suffix)                                                                  \
  simdact_status simdact_softmax_##suffix(const T* x, ptrdiff_t x_row_stride, T* y, ptrdiff_t y_row_stride,     \
                                          size_t rows, size_t cols,                                          \
                                          const simdact_softmax_options_##suffix* options) {                 \
    return guarded([&] { simdact::softmax(x, x_row_stride, y, y_row_stride, rows, cols, cpp_options(options)); }); \
  }                                                                                                          \
  simdact_status simdact_log_softmax_##suffix(const T* x, ptrdiff_t x_row_stride, T* y, ptrdiff_t y_row_stride, \
                                              size_t rows, size_t cols,                                      \
                                              const simdact_softmax_options_##suffix* options) {             \
    return guarded(                                                                                          \
        [&] { simdact::log_softmax(x, x_row_stride, y, y_row_stride, rows, cols, cpp_options(options)); });  \
  }                                                                                                          \
  simdact_status simdact_softmax_axis_##suffix(const T* x, T* y, size_t outer, size_t axis_len, size_t inner,   \
                                               const simdact_softmax_options_##suffix* options) {            \
    return guarded([&] { simdact::softmax_axis(x, y, outer, axis_len, inner, cpp_options(options)); });      \
  }                                                                                                          \
  simdact_status simdact_log_softmax_axis_##suffix(const T* x, T* y, size_t outer, size_t axis_len,          \
                                                   size_t inner,                                             \
                                                   const simdact_softmax_options_##suffix* options) {        \
    return guarded([&] { simdact::log_softmax_axis(x, y, outer, axis_len, inner, cpp_options(options)); });  \
  }                                                                                                          \
  simdact_status simdact_softmax_backward_##suffix(const T* y, ptrdiff_t y_row_stride, const T* dy,          \
                                                   ptrdiff_t dy_row_stride, T* dx, ptrdiff_t dx_row_stride,  \
                                                   size_t rows, size_t cols) {                               \
    return guarded(                                                                                          \
        [&] { simdact::softmax_backward(y, y_row_stride, dy, dy_row_stride, dx, dx_row_stride, rows, cols); }); \
  }                                                                                                          \
  simdact_status simdact_log_softmax_backward_##suffix(const T* y, ptrdiff_t y_row_stride, const T* dy,      \
                                                       ptrdiff_t dy_row_stride, T* dx, ptrdiff_t dx_row_stride, \
                                                       size_t rows, size_t cols) {                           \
    return guarded([&] {                                                                                     \
      simdact::log_softmax_backward(y, y_row_stride, dy, dy_row_stride, dx, dx_row_stride, rows, cols);      \
    });                                                                                                      \
  }
SIMDACT_DETAIL_C_SOFTMAX(float, f32)
SIMDACT_DETAIL_C_SOFTMAX(double, f64)
#undef SIMDACT_DETAIL_C_SOFTMAX

const char* simdact_isa_name(simdact_isa isa) {
  return valid(isa) ? simdact::isa_name(simdact::isa(int(isa))) : nullptr;
}

simdact_status simdact_parse_isa(const char* name, simdact_isa* isa) {
  return guarded([&] {
    if (!name || !isa) throw simdact::error(simdact::errc::null_pointer, "simdact_parse_isa: null argument");
    *isa = simdact_isa(int(simdact::parse_isa(name)));
  });
}

size_t simdact_supported_isas(simdact_isa* out, size_t capacity) {
  try {
    const auto isas = simdact::supported_isas();
    for (size_t i = 0; out && i < isas.size() && i < capacity; ++i) out[i] = simdact_isa(int(isas[i]));
    return isas.size();
  } catch (...) {
    status_of_current_exception();
    return 0;
  }
}

simdact_status simdact_active_isa(simdact_isa* isa) {
  return guarded([&] {
    if (!isa) throw simdact::error(simdact::errc::null_pointer, "simdact_active_isa: isa is null");
    *isa = simdact_isa(int(simdact::active_isa()));
  });
}

simdact_status simdact_set_isa(simdact_isa isa) {
  return guarded([&] {
    if (!valid(isa))
      throw simdact::error(simdact::errc::unknown_name,
                           "simdact_set_isa: " + std::to_string(int(isa)) + " is not a simdact_isa");
    simdact::set_isa(simdact::isa(int(isa)));
  });
}

simdact_status simdact_set_num_threads(int threads) {
  return guarded([&] { simdact::set_num_threads(threads); });
}

int simdact_num_threads(void) {
  try {
    return simdact::num_threads();
  } catch (...) {
    status_of_current_exception();
    return 0;
  }
}

}  // extern "C"
