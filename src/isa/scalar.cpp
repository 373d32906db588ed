// Portable C++ (std::fma): always built, and the reference the other paths must match bit for bit.
#define SIMDACT_ARCH simdact::kernels::scalar_arch
#define SIMDACT_TABLE_NAME simdact::detail::scalar_table
#include "define_table.hpp"
