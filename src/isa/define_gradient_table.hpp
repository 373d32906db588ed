// Included once by each per-ISA gradient translation unit, after it defines SIMDACT_ARCH and
// SIMDACT_GRADIENT_TABLE (the table object to define): every derivative kernel of the list for that
// architecture, instantiated in this translation unit only.
#include "dispatch.hpp"
#include "kernels/gradient_exp.hpp"
#include "kernels/gradient_piecewise.hpp"
#include "kernels/gradient_smooth.hpp"
#include "kernels/prelu_gradient.hpp"

namespace simdact::kernels {
namespace {

#define SIMDACT_DETAIL_INSTANTIATE_GRADIENT(name, T)                                                           \
  template void name##_gradient::gradient::derivative_call<SIMDACT_ARCH, T>(SIMDACT_ARCH, const T*, T*, std::size_t,       \
                                                                  detail::kernel_params<T>) const;              \
  template void name##_gradient::gradient::backward_call<SIMDACT_ARCH, T>(SIMDACT_ARCH, const T*, const T*, T*,            \
                                                                std::size_t, detail::kernel_params<T>) const;   \
  template void name##_gradient::gradient::output_call<SIMDACT_ARCH, T>(SIMDACT_ARCH, const T*, const T*, T*, std::size_t, \
                                                              detail::kernel_params<T>) const;
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) \
  SIMDACT_DETAIL_INSTANTIATE_GRADIENT(name, float)                                           \
  SIMDACT_DETAIL_INSTANTIATE_GRADIENT(name, double)
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
#undef SIMDACT_DETAIL_INSTANTIATE_GRADIENT

template <class Kernel, class T>
void derivative_entry(const T* x, T* d, std::size_t n, detail::kernel_params<T> params) {
  Kernel{}.derivative_call(SIMDACT_ARCH{}, x, d, n, params);
}
template <class Kernel, class T>
void backward_entry(const T* x, const T* dy, T* dx, std::size_t n, detail::kernel_params<T> params) {
  Kernel{}.backward_call(SIMDACT_ARCH{}, x, dy, dx, n, params);
}
template <class Kernel, class T>
void output_entry(const T* y, const T* dy, T* dx, std::size_t n, detail::kernel_params<T> params) {
  Kernel{}.output_call(SIMDACT_ARCH{}, y, dy, dx, n, params);
}

template <class Kernel>
constexpr detail::gradient_entry gradient_entry_for() {
  if constexpr (Kernel::has_output_form)
    return {&derivative_entry<Kernel, float>, &derivative_entry<Kernel, double>, &backward_entry<Kernel, float>,
            &backward_entry<Kernel, double>, &output_entry<Kernel, float>, &output_entry<Kernel, double>};
  else
    return {&derivative_entry<Kernel, float>, &derivative_entry<Kernel, double>, &backward_entry<Kernel, float>,
            &backward_entry<Kernel, double>, nullptr, nullptr};
}

template <class T>
void prelu_rows_backward_entry(const T* x, const T* dy, T* dx, std::size_t n, const T* slopes) {
  prelu_rows_backward_kernel{}(SIMDACT_ARCH{}, x, dy, dx, n, slopes);
}

template <class T>
constexpr detail::prelu_gradient_fns<T> prelu_gradient_for() {
  return {&prelu_rows_backward_entry<T>, &prelu_slope_sum<SIMDACT_ARCH, T>, &prelu_slope_rows<SIMDACT_ARCH, T>};
}

}  // namespace
}  // namespace simdact::kernels

const simdact::detail::gradient_table SIMDACT_GRADIENT_TABLE = {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) \
  simdact::kernels::gradient_entry_for<simdact::kernels::name##_gradient>(),
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
    simdact::kernels::prelu_gradient_for<float>(),
    simdact::kernels::prelu_gradient_for<double>(),
};
