// Internal: argument checks shared by the public entry points. Each throws simdact::error naming
// the public function before anything is written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

#include "simdact/error.hpp"

namespace simdact::detail {

[[noreturn]] inline void fail(errc code, const char* function, const std::string& what) {
  throw error(code, std::string("simdact::") + function + ": " + what);
}

// The failures' messages are built out of line: with the strings inline, the checks were calls
// that took ~6 ns of a 4K-element backward kernel's ~480.
[[noreturn]] __attribute__((noinline, cold)) inline void fail_buffer(const char* function, const char* what,
                                                                      const void* p, std::size_t n,
                                                                      std::size_t element_size) {
  if (n > std::numeric_limits<std::size_t>::max() / element_size)
    fail(errc::bad_size, function, "n = " + std::to_string(n) + " elements overflow the address space");
  if (!p) fail(errc::null_pointer, function, std::string(what) + " is null while n = " + std::to_string(n));
  fail(errc::bad_size, function, "n = " + std::to_string(n) + " runs past the end of the address space");
}

[[noreturn]] __attribute__((noinline, cold)) inline void fail_overlap(const char* function, const char* out_name,
                                                                       const char* in_name) {
  fail(errc::overlapping_buffers, function,
       std::string(in_name) + " and " + out_name + " overlap partially (only " + out_name + " == " + in_name +
           ", in place, is allowed)");
}

// Throws unless n elements of T fit in the address space and `p` (named `what`) is non-null when
// n > 0 and its n elements do not run past the end of the address space.
template <class T>
inline void check_buffer(const char* function, const char* what, const T* p, std::size_t n) {
  if (n == 0) return;
  if (n > std::numeric_limits<std::size_t>::max() / sizeof(T) || !p ||
      reinterpret_cast<std::uintptr_t>(p) > std::numeric_limits<std::uintptr_t>::max() - n * sizeof(T))
    fail_buffer(function, what, p, n, sizeof(T));
}

// Whether [a, a + a_count) and [b, b + b_count) share an element (both already checked).
template <class T>
bool overlap(const T* a, std::size_t a_count, const T* b, std::size_t b_count) {
  const auto pa = reinterpret_cast<std::uintptr_t>(a), pb = reinterpret_cast<std::uintptr_t>(b);
  return a_count > 0 && b_count > 0 && pa < pb + b_count * sizeof(T) && pb < pa + a_count * sizeof(T);
}

// Throws if `out` overlaps `in` other than by being it (in place).
template <class T>
inline void check_in_place_only(const char* function, const char* out_name, const T* out, const char* in_name,
                                const T* in, std::size_t n) {
  if (out != in && overlap(out, n, in, n)) fail_overlap(function, out_name, in_name);
}

// y[i] = f(x[i]): both valid for n elements, y either x or apart from it.
template <class T>
void check_unary_args(const char* function, const T* x, const T* y, std::size_t n) {
  check_buffer(function, "x", x, n);
  check_buffer(function, "y", y, n);
  check_in_place_only(function, "y", y, "x", x, n);
}

}  // namespace simdact::detail
