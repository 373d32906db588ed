// AArch64 Advanced SIMD (always present on AArch64).
#define SIMDACT_ARCH xsimd::neon64
#define SIMDACT_TABLE_NAME simdact::detail::neon_table
#include "define_table.hpp"
