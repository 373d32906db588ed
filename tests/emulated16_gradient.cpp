// The f64 derivative kernels on xsimd::emulated<512> (8 double lanes) and the 16-lane derivative
// table, as emulated16.cpp does for the elementwise kernels (f32: emulated16_gradient_f32.cpp).
#define XSIMD_WITH_EMULATED 1
#include "targets.hpp"
#define SIMDACT_ARCH xsimd::emulated<512>
#define SIMDACT_GRADIENT_NS emulated16_gradient_fns
#define SIMDACT_GRADIENT_PRECISION double
#define SIMDACT_GRADIENT_TABLE simdact::test::emulated16_gradient
#include "isa/define_gradient_table.hpp"
