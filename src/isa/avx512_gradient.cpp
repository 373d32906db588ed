// The f64 derivative kernels, compiled with the AVX-512 flags, and the ISA's derivative table
// (the f32 kernels are in avx512_gradient_f32.cpp).
#include "avx512_traits.hpp"

#define SIMDACT_ARCH xsimd::avx512bw
#define SIMDACT_GRADIENT_NS avx512_gradient_fns
#define SIMDACT_GRADIENT_PRECISION double
#define SIMDACT_GRADIENT_TABLE simdact::detail::avx512_gradient
#include "define_gradient_table.hpp"
