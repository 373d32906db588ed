// Parameters, the runtime descriptor and prelu: what the per-kernel sweeps of test_unary.cpp do
// not cover.
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_exception.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "simdact/simdact.hpp"
#include "test_vectors.hpp"

namespace {

template <class F>
simdact::errc code_of(F&& call) {
  try {
    call();
  } catch (const simdact::error& e) {
    return e.code();
  }
  return simdact::errc{};
}

using simdact::test::same_bits;

template <class T>
std::vector<T> spread(std::size_t n, unsigned seed) {
  return simdact::test::uniform_inputs<T>(n, T(-10), T(10), seed);
}

}  // namespace

TEMPLATE_TEST_CASE("parameters out of their domain are rejected, output untouched", "[api][params]", float,
                   double) {
  using T = TestType;
  const T nan = std::numeric_limits<T>::quiet_NaN(), inf = std::numeric_limits<T>::infinity();
  std::vector<T> x(8, T(1)), y(8, T(5));
  const auto untouched = y;
  const auto bad = simdact::errc::bad_parameter;
  CHECK(code_of([&] { simdact::leaky_relu(x.data(), y.data(), 8, nan); }) == bad);
  CHECK(code_of([&] { simdact::leaky_relu(x.data(), y.data(), 8, inf); }) == bad);
  CHECK(code_of([&] { simdact::leaky_relu6(x.data(), y.data(), 8, -inf); }) == bad);
  CHECK(code_of([&] { simdact::clip(x.data(), y.data(), 8, T(1), T(-1)); }) == bad);
  CHECK(code_of([&] { simdact::clip(x.data(), y.data(), 8, nan, T(1)); }) == bad);
  CHECK(code_of([&] { simdact::hardtanh(x.data(), y.data(), 8, T(0), nan); }) == bad);
  CHECK(code_of([&] { simdact::swish(x.data(), y.data(), 8, nan); }) == bad);
  CHECK(code_of([&] { simdact::elu(x.data(), y.data(), 8, inf); }) == bad);
  CHECK(code_of([&] { simdact::celu(x.data(), y.data(), 8, T(0)); }) == bad);
  CHECK(code_of([&] { simdact::celu(x.data(), y.data(), 8, T(-1)); }) == bad);
  CHECK(code_of([&] { simdact::softplus(x.data(), y.data(), 8, T(0), T(20)); }) == bad);
  CHECK(code_of([&] { simdact::softplus(x.data(), y.data(), 8, T(1), nan); }) == bad);
  CHECK_THROWS_MATCHES(simdact::celu(x.data(), y.data(), 8, T(0)), std::invalid_argument,
                       Catch::Matchers::MessageMatches(Catch::Matchers::ContainsSubstring("simdact::celu")));
  CHECK(y == untouched);
  // Accepted: any finite alpha, infinite clip bounds, a lone point interval, an infinite threshold.
  simdact::leaky_relu(x.data(), y.data(), 8, T(-3));
  CHECK(y[0] == T(1));
  simdact::clip(x.data(), y.data(), 8, -inf, T(0.5));
  CHECK(y[0] == T(0.5));
  simdact::clip(x.data(), y.data(), 8, T(2), T(2));
  CHECK(y[0] == T(2));
  simdact::softplus(x.data(), y.data(), 8, T(1), inf);
  CHECK(std::fabs(y[0] - T(1.3132616875182228)) < T(1e-6));
}

TEMPLATE_TEST_CASE("defaults are the documented values", "[api][params]", float, double) {
  using T = TestType;
  const auto x = spread<T>(301, 3);
  std::vector<T> implicit(x.size()), explicit_(x.size());
  simdact::leaky_relu(x.data(), implicit.data(), x.size());
  simdact::leaky_relu(x.data(), explicit_.data(), x.size(), T(0.01));
  CHECK(same_bits(implicit, explicit_));
  simdact::hardtanh(x.data(), implicit.data(), x.size());
  simdact::clip(x.data(), explicit_.data(), x.size(), T(-1), T(1));
  CHECK(same_bits(implicit, explicit_));
  simdact::swish(x.data(), implicit.data(), x.size());
  simdact::swish(x.data(), explicit_.data(), x.size(), T(1));
  CHECK(same_bits(implicit, explicit_));
  simdact::softplus(x.data(), implicit.data(), x.size());
  simdact::softplus(x.data(), explicit_.data(), x.size(), T(1), T(20));
  CHECK(same_bits(implicit, explicit_));
}

