// The plain loops the backward kernels compete with, compiled as an engine would compile its own
// loops for this machine (-O3 -march=native where the compiler targets the host): with the default
// x86-64 flags they would run on 128-bit SSE and flatter the kernels.
// - multiply_loop, dx = dy * x: the fused loop every backward kernel is set against.
// - plain_backward(name): for each piecewise-linear activation, its backward pass written the way
//   a framework writes it (PyTorch's conventions at the kinks), in a form the compiler vectorises
//   (a slope chosen per element, then one multiply: GCC keeps a multiply inside a branch scalar),
//   without NaN propagation or any other care: what simdact's piecewise kernels must match in speed.
//   hardswish has none: GCC 12 left every form of its loop tried scalar (control flow in the loop),
//   which would be no fair measure.
#include <cstddef>
#include <cstring>

namespace simdact_bench {

template <class T>
void multiply_loop(const T* x, const T* dy, T* dx, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * x[i];
}

template <class T>
using plain_backward_fn = void (*)(const T* x, const T* dy, T* dx, std::size_t n, T p0, T p1);

template <class T>
plain_backward_fn<T> plain_backward(const char* name) {
  struct entry {
    const char* name;
    plain_backward_fn<T> loop;
  };
  static const entry loops[] = {
      {"identity", [](const T*, const T* dy, T* dx, std::size_t n, T, T) {
         for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i];
       }},
      {"step", [](const T*, const T*, T* dx, std::size_t n, T, T) {
         for (std::size_t i = 0; i < n; ++i) dx[i] = T(0);
       }},
      {"relu", [](const T* x, const T* dy, T* dx, std::size_t n, T, T) {
         for (std::size_t i = 0; i < n; ++i) dx[i] = x[i] > 0 ? dy[i] : T(0);
       }},
      {"leaky_relu", [](const T* x, const T* dy, T* dx, std::size_t n, T alpha, T) {
         for (std::size_t i = 0; i < n; ++i) {
           const T slope = x[i] > 0 ? T(1) : alpha;
           dx[i] = dy[i] * slope;
         }
       }},
      {"relu6", [](const T* x, const T* dy, T* dx, std::size_t n, T, T) {
         for (std::size_t i = 0; i < n; ++i) dx[i] = (x[i] > 0) & (x[i] < 6) ? dy[i] : T(0);
       }},
      {"leaky_relu6", [](const T* x, const T* dy, T* dx, std::size_t n, T alpha, T) {
         for (std::size_t i = 0; i < n; ++i) {
           const T slope = x[i] > 0 ? (x[i] < 6 ? T(1) : T(0)) : alpha;
           dx[i] = dy[i] * slope;
         }
       }},
      {"clip", [](const T* x, const T* dy, T* dx, std::size_t n, T lo, T hi) {
         for (std::size_t i = 0; i < n; ++i) dx[i] = (x[i] > lo) & (x[i] < hi) ? dy[i] : T(0);
       }},
      {"hardtanh", [](const T* x, const T* dy, T* dx, std::size_t n, T lo, T hi) {
         for (std::size_t i = 0; i < n; ++i) dx[i] = (x[i] > lo) & (x[i] < hi) ? dy[i] : T(0);
       }},
      {"hardsigmoid", [](const T* x, const T* dy, T* dx, std::size_t n, T, T) {
         for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * ((x[i] > -3) & (x[i] < 3) ? T(1) / 6 : T(0));
       }},
  };
  for (const auto& e : loops)
    if (std::strcmp(e.name, name) == 0) return e.loop;
  return nullptr;
}

template void multiply_loop<float>(const float*, const float*, float*, std::size_t);
template void multiply_loop<double>(const double*, const double*, double*, std::size_t);
template plain_backward_fn<float> plain_backward<float>(const char*);
template plain_backward_fn<double> plain_backward<double>(const char*);

}  // namespace simdact_bench
