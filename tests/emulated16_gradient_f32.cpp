// The f32 derivative kernels on xsimd::emulated<512> (16 float lanes; see emulated16_gradient.cpp).
#define XSIMD_WITH_EMULATED 1
#include "targets.hpp"
#define SIMDACT_ARCH xsimd::emulated<512>
#define SIMDACT_GRADIENT_NS emulated16_gradient_fns
#define SIMDACT_GRADIENT_PRECISION float
#include "isa/define_gradient_table.hpp"
