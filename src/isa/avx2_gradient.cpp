// The derivative kernels, compiled with -mavx2 -mfma.
#include "avx2_traits.hpp"

#define SIMDACT_ARCH xsimd::fma3<xsimd::avx2>
#define SIMDACT_GRADIENT_TABLE simdact::detail::avx2_gradient
#include "define_gradient_table.hpp"
