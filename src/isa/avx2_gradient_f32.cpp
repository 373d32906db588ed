// The f32 derivative kernels, compiled with -mavx2 -mfma (see avx2_gradient.cpp).
#include "avx2_traits.hpp"

#define SIMDACT_ARCH xsimd::fma3<xsimd::avx2>
#define SIMDACT_GRADIENT_NS avx2_gradient_fns
#define SIMDACT_GRADIENT_PRECISION float
#include "define_gradient_table.hpp"
