// Portable C++ (std::fma): always built, and the reference the other paths must match bit for bit.
#define SIMDACT_ARCH simdact::kernels::scalar_arch
#define SIMDACT_TABLE_NAME simdact::detail::scalar_table
#define SIMDACT_SOFTMAX_TABLE simdact::detail::scalar_softmax
#define SIMDACT_GRADIENT_TABLE simdact::detail::scalar_gradient
#include "define_table.hpp"
