// Instruction-set selection. simdact compiles its kernels once per instruction set and picks one at
// run time, once: the best one that the library was built with and the CPU supports, unless the
// environment variable SIMDACT_ISA (scalar|avx2|avx512|neon, read once) or set_isa() says otherwise.
#pragma once

#include <string_view>
#include <vector>

namespace simdact {

enum class isa { scalar, avx2, avx512, neon };

// "scalar", "avx2", "avx512" or "neon"; "unknown" for a value outside the enumeration.
const char* isa_name(isa which) noexcept;

// The ISA named by `name` (as isa_name spells it); throws simdact::error (a std::invalid_argument) for any other name.
isa parse_isa(std::string_view name);

// The ISAs this build contains and this CPU can run, best first; scalar is always last.
std::vector<isa> supported_isas();

// The ISA every kernel call uses now. The first call decides (SIMDACT_ISA or the best supported);
// it throws simdact::error (a std::invalid_argument) if SIMDACT_ISA names an unknown or unsupported ISA.
isa active_isa();

// Makes every later kernel call use `which`, from any thread. Throws simdact::error (a std::invalid_argument) (and
// changes nothing) if `which` is not in supported_isas(), or if SIMDACT_ISA is set to an unknown or
// unsupported name: the environment is checked whether a call or set_isa comes first.
void set_isa(isa which);

}  // namespace simdact
