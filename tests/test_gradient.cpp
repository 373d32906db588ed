// Every derivative kernel of the list on every target: f'(x), dy f'(x) and the output form against
// higher-precision references (bounds from unary_list.inc), bit-identity with the scalar path,
// conventions at kinks and infinities, lengths/aliasing/guards, a finite-difference cross-check, and
// PReLU's gradients.
#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>

#include "reference_gradient.hpp"
#include "simdact/simdact.hpp"
#include "targets.hpp"
#include "ulp.hpp"

namespace simdact::test {
namespace {

using detail::gradient_table;
using detail::kernel_table;

template <class T>
using slope_fn = wide_t<T> (*)(wide_t<T>, wide_t<T>, wide_t<T>);
using quad_slope_fn = quad_t (*)(quad_t, quad_t, quad_t);

template <class T>
struct gradient_info {
  const detail::unary_kernel_ref* ref;
  slope_fn<T> slope = nullptr, slope_from_output = nullptr;
  quad_slope_fn quad_slope = nullptr;  // for the functions whose f' crosses zero
  detail::kernel_params<T> params{};

  const char* name() const { return ref->name; }
  unsigned derivative_bound() const { return sizeof(T) == 4 ? ref->derivative_ulp_f32 : ref->derivative_ulp_f64; }
  unsigned backward_bound() const { return sizeof(T) == 4 ? ref->backward_ulp_f32 : ref->backward_ulp_f64; }
  bool has_output_form() const {
    return ref->output == detail::output_form::same ||
           (ref->output == detail::output_form::nonnegative && params.p0 >= 0);
  }
  const detail::gradient_entry& kernels(const kernel_table& table) const { return table.gradient->*(ref->gradient); }
  void derivative(const kernel_table& t, const T* x, T* d, std::size_t n) const {
    kernels(t).template derivative<T>()(x, d, n, params);
  }
  void backward(const kernel_table& t, const T* x, const T* dy, T* dx, std::size_t n) const {
    kernels(t).template backward<T>()(x, dy, dx, n, params);
  }
  void from_output(const kernel_table& t, const T* y, const T* dy, T* dx, std::size_t n) const {
    kernels(t).template from_output<T>()(y, dy, dx, n, params);
  }
  void forward(const kernel_table& t, const T* x, T* y, std::size_t n) const {
    (t.*(ref->entry)).template get<T>()(x, y, n, params);
  }
  // f'(x) in higher precision.
  wide_t<T> exact(T x) const {
    if (sizeof(T) == 8 && quad_slope) {
      const double z = std::string_view(name()) == "swish" ? double(params.p0) * x : double(x);
      if (z >= -8 && z <= 0) return wide_t<T>(quad_slope(x, params.p0, params.p1));
    }
    return slope(x, params.p0, params.p1);
  }
  std::string describe() const {
    std::string text = name();
    if (ref->param_count > 0) text += "(" + std::to_string(double(params.p0));
    if (ref->param_count > 1) text += ", " + std::to_string(double(params.p1));
    if (ref->param_count > 0) text += ")";
    return text;
  }
};

template <class T>
gradient_info<T> gradient_named(std::string_view name) {
  gradient_info<T> info;
  for (const auto& ref : detail::unary_kernels)
    if (name == ref.name) info.ref = &ref;
  REQUIRE(info.ref);
  info.params = detail::default_params<T>(*info.ref);
#define SIMDACT_UNARY(kernel, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) \
  if (name == #kernel) info.slope = &slope::kernel<wide_t<T>>;
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
#define SIMDACT_OUTPUT(kernel) \
  if (name == #kernel) info.slope_from_output = &slope::kernel##_out<wide_t<T>>;
  SIMDACT_OUTPUT(identity) SIMDACT_OUTPUT(step) SIMDACT_OUTPUT(relu) SIMDACT_OUTPUT(leaky_relu)
  SIMDACT_OUTPUT(relu6) SIMDACT_OUTPUT(leaky_relu6) SIMDACT_OUTPUT(clip) SIMDACT_OUTPUT(hardtanh)
  SIMDACT_OUTPUT(hardsigmoid) SIMDACT_OUTPUT(softsign) SIMDACT_OUTPUT(sigmoid) SIMDACT_OUTPUT(tanh)
  SIMDACT_OUTPUT(elu) SIMDACT_OUTPUT(selu) SIMDACT_OUTPUT(celu)
#undef SIMDACT_OUTPUT
  if (name == "silu") info.quad_slope = &slope::silu<quad_t>;
  if (name == "swish") info.quad_slope = &slope::swish<quad_t>;
  if (name == "gelu") info.quad_slope = &slope::gelu<quad_t>;
  if (name == "gelu_tanh") info.quad_slope = &slope::gelu_tanh<quad_t>;
  if (name == "mish") info.quad_slope = &slope::mish<quad_t>;
  REQUIRE(info.slope);
  REQUIRE((info.ref->output == detail::output_form::none) == (info.slope_from_output == nullptr));
  return info;
}

template <class T>
std::vector<gradient_info<T>> gradient_variants(std::string_view name) {
  return with_extra_params(gradient_named<T>(name), name);
}

// The backward bounds hold for |dy| up to 2^24 (float) / 2^64 (double), as derivatives.hpp states.
template <class T>
constexpr int max_dy_exponent = sizeof(T) == 4 ? 24 : 64;

// A gradient value for input i, either sign, all mantissas: mostly moderate magnitudes (1/8 to 16),
// one in eight anywhere from 2^-max to 2^max, where a clamped tail or an overflowing scaled product
// would show.
template <class T>
T dy_for(std::uint64_t i) {
  std::uint64_t h = i * 0x9e3779b97f4a7c15ull;
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 32;
  const T mantissa = T(1) + T(h & 0xfffff) / T(1 << 20);
  constexpr int wide = max_dy_exponent<T>;
  const int exponent = (h >> 41) % 8 == 0 ? int((h >> 20) % (2 * wide)) - wide : int((h >> 20) % 7) - 3;
  return std::ldexp((h >> 40) & 1 ? -mantissa : mantissa, exponent);
}

enum class mode { derivative, backward, from_output };
const char* mode_name(mode m) {
  return m == mode::derivative ? "derivative" : m == mode::backward ? "backward" : "from_output";
}

// One block of inputs through a target and the scalar path: error against the reference, and bits
// that differ from the scalar path's.
template <class T>
struct gradient_run {
  const gradient_info<T>& info;
  const kernel_table& target;
  mode which;
  ulp_tally<T> tally;
  std::uint64_t mismatches = 0;
  T first_mismatch_x = 0;
  std::vector<T> y, dy, got, portable;

  void block(const std::vector<T>& xs, std::uint64_t first_index) {
    const std::size_t n = xs.size();
    got.resize(n);
    portable.resize(n);
    dy.resize(n);
    for (std::size_t i = 0; i < n; ++i) dy[i] = dy_for<T>(first_index + i);
    const T* a = xs.data();
    if (which == mode::from_output) {
      y.resize(n);
      info.forward(detail::scalar_table(), xs.data(), y.data(), n);
      a = y.data();
    }
    for (int pass = 0; pass < 2; ++pass) {
      const kernel_table* t = pass == 0 ? &target : &detail::scalar_table();
      T* out = pass == 0 ? got.data() : portable.data();
      if (which == mode::derivative) info.derivative(*t, a, out, n);
      else if (which == mode::backward) info.backward(*t, a, dy.data(), out, n);
      else info.from_output(*t, a, dy.data(), out, n);
    }
    for (std::size_t i = 0; i < n; ++i) {
      wide_t<T> exact;
      if (which == mode::derivative) exact = info.exact(xs[i]);
      else if (which == mode::backward) exact = reference::product(wide_t<T>(dy[i]), info.exact(xs[i]));
      else exact = reference::product(wide_t<T>(dy[i]), info.slope_from_output(y[i], info.params.p0, info.params.p1));
      tally.add(a[i], got[i], exact);
      if (!same_bits(got[i], portable[i]) && mismatches++ == 0) first_mismatch_x = a[i];
    }
  }

  void report_and_check(const char* target_name, const char* domain) {
    const unsigned bound = which == mode::derivative ? info.derivative_bound() : info.backward_bound();
    std::printf("[ulp] %-12s %-11s %s %-10s max %" PRIu64 " ULP (bound %u) at %s = %a: got %a, exact %.21Lg; "
                "%" PRIu64 " inputs (%s)\n",
                info.describe().c_str(), mode_name(which), type_name<T>(), target_name, tally.max_ulp, bound,
                which == mode::from_output ? "y" : "x", double(tally.worst_x), double(tally.worst_got),
                (long double)tally.worst_exact, tally.count, domain);
    INFO(info.describe() << " " << mode_name(which) << " " << type_name<T>() << " on " << target_name
                         << ": worst input " << tally.worst_x << " got " << tally.worst_got);
    if (bounds_enforced<T>()) CHECK(tally.max_ulp <= bound);
    else std::printf("[ulp] (not enforced here: this platform's long-double libm is the inaccurate one)\n");
    INFO("first input whose bits differ from the scalar path: " << first_mismatch_x);
    CHECK(mismatches == 0);
  }
};

void sweep_f32(const gradient_info<float>& info, const kernel_table& target, const char* target_name, mode which,
               std::uint32_t stride) {
  gradient_run<float> run{info, target, which, {}, 0, 0, {}, {}, {}, {}};
  std::vector<float> xs;
  xs.reserve(1 << 16);
  std::uint64_t index = 0;
  for (std::uint64_t bits = stride > 1 ? 5 : 0; bits <= 0xffffffffu; bits += stride) {
    float x;
    const auto b = std::uint32_t(bits);
    std::memcpy(&x, &b, sizeof x);
    if (!std::isfinite(x)) continue;
    xs.push_back(x);
    if (xs.size() == xs.capacity()) {
      run.block(xs, index);
      index += xs.size();
      xs.clear();
    }
  }
  run.block(xs, index);
  const std::string domain = "all finite floats, stride " + std::to_string(stride);
  run.report_and_check(target_name, domain.c_str());
}

void random_f64(const gradient_info<double>& info, const kernel_table& target, const char* target_name, mode which,
                unsigned long count) {
  gradient_run<double> run{info, target, which, {}, 0, 0, {}, {}, {}, {}};
  std::mt19937_64 rng(0x5eed + unsigned(which));
  std::uniform_real_distribution<double> moderate(-40.0, 40.0);
  std::uniform_real_distribution<double> near_zero(-4.0, 1.0);
  std::uniform_real_distribution<double> log_magnitude(-1074.0, 10.0);
  std::vector<double> xs = {0.0, -0.0, 0x1p-1074, -0x1p-1074, 0x1p-1022, -0x1p-1022, 0.5, -0.5, 1.0, -1.0,
                            -3.0, 3.0, 6.0, -700.0, -745.0, -750.0, 710.0, 800.0, -1e300, 1e300};
  while (xs.size() < count) {
    switch (xs.size() % 4) {
      case 0: {
        const std::uint64_t bits = rng();
        double x;
        std::memcpy(&x, &bits, sizeof x);
        if (std::isfinite(x)) xs.push_back(x);
        break;
      }
      case 1: xs.push_back(moderate(rng)); break;
      case 2: xs.push_back(near_zero(rng)); break;  // where the non-monotonic functions turn
      default: {
        const double magnitude = std::exp2(log_magnitude(rng));
        xs.push_back(rng() & 1 ? magnitude : -magnitude);
      }
    }
  }
  run.block(xs, 0);
  run.report_and_check(target_name, "random: bit patterns, U(-40,40), U(-4,1), +-2^U(-1074,10), edges");
}

// Conventions: NaN gives NaN, the limits at +-inf, the kinks, flat regions ignore dy.
template <class T>
void check_conventions(const gradient_info<T>& info, const kernel_table& target) {
  const T inf = std::numeric_limits<T>::infinity(), nan = std::numeric_limits<T>::quiet_NaN();
  const std::string_view k = info.name();
  auto derivative_at = [&](T x) {
    T d = T(123);
    info.derivative(target, &x, &d, 1);
    return d;
  };
  auto backward_at = [&](T x, T dy) {
    T dx = T(123);
    info.backward(target, &x, &dy, &dx, 1);
    return dx;
  };
  INFO(info.name() << " " << type_name<T>());
  CHECK(std::isnan(derivative_at(nan)));
  CHECK(std::isnan(backward_at(nan, T(1))));
  const auto limits = slope_limits_of(k);
  CHECK(derivative_at(inf) == T(limits.at_inf));
  CHECK(derivative_at(-inf) == T(limits.at_minus_inf));
  if (info.has_output_form()) {
    T dx = T(123), y = nan, dy = T(1);
    info.from_output(target, &y, &dy, &dx, 1);
    CHECK(std::isnan(dx));
  }
  struct kink {
    T x, d;
  };
  std::vector<kink> kinks;
  if (k == "relu") kinks = {{T(0), T(0)}, {-T(0), T(0)}};
  if (k == "relu6") kinks = {{T(0), T(0)}, {T(6), T(0)}};
  if (k == "leaky_relu") kinks = {{T(0), T(0.01)}};
  if (k == "clip" || k == "hardtanh") kinks = {{T(-1), T(0)}, {T(1), T(0)}};
  if (k == "hardsigmoid") kinks = {{T(-3), T(0)}, {T(3), T(0)}};
  if (k == "hardswish") kinks = {{T(-3), T(-0.5)}, {T(3), T(1.5)}, {T(-1.5), T(0)}};
  if (k == "step") kinks = {{T(0), T(0)}, {T(1), T(0)}, {T(-1), T(0)}};
  if (k == "elu" || k == "celu") kinks = {{T(0), T(1)}};
  if (k == "sigmoid") kinks = {{T(0), T(0.25)}};
  if (k == "tanh" || k == "softsign") kinks = {{T(0), T(1)}};
  if (k == "silu" || k == "swish" || k == "gelu" || k == "gelu_tanh" || k == "softplus" || k == "log_sigmoid")
    kinks = {{T(0), T(0.5)}};
  for (const auto& c : kinks) {
    INFO("f'(" << c.x << ")");
    CHECK(derivative_at(c.x) == c.d);
  }
  // Flat regions: the gradient is +0 even for dy = inf or NaN.
  T flat = T(0);
  bool has_flat = true;
  if (k == "relu" || k == "relu6" || k == "hardsigmoid" || k == "step") flat = T(-5);
  else if (k == "clip" || k == "hardtanh") flat = T(2);
  else if (k == "hardswish") flat = T(-4);
  else has_flat = false;
  if (has_flat) {
    CHECK(same_bits(backward_at(flat, inf), T(0)));
    CHECK(same_bits(backward_at(flat, nan), T(0)));
  }
}

// Lengths around every vector width, a misaligned start, dx == dy and dx == x, guards around the
// output; results equal to the scalar path's bit for bit.
template <class T>
void check_shapes(const gradient_info<T>& info, const kernel_table& target) {
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 40; ++n) lengths.push_back(n);
  for (std::size_t n : {63, 64, 65, 4097}) lengths.push_back(n);
  constexpr std::size_t guard = 16;
  const T guard_value = T(-7.25);
  std::mt19937 rng(7);
  std::uniform_real_distribution<T> values(T(-10), T(10));
  for (std::size_t n : lengths) {
    std::vector<T> x(n), dy(n), y(n);
    for (auto& v : x) v = values(rng);
    for (auto& v : dy) v = values(rng);
    info.forward(detail::scalar_table(), x.data(), y.data(), n);
    for (mode which : {mode::derivative, mode::backward, mode::from_output}) {
      if (which == mode::from_output && !info.has_output_form()) continue;
      const std::vector<T>& a = which == mode::from_output ? y : x;
      std::vector<T> expected(n);
      if (which == mode::derivative) info.derivative(detail::scalar_table(), a.data(), expected.data(), n);
      else if (which == mode::backward) info.backward(detail::scalar_table(), a.data(), dy.data(), expected.data(), n);
      else info.from_output(detail::scalar_table(), a.data(), dy.data(), expected.data(), n);
      // alias 0: separate output; 1: output is the input (x or y); 2: output is dy.
      for (int alias = 0; alias < 3; ++alias) {
        if (which == mode::derivative && alias == 2) continue;
        for (std::size_t offset : {0, 1}) {
          std::vector<T> out(n + offset + 2 * guard, guard_value);
          T* o = out.data() + guard + offset;
          std::vector<T> a_copy(a), dy_copy(dy);
          const T* pa = a_copy.data();
          const T* pdy = dy_copy.data();
          if (alias == 1) {
            std::copy(a.begin(), a.end(), o);
            pa = o;
          } else if (alias == 2) {
            std::copy(dy.begin(), dy.end(), o);
            pdy = o;
          }
          if (which == mode::derivative) info.derivative(target, pa, o, n);
          else if (which == mode::backward) info.backward(target, pa, pdy, o, n);
          else info.from_output(target, pa, pdy, o, n);
          INFO(info.name() << " " << mode_name(which) << " " << type_name<T>() << " n = " << n << " offset "
                           << offset << " alias " << alias);
          bool all_equal = true;
          for (std::size_t i = 0; i < n; ++i) all_equal = all_equal && same_bits(o[i], expected[i]);
          CHECK(all_equal);
          bool guards_intact = true;
          for (std::size_t i = 0; i < guard + offset; ++i) guards_intact &= out[i] == guard_value;
          for (std::size_t i = guard + offset + n; i < out.size(); ++i) guards_intact &= out[i] == guard_value;
          CHECK(guards_intact);
        }
      }
    }
  }
}

void check_gradient(const char* kernel_name, const char* target_name) {
  const kernel_table* target = target_table(target_name);
  if (!target) {
    if (target_required(target_name)) FAIL(target_name << " is required here but unavailable");
    SKIP(target_name << " is not built or not supported by this CPU");
  }
  // Sparser than the forward sweeps: three kernels per function, each against the scalar path too.
  const unsigned stride = profile().f32_stride * 4 + 2;
  // Under emulators (sparse f32 sweeps) the f64 references, binary128 in software on AArch64,
  // dominate the run: fewer f64 inputs there.
  const unsigned long count = profile().f64_randoms / (profile().f32_stride > 251 ? 16 : 4) + 1;
  SECTION("derivative accuracy") {
    unsigned s = stride;
    unsigned long c = count;
    for (const auto& variant : gradient_variants<float>(kernel_name)) {
      sweep_f32(variant, *target, target_name, mode::derivative, s);
      s = s * 4 + 2;
    }
    for (const auto& variant : gradient_variants<double>(kernel_name)) {
      random_f64(variant, *target, target_name, mode::derivative, c);
      c = c / 4 + 1;
    }
  }
  SECTION("backward accuracy") {
    for (const auto& variant : gradient_variants<float>(kernel_name))
      sweep_f32(variant, *target, target_name, mode::backward, stride * 4 + 2);
    for (const auto& variant : gradient_variants<double>(kernel_name))
      random_f64(variant, *target, target_name, mode::backward, count / 4 + 1);
  }
  SECTION("backward from the output") {
    for (const auto& variant : gradient_variants<float>(kernel_name))
      if (variant.has_output_form()) sweep_f32(variant, *target, target_name, mode::from_output, stride * 4 + 2);
    for (const auto& variant : gradient_variants<double>(kernel_name))
      if (variant.has_output_form()) random_f64(variant, *target, target_name, mode::from_output, count / 4 + 1);
  }
  SECTION("conventions: NaN, infinities, kinks, flat regions") {
    check_conventions(gradient_named<float>(kernel_name), *target);
    check_conventions(gradient_named<double>(kernel_name), *target);
  }
  SECTION("lengths, alignment, aliasing, guards") {
    check_shapes(gradient_named<float>(kernel_name), *target);
    check_shapes(gradient_named<double>(kernel_name), *target);
  }
}

void check_gradient_exhaustive(const char* kernel_name) {
  const isa best = supported_isas().front();
  sweep_f32(gradient_named<float>(kernel_name), *detail::table_for(best), isa_name(best), mode::derivative, 1);
}

#define SIMDACT_TEST_ON(kernel, target)                                                     \
  TEST_CASE(#kernel " derivatives on " #target, "[" #target "][" #kernel "][gradient]") {   \
    check_gradient(#kernel, #target);                                                       \
  }
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) \
  SIMDACT_TEST_ON(name, scalar)                                                              \
  SIMDACT_TEST_ON(name, avx2)                                                                \
  SIMDACT_TEST_ON(name, avx512)                                                              \
  SIMDACT_TEST_ON(name, neon)                                                                \
  SIMDACT_TEST_ON(name, emulated16)                                                          \
  TEST_CASE(#name " derivative exhaustive f32", "[.][exhaustive][" #name "]") {              \
    check_gradient_exhaustive(#name);                                                        \
  }
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY

// f' against central differences of the forward kernel, in f64, at random points away from kinks.
TEST_CASE("derivatives agree with finite differences of the forward kernels", "[gradient][api]") {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> points(-8.0, 8.0);
  for (const auto& ref : detail::unary_kernels) {
    const auto info = gradient_named<double>(ref.name);
    const std::string_view k = ref.name;
    double worst = 0, worst_x = 0;
    for (int i = 0; i < 2000; ++i) {
      const double x = points(rng);
      // Skip the kinks of the piecewise functions (within 1e-3).
      bool near_kink = false;
      for (double kink : {0.0, 6.0, -3.0, 3.0, -1.0, 1.0})
        near_kink |= std::fabs(x - kink) < 1e-3;
      if (near_kink) continue;
      const double h = 1e-5 * std::max(1.0, std::fabs(x));
      const double xs[2] = {x - h, x + h};
      double ys[2], d;
      info.forward(detail::scalar_table(), xs, ys, 2);
      info.derivative(detail::scalar_table(), &x, &d, 1);
      // Step changes at the kinks of step, and leaky_relu6's clamp at alpha x = 6 (beyond [-8, 8]).
      const double difference = (ys[1] - ys[0]) / (xs[1] - xs[0]);
      const double error = std::fabs(difference - d) / std::max(1.0, std::fabs(d));
      if (error > worst) {
        worst = error;
        worst_x = x;
      }
    }
    INFO(k << ": worst relative difference " << worst << " at x = " << worst_x);
    CHECK(worst < 1e-6);
  }
}

TEMPLATE_TEST_CASE("derivative calls reject bad arguments before writing", "[api][gradient]", float, double) {
  using T = TestType;
  std::vector<T> x(16, T(1)), dy(16, T(1)), dx(16, T(5));
  CHECK_THROWS_AS(simdact::sigmoid_derivative(static_cast<const T*>(nullptr), dx.data(), 4), simdact::error);
  CHECK_THROWS_AS(simdact::sigmoid_backward(x.data(), static_cast<const T*>(nullptr), dx.data(), 4), simdact::error);
  CHECK_THROWS_AS(simdact::relu_backward(x.data(), dy.data(), static_cast<T*>(nullptr), 4), simdact::error);
  CHECK_THROWS_AS(simdact::tanh_backward(dx.data(), dy.data(), dx.data() + 1, 8), simdact::error);  // dx overlaps x
  CHECK_THROWS_AS(simdact::tanh_backward(x.data(), dx.data(), dx.data() + 2, 8), simdact::error);   // dx overlaps dy
  CHECK_THROWS_AS(simdact::elu_backward_from_output(x.data(), dy.data(), dx.data(), 4, T(-1)), simdact::error);
  CHECK_THROWS_AS(simdact::leaky_relu_backward_from_output(x.data(), dy.data(), dx.data(), 4, T(-0.5)),
                  simdact::error);
  CHECK_THROWS_AS(simdact::celu_derivative(x.data(), dx.data(), 4, T(0)), simdact::error);
  CHECK_THROWS_AS(simdact::softplus_backward(x.data(), dy.data(), dx.data(), 4, T(0), T(20)), simdact::error);
  try {
    simdact::sigmoid_derivative(x.data(), static_cast<T*>(nullptr), 3);
    FAIL("sigmoid_derivative accepted a null output");
  } catch (const simdact::error& e) {
    CHECK(e.code() == simdact::errc::null_pointer);
    CHECK(std::string(e.what()).find("sigmoid_derivative") != std::string::npos);
  }
  CHECK(std::all_of(dx.begin(), dx.end(), [](T v) { return v == T(5); }));
  // n = 0 touches nothing, null pointers included.
  CHECK_NOTHROW(simdact::relu_backward(static_cast<const T*>(nullptr), static_cast<const T*>(nullptr),
                                       static_cast<T*>(nullptr), 0));
  // In place on dy and on x is allowed.
  CHECK_NOTHROW(simdact::tanh_backward(x.data(), dx.data(), dx.data(), 8));
  CHECK_NOTHROW(simdact::tanh_backward(dx.data(), dy.data(), dx.data(), 8));
}

TEMPLATE_TEST_CASE("the descriptor's derivatives are the functions'", "[api][descriptor][gradient]", float, double) {
  using T = TestType;
  std::vector<T> x(100), dy(100), a(100), b(100);
  for (int i = 0; i < 100; ++i) {
    x[i] = T(i - 50) / 7;
    dy[i] = T(1) + T(i) / 64;
  }
  const simdact::activation act{simdact::kind::elu, {0.5}};
  simdact::backward(act, x.data(), dy.data(), a.data(), 100);
  simdact::elu_backward(x.data(), dy.data(), b.data(), 100, T(0.5));
  CHECK(a == b);
  simdact::derivative(act, x.data(), a.data(), 100);
  simdact::elu_derivative(x.data(), b.data(), 100, T(0.5));
  CHECK(a == b);
  CHECK(simdact::has_backward_from_output(act));
  simdact::backward_from_output(act, x.data(), dy.data(), a.data(), 100);
  simdact::elu_backward_from_output(x.data(), dy.data(), b.data(), 100, T(0.5));
  CHECK(a == b);
  const simdact::activation negative{simdact::kind::elu, {-0.5}};
  CHECK_FALSE(simdact::has_backward_from_output(negative));
  CHECK_THROWS_AS(simdact::backward_from_output(negative, x.data(), dy.data(), a.data(), 100), simdact::error);
  CHECK_FALSE(simdact::has_backward_from_output(simdact::activation{simdact::kind::gelu}));
  CHECK_THROWS_AS(simdact::backward_from_output(simdact::activation{simdact::kind::gelu}, x.data(), dy.data(),
                                                a.data(), 100),
                  simdact::error);
}

// PReLU: dx exact; slope sums against a long-double sum, the same bits on every ISA and thread count.
TEMPLATE_TEST_CASE("prelu_backward: exact input gradient, slope sums the same everywhere", "[prelu][threads][gradient]",
                   float, double) {
  using T = TestType;
  struct shape {
    std::size_t outer, channels, inner;
  };
  std::mt19937 rng(3);
  std::uniform_real_distribution<T> values(T(-4), T(4));
  for (const shape s : {shape{3, 5, 1}, shape{64, 37, 1}, shape{2, 3, 1000}, shape{4, 16, 4099}, shape{1, 1, 70000}}) {
    const std::size_t n = s.outer * s.channels * s.inner;
    std::vector<T> x(n), dy(n), slopes(s.channels);
    for (auto& v : x) v = values(rng);
    for (auto& v : dy) v = values(rng);
    for (auto& v : slopes) v = values(rng) / 8;
    // Compensated (Neumaier) in long double: far more precise than the sums under test.
    std::vector<long double> exact(s.channels, 0.0L), exact_lo(s.channels, 0.0L);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t c = (i / s.inner) % s.channels;
      if (x[i] > 0) continue;
      const long double term = (long double)x[i] * dy[i], next = exact[c] + term;
      exact_lo[c] += std::fabs(exact[c]) >= std::fabs(term) ? (exact[c] - next) + term : (term - next) + exact[c];
      exact[c] = next;
    }
    for (std::size_t c = 0; c < s.channels; ++c) exact[c] += exact_lo[c];
    std::vector<T> first_dx, first_grad;
    for (isa which : supported_isas()) {
      for (int threads : {1, 2, 3}) {
        set_isa(which);
        set_num_threads(threads);
        std::vector<T> dx(n), grad(s.channels);
        prelu_backward(x.data(), dy.data(), dx.data(), s.outer, s.channels, s.inner, slopes.data(), grad.data());
        INFO("shape " << s.outer << "x" << s.channels << "x" << s.inner << " on " << isa_name(which) << ", "
                      << threads << " threads");
        bool exact_dx = true;
        for (std::size_t i = 0; i < n; ++i) {
          const T slope = slopes[(i / s.inner) % s.channels];
          exact_dx &= dx[i] == (x[i] > 0 ? dy[i] : slope * dy[i]);
        }
        CHECK(exact_dx);
        for (std::size_t c = 0; c < s.channels; ++c) CHECK(ulp_error<T>(grad[c], exact[c]) <= 1);
        if (first_dx.empty()) {
          first_dx = dx;
          first_grad = grad;
        }
        CHECK(std::memcmp(grad.data(), first_grad.data(), grad.size() * sizeof(T)) == 0);
        CHECK(dx == first_dx);
      }
    }
  }
  set_num_threads(0);
  set_isa(supported_isas().front());
  std::vector<T> x(8, T(-1)), dx(8, T(9)), slopes(2, T(0.5)), grad(2, T(9));
  CHECK_THROWS_AS(prelu_backward(x.data(), x.data(), dx.data(), 2, 2, 2, static_cast<const T*>(nullptr), grad.data()),
                  simdact::error);
  CHECK_THROWS_AS(prelu_backward(x.data(), x.data(), dx.data(), 2, 2, 2, slopes.data(), dx.data() + 1),
                  simdact::error);
  CHECK(std::all_of(dx.begin(), dx.end(), [](T v) { return v == T(9); }));
  CHECK(std::all_of(grad.begin(), grad.end(), [](T v) { return v == T(9); }));
}

}  // namespace
}  // namespace simdact::test
