// The softmax passes in portable C++: the reference the other paths must match bit for bit.
#include "kernels/simd.hpp"

#define SIMDACT_ARCH simdact::kernels::scalar_arch
#define SIMDACT_SOFTMAX_TABLE simdact::detail::scalar_softmax
#include "define_softmax_table.hpp"
