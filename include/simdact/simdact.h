/* simdact's C interface (C99 and later, and C++): every kernel of the list for float and double,
 * returning a status instead of throwing, plus ISA and thread control. Link libsimdact.a with a
 * C++ linker (or add -lstdc++) and -fopenmp. Semantics, accuracy and special values are those of
 * the C++ functions of the same name (see unary_list.inc). On any error nothing is written, but
 * for SIMDACT_ERROR_INTERNAL (out of memory), which a long softmax row or a softmax_axis call can
 * meet after writing part of its output. */
#ifndef SIMDACT_SIMDACT_H
#define SIMDACT_SIMDACT_H

#include <stddef.h>

#include "simdact/list_params.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum simdact_status {
  SIMDACT_OK = 0,
  SIMDACT_ERROR_NULL_POINTER = 1,        /* a pointer is null while the size is not 0 */
  SIMDACT_ERROR_OVERLAPPING_BUFFERS = 2, /* input and output overlap other than exactly */
  SIMDACT_ERROR_BAD_SIZE = 3,            /* sizes overflow the address space */
  SIMDACT_ERROR_UNSUPPORTED_ISA = 4,     /* ISA not built in, or this CPU cannot run it */
  SIMDACT_ERROR_UNKNOWN_NAME = 5,        /* no ISA of that name */
  SIMDACT_ERROR_BAD_PARAMETER = 6,       /* a parameter out of its domain */
  SIMDACT_ERROR_BAD_ENVIRONMENT = 7,     /* SIMDACT_ISA or SIMDACT_NUM_THREADS is invalid */
  SIMDACT_ERROR_INTERNAL = 8,            /* e.g. out of memory */
  SIMDACT_STATUS_FORCE_INT_ = 0x7fffffff /* not a status: keeps the type int-sized */
} simdact_status;

/* A constant English description of `status`. */
const char* simdact_status_string(simdact_status status);

/* The message of the calling thread's last failed call ("" if none; cut at 1023 bytes). */
const char* simdact_last_error(void);

/* y[i] = f(x[i]) for i < n; y == x allowed. One pair of functions per kernel, with the kernel's
 * parameters (no defaults in C):
 *   simdact_status simdact_<name>_f32(const float* x, float* y, size_t n, float params...);
 *   simdact_status simdact_<name>_f64(const double* x, double* y, size_t n, double params...); */
