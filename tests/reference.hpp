// Higher-precision references, one per kernel of the list (same name), and the special values each
// function must map exactly.
#pragma once

#include <cmath>
#include <limits>
#include <string_view>
#include <type_traits>
#include <utility>
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

// Each takes the kernel's parameters p0, p1 (see unary_list.inc) whether it uses them or not.
namespace reference {
// a * b rounded to odd in W (the inexact result with an odd last bit): a later rounding to a type
// at least two bits narrower is then the correctly rounded product, which a plain product in W
// would not always give (double rounding). Exact kernels need the reference exact.
template <class W> W product(W a, W b) {
  // Two floats multiply exactly in a type with twice their significand and a wider exponent range,
  // and the f32 sweeps would otherwise spend most of their time in a software fma (x87 has none).
  if constexpr (std::numeric_limits<W>::digits >= 2 * std::numeric_limits<float>::digits &&
                std::numeric_limits<W>::max_exponent > 2 * std::numeric_limits<float>::max_exponent)
    if (static_cast<W>(static_cast<float>(a)) == a && static_cast<W>(static_cast<float>(b)) == b)
      return a * b;
  const W rounded = a * b;
  const W error = std::fma(a, b, -rounded);
  if (error == 0 || !std::isfinite(rounded)) return rounded;
  W odd = rounded;
  int exponent;
  const W mantissa = std::frexp(rounded, &exponent);
  const W last_bit = std::ldexp(W(1), exponent - std::numeric_limits<W>::digits);
  if (std::fmod(std::fabs(mantissa) * std::ldexp(W(1), std::numeric_limits<W>::digits), W(2)) == 0)
    odd = std::nextafter(rounded, error > 0 ? rounded + last_bit : rounded - last_bit);
  return odd;
}
template <class W> W identity(W x, W, W) { return x; }
template <class W> W step(W x, W, W) { return x > 0 ? W(1) : W(0); }
template <class W> W relu(W x, W, W) { return x > 0 ? x : W(0); }
template <class W> W leaky_relu(W x, W alpha, W) { return x > 0 ? x : product(alpha, x); }
template <class W> W relu6(W x, W, W) { return std::fmin(std::fmax(x, W(0)), W(6)); }
template <class W> W leaky_relu6(W x, W alpha, W) { return std::fmin(std::fmax(product(alpha, x), x), W(6)); }
template <class W> W clip(W x, W lo, W hi) { return std::fmin(std::fmax(x, lo), hi); }
template <class W> W hardtanh(W x, W lo, W hi) { return clip(x, lo, hi); }
template <class W> W hardsigmoid(W x, W, W) { return std::fmin(std::fmax(x + 3, W(0)), W(6)) / 6; }
template <class W> W hardswish(W x, W, W) { return x * std::fmin(std::fmax(x + 3, W(0)), W(6)) / 6; }
template <class W> W softsign(W x, W, W) { return x / (1 + std::fabs(x)); }
template <class W> W sigmoid(W x, W, W) { return 1 / (1 + std::exp(-x)); }
template <class W> W tanh(W x, W, W) { return std::tanh(x); }
// x sigmoid(t) = x/2 + x/2 tanh(t/2) where that does not cancel: for tiny x, 1 + e^-t rounds to 2 even in
// the reference's precision, and x / 2 alone would put the exact value of an odd subnormal x on a
// tie (the true value lies just off it).
template <class W> W times_sigmoid(W x, W t) {
  if (x == 0) return x;  // keeps -0 (x/2 + x/2 tanh(-0) would be +0)
  return t >= -1 ? x / 2 + x / 2 * std::tanh(t / 2) : x / (1 + std::exp(-t));
}
template <class W> W silu(W x, W, W) { return times_sigmoid(x, x); }
template <class W> W swish(W x, W beta, W) { return times_sigmoid(x, beta * x); }
template <class W> W elu(W x, W alpha, W) { return x > 0 ? x : alpha * std::expm1(x); }
template <class W> W selu(W x, W, W) {
  const W lambda = W(1.0507009873554804934193349852946L), alpha = W(1.6732632423543772848170429916717L);
  return x > 0 ? lambda * x : lambda * alpha * std::expm1(x);
}
template <class W> W celu(W x, W alpha, W) { return x > 0 ? x : alpha * std::expm1(x / alpha); }
// x/2 + x/2 erf(x / sqrt 2) near 0 (as for silu: erfc(-x / sqrt 2) rounds to 1 for tiny x), erfc in the
// negative tail.
template <class W> W gelu(W x, W, W) {
  const W t = x / std::sqrt(W(2));
  if (x == 0) return x;
  return x >= -1 ? x / 2 + x / 2 * std::erf(t) : x / 2 * std::erfc(-t);
}
// 0.5 x (1 + tanh(u)) = x sigmoid(2u): no cancellation in the negative tail.
template <class W> W gelu_tanh(W x, W, W) {
  const W u = std::sqrt(2 / W(3.14159265358979323846264338327950288L)) * (x + W(0.044715L) * x * x * x);
  return times_sigmoid(x, 2 * u);
}
template <class W> W mish(W x, W, W) { return x * std::tanh(std::log1p(std::exp(x))); }
template <class W> W softplus_of(W b) { return std::fmax(b, W(0)) + std::log1p(std::exp(-std::fabs(b))); }
template <class W> W softplus(W x, W beta, W threshold) {
  return beta * x > threshold ? x : softplus_of(beta * x) / beta;
}
template <class W> W log_sigmoid(W x, W, W) { return -softplus_of(-x); }
}  // namespace reference

