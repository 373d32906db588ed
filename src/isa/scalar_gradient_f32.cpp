// The f32 derivative kernels, in portable C++: the reference the other paths must match bit for bit (see scalar_gradient.cpp).
#include "kernels/simd.hpp"

#define SIMDACT_ARCH simdact::kernels::scalar_arch
#define SIMDACT_GRADIENT_NS scalar_gradient_fns
#define SIMDACT_GRADIENT_PRECISION float
#include "define_gradient_table.hpp"
