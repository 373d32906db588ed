// The f64 derivative kernels, for AArch64 Advanced SIMD, and the ISA's derivative table
// (the f32 kernels are in neon_gradient_f32.cpp).
#include "neon_traits.hpp"

#define SIMDACT_ARCH xsimd::neon64
#define SIMDACT_GRADIENT_NS neon_gradient_fns
#define SIMDACT_GRADIENT_PRECISION double
#define SIMDACT_GRADIENT_TABLE simdact::detail::neon_gradient
#include "define_gradient_table.hpp"
