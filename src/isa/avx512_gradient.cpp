// The derivative kernels, compiled with the AVX-512 flags.
#include "avx512_traits.hpp"

#define SIMDACT_ARCH xsimd::avx512bw
#define SIMDACT_GRADIENT_TABLE simdact::detail::avx512_gradient
#include "define_gradient_table.hpp"
