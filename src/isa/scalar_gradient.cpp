// The derivative kernels, in portable C++: the reference the other paths must match bit for bit.
#include "kernels/simd.hpp"

#define SIMDACT_ARCH simdact::kernels::scalar_arch
#define SIMDACT_GRADIENT_TABLE simdact::detail::scalar_gradient
#include "define_gradient_table.hpp"
