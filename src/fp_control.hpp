// Internal: the calling thread's floating-point controls (x86 MXCSR without its sticky status
// flags, and the x87 control word; AArch64 FPCR): flush-to-zero, denormals-are-zero, rounding,
// exception masks.
#pragma once

#include <cstdint>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#else
#include <cfenv>
#endif

namespace simdact::detail {

#if defined(__x86_64__) || defined(__i386__)
// MXCSR in the low half, the x87 control word in the high one: long double arithmetic (a few
// constants of the elu family, log_softmax's f64 log-sum-exp) follows the x87 unit's own rounding.
using fp_control = std::uint32_t;
inline constexpr std::uint32_t mxcsr_status_flags = 0x3f;
inline constexpr fp_control fp_rounding_bits = 0x6000u | (0x0c00u << 16);  // RC of each; 0 = to nearest
inline constexpr fp_control fp_trap_masks = 0x1f80u | (0x3fu << 16);        // set = exception masked
// x87 precision control: 64-bit significands, the default; the long double splits need them.
inline constexpr fp_control x87_extended_precision = 0x0300u << 16;
inline constexpr fp_control kernel_mode_of(fp_control caller) noexcept {
  return (caller & ~fp_rounding_bits) | fp_trap_masks | x87_extended_precision;
}
inline fp_control current_fp_control() noexcept {
  std::uint16_t x87;
  __asm__ volatile("fnstcw %0" : "=m"(x87)::"memory");
  return (_mm_getcsr() & 0xffffu & ~mxcsr_status_flags) | (std::uint32_t(x87) << 16);
}
// x87 exceptions are delivered late, by the next x87 instruction: a flag the call raised (inexact,
// from its long double steps) would trap in the caller's code once its unmasked control word is
// back. The flags move to MXCSR's, where fetestexcept still sees them, before the word is loaded.
inline void set_fp_control(fp_control control) noexcept {
  std::uint16_t x87_status;
  __asm__ volatile("fnstsw %0" : "=m"(x87_status)::"memory");
  _mm_setcsr((control & 0xffffu) | ((_mm_getcsr() | (x87_status & 0x3fu)) & mxcsr_status_flags));
  const auto x87 = static_cast<std::uint16_t>(control >> 16);
  __asm__ volatile("fnclex\n\tfldcw %0" ::"m"(x87) : "memory");
}
// Whether the caller may have left round-to-nearest, unmasked an exception or lowered the x87
// precision, from the x87 control word alone: <cfenv>'s fesetround and feenableexcept set it
// together with MXCSR, and it reads in a cycle, where reading MXCSR on every call made a relu call
// on 8 floats a third slower. A mode set on MXCSR alone (_mm_setcsr, _MM_SET_ROUNDING_MODE) goes
// unseen.
inline bool caller_mode_may_differ() noexcept {
  std::uint16_t x87;
  __asm__ volatile("fnstcw %0" : "=m"(x87)::"memory");
  return (x87 & 0x0f3fu) != 0x033fu;
}
#elif defined(__aarch64__)
using fp_control = std::uint64_t;
inline constexpr fp_control fp_rounding_bits = fp_control(3) << 22;  // RMode; 0 = to nearest
inline constexpr fp_control fp_trap_enables = (fp_control(0x1f) << 8) | (fp_control(1) << 15);  // IOE..IXE, IDE
inline constexpr fp_control kernel_mode_of(fp_control caller) noexcept {
  return caller & ~(fp_rounding_bits | fp_trap_enables);
}
inline fp_control current_fp_control() noexcept {
  std::uint64_t control;
  __asm__ volatile("mrs %0, fpcr" : "=r"(control)::"memory");
  return control;
}
inline void set_fp_control(fp_control control) noexcept { __asm__ volatile("msr fpcr, %0" ::"r"(control) : "memory"); }
inline bool caller_mode_may_differ() noexcept {
  const fp_control control = current_fp_control();
  return kernel_mode_of(control) != control;
}
#else
// Elsewhere only the rounding mode, through <cfenv>: nonzero = not to nearest.
using fp_control = int;
inline constexpr fp_control kernel_mode_of(fp_control) noexcept { return 0; }
inline bool caller_mode_may_differ() noexcept { return std::fegetround() != FE_TONEAREST; }
inline fp_control current_fp_control() noexcept {
  const int rounding = std::fegetround();
  return rounding == FE_TONEAREST ? 0 : rounding;
}
inline void set_fp_control(fp_control control) noexcept { std::fesetround(control == 0 ? FE_TONEAREST : control); }
#endif

// Switches the calling thread's controls from `saved` (what they are) to `target` for the scope's
// lifetime and back at its end; nothing is written when the two are equal.
struct fp_switch {
  fp_control saved{}, target{};
};
class fp_mode_scope {
 public:
  explicit fp_mode_scope(fp_switch s) noexcept : saved_(s.saved), changed_(s.saved != s.target) {
    if (changed_) set_fp_control(s.target);
  }
  ~fp_mode_scope() {
    if (changed_) set_fp_control(saved_);
  }
  fp_mode_scope(const fp_mode_scope&) = delete;
  fp_mode_scope& operator=(const fp_mode_scope&) = delete;

 private:
  fp_control saved_;
  bool changed_;
};

// The mode every call computes in, for its lifetime, the caller's restored after: round to
// nearest, exceptions masked, flushing as the caller set it. The kernels' range reductions round
// through a shifter and their exactness arguments assume round-to-nearest: under a directed mode
// errors grew to 10^-5 relative, and tiny inputs of tanh and elu came out many orders of magnitude
// off. And every lane evaluates every path of a kernel, so an ordinary input can raise a spurious
// exception (gelu underflows in a path it does not take): a caller's enabled trap would kill the
// process. The controls are read in full and written only for callers that changed them.
inline fp_switch to_kernel_mode() noexcept {
  if (!caller_mode_may_differ()) return {};
  const fp_control caller = current_fp_control();
  return {caller, kernel_mode_of(caller)};
}
class kernel_fp_mode : public fp_mode_scope {
 public:
  kernel_fp_mode() noexcept : fp_mode_scope(to_kernel_mode()) {}
};

}  // namespace simdact::detail
