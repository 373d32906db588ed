// The code paths the tests run every kernel on: the dispatch ISAs plus 16 emulated lanes.
#pragma once

#include <string_view>

#include "dispatch.hpp"

namespace simdact::test {

// xsimd::emulated<512>: the kernel templates with 16 float / 8 double lanes on any machine.
const detail::kernel_table& emulated16_table() noexcept;
extern const detail::softmax_table emulated16_softmax;
extern const detail::gradient_table emulated16_gradient;

// The table of target `name` (scalar, avx2, avx512, neon, emulated16), or nullptr if this build
// lacks it or this CPU cannot run it.
const detail::kernel_table* target_table(std::string_view name) noexcept;

// Whether a missing target fails the run instead of being skipped (the AVX-512 emulator build).
bool target_required(std::string_view name) noexcept;
// Whether this build requires some target (it is the one built for an emulator).
bool target_required_anywhere() noexcept;

// How much of the input space the accuracy sweeps cover (scaled down under emulators).
struct sweep_profile {
  unsigned f32_stride;         // every f32_stride-th bit pattern of the 2^32
  unsigned long f64_randoms;   // random f64 inputs besides the special ones
  bool large_outputs_everywhere;  // the 32 MiB streaming-store check for every kernel, or for a few
  bool reference_trusted;         // false where long-double libm is not accurate enough (see targets.cpp)
};
const sweep_profile& profile();

// Whether the ULP bounds are enforced on T here: always in f32 (an error of a few double ULP in the
// long-double reference is far below an f32 ULP), in f64 only where the reference is trusted.
template <class T>
bool bounds_enforced() {
  return sizeof(T) <= 4 || profile().reference_trusted;
}

}  // namespace simdact::test