#define SIMDACT_DETAIL_C_GLUE_(a, b) a##b
#define SIMDACT_DETAIL_C_GLUE(a, b) SIMDACT_DETAIL_C_GLUE_(a, b)
/* simdact_<name><form>_f32 or _f64, by SIMDACT_DETAIL_C_TYPE (set by simdact/c_list.inc). */
#define SIMDACT_DETAIL_C_NAME(name, form) SIMDACT_DETAIL_C_GLUE(simdact_##name##form##_, SIMDACT_DETAIL_C_TYPE)
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient)          \
  simdact_status SIMDACT_DETAIL_C_NAME(name, )(const SIMDACT_T* x, SIMDACT_T* y, size_t n             \
                                               SIMDACT_DETAIL_PLAIN_##shape params);
#include "simdact/c_list.inc"
#undef SIMDACT_UNARY

/* PReLU over [outer][channels][inner]; see simdact::prelu. */
simdact_status simdact_prelu_f32(const float* x, float* y, size_t outer, size_t channels, size_t inner,
                                 const float* slopes);
simdact_status simdact_prelu_f64(const double* x, double* y, size_t outer, size_t channels, size_t inner,
                                 const double* slopes);

/* Derivatives and backward passes of every kernel of the list (see simdact/derivatives.hpp):
 *   simdact_<name>_derivative_f32(const float* x, float* d, size_t n, params...)          d = f'(x)
 *   simdact_<name>_backward_f32(const float* x, const float* dy, float* dx, size_t n, params...)
 *   simdact_<name>_backward_from_output_f32(const float* y, const float* dy, float* dx, size_t n,
 *                                           params...)    where f' is a function of y = f(x)
 * and the same with _f64 and double. */
#define SIMDACT_DETAIL_C_FROM_OUTPUT_none(name, shape, params)
#define SIMDACT_DETAIL_C_FROM_OUTPUT_same(name, shape, params)                                          \
  simdact_status SIMDACT_DETAIL_C_NAME(name, _backward_from_output)(                                    \
      const SIMDACT_T* y, const SIMDACT_T* dy, SIMDACT_T* dx, size_t n SIMDACT_DETAIL_PLAIN_##shape params);
#define SIMDACT_DETAIL_C_FROM_OUTPUT_nonnegative SIMDACT_DETAIL_C_FROM_OUTPUT_same
#define SIMDACT_DETAIL_C_OUTPUT_OF(d32, d64, b32, b64, output) output
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient)          \
  simdact_status SIMDACT_DETAIL_C_NAME(name, _derivative)(const SIMDACT_T* x, SIMDACT_T* d,              \
                                                          size_t n SIMDACT_DETAIL_PLAIN_##shape params); \
  simdact_status SIMDACT_DETAIL_C_NAME(name, _backward)(                                                \
      const SIMDACT_T* x, const SIMDACT_T* dy, SIMDACT_T* dx, size_t n SIMDACT_DETAIL_PLAIN_##shape params); \
  SIMDACT_DETAIL_C_GLUE(SIMDACT_DETAIL_C_FROM_OUTPUT_, SIMDACT_DETAIL_C_OUTPUT_OF gradient)(name, shape, params)
#include "simdact/c_list.inc"
#undef SIMDACT_UNARY

/* PReLU's gradients; slopes_grad may be NULL. See simdact::prelu_backward. */
simdact_status simdact_prelu_backward_f32(const float* x, const float* dy, float* dx, size_t outer, size_t channels,
                                          size_t inner, const float* slopes, float* slopes_grad);
simdact_status simdact_prelu_backward_f64(const double* x, const double* dy, double* dx, size_t outer,
                                          size_t channels, size_t inner, const double* slopes, double* slopes_grad);

/* The softmax family (see simdact/softmax.hpp), strides in elements. `options` may be NULL (the
 * defaults: an all -inf row gives NaN, no per-row outputs). */
typedef struct simdact_softmax_options_f32 {
  int masked_rows_zero; /* non-zero: an all -inf row gives zeros (log_softmax: -inf) */
  float* row_max;         /* NULL, or one value per row */
  float* row_log_sum_exp; /* NULL, or one value per row */
} simdact_softmax_options_f32;
typedef struct simdact_softmax_options_f64 {
  int masked_rows_zero;
  double* row_max;
  double* row_log_sum_exp;
} simdact_softmax_options_f64;
#define SIMDACT_DETAIL_C_SOFTMAX(T, suffix)                                                              \
  simdact_status simdact_softmax_##suffix(const T* x, ptrdiff_t x_row_stride, T* y, ptrdiff_t y_row_stride, \
                                          size_t rows, size_t cols,                                      \
                                          const simdact_softmax_options_##suffix* options);              \
  simdact_status simdact_log_softmax_##suffix(const T* x, ptrdiff_t x_row_stride, T* y,                  \
                                              ptrdiff_t y_row_stride, size_t rows, size_t cols,          \
                                              const simdact_softmax_options_##suffix* options);          \
  simdact_status simdact_softmax_axis_##suffix(const T* x, T* y, size_t outer, size_t axis_len, size_t inner, \
                                               const simdact_softmax_options_##suffix* options);         \
  simdact_status simdact_log_softmax_axis_##suffix(const T* x, T* y, size_t outer, size_t axis_len,      \
                                                   size_t inner,                                         \
                                                   const simdact_softmax_options_##suffix* options);     \
  simdact_status simdact_softmax_backward_##suffix(const T* y, ptrdiff_t y_row_stride, const T* dy,      \
                                                   ptrdiff_t dy_row_stride, T* dx, ptrdiff_t dx_row_stride, \
                                                   size_t rows, size_t cols);                            \
  simdact_status simdact_log_softmax_backward_##suffix(const T* y, ptrdiff_t y_row_stride, const T* dy,  \
                                                       ptrdiff_t dy_row_stride, T* dx,                   \
                                                       ptrdiff_t dx_row_stride, size_t rows, size_t cols);
SIMDACT_DETAIL_C_SOFTMAX(float, f32)
SIMDACT_DETAIL_C_SOFTMAX(double, f64)
#undef SIMDACT_DETAIL_C_SOFTMAX

typedef enum simdact_isa {
  SIMDACT_ISA_SCALAR = 0,
  SIMDACT_ISA_AVX2 = 1,
  SIMDACT_ISA_AVX512 = 2,
  SIMDACT_ISA_NEON = 3,
  SIMDACT_ISA_FORCE_INT_ = 0x7fffffff /* not an ISA: makes any int a valid value to pass and reject */
} simdact_isa;

/* "scalar", "avx2", "avx512", "neon", or NULL for a value outside the enumeration. */
const char* simdact_isa_name(simdact_isa isa);
simdact_status simdact_parse_isa(const char* name, simdact_isa* isa);
/* Writes up to `capacity` supported ISAs, best first; returns how many there are in all (0 only
 * on an internal error: scalar is always supported). */
size_t simdact_supported_isas(simdact_isa* out, size_t capacity);
simdact_status simdact_active_isa(simdact_isa* isa);
simdact_status simdact_set_isa(simdact_isa isa);

/* 0 = OpenMP's default, at most 4096 (SIMDACT_ERROR_BAD_PARAMETER beyond); see simdact/threads.hpp. */
simdact_status simdact_set_num_threads(int threads);
/* The most threads a large call made now would use (>= 1), or 0 if SIMDACT_NUM_THREADS is invalid
 * (simdact_last_error says why; every call large enough to split then fails the same way). */
int simdact_num_threads(void);

#ifdef __cplusplus
}
#endif

#endif
