// One kernel of one source tree, compiled for AVX2 + FMA with the kernel translation units' flags,
// under a name of the caller's choosing (scripts/ab-compare.sh builds it once per tree):
//   -DAB_NAME=run_a -DAB_KERNEL=gelu_kernel [-DAB_BACKWARD] -I<tree> -I<tree>/include -I<tree>/src
#include "src/isa/avx2_traits.hpp"
#include "kernels/all.hpp"
#include "kernels/gradient_exp.hpp"
#include "kernels/gradient_piecewise.hpp"
#include "kernels/gradient_smooth.hpp"

namespace {
using arch = xsimd::fma3<xsimd::avx2>;
using kernel = simdact::kernels::AB_KERNEL;

template <class T>
void run(const T* x, const T* dy, T* out, std::size_t n) {
  const simdact::detail::kernel_params<T> params{};
#ifdef AB_BACKWARD
  kernel{}.backward_call(arch{}, x, dy, out, n, params);
#else
  (void)dy;
  kernel{}(arch{}, x, out, n, params);
#endif
}
}  // namespace

#define AB_JOIN2(a, b) a##b
#define AB_JOIN(a, b) AB_JOIN2(a, b)
extern "C" void AB_JOIN(AB_NAME, _f32)(const float* x, const float* dy, float* out, std::size_t n) { run(x, dy, out, n); }
extern "C" void AB_JOIN(AB_NAME, _f64)(const double* x, const double* dy, double* out, std::size_t n) { run(x, dy, out, n); }