TEST_CASE("kinds are named and parsed, with the usual spellings", "[api][descriptor]") {
  for (int k = 0;; ++k) {
    const char* name = simdact::kind_name(simdact::kind(k));
    if (!name) break;
    CHECK(simdact::parse_kind(name) == simdact::kind(k));
  }
  CHECK(simdact::kind_name(simdact::kind(-1)) == nullptr);
  CHECK(simdact::parse_kind("LeakyReLU") == simdact::kind::leaky_relu);
  CHECK(simdact::parse_kind("GELU") == simdact::kind::gelu);
  CHECK(simdact::parse_kind("gelu_erf") == simdact::kind::gelu);
  CHECK(simdact::parse_kind("gelu-tanh") == simdact::kind::gelu_tanh);
  CHECK(simdact::parse_kind("HardSwish") == simdact::kind::hardswish);
  CHECK(simdact::parse_kind("SiLU") == simdact::kind::silu);
  CHECK(simdact::parse_kind("LogSigmoid") == simdact::kind::log_sigmoid);
  CHECK(simdact::parse_kind("ReLU6") == simdact::kind::relu6);
  CHECK_THROWS_MATCHES(simdact::parse_kind("swiglu"), simdact::error,
                       Catch::Matchers::MessageMatches(Catch::Matchers::ContainsSubstring("unknown activation 'swiglu'")));
  CHECK(code_of([] { simdact::parse_kind(""); }) == simdact::errc::unknown_name);
}

TEST_CASE("the descriptor carries defaults, checks its parameters and forwards", "[api][descriptor]") {
  const simdact::activation relu{simdact::kind::relu};
  CHECK(relu.to_string() == "relu");
  const simdact::activation leaky{simdact::kind::leaky_relu};
  CHECK(leaky.param(0) == 0.01);
  CHECK(leaky.to_string() == "leaky_relu(0.01)");
  const simdact::activation clip{simdact::kind::clip, {-2, 3}};
  CHECK(clip.to_string() == "clip(-2, 3)");
  CHECK(simdact::activation(simdact::kind::leaky_relu, {0.2}).to_string() == "leaky_relu(0.2)");
  CHECK(simdact::activation(simdact::kind::hardtanh, {-1.0 / 3, 1e-300}).to_string() ==
        "hardtanh(-0.3333333333333333, 1e-300)");
  // Valid in double, not once rounded to float: the float call fails, the double call runs.
  const simdact::activation tiny_beta(simdact::kind::softplus, {1e-50, 20});
  float in_f32[2] = {1, 2}, out_f32[2] = {7, 7};
  CHECK(code_of([&] { simdact::forward(tiny_beta, in_f32, out_f32, 2); }) == simdact::errc::bad_parameter);
  CHECK((out_f32[0] == 7 && out_f32[1] == 7));
  double in_f64[2] = {1, 2}, out_f64[2] = {7, 7};
  CHECK_NOTHROW(simdact::forward(tiny_beta, in_f64, out_f64, 2));
  CHECK(simdact::param_count(simdact::kind::softplus) == 2);
  CHECK(code_of([] { simdact::activation{simdact::kind::clip}; }) == simdact::errc::bad_parameter);
  CHECK(code_of([] { simdact::activation(simdact::kind::elu, {1, 2}); }) == simdact::errc::bad_parameter);
  CHECK(code_of([] { simdact::activation(simdact::kind::celu, {0.0}); }) == simdact::errc::bad_parameter);
  CHECK(code_of([] { simdact::activation(simdact::kind::leaky_relu, {std::nan("")}); }) ==
        simdact::errc::bad_parameter);

  const auto x = spread<float>(1000, 9);
  std::vector<float> via_descriptor(x.size()), direct(x.size());
  simdact::forward(simdact::activation{simdact::kind::elu, {0.5}}, x.data(), via_descriptor.data(), x.size());
  simdact::elu(x.data(), direct.data(), x.size(), 0.5f);
  CHECK(same_bits(via_descriptor, direct));
  simdact::forward(clip, x.data(), via_descriptor.data(), x.size());
  simdact::clip(x.data(), direct.data(), x.size(), -2.0f, 3.0f);
  CHECK(same_bits(via_descriptor, direct));
  const auto xd = spread<double>(1000, 10);
  std::vector<double> dd(xd.size()), de(xd.size());
  simdact::forward(simdact::activation{simdact::parse_kind("Mish")}, xd.data(), dd.data(), xd.size());
  simdact::mish(xd.data(), de.data(), xd.size());
  CHECK(same_bits(dd, de));
}

