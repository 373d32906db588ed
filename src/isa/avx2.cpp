// Compiled with -mavx2 -mfma. xsimd's plain avx2 would not fuse multiply-add; fma3<avx2> does.
#include "avx2_traits.hpp"

#define SIMDACT_ARCH xsimd::fma3<xsimd::avx2>
#define SIMDACT_TABLE_NAME simdact::detail::avx2_table
#define SIMDACT_SOFTMAX_TABLE simdact::detail::avx2_softmax
#define SIMDACT_GRADIENT_TABLE simdact::detail::avx2_gradient
#include "define_table.hpp"
