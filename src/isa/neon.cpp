// AArch64 Advanced SIMD (always present on AArch64).
#include "neon_traits.hpp"

#define SIMDACT_ARCH xsimd::neon64
#define SIMDACT_TABLE_NAME simdact::detail::neon_table
#define SIMDACT_SOFTMAX_TABLE simdact::detail::neon_softmax
#define SIMDACT_GRADIENT_TABLE simdact::detail::neon_gradient
#include "define_table.hpp"