TEMPLATE_TEST_CASE("prelu is exact in both layouts, on every ISA and thread count", "[prelu][threads]", float,
                   double) {
  using T = TestType;
  struct shape {
    std::size_t outer, channels, inner;
  };
  // NHWC (inner = 1), NCHW, odd sizes, and one large enough to be split across threads.
  const shape shapes[] = {{1, 1, 1}, {3, 5, 1}, {2, 7, 33}, {4, 3, 17}, {1, 67, 1}, {9, 3, 50001}, {40000, 13, 1}};
  for (const auto& s : shapes) {
    const std::size_t n = s.outer * s.channels * s.inner;
    const auto x = spread<T>(n, 11);
    auto slopes = spread<T>(s.channels, 12);
    slopes[0] = T(-0.0);
    std::vector<T> expected(n);
    for (std::size_t i = 0; i < n; ++i) {
      const T slope = slopes[(i / s.inner) % s.channels];
      expected[i] = x[i] > 0 ? x[i] : slope * x[i];
    }
    for (simdact::isa which : simdact::supported_isas()) {
      simdact::set_isa(which);
      for (int threads : {1, 2, 3}) {
        INFO(simdact::isa_name(which) << ", " << threads << " threads, shape " << s.outer << "x" << s.channels
                                      << "x" << s.inner);
        simdact::set_num_threads(threads);
        std::vector<T> y(n, T(7));
        simdact::prelu(x.data(), y.data(), s.outer, s.channels, s.inner, slopes.data());
        CHECK(same_bits(y, expected));
        std::vector<T> in_place = x;
        simdact::prelu(in_place.data(), in_place.data(), s.outer, s.channels, s.inner, slopes.data());
        CHECK(same_bits(in_place, expected));
      }
    }
    simdact::set_num_threads(0);
    simdact::set_isa(simdact::supported_isas().front());
  }
  const T nan = std::numeric_limits<T>::quiet_NaN();
  T one_nan[1] = {nan}, out[1] = {0}, slope[1] = {T(0.5)};
  simdact::prelu(one_nan, out, 1, 1, 1, slope);
  CHECK(std::isnan(out[0]));
}

TEMPLATE_TEST_CASE("prelu rejects bad calls before writing", "[api][prelu]", float, double) {
  using T = TestType;
  std::vector<T> x(64, T(-1)), y(64, T(5)), slopes(4, T(0.5));
  const auto untouched = y;
  CHECK(code_of([&] { simdact::prelu(x.data(), y.data(), 2, 4, 8, nullptr); }) == simdact::errc::null_pointer);
  CHECK(code_of([&] { simdact::prelu(nullptr, y.data(), 2, 4, 8, slopes.data()); }) == simdact::errc::null_pointer);
  CHECK(code_of([&] { simdact::prelu(x.data(), y.data(), 2, 4, 8, y.data() + 3); }) ==
        simdact::errc::overlapping_buffers);
  CHECK(code_of([&] { simdact::prelu(y.data(), y.data() + 1, 2, 4, 7, slopes.data()); }) ==
        simdact::errc::overlapping_buffers);
  const std::size_t huge = std::numeric_limits<std::size_t>::max() / 2;
  CHECK(code_of([&] { simdact::prelu(x.data(), y.data(), huge, 4, 8, slopes.data()); }) == simdact::errc::bad_size);
  CHECK(code_of([&] { simdact::prelu(x.data(), y.data(), 2, huge, huge, slopes.data()); }) == simdact::errc::bad_size);
  CHECK(y == untouched);
  simdact::prelu(x.data(), y.data(), 0, 4, 8, nullptr);  // nothing to do: no slopes needed
  CHECK(y == untouched);
}
