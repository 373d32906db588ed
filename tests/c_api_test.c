/* The C interface, compiled as C11: results, status codes, untouched outputs, ISA control. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "simdact/simdact.h"

static int failures = 0;
#define EXPECT(cond)                                                \
  do {                                                              \
    if (!(cond)) {                                                  \
      fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                   \
    }                                                               \
  } while (0)

int main(void) {
  float x[8] = {-100.0f, -1.0f, -0.0f, 0.0f, 1.0f, 30.0f, INFINITY, NAN};
  float y[8];
  EXPECT(simdact_sigmoid_f32(x, y, 8) == SIMDACT_OK);
  EXPECT(y[0] > 0.0f && y[0] < 1e-40f);
  EXPECT(fabsf(y[1] - 0.26894142f) < 1e-7f);
  EXPECT(y[2] == 0.5f && y[3] == 0.5f && y[5] == 1.0f && y[6] == 1.0f && isnan(y[7]));

  double xd[3] = {-0.0, 0.5, -INFINITY}, yd[3];
  EXPECT(simdact_tanh_f64(xd, yd, 3) == SIMDACT_OK);
  EXPECT(yd[0] == 0.0 && signbit(yd[0]) && fabs(yd[1] - 0.46211715726000974) < 1e-16 && yd[2] == -1.0);

  /* Parameters are plain arguments (no defaults in C), checked like the C++ ones. */
  float leaky[2];
  EXPECT(simdact_leaky_relu_f32(x, leaky, 2, 0.5f) == SIMDACT_OK && leaky[0] == -50.0f && leaky[1] == -0.5f);
  EXPECT(simdact_clip_f32(x, leaky, 2, 0.0f, -1.0f) == SIMDACT_ERROR_BAD_PARAMETER);
  EXPECT(leaky[0] == -50.0f);
  double slopes[2] = {0.25, 2.0}, nchw[4] = {-4.0, 1.0, -4.0, -1.0}, out[4];
  EXPECT(simdact_prelu_f64(nchw, out, 1, 2, 2, slopes) == SIMDACT_OK);
  EXPECT(out[0] == -1.0 && out[1] == 1.0 && out[2] == -8.0 && out[3] == -2.0);

  /* Derivatives and backward passes, with the forward functions' parameters. */
  float xs[3] = {0.0f, -1.0f, 2.0f}, dy3[3] = {2.0f, 3.0f, -1.0f}, d[3];
  EXPECT(simdact_sigmoid_derivative_f32(xs, d, 3) == SIMDACT_OK && d[0] == 0.25f);
  EXPECT(simdact_relu_backward_f32(xs, dy3, d, 3) == SIMDACT_OK && d[0] == 0.0f && d[1] == 0.0f && d[2] == -1.0f);
  EXPECT(simdact_leaky_relu_backward_f32(xs, dy3, d, 3, 0.5f) == SIMDACT_OK && d[1] == 1.5f && d[2] == -1.0f);
  const float ys[2] = {0.5f, 0.25f}, ones[2] = {1.0f, 1.0f};
  EXPECT(simdact_sigmoid_backward_from_output_f32(ys, ones, d, 2) == SIMDACT_OK && d[0] == 0.25f &&
         d[1] == 0.1875f);
  d[0] = 7.0f;
  EXPECT(simdact_tanh_backward_f32(xs, NULL, d, 3) == SIMDACT_ERROR_NULL_POINTER && d[0] == 7.0f);
  double gelu_d[1], zero[1] = {0.0};
  EXPECT(simdact_gelu_derivative_f64(zero, gelu_d, 1) == SIMDACT_OK && gelu_d[0] == 0.5);
  double dy4[4] = {1.0, 1.0, 1.0, 1.0}, dx4[4], slopes_grad[2];
  EXPECT(simdact_prelu_backward_f64(nchw, dy4, dx4, 1, 2, 2, slopes, slopes_grad) == SIMDACT_OK);
  EXPECT(dx4[0] == 0.25 && dx4[1] == 1.0 && dx4[2] == 2.0 && dx4[3] == 2.0);
  EXPECT(slopes_grad[0] == -4.0 && slopes_grad[1] == -5.0);

  /* Softmax: strided rows, options (NULL or filled), the axis form, the backward passes. */
  const float rows_x[6] = {0.0f, 0.0f, 9.0f, 5.0f, 5.0f, 9.0f};
  float rows_y[4], row_max[2], row_lse[2];
  EXPECT(simdact_softmax_f32(rows_x, 3, rows_y, 2, 2, 2, NULL) == SIMDACT_OK);
  EXPECT(rows_y[0] == 0.5f && rows_y[1] == 0.5f && rows_y[2] == 0.5f && rows_y[3] == 0.5f);
  simdact_softmax_options_f32 options = {0, row_max, row_lse};
  EXPECT(simdact_log_softmax_f32(rows_x, 3, rows_y, 2, 2, 2, &options) == SIMDACT_OK);
  EXPECT(row_max[0] == 0.0f && row_max[1] == 5.0f && fabsf(row_lse[1] - (5.0f + logf(2.0f))) < 1e-6f);
  EXPECT(fabsf(rows_y[0] + logf(2.0f)) < 1e-7f);
  const float masked[2] = {-INFINITY, -INFINITY};
  simdact_softmax_options_f32 masking = {1, NULL, NULL};
  EXPECT(simdact_softmax_f32(masked, 2, rows_y, 2, 1, 2, &masking) == SIMDACT_OK && rows_y[0] == 0.0f);
  EXPECT(simdact_softmax_f32(masked, 2, rows_y, 2, 1, 2, NULL) == SIMDACT_OK && isnan(rows_y[0]));
  EXPECT(simdact_softmax_f32(rows_x, 1, rows_y, 2, 2, 2, NULL) == SIMDACT_ERROR_BAD_SIZE);
  /* One row whose length in bytes wraps around the address space. */
  EXPECT(simdact_softmax_f32(rows_x, (ptrdiff_t)1 << 62, rows_y, (ptrdiff_t)1 << 62, 1, (size_t)1 << 62, NULL) ==
         SIMDACT_ERROR_BAD_SIZE);
  const double axis_x[4] = {0.0, 1.0, 0.0, 1.0};
  double axis_y[4];
  EXPECT(simdact_softmax_axis_f64(axis_x, axis_y, 1, 2, 2, NULL) == SIMDACT_OK && axis_y[0] == 0.5 && axis_y[3] == 0.5);
  const float half[2] = {0.5f, 0.5f}, onehot[2] = {1.0f, 0.0f};
  float grad[2];
  EXPECT(simdact_softmax_backward_f32(half, 2, onehot, 2, grad, 2, 1, 2) == SIMDACT_OK && grad[0] == 0.25f &&
         grad[1] == -0.25f);
  const double log_half[2] = {log(0.5), log(0.5)}, dy_rows[2] = {1.0, 0.0};
  double log_grad[2];
  EXPECT(simdact_log_softmax_backward_f64(log_half, 2, dy_rows, 2, log_grad, 2, 1, 2) == SIMDACT_OK);
  EXPECT(fabs(log_grad[0] - 0.5) < 1e-15 && fabs(log_grad[1] + 0.5) < 1e-15);

  /* Errors: a status, a message, and nothing written. */
  float guard[4] = {7, 7, 7, 7};
  EXPECT(simdact_relu_f32(NULL, guard, 4) == SIMDACT_ERROR_NULL_POINTER);
  EXPECT(strstr(simdact_last_error(), "x is null") != NULL);
  EXPECT(simdact_relu_f32(guard, guard + 1, 3) == SIMDACT_ERROR_OVERLAPPING_BUFFERS);
  EXPECT(guard[0] == 7 && guard[1] == 7 && guard[2] == 7 && guard[3] == 7);
  EXPECT(simdact_relu_f32(NULL, NULL, 0) == SIMDACT_OK);
  EXPECT(strcmp(simdact_status_string(SIMDACT_ERROR_OVERLAPPING_BUFFERS), "input and output overlap partially") == 0);

  /* ISA control. */
  simdact_isa isas[4];
  const size_t count = simdact_supported_isas(isas, 4);
  EXPECT(count >= 1 && count <= 4 && isas[count - 1] == SIMDACT_ISA_SCALAR);
  simdact_isa parsed;
  EXPECT(simdact_parse_isa("avx2", &parsed) == SIMDACT_OK && parsed == SIMDACT_ISA_AVX2);
  EXPECT(simdact_parse_isa("sse9", &parsed) == SIMDACT_ERROR_UNKNOWN_NAME);
  EXPECT(simdact_set_isa((simdact_isa)42) == SIMDACT_ERROR_UNKNOWN_NAME);
  EXPECT(simdact_set_isa(SIMDACT_ISA_SCALAR) == SIMDACT_OK);
  simdact_isa active;
  EXPECT(simdact_active_isa(&active) == SIMDACT_OK && active == SIMDACT_ISA_SCALAR);
  EXPECT(strcmp(simdact_isa_name(active), "scalar") == 0);
  EXPECT(simdact_isa_name((simdact_isa)42) == NULL);
  EXPECT(simdact_set_num_threads(-2) == SIMDACT_ERROR_BAD_PARAMETER);
  EXPECT(simdact_set_num_threads(2) == SIMDACT_OK && simdact_num_threads() == 2);

  printf("c_api_test: %s\n", failures ? "FAILED" : "passed");
  return failures ? 1 : 0;
}
