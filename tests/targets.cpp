#include "targets.hpp"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "simdact/isa.hpp"

// Defaults sized for a native run (about 2^24 f32 inputs and 10^6 f64 inputs per kernel and
// target); builds for emulators set smaller ones, and the environment can override both.
#ifndef SIMDACT_TEST_F32_STRIDE
#define SIMDACT_TEST_F32_STRIDE 251
#endif
#ifndef SIMDACT_TEST_F64_RANDOMS
#define SIMDACT_TEST_F64_RANDOMS 1000000
#endif

namespace simdact::test {

const detail::kernel_table* target_table(std::string_view name) noexcept {
  if (name == "emulated16") return &emulated16_table();
  try {
    return detail::table_for(parse_isa(name));
  } catch (const std::invalid_argument&) {
    return nullptr;
  }
}

bool target_required(std::string_view name) noexcept {
#ifdef SIMDACT_TEST_REQUIRE_TARGET
  return name == SIMDACT_TEST_REQUIRE_TARGET;
#else
  (void)name;
  return false;
#endif
}

namespace {
unsigned long env_or(const char* name, unsigned long fallback) {
  const char* text = std::getenv(name);
  if (!text || !*text) return fallback;
  char* end = nullptr;
  const unsigned long value = std::strtoul(text, &end, 10);
  if (*end != '\0' || value == 0) throw std::invalid_argument(std::string(name) + " must be a positive integer");
  return value;
}
}  // namespace

const sweep_profile& profile() {
  static const sweep_profile p = {
      unsigned(env_or("SIMDACT_TEST_F32_STRIDE", SIMDACT_TEST_F32_STRIDE)),
      env_or("SIMDACT_TEST_F64_RANDOMS", SIMDACT_TEST_F64_RANDOMS)};
  return p;
}

}  // namespace simdact::test
