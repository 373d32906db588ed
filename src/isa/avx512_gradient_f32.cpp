// The f32 derivative kernels, compiled with the AVX-512 flags (see avx512_gradient.cpp).
#include "avx512_traits.hpp"

#define SIMDACT_ARCH xsimd::avx512bw
#define SIMDACT_GRADIENT_NS avx512_gradient_fns
#define SIMDACT_GRADIENT_PRECISION float
#include "define_gradient_table.hpp"
