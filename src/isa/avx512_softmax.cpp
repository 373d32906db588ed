// The softmax passes, compiled with the AVX-512 flags (F, CD, DQ, BW, VL).
#include "kernels/simd.hpp"

#define SIMDACT_ARCH xsimd::avx512bw
#define SIMDACT_SOFTMAX_TABLE simdact::detail::avx512_softmax
#include "define_softmax_table.hpp"
