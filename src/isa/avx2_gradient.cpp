// The f64 derivative kernels, compiled with -mavx2 -mfma, and the ISA's derivative table
// (the f32 kernels are in avx2_gradient_f32.cpp).
#include "avx2_traits.hpp"

#define SIMDACT_ARCH xsimd::fma3<xsimd::avx2>
#define SIMDACT_GRADIENT_NS avx2_gradient_fns
#define SIMDACT_GRADIENT_PRECISION double
#define SIMDACT_GRADIENT_TABLE simdact::detail::avx2_gradient
#include "define_gradient_table.hpp"
