// The derivative kernels on xsimd::emulated<512> (16 float / 8 double lanes), as emulated16.cpp does
// for the elementwise kernels.
#define XSIMD_WITH_EMULATED 1
#include "targets.hpp"
#define SIMDACT_ARCH xsimd::emulated<512>
#define SIMDACT_GRADIENT_TABLE simdact::test::emulated16_gradient
#include "isa/define_gradient_table.hpp"
