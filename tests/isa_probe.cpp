// Prints the ISA and thread count that SIMDACT_ISA, SIMDACT_NUM_THREADS and the CPU select, or the
// error; ctest checks the output.
#include <cstdio>
#include <exception>

#include "simdact/simdact.hpp"

int main() {
  try {
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
