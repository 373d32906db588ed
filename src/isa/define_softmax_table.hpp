// Included once by each per-ISA softmax translation unit, after it defines SIMDACT_ARCH and
// SIMDACT_SOFTMAX_TABLE (the table object to define): the softmax passes for that architecture.
#include "dispatch.hpp"
#include "kernels/softmax.hpp"

namespace simdact::kernels {
namespace {

template <class T>
constexpr detail::softmax_fns<T> softmax_fns_for() {
  using A = SIMDACT_ARCH;
  return {&softmax_max<A, T>,
          &softmax_exp_sum<A, T>,
          &log_softmax_exp_sum<A, T>,
          &softmax_scale<A, T>,
          &softmax_subtract<A, T>,
          &softmax_scale_then_max<A, T>,
          &softmax_subtract_then_max<A, T>,
          &softmax_dot<A, T>,
          &softmax_sum<A, T>,
          &softmax_gradient_pass<A, T>,
          &log_softmax_gradient_pass<A, T>,
          &softmax_column_scan<A, T>,
          &softmax_column_exp_sum<A, T>,
          &log_softmax_column_exp_sum<A, T>,
          &softmax_column_scale<A, T>,
          &softmax_column_subtract<A, T>};
}

}  // namespace
}  // namespace simdact::kernels

const simdact::detail::softmax_table SIMDACT_SOFTMAX_TABLE = {
    simdact::kernels::softmax_fns_for<float>(), simdact::kernels::softmax_fns_for<double>()};
