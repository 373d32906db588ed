// Included once by each per-ISA translation unit, after it defines SIMDACT_ARCH (the xsimd
// architecture, or kernels::scalar_arch), SIMDACT_TABLE_NAME (the function returning its table) and
// SIMDACT_SOFTMAX_TABLE and SIMDACT_GRADIENT_TABLE (the softmax and derivative tables of the same
// architecture, each from its own translation unit).
// It instantiates every kernel of the list for that architecture, in this translation unit only.
#include "kernels/all.hpp"
#include "dispatch.hpp"

namespace simdact::kernels {
namespace {

#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient)            \
  template void name##_kernel::elementwise::operator()<SIMDACT_ARCH, float>(                \
      SIMDACT_ARCH, const float*, float*, std::size_t, detail::kernel_params<float>) const;  \
  template void name##_kernel::elementwise::operator()<SIMDACT_ARCH, double>(               \
      SIMDACT_ARCH, const double*, double*, std::size_t, detail::kernel_params<double>) const;
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY

template <class Kernel, class T>
void entry(const T* x, T* y, std::size_t n, detail::kernel_params<T> params) {
  Kernel{}(SIMDACT_ARCH{}, x, y, n, params);
}

template <class T>
void prelu_rows_entry(const T* x, T* y, std::size_t n, const T* slopes) {
  prelu_rows_kernel{}(SIMDACT_ARCH{}, x, y, n, slopes);
}

}  // namespace
}  // namespace simdact::kernels

const simdact::detail::kernel_table& SIMDACT_TABLE_NAME() noexcept {
  static constexpr simdact::detail::kernel_table table = {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) \
  {&simdact::kernels::entry<simdact::kernels::name##_kernel, float>,                \
   &simdact::kernels::entry<simdact::kernels::name##_kernel, double>},
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
      &simdact::kernels::prelu_rows_entry<float>,
      &simdact::kernels::prelu_rows_entry<double>,
      &SIMDACT_SOFTMAX_TABLE,
      &SIMDACT_GRADIENT_TABLE,
  };
  return table;
}
