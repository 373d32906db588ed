// The parameters of a kernel call (alpha, beta, lo/hi, ...) as the dispatch tables pass them:
// every kernel entry has the same signature, and a kernel reads the members its list entry names
// (p0 = the first parameter, p1 = the second). Kernels without parameters ignore them.
#pragma once

namespace simdact::detail {

template <class T>
struct kernel_params {
  T p0 = 0, p1 = 0;
};

}  // namespace simdact::detail
