// An activation chosen at run time, for engines that read it from a model file:
//   simdact::activation act{simdact::parse_kind("leaky_relu"), {0.2}};
//   simdact::forward(act, x, y, n);
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace simdact {

// One enumerator per function of unary_list.inc, in its order.
enum class kind {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) name,
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
};

// The function's name ("leaky_relu"); nullptr for a value outside the enumeration.
const char* kind_name(kind which) noexcept;

// The kind named `name`. Case, '_' and '-' are ignored, so PyTorch's and ONNX's class names match
// too ("LeakyReLU", "HardSwish", "GELU", "SiLU", "LogSigmoid"); also "gelu_erf" = gelu,
// "linear" = identity, "heaviside" = step. Only names are matched: the parameters are simdact's
// (ONNX's HardSigmoid alpha/beta, for one, are not hardsigmoid's). Unknown name: simdact::error
// (errc::unknown_name) listing the known ones.
kind parse_kind(std::string_view name);

// How many parameters the function takes (0, 1 or 2) and whether they have defaults.
int param_count(kind which) noexcept;

class activation {
 public:
  // With the function's default parameters; throws simdact::error (errc::bad_parameter) for a
  // function whose parameters have no defaults (clip).
  activation(kind which);  // NOLINT(google-explicit-constructor): {kind::relu} reads naturally
  // With exactly param_count(which) parameters, validated as the function validates them
  // (simdact::error, errc::bad_parameter). They are held as double: a float call checks them again
  // once rounded to float, so that a value fine in double but not in float (leaky_relu's alpha =
  // 1e300 becomes inf, softplus's beta = 1e-50 becomes 0) fails that call with the same error.
  activation(kind which, std::initializer_list<double> params);

  kind which() const noexcept { return which_; }
  // The i-th parameter (0 if the function has fewer).
  double param(int i) const noexcept { return i >= 0 && i < 2 ? params_[i] : 0; }
  // "leaky_relu(0.2)", "relu", "clip(-1, 1)": each parameter in the shortest form that reads back
  // as the same double.
  std::string to_string() const;

 private:
  kind which_;
  double params_[2] = {0, 0};
};

// y[i] = f(x[i]) with the activation's function and parameters; same contract as the function.
void forward(const activation& act, const float* x, float* y, std::size_t n);
void forward(const activation& act, const double* x, double* y, std::size_t n);

// d[i] = f'(x[i]) and dx[i] = dy[i] f'(x[i]): f_derivative and f_backward (derivatives.hpp).
void derivative(const activation& act, const float* x, float* d, std::size_t n);
void derivative(const activation& act, const double* x, double* d, std::size_t n);
void backward(const activation& act, const float* x, const float* dy, float* dx, std::size_t n);
void backward(const activation& act, const double* x, const double* dy, double* dx, std::size_t n);

// Whether f_backward_from_output exists for this activation and its parameters.
bool has_backward_from_output(const activation& act) noexcept;
// f_backward_from_output; simdact::error (errc::bad_parameter) where has_backward_from_output is false.
void backward_from_output(const activation& act, const float* y, const float* dy, float* dx, std::size_t n);
void backward_from_output(const activation& act, const double* y, const double* dy, double* dx, std::size_t n);

}  // namespace simdact
