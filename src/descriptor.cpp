// The runtime descriptor: names, parameters and a switch over the list.
#include "simdact/descriptor.hpp"

#include <cctype>
#include <charconv>
#include <iterator>

#include "dispatch.hpp"
#include "fp_control.hpp"
#include "simdact/activations.hpp"
#include "simdact/derivatives.hpp"
#include "simdact/error.hpp"

namespace simdact {
namespace {

const detail::unary_kernel_ref* entry_of(kind which) noexcept {
  const auto index = std::size_t(which);
  return index < std::size(detail::unary_kernels) ? &detail::unary_kernels[index] : nullptr;
}

std::string normalised(std::string_view name) {
  std::string out;
  for (char c : name)
    if (c != '_' && c != '-') out += char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const char* kind_name(kind which) noexcept {
  const auto* entry = entry_of(which);
  return entry ? entry->name : nullptr;
}

kind parse_kind(std::string_view name) {
  const std::string wanted = normalised(name);
  static constexpr std::pair<const char*, kind> aliases[] = {
      {"geluerf", kind::gelu}, {"linear", kind::identity}, {"heaviside", kind::step}};
  for (const auto& [alias, which] : aliases)
    if (wanted == alias) return which;
  std::string known;
  for (std::size_t k = 0; k < std::size(detail::unary_kernels); ++k) {
    if (wanted == normalised(detail::unary_kernels[k].name)) return kind(k);
    known += std::string(k ? ", " : "") + detail::unary_kernels[k].name;
  }
  throw error(errc::unknown_name, "simdact::parse_kind: unknown activation '" + std::string(name) +
                                      "' (known: " + known + ")");
}

int param_count(kind which) noexcept {
  const auto* entry = entry_of(which);
  return entry ? entry->param_count : 0;
}

activation::activation(kind which) : which_(which) {
  const auto* entry = entry_of(which);
  if (!entry) throw error(errc::unknown_name, "simdact::activation: not a simdact::kind");
  if (entry->params_required)
    throw error(errc::bad_parameter, std::string("simdact::activation: ") + entry->name + " needs " +
                                         std::to_string(entry->param_count) + " parameters");
  params_[0] = entry->param_defaults[0];
  params_[1] = entry->param_defaults[1];
}

activation::activation(kind which, std::initializer_list<double> params) : which_(which) {
  const auto* entry = entry_of(which);
  if (!entry) throw error(errc::unknown_name, "simdact::activation: not a simdact::kind");
  if (params.size() != std::size_t(entry->param_count))
    throw error(errc::bad_parameter, std::string("simdact::activation: ") + entry->name + " takes " +
                                         std::to_string(entry->param_count) + " parameters, not " +
                                         std::to_string(params.size()));
  int i = 0;
  for (double p : params) params_[i++] = p;
  detail::check_params<double>(entry->name, entry->check, {params_[0], params_[1]});
}

std::string activation::to_string() const {
  const auto* entry = entry_of(which_);
  std::string text = entry->name;
  for (int i = 0; i < entry->param_count; ++i) {
    // The shortest text that reads back as the same double, whatever the C locale: 0.2, not
    // 0.20000000000000001 (printf's %.17g) nor 0,2.
    char number[32];
    const auto end = std::to_chars(number, number + sizeof number, params_[i]).ptr;
    text += (i ? ", " : "(") + std::string(number, end);
  }
  if (entry->param_count > 0) text += ")";
  return text;
}

namespace {
// The parameters are converted to T in the calls below, so each function here enters the kernels'
// floating-point mode first (kernel_fp_mode): under a caller's directed rounding, leaky_relu's
// default 0.01 would round to another float.
#define SIMDACT_DETAIL_DESCRIPTOR_ARGS_none()
#define SIMDACT_DETAIL_DESCRIPTOR_ARGS_one(name0, default0) , T(act.param(0))
#define SIMDACT_DETAIL_DESCRIPTOR_ARGS_two(name0, default0, name1, default1) , T(act.param(0)), T(act.param(1))
#define SIMDACT_DETAIL_DESCRIPTOR_ARGS_two_required(name0, default0, name1, default1) \
  , T(act.param(0)), T(act.param(1))

template <class T>
void forward_any(const activation& act, const T* x, T* y, std::size_t n) {
  const detail::kernel_fp_mode fp_mode;
  switch (act.which()) {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) \
  case kind::name:                                                                \
    simdact::name(x, y, n SIMDACT_DETAIL_DESCRIPTOR_ARGS_##shape params);          \
    return;
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
  }
  throw error(errc::unknown_name, "simdact::forward: not a simdact::kind");
}
template <class T>
void derivative_any(const activation& act, const T* x, T* d, std::size_t n) {
  const detail::kernel_fp_mode fp_mode;
  switch (act.which()) {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) \
  case kind::name:                                                                          \
    simdact::name##_derivative(x, d, n SIMDACT_DETAIL_DESCRIPTOR_ARGS_##shape params);       \
    return;
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
  }
  throw error(errc::unknown_name, "simdact::derivative: not a simdact::kind");
}

template <class T>
void backward_any(const activation& act, const T* x, const T* dy, T* dx, std::size_t n) {
  const detail::kernel_fp_mode fp_mode;
  switch (act.which()) {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) \
  case kind::name:                                                                          \
    simdact::name##_backward(x, dy, dx, n SIMDACT_DETAIL_DESCRIPTOR_ARGS_##shape params);    \
    return;
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
  }
  throw error(errc::unknown_name, "simdact::backward: not a simdact::kind");
}

#define SIMDACT_DETAIL_OUTPUT_CASE_none(name, shape, params)
#define SIMDACT_DETAIL_OUTPUT_CASE_same(name, shape, params)                                   \
  case kind::name:                                                                             \
    simdact::name##_backward_from_output(y, dy, dx, n SIMDACT_DETAIL_DESCRIPTOR_ARGS_##shape params); \
    return;
#define SIMDACT_DETAIL_OUTPUT_CASE_nonnegative SIMDACT_DETAIL_OUTPUT_CASE_same

template <class T>
void backward_from_output_any(const activation& act, const T* y, const T* dy, T* dx, std::size_t n) {
  const detail::kernel_fp_mode fp_mode;
  switch (act.which()) {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) \
  SIMDACT_DETAIL_CAT(SIMDACT_DETAIL_OUTPUT_CASE_, SIMDACT_DETAIL_OUTPUT_OF gradient)(name, shape, params)
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
    default:
      break;
  }
  throw error(errc::bad_parameter, std::string("simdact::backward_from_output: ") + act.to_string() +
                                       " has no derivative as a function of its output");
}
}  // namespace

