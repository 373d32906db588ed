// Compiled with -mavx512f -mavx512cd -mavx512dq -mavx512bw -mavx512vl -mfma (Skylake-X, Zen 4).
#define SIMDACT_ARCH xsimd::avx512bw
#define SIMDACT_TABLE_NAME simdact::detail::avx512_table
#include "define_table.hpp"
