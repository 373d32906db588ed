// The f32 derivative kernels, for AArch64 Advanced SIMD (see neon_gradient.cpp).
#include "neon_traits.hpp"

#define SIMDACT_ARCH xsimd::neon64
#define SIMDACT_GRADIENT_NS neon_gradient_fns
#define SIMDACT_GRADIENT_PRECISION float
#include "define_gradient_table.hpp"
