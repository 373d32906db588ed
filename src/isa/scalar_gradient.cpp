// The f64 derivative kernels, in portable C++: the reference the other paths must match bit for bit, and the ISA's derivative table
// (the f32 kernels are in scalar_gradient_f32.cpp).
#include "kernels/simd.hpp"

#define SIMDACT_ARCH simdact::kernels::scalar_arch
#define SIMDACT_GRADIENT_NS scalar_gradient_fns
#define SIMDACT_GRADIENT_PRECISION double
#define SIMDACT_GRADIENT_TABLE simdact::detail::scalar_gradient
#include "define_gradient_table.hpp"
