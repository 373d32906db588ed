// Instantiates every kernel on xsimd::emulated<512> so that the 16-lane shape is tested on machines
// without AVX-512. XSIMD_WITH_EMULATED must be seen before any xsimd header, and only here.
#define XSIMD_WITH_EMULATED 1
#include "targets.hpp"
#define SIMDACT_ARCH xsimd::emulated<512>
#define SIMDACT_TABLE_NAME simdact::test::emulated16_table
#define SIMDACT_SOFTMAX_TABLE simdact::test::emulated16_softmax
#define SIMDACT_GRADIENT_TABLE simdact::test::emulated16_gradient
#include "isa/define_table.hpp"
