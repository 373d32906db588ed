// The plain fused loop a backward kernel competes with, dx = dy * x, compiled as an engine would
// compile its own loop for this machine (-O3 -march=native where the compiler targets the host):
// with the default x86-64 flags it would run on 128-bit SSE and flatter the kernels.
#include <cstddef>

namespace simdact_bench {

template <class T>
void multiply_loop(const T* x, const T* dy, T* dx, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * x[i];
}

template void multiply_loop<float>(const float*, const float*, float*, std::size_t);
template void multiply_loop<double>(const double*, const double*, double*, std::size_t);

}  // namespace simdact_bench