template <class T>
struct special_case {
  T x;
  T expected;  // compared bit for bit (sign of zero included), or any NaN if expected is NaN
  bool exact = true;  // false: within the kernel's ULP bound of `expected` (an inexact constant)
};

// What each kernel must return at NaN, +-0 and +-inf with its default parameters.
template <class T>
std::vector<special_case<T>> special_cases_of(const char* kernel_name) {
  const T inf = std::numeric_limits<T>::infinity();
  const T nan = std::numeric_limits<T>::quiet_NaN();
  const T zero = 0, minus_zero = -T(0);
  const std::string_view k = kernel_name;
  std::vector<special_case<T>> cases = {{nan, nan}, {-nan, nan}};
  auto add = [&](T at_zero, T at_minus_zero, T at_inf, T at_minus_inf) {
    cases.insert(cases.end(), {{zero, at_zero}, {minus_zero, at_minus_zero}, {inf, at_inf}, {-inf, at_minus_inf}});
  };
  const T log2 = T(0.693147180559945309417232121458176568L);
  if (k == "identity") add(zero, minus_zero, inf, -inf);
  if (k == "step") add(zero, zero, T(1), zero);
  if (k == "relu") add(zero, zero, inf, zero);
  if (k == "leaky_relu") add(zero, minus_zero, inf, -inf);
  if (k == "relu6") add(zero, zero, T(6), zero);
  if (k == "leaky_relu6") add(zero, minus_zero, T(6), -inf);
  if (k == "clip" || k == "hardtanh") add(zero, minus_zero, T(1), T(-1));
  if (k == "hardsigmoid") add(T(0.5), T(0.5), T(1), zero);
  if (k == "hardswish") add(zero, minus_zero, inf, zero);
  if (k == "softsign") add(zero, minus_zero, T(1), T(-1));
  if (k == "sigmoid") add(T(0.5), T(0.5), T(1), zero);
  if (k == "tanh") add(zero, minus_zero, T(1), T(-1));
  if (k == "silu" || k == "swish" || k == "gelu" || k == "gelu_tanh" || k == "mish")
    add(zero, minus_zero, inf, minus_zero);
  if (k == "elu" || k == "celu") add(zero, minus_zero, inf, T(-1));
  if (k == "selu") {
    add(zero, minus_zero, inf, T(-1.7580993408473768599402175208123L));
    cases.back().exact = false;
  }
  if (k == "softplus") {
    add(log2, log2, inf, zero);
    cases[2].exact = cases[3].exact = false;
  }
  if (k == "log_sigmoid") {
    add(-log2, -log2, minus_zero, -inf);
    cases[2].exact = cases[3].exact = false;
  }
  return cases;
}

// Parameter sets the accuracy tests run besides the defaults (first the list's own values).
template <class T>
std::vector<std::pair<T, T>> extra_params_of(std::string_view k) {
  const T inf = std::numeric_limits<T>::infinity();
  if (k == "leaky_relu") return {{T(-0.5), 0}, {T(3), 0}, {T(0), 0}, {T(1), 0}};
  if (k == "leaky_relu6") return {{T(2), 0}, {T(-0.25), 0}};
  if (k == "clip") return {{T(0), T(6)}, {-inf, T(0.5)}, {T(2), T(2)}};
  if (k == "hardtanh") return {{T(-2.5), T(0.75)}};
  if (k == "swish") return {{T(0.5), 0}, {T(1.702), 0}, {T(-1.25), 0}};
  if (k == "elu") return {{T(0.3), 0}, {T(-2), 0}, {T(0x1.8p40), 0}, {T(-0x1.3p-100), 0}};
  if (k == "celu") return {{T(0.5), 0}, {T(3), 0}};
  if (k == "softplus") return {{T(2), T(20)}, {T(0.5), T(5)}, {T(-1), T(20)}};
  return {};
}

}  // namespace simdact::test
