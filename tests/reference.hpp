// Higher-precision references, one per kernel of the list (same name), and the special values each
// function must map exactly.
#pragma once

#include <cmath>
#include <limits>
#include <string_view>
#include <type_traits>
#include <vector>

namespace simdact::test {

// The precision references for results of type T are computed in. long double has 64 significant
// bits on x86. On AArch64 it is software binary128: precise but too slow for the f32 sweeps, which
// use double there (29 bits over float); f64 results keep binary128.
#if defined(__aarch64__)
template <class T>
using wide_t = std::conditional_t<sizeof(T) == 4, double, long double>;
#else
template <class T>
using wide_t = long double;
#endif

namespace reference {
template <class W> W relu(W x) { return x > 0 ? x : W(0); }
template <class W> W sigmoid(W x) { return 1 / (1 + std::exp(-x)); }
template <class W> W tanh(W x) { return std::tanh(x); }
}  // namespace reference

template <class T>
struct special_case {
  T x;
  T expected;  // compared bit for bit (sign of zero included), or any NaN if expected is NaN
};

template <class T>
std::vector<special_case<T>> special_cases_of(const char* kernel_name) {
  const T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const std::string_view k = kernel_name;
  std::vector<special_case<T>> cases = {{nan, nan}, {-nan, nan}};
  auto add = [&](std::initializer_list<special_case<T>> more) { cases.insert(cases.end(), more); };
  if (k == "relu") add({{T(0), T(0)}, {T(-0.0), T(0)}, {inf, inf}, {-inf, T(0)}});
  if (k == "sigmoid") add({{T(0), T(0.5)}, {T(-0.0), T(0.5)}, {inf, T(1)}, {-inf, T(0)}});
  if (k == "tanh") add({{T(0), T(0)}, {T(-0.0), T(-0.0)}, {inf, T(1)}, {-inf, T(-1)}});
  return cases;
}

}  // namespace simdact::test
