// Included by each per-ISA gradient translation unit, after it defines
//   SIMDACT_ARCH                 the architecture tag,
//   SIMDACT_GRADIENT_NS          a namespace name unique to that architecture,
//   SIMDACT_GRADIENT_PRECISION   float or double: the derivative kernels this unit compiles,
// and, in the double unit only, SIMDACT_GRADIENT_TABLE (the table object to define).
// Each ISA's derivative kernels are split by precision over two units because one unit holding
// both took the longest of the whole build (95 s for the 16-lane one), and the build is serial
// behind it. The kernels themselves stay in anonymous namespaces (each unit compiles them with its
// own ISA flags); what crosses units are these entry functions, named per architecture.
#include "dispatch.hpp"
#include "kernels/gradient_exp.hpp"
#include "kernels/gradient_piecewise.hpp"
#include "kernels/gradient_smooth.hpp"
#include "kernels/prelu_gradient.hpp"

namespace simdact::detail::SIMDACT_GRADIENT_NS {

#define SIMDACT_DETAIL_DECLARE_GRADIENT(name, T)                                                          \
  void name##_derivative(const T* x, T* d, std::size_t n, kernel_params<T> args);                      \
  void name##_backward(const T* x, const T* dy, T* dx, std::size_t n, kernel_params<T> args);          \
  void name##_from_output(const T* y, const T* dy, T* dx, std::size_t n, kernel_params<T> args);
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) \
  SIMDACT_DETAIL_DECLARE_GRADIENT(name, float)                                               \
  SIMDACT_DETAIL_DECLARE_GRADIENT(name, double)
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
#undef SIMDACT_DETAIL_DECLARE_GRADIENT

template <class T>
void prelu_rows_backward(const T* x, const T* dy, T* dx, std::size_t n, const T* slopes);
template <class T>
two_word<T> prelu_slope_sum(const T* x, const T* dy, std::size_t n);
template <class T>
void prelu_slope_rows(const T* x, const T* dy, std::size_t rows, std::size_t channels, T* hi, T* lo);

#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient)                         \
  void name##_derivative(const SIMDACT_GRADIENT_PRECISION* x, SIMDACT_GRADIENT_PRECISION* d, std::size_t n,          \
                         kernel_params<SIMDACT_GRADIENT_PRECISION> args) {                                         \
    kernels::name##_gradient{}.derivative_call(SIMDACT_ARCH{}, x, d, n, args);                                     \
  }                                                                                                                  \
  void name##_backward(const SIMDACT_GRADIENT_PRECISION* x, const SIMDACT_GRADIENT_PRECISION* dy,                    \
                       SIMDACT_GRADIENT_PRECISION* dx, std::size_t n, kernel_params<SIMDACT_GRADIENT_PRECISION> args) { \
    kernels::name##_gradient{}.backward_call(SIMDACT_ARCH{}, x, dy, dx, n, args);                                  \
  }                                                                                                                  \
  void name##_from_output(const SIMDACT_GRADIENT_PRECISION* y, const SIMDACT_GRADIENT_PRECISION* dy,                 \
                          SIMDACT_GRADIENT_PRECISION* dx, std::size_t n,                                            \
                          kernel_params<SIMDACT_GRADIENT_PRECISION> args) {                                        \
    kernels::name##_gradient{}.output_call(SIMDACT_ARCH{}, y, dy, dx, n, args);                                    \
  }
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY

template <>
void prelu_rows_backward(const SIMDACT_GRADIENT_PRECISION* x, const SIMDACT_GRADIENT_PRECISION* dy,
                         SIMDACT_GRADIENT_PRECISION* dx, std::size_t n, const SIMDACT_GRADIENT_PRECISION* slopes) {
  kernels::prelu_rows_backward_kernel{}(SIMDACT_ARCH{}, x, dy, dx, n, slopes);
}
template <>
two_word<SIMDACT_GRADIENT_PRECISION> prelu_slope_sum(const SIMDACT_GRADIENT_PRECISION* x,
                                                     const SIMDACT_GRADIENT_PRECISION* dy, std::size_t n) {
  return kernels::prelu_slope_sum<SIMDACT_ARCH>(x, dy, n);
}
template <>
void prelu_slope_rows(const SIMDACT_GRADIENT_PRECISION* x, const SIMDACT_GRADIENT_PRECISION* dy, std::size_t rows,
                      std::size_t channels, SIMDACT_GRADIENT_PRECISION* hi, SIMDACT_GRADIENT_PRECISION* lo) {
  kernels::prelu_slope_rows<SIMDACT_ARCH>(x, dy, rows, channels, hi, lo);
}

}  // namespace simdact::detail::SIMDACT_GRADIENT_NS

#ifdef SIMDACT_GRADIENT_TABLE
const simdact::detail::gradient_table SIMDACT_GRADIENT_TABLE = {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient)                        \
  {&simdact::detail::SIMDACT_GRADIENT_NS::name##_derivative, &simdact::detail::SIMDACT_GRADIENT_NS::name##_derivative, \
   &simdact::detail::SIMDACT_GRADIENT_NS::name##_backward, &simdact::detail::SIMDACT_GRADIENT_NS::name##_backward,     \
   simdact::kernels::name##_gradient::has_output_form                                                              \
       ? static_cast<simdact::detail::binary_fn<float>>(&simdact::detail::SIMDACT_GRADIENT_NS::name##_from_output)   \
       : nullptr,                                                                                                    \
   simdact::kernels::name##_gradient::has_output_form                                                              \
       ? static_cast<simdact::detail::binary_fn<double>>(&simdact::detail::SIMDACT_GRADIENT_NS::name##_from_output)  \
       : nullptr},
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
    {&simdact::detail::SIMDACT_GRADIENT_NS::prelu_rows_backward<float>,
     &simdact::detail::SIMDACT_GRADIENT_NS::prelu_slope_sum<float>,
     &simdact::detail::SIMDACT_GRADIENT_NS::prelu_slope_rows<float>},
    {&simdact::detail::SIMDACT_GRADIENT_NS::prelu_rows_backward<double>,
     &simdact::detail::SIMDACT_GRADIENT_NS::prelu_slope_sum<double>,
     &simdact::detail::SIMDACT_GRADIENT_NS::prelu_slope_rows<double>},
};
#endif
