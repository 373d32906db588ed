// Compiled with -mavx512f -mavx512cd -mavx512dq -mavx512bw -mavx512vl -mfma (Skylake-X, Zen 4).
#include "avx512_traits.hpp"

#define SIMDACT_ARCH xsimd::avx512bw
#define SIMDACT_TABLE_NAME simdact::detail::avx512_table
#define SIMDACT_SOFTMAX_TABLE simdact::detail::avx512_softmax
#define SIMDACT_GRADIENT_TABLE simdact::detail::avx512_gradient
#include "define_table.hpp"
