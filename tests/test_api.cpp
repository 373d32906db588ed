// Argument checks of the public entry points: bad calls throw std::invalid_argument naming the
// problem, and leave the output untouched.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_exception.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "simdact/simdact.hpp"

using Catch::Matchers::ContainsSubstring;

TEMPLATE_TEST_CASE("bad arguments are rejected before anything is written", "[api]", float, double) {
  std::vector<TestType> buffer(64, TestType(9));
  const std::vector<TestType> untouched = buffer;
  TestType* data = buffer.data();

  SECTION("null pointers with n > 0") {
    CHECK_THROWS_MATCHES(simdact::sigmoid(nullptr, data, 4), std::invalid_argument,
                         Catch::Matchers::MessageMatches(Catch::Matchers::ContainsSubstring("simdact::sigmoid: x is null while n = 4")));
    CHECK_THROWS_MATCHES(simdact::tanh(data, nullptr, 4), std::invalid_argument,
                         Catch::Matchers::MessageMatches(Catch::Matchers::ContainsSubstring("y is null")));
  }
  SECTION("partial overlap") {
    CHECK_THROWS_MATCHES(simdact::relu(data, data + 1, 8), std::invalid_argument,
                         Catch::Matchers::MessageMatches(Catch::Matchers::ContainsSubstring("overlap")));
    CHECK_THROWS_MATCHES(simdact::relu(data + 7, data, 8), std::invalid_argument,
                         Catch::Matchers::MessageMatches(Catch::Matchers::ContainsSubstring("overlap")));
  }
  SECTION("sizes that overflow") {
    const std::size_t huge = std::numeric_limits<std::size_t>::max() / 2;
    CHECK_THROWS_MATCHES(simdact::sigmoid(data, data + 32, huge), std::invalid_argument,
                         Catch::Matchers::MessageMatches(Catch::Matchers::ContainsSubstring("n = ")));
  }
  CHECK(buffer == untouched);
}

TEMPLATE_TEST_CASE("n = 0 is a no-op, null pointers included; adjacent buffers are fine", "[api]",
                   float, double) {
  simdact::sigmoid(static_cast<const TestType*>(nullptr), static_cast<TestType*>(nullptr), 0);
  std::vector<TestType> buffer(16, TestType(1));
  for (int i = 0; i < 8; ++i) buffer[std::size_t(i)] = TestType(i - 4);
  simdact::relu(buffer.data(), buffer.data() + 8, 8);  // touching, not overlapping
  for (int i = 0; i < 8; ++i) CHECK(buffer[std::size_t(8 + i)] == TestType(i > 4 ? i - 4 : 0));
}

#if __cplusplus >= 202002L
TEST_CASE("span overloads check that sizes agree", "[api]") {
  std::vector<float> x(5, 1.0f), y(4, 0.0f);
  CHECK_THROWS_MATCHES(simdact::tanh(std::span<const float>(x), std::span<float>(y)),
                       std::invalid_argument, Catch::Matchers::MessageMatches(Catch::Matchers::ContainsSubstring("x has 5 elements but y has 4")));
  std::vector<float> z(5, -7.0f);
  simdact::tanh(std::span<const float>(x), std::span<float>(z));
  float expected = 0;
  simdact::tanh(x.data(), &expected, 1);
  CHECK(std::abs(expected - float(std::tanh(1.0))) <= 2 * 0x1p-24f);  // within tanh's 2 ULP
  for (float v : z) CHECK(v == expected);
}
#endif

TEST_CASE("errors carry a code that says what was wrong", "[api]") {
  float buffer[8] = {};
  auto code_of = [](auto&& call) {
    try {
      call();
    } catch (const simdact::error& e) {
      return e.code();
    }
    return simdact::errc{};
  };
  CHECK(code_of([&] { simdact::relu(nullptr, buffer, 2); }) == simdact::errc::null_pointer);
  CHECK(code_of([&] { simdact::relu(buffer, buffer + 1, 2); }) == simdact::errc::overlapping_buffers);
  CHECK(code_of([&] { simdact::relu(buffer, buffer + 4, std::numeric_limits<std::size_t>::max() / 2); }) ==
        simdact::errc::bad_size);
  CHECK(code_of([&] { simdact::parse_isa("mmx"); }) == simdact::errc::unknown_name);
  CHECK(code_of([&] { simdact::set_num_threads(-3); }) == simdact::errc::bad_parameter);
  CHECK(code_of([&] { simdact::set_num_threads(4097); }) == simdact::errc::bad_parameter);
  CHECK(simdact::num_threads() <= 4096);
}
