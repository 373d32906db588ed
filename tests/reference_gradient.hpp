// Higher-precision references for the derivative kernels: f'(x) (`slope`) and, for the functions
// with an output form, f' as the exact formula in y = f(x) (`slope_from_output`). Same names and
// parameters as reference.hpp.
#pragma once

#include <cmath>
#include <string_view>

#include "reference.hpp"

// SIMDACT_TEST_HAVE_QUAD: set by the build where libquadmath is linked. Its header is GCC's own
// (clang does not find it), so the functions used are declared here.
#if SIMDACT_TEST_HAVE_QUAD
extern "C" {
__float128 expq(__float128);
__float128 erfcq(__float128);
__float128 sqrtq(__float128);
__float128 fabsq(__float128);
}
#endif

namespace simdact::test {

// Where f' crosses zero its terms cancel, and long double's 11 bits beyond double are not enough
// for an f64 result there: those references are computed in binary128 (libquadmath on x86-64;
// long double is binary128 already on AArch64).
#if SIMDACT_TEST_HAVE_QUAD
using quad_t = __float128;
inline quad_t q_exp(quad_t v) { return expq(v); }
inline quad_t q_erfc(quad_t v) { return erfcq(v); }
inline quad_t q_sqrt(quad_t v) { return sqrtq(v); }
inline quad_t q_fabs(quad_t v) { return fabsq(v); }
#else
using quad_t = long double;
inline quad_t q_exp(quad_t v) { return std::exp(v); }
inline quad_t q_erfc(quad_t v) { return std::erfc(v); }
inline quad_t q_sqrt(quad_t v) { return std::sqrt(v); }
inline quad_t q_fabs(quad_t v) { return std::fabs(v); }
#endif

namespace slope {
using std::exp;
using std::erfc;
using std::sqrt;
using std::fabs;
#if SIMDACT_TEST_HAVE_QUAD
inline quad_t exp(quad_t v) { return q_exp(v); }
inline quad_t erfc(quad_t v) { return q_erfc(v); }
inline quad_t sqrt(quad_t v) { return q_sqrt(v); }
inline quad_t fabs(quad_t v) { return q_fabs(v); }
#endif

template <class W> W identity(W x, W, W) { return x == x ? W(1) : x; }
template <class W> W step(W x, W, W) { return x == x ? W(0) : x; }
template <class W> W relu(W x, W, W) { return x != x ? x : x > 0 ? W(1) : W(0); }
template <class W> W leaky_relu(W x, W alpha, W) { return x != x ? x : x > 0 ? W(1) : alpha; }
template <class W> W relu6(W x, W, W) { return x != x ? x : (x > 0 && x < 6) ? W(1) : W(0); }
// Clamped where the result (alpha x rounded as the kernel rounds it: `product` is exact when the
// caller passes values of the kernel's type) reaches 6.
template <class W> W leaky_relu6(W x, W alpha, W) {
  if (x != x) return x;
  if (std::fmax(reference::product(alpha, x), x) >= 6) return W(0);
  return x > 0 ? std::fmax(W(1), alpha) : std::fmin(W(1), alpha);
}
template <class W> W clip(W x, W lo, W hi) { return x != x ? x : (x > lo && x < hi) ? W(1) : W(0); }
template <class W> W hardtanh(W x, W lo, W hi) { return clip(x, lo, hi); }
template <class W> W hardsigmoid(W x, W, W) { return x != x ? x : (x > -3 && x < 3) ? W(1) / 6 : W(0); }
template <class W> W hardswish(W x, W, W) { return x != x ? x : x < -3 ? W(0) : x > 3 ? W(1) : (2 * x + 3) / 6; }
template <class W> W softsign(W x, W, W) { return 1 / ((1 + fabs(x)) * (1 + fabs(x))); }
template <class W> W logistic(W a) { const W e = exp(-fabs(a)); return e / ((1 + e) * (1 + e)); }
template <class W> W sigmoid(W x, W, W) { return logistic(x); }
template <class W> W tanh(W x, W, W) { return 4 * logistic(2 * x); }
// sigmoid(z) (1 + m (1 - sigmoid(z))) without cancellation but the unavoidable one.
template <class W> W logistic_product(W z, W m) {
  const W e = exp(-fabs(z));
  return z >= 0 ? (1 + e + m * e) / ((1 + e) * (1 + e)) : e * (1 + e + m) / ((1 + e) * (1 + e));
}
template <class W> W silu(W x, W, W) { return logistic_product(x, x); }
template <class W> W swish(W x, W beta, W) { return logistic_product(beta * x, beta * x); }
template <class W> W elu(W x, W alpha, W) { return x > 0 ? W(1) : alpha * exp(x); }
template <class W> W selu(W x, W, W) {
  const W lambda = W(1.0507009873554804934193349852946L), alpha = W(1.6732632423543772848170429916717L);
  return x > 0 ? lambda : lambda * alpha * exp(x);
}
template <class W> W celu(W x, W alpha, W) { return x > 0 ? W(1) : exp(x / alpha); }
template <class W> W gelu(W x, W, W) {
  const W pi = W(3.14159265358979323846264338327950288L);
  return erfc(-x / sqrt(W(2))) / 2 + x * exp(-x * x / 2) / sqrt(2 * pi);
}
template <class W> W gelu_tanh(W x, W, W) {
  const W k = 2 * sqrt(2 / W(3.14159265358979323846264338327950288L));
  const W c = W(0.044715L);
  return logistic_product(k * (x + c * x * x * x), x * k * (1 + 3 * c * x * x));
}
template <class W> W mish(W x, W, W) {
  const W u = exp(x), a = (1 + u) * (1 + u) + 1;
  return x > 40 ? W(1) : u * ((u + 2) * a + 4 * x * (1 + u)) / (a * a);
}
template <class W> W softplus(W x, W beta, W threshold) { return beta * x > threshold ? W(1) : 1 / (1 + exp(-beta * x)); }
template <class W> W log_sigmoid(W x, W, W) { return 1 / (1 + exp(x)); }

// As functions of y = f(x).
template <class W> W identity_out(W y, W, W) { return identity(y, W(0), W(0)); }
template <class W> W step_out(W y, W, W) { return step(y, W(0), W(0)); }
template <class W> W relu_out(W y, W, W) { return relu(y, W(0), W(0)); }
template <class W> W leaky_relu_out(W y, W alpha, W) { return leaky_relu(y, alpha, W(0)); }
template <class W> W relu6_out(W y, W, W) { return relu6(y, W(0), W(0)); }
template <class W> W leaky_relu6_out(W y, W alpha, W) {
  if (y != y) return y;
  if (y >= 6) return W(0);
  return y > 0 ? std::fmax(W(1), alpha) : std::fmin(W(1), alpha);
}
template <class W> W clip_out(W y, W lo, W hi) { return clip(y, lo, hi); }
template <class W> W hardtanh_out(W y, W lo, W hi) { return clip(y, lo, hi); }
template <class W> W hardsigmoid_out(W y, W, W) { return y != y ? y : (y > 0 && y < 1) ? W(1) / 6 : W(0); }
template <class W> W softsign_out(W y, W, W) { return (1 - fabs(y)) * (1 - fabs(y)); }
template <class W> W sigmoid_out(W y, W, W) { return y * (1 - y); }
template <class W> W tanh_out(W y, W, W) { return (1 - y) * (1 + y); }
template <class W> W elu_out(W y, W alpha, W) { return y > 0 ? W(1) : y + alpha; }
template <class W> W selu_out(W y, W, W) {
  const W lambda = W(1.0507009873554804934193349852946L), alpha = W(1.6732632423543772848170429916717L);
  return y > 0 ? lambda : y + lambda * alpha;
}
template <class W> W celu_out(W y, W alpha, W) { return y > 0 ? W(1) : (alpha + y) / alpha; }
}  // namespace slope

// f' at +inf and -inf with the default parameters (the limits; compared as values).
struct slope_limits {
  double at_inf, at_minus_inf;
};
inline slope_limits slope_limits_of(std::string_view k) {
  if (k == "identity") return {1, 1};
  if (k == "relu" || k == "hardswish" || k == "silu" || k == "swish" || k == "elu" || k == "celu" ||
      k == "gelu" || k == "gelu_tanh" || k == "mish" || k == "softplus")
    return {1, 0};
  if (k == "leaky_relu") return {1, 0.01};
  if (k == "leaky_relu6") return {0, 0.01};
  if (k == "selu") return {1.0507009873554804934193349852946, 0};
  if (k == "log_sigmoid") return {0, 1};
  return {0, 0};  // step, relu6, clip, hardtanh, hardsigmoid, softsign, sigmoid, tanh
}

}  // namespace simdact::test
