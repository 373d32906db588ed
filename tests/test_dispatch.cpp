// The ISA API: names, the supported list, switching, and rejection of what this machine lacks.
#include <algorithm>
#include <stdexcept>
#include <string>

#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_exception.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>

#include "simdact/simdact.hpp"

using simdact::isa;

namespace {
const isa all_isas[] = {isa::scalar, isa::avx2, isa::avx512, isa::neon};
}

TEST_CASE("isa names round-trip and unknown names are rejected", "[dispatch]") {
  for (isa which : all_isas) CHECK(simdact::parse_isa(simdact::isa_name(which)) == which);
  CHECK_THROWS_MATCHES(simdact::parse_isa("sse9"), std::invalid_argument,
                       Catch::Matchers::MessageMatches(Catch::Matchers::ContainsSubstring("unknown ISA name 'sse9'")));
  CHECK_THROWS_AS(simdact::parse_isa(""), std::invalid_argument);
  CHECK_THROWS_AS(simdact::parse_isa("AVX2"), std::invalid_argument);
  CHECK(std::string(simdact::isa_name(static_cast<isa>(17))) == "unknown");
}

TEST_CASE("supported ISAs are best first, end with scalar, and include the active one", "[dispatch]") {
  const auto supported = simdact::supported_isas();
  REQUIRE(!supported.empty());
  CHECK(supported.back() == isa::scalar);
  CHECK(std::count(supported.begin(), supported.end(), isa::scalar) == 1);
  CHECK(std::find(supported.begin(), supported.end(), simdact::active_isa()) != supported.end());
#if defined(__x86_64__)
  CHECK(std::find(supported.begin(), supported.end(), isa::neon) == supported.end());
#elif defined(__aarch64__)
  CHECK(supported.front() == isa::neon);
#endif
}

TEST_CASE("set_isa switches every later call and refuses unsupported ISAs", "[dispatch]") {
  const isa before = simdact::active_isa();
  const auto supported = simdact::supported_isas();
  const float x[3] = {-1.0f, 0.5f, 3.0f};
  float reference[3], y[3];
  simdact::set_isa(isa::scalar);
  simdact::sigmoid(x, reference, 3);
  for (isa which : all_isas) {
    const bool is_supported = std::find(supported.begin(), supported.end(), which) != supported.end();
    if (is_supported) {
      simdact::set_isa(which);
      CHECK(simdact::active_isa() == which);
      simdact::sigmoid(x, y, 3);
      CHECK(std::equal(y, y + 3, reference));
    } else {
      const isa current = simdact::active_isa();
      CHECK_THROWS_MATCHES(simdact::set_isa(which), std::invalid_argument,
                           Catch::Matchers::MessageMatches(Catch::Matchers::ContainsSubstring("not supported here")));
      CHECK(simdact::active_isa() == current);
    }
  }
  simdact::set_isa(before);
}
