#include "dispatch.hpp"

#include "simdact/error.hpp"

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <stdexcept>
#include <string>

#include <xsimd/config/xsimd_config.hpp>
#include <xsimd/xsimd.hpp>

namespace simdact {
namespace detail {
namespace {

// Best first: the order in which the first call looks for an ISA.
constexpr isa preference_order[] = {isa::avx512, isa::avx2, isa::neon, isa::scalar};

bool cpu_runs(isa which) noexcept {
  const auto cpu = xsimd::available_architectures();
  switch (which) {
    case isa::scalar: return true;
    case isa::avx2: return cpu.fma3_avx2;
    case isa::avx512: return cpu.avx512f && cpu.avx512cd && cpu.avx512dq && cpu.avx512bw;
    case isa::neon: return cpu.neon64;
  }
  return false;
}

const kernel_table* compiled_table(isa which) noexcept {
  switch (which) {
    case isa::scalar: return &scalar_table();
#if SIMDACT_HAVE_AVX2
    case isa::avx2: return &avx2_table();
#endif
#if SIMDACT_HAVE_AVX512
    case isa::avx512: return &avx512_table();
#endif
#if SIMDACT_HAVE_NEON
    case isa::neon: return &neon_table();
#endif
    default: return nullptr;
  }
}

std::string supported_list() {
  std::string names;
  for (isa which : supported_isas()) names += std::string(names.empty() ? "" : ", ") + isa_name(which);
  return names;
}

std::once_flag decided;

void decide_once() {
  // call_once lets a throwing attempt be retried, so a bad SIMDACT_ISA keeps failing loudly.
  std::call_once(decided, [] {
    isa choice = supported_isas().front();
    if (const char* requested = std::getenv("SIMDACT_ISA"); requested && *requested) {
      isa parsed;
      try {
        parsed = parse_isa(requested);
      } catch (const error&) {
        throw error(errc::bad_environment, std::string("SIMDACT_ISA='") + requested +
                                               "' is not an ISA name (scalar, avx2, avx512, neon)");
      }
      if (!table_for(parsed))
        throw error(errc::bad_environment, std::string("SIMDACT_ISA='") + requested +
                                               "' is not supported here; supported: " + supported_list());
      choice = parsed;
    }
    active_table_pointer.store(table_for(choice), std::memory_order_release);
  });
}

}  // namespace

const kernel_table* table_for(isa which) noexcept {
  return cpu_runs(which) ? compiled_table(which) : nullptr;
}

std::atomic<const kernel_table*> active_table_pointer{nullptr};

const kernel_table& decide_active_table() {
  decide_once();
  return *active_table_pointer.load(std::memory_order_acquire);
}

}  // namespace detail

const char* isa_name(isa which) noexcept {
  switch (which) {
    case isa::scalar: return "scalar";
    case isa::avx2: return "avx2";
    case isa::avx512: return "avx512";
    case isa::neon: return "neon";
  }
  return "unknown";
}

isa parse_isa(std::string_view name) {
  for (isa which : {isa::scalar, isa::avx2, isa::avx512, isa::neon})
    if (name == isa_name(which)) return which;
  throw error(errc::unknown_name, "simdact: unknown ISA name '" + std::string(name) +
                                     "' (expected scalar, avx2, avx512 or neon)");
}

std::vector<isa> supported_isas() {
  std::vector<isa> result;
  for (isa which : detail::preference_order)
    if (detail::table_for(which)) result.push_back(which);
  return result;
}

isa active_isa() {
  const detail::kernel_table* table = &detail::active_table();
  for (isa which : detail::preference_order)
    if (detail::table_for(which) == table) return which;
  return isa::scalar;  // not reached: the active table is one of them
}

void set_isa(isa which) {
  const detail::kernel_table* table = detail::table_for(which);
  if (!table)
    throw error(errc::unsupported_isa, std::string("simdact::set_isa: ") + isa_name(which) +
                                           " is not supported here; supported: " + detail::supported_list());
  // The environment is read (and a bad SIMDACT_ISA reported) first, whichever comes first, set_isa or
  // a kernel call; then this choice replaces the initial one.
  detail::decide_once();
  detail::active_table_pointer.store(table, std::memory_order_release);
}

}  // namespace simdact
