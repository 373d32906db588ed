// Compiled with -mavx2 -mfma. xsimd's plain avx2 would not fuse multiply-add; fma3<avx2> does.
#define SIMDACT_ARCH xsimd::fma3<xsimd::avx2>
#define SIMDACT_TABLE_NAME simdact::detail::avx2_table
#include "define_table.hpp"
