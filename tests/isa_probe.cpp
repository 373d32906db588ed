// Prints the ISA and thread count that SIMDACT_ISA, SIMDACT_NUM_THREADS and the CPU select, or the
// error; ctest checks the output. Modes (first argument):
//   set-first  calls set_isa(scalar) before any kernel call, which must still report a bad SIMDACT_ISA;
//   prelu      a prelu_backward large enough to ask for threads, which must fail on a bad
//              SIMDACT_NUM_THREADS before its slope gradient is written.
#include <cstdio>
#include <cstring>
#include <exception>
#include <vector>

#include "simdact/simdact.hpp"

namespace {

int prelu_mode() {
  const std::size_t outer = 1024, channels = 4, inner = 64;  // 2^18 elements: split if allowed
  std::vector<float> x(outer * channels * inner, 1.0f), dy(x.size(), 1.0f), dx(x.size(), 7.0f);
  const float slopes[channels] = {0.1f, 0.2f, 0.3f, 0.4f};
  float slopes_grad[channels] = {7, 7, 7, 7};
  try {
    simdact::prelu_backward(x.data(), dy.data(), dx.data(), outer, channels, inner, slopes, slopes_grad);
    std::printf("no error\n");
  } catch (const std::exception& e) {
    std::printf("error=%s\n", e.what());
  }
  bool untouched = dx[0] == 7.0f;
  for (float g : slopes_grad) untouched = untouched && g == 7.0f;
  std::printf("outputs %s\n", untouched ? "untouched" : "written");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "prelu") == 0) return prelu_mode();
  try {
    if (argc > 1 && std::strcmp(argv[1], "set-first") == 0) simdact::set_isa(simdact::isa::scalar);
    std::printf("active=%s\n", simdact::isa_name(simdact::active_isa()));
    std::printf("threads=%d\n", simdact::num_threads());
    float x = -100.0f, y = 0.0f;
    simdact::sigmoid(&x, &y, 1);
    std::printf("sigmoid(-100)=%a\n", double(y));
    return 0;
  } catch (const std::exception& e) {
    std::printf("error=%s\n", e.what());
    return 1;
  }
}
