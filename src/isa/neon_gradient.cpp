// The derivative kernels, for AArch64 Advanced SIMD.
#include "neon_traits.hpp"

#define SIMDACT_ARCH xsimd::neon64
#define SIMDACT_GRADIENT_TABLE simdact::detail::neon_gradient
#include "define_gradient_table.hpp"
