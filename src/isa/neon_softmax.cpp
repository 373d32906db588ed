// The softmax passes for AArch64 Advanced SIMD.
#include "neon_traits.hpp"

#define SIMDACT_ARCH xsimd::neon64
#define SIMDACT_SOFTMAX_TABLE simdact::detail::neon_softmax
#include "define_softmax_table.hpp"
