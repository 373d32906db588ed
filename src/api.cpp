// Public entry points: validate arguments, then make one call through the active dispatch table.
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "dispatch.hpp"
#include "threading.hpp"
#include "simdact/activations.hpp"
#include "simdact/error.hpp"

namespace simdact {
namespace detail {
namespace {

[[noreturn]] void fail(errc code, const char* function, const std::string& what) {
  throw error(code, std::string("simdact::") + function + ": " + what);
}

// Throws unless y either is x or shares no element with it, both are non-null when n > 0, and
// n elements fit in the address space.
template <class T>
void check_unary_args(const char* function, const T* x, const T* y, std::size_t n) {
  if (n == 0) return;
  if (n > std::numeric_limits<std::size_t>::max() / sizeof(T))
    fail(errc::bad_size, function, "n = " + std::to_string(n) + " elements overflow the address space");
  if (!x) fail(errc::null_pointer, function, "x is null while n = " + std::to_string(n));
  if (!y) fail(errc::null_pointer, function, "y is null while n = " + std::to_string(n));
  const auto xa = reinterpret_cast<std::uintptr_t>(x);
  const auto ya = reinterpret_cast<std::uintptr_t>(y);
  const std::uintptr_t bytes = n * sizeof(T);
  if (xa > std::numeric_limits<std::uintptr_t>::max() - bytes ||
      ya > std::numeric_limits<std::uintptr_t>::max() - bytes)
    fail(errc::bad_size, function, "n = " + std::to_string(n) + " runs past the end of the address space");
  if (xa != ya && xa < ya + bytes && ya < xa + bytes)
    fail(errc::overlapping_buffers, function, "x and y overlap partially (only y == x, in place, is allowed)");
}

template <class T>
struct unary_call {
  unary_fn<T> kernel;
  const T* x;
  T* y;

  static void run_chunk(void* self, std::size_t begin, std::size_t end) {
    const auto& call = *static_cast<const unary_call*>(self);
    call.kernel(call.x + begin, call.y + begin, end - begin);
  }
};

template <class T>
void run_unary(unary_entry kernel_table::*entry, cost_class cost, const char* function, const T* x,
               T* y, std::size_t n) {
  check_unary_args(function, x, y, n);
  if (n == 0) return;
  unary_call<T> call{(active_table().*entry).get<T>(), x, y};
  const int threads = threads_for(n, sizeof(T), cost);
  if (threads <= 1) call.kernel(x, y, n);
  else parallel_chunks(n, sizeof(T), y, threads, &unary_call<T>::run_chunk, &call);
}

}  // namespace

void check_same_size(const char* function, std::size_t x_size, std::size_t y_size) {
  if (x_size != y_size)
    fail(errc::bad_size, function, "x has " + std::to_string(x_size) + " elements but y has " +
                       std::to_string(y_size));
}

}  // namespace detail

#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost)                        \
  void name(const float* x, float* y, std::size_t n) {                       \
    detail::run_unary(&detail::kernel_table::name, detail::cost_class::cost, #name, x, y, n);    \
  }                                                                          \
  void name(const double* x, double* y, std::size_t n) {                     \
    detail::run_unary(&detail::kernel_table::name, detail::cost_class::cost, #name, x, y, n);    \
  }
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY

}  // namespace simdact
