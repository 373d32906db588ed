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
