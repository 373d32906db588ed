// The softmax passes, compiled with -mavx2 -mfma.
#include "kernels/simd.hpp"

#define SIMDACT_ARCH xsimd::fma3<xsimd::avx2>
#define SIMDACT_SOFTMAX_TABLE simdact::detail::avx2_softmax
#include "define_softmax_table.hpp"
