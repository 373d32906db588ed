// AArch64 Advanced SIMD (always present on AArch64).
#include "neon_traits.hpp"

#define SIMDACT_ARCH xsimd::neon64
#define SIMDACT_TABLE_NAME simdact::detail::neon_table
#define SIMDACT_SOFTMAX_TABLE simdact::detail::neon_softmax
#include "define_table.hpp"