void forward(const activation& act, const float* x, float* y, std::size_t n) { forward_any(act, x, y, n); }
void forward(const activation& act, const double* x, double* y, std::size_t n) { forward_any(act, x, y, n); }
void derivative(const activation& act, const float* x, float* d, std::size_t n) { derivative_any(act, x, d, n); }
void derivative(const activation& act, const double* x, double* d, std::size_t n) { derivative_any(act, x, d, n); }
void backward(const activation& act, const float* x, const float* dy, float* dx, std::size_t n) {
  backward_any(act, x, dy, dx, n);
}
void backward(const activation& act, const double* x, const double* dy, double* dx, std::size_t n) {
  backward_any(act, x, dy, dx, n);
}

bool has_backward_from_output(const activation& act) noexcept {
  const auto* entry = entry_of(act.which());
  if (!entry) return false;
  switch (entry->output) {
    case detail::output_form::none: return false;
    case detail::output_form::same: return true;
    case detail::output_form::nonnegative: return act.param(0) >= 0;
  }
  return false;
}

void backward_from_output(const activation& act, const float* y, const float* dy, float* dx, std::size_t n) {
  backward_from_output_any(act, y, dy, dx, n);
}
void backward_from_output(const activation& act, const double* y, const double* dy, double* dx, std::size_t n) {
  backward_from_output_any(act, y, dy, dx, n);
}

}  // namespace simdact
