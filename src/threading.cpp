#include "threading.hpp"

#include <omp.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>

#include "fp_control.hpp"
#include "simdact/error.hpp"
#include "simdact/threads.hpp"

namespace simdact {
namespace detail {
namespace {

constexpr std::size_t cache_line = 64;

// More threads than this is a typo, not a machine: libgomp aborts the process when it cannot
// create the threads asked for, so the count is refused up front instead.
constexpr int max_requested_threads = 4096;

int threads_from_environment() {
  const char* text = std::getenv("SIMDACT_NUM_THREADS");
  if (!text || !*text) return 0;
  char* end = nullptr;
  const long value = std::strtol(text, &end, 10);
  if (*end != '\0' || value < 0 || value > max_requested_threads)
    throw error(errc::bad_environment, std::string("SIMDACT_NUM_THREADS='") + text +
                                           "' is not a thread count (0 = OpenMP's default, or 1.." +
                                           std::to_string(max_requested_threads) + ")");
  return int(value);
}

// -1 until first use, then the requested count (0 = OpenMP's).
std::atomic<int> requested{-1};

// Puts a worker in the caller's floating-point mode for the parallel region, and back afterwards
// (the worker outlives the call and may run the caller's other OpenMP code). OpenMP's workers keep
// the controls of whichever thread created them, so without this a split call would compute the
// caller's share in the caller's mode and the rest in the workers' (under FTZ, subnormal results
// flushed in one chunk and not in the next, and the result depending on the thread count).
fp_mode_scope caller_fp_mode(fp_control caller) noexcept { return fp_mode_scope({current_fp_control(), caller}); }

// An exception may not leave a parallel region (the process would terminate): each part runs
// through here, the first exception is kept, and the caller rethrows it once every part is done
// (softmax_axis allocates inside its parts).
void run_part(std::exception_ptr& failure, void (*body)(void*, std::size_t, std::size_t), void* context,
              std::size_t begin, std::size_t end) noexcept {
  try {
    if (begin < end) body(context, begin, end);
  } catch (...) {
#pragma omp critical(simdact_parallel_failure)
    if (!failure) failure = std::current_exception();
  }
}

int requested_threads() {
  int value = requested.load(std::memory_order_relaxed);
  if (value < 0) {
    const int from_env = threads_from_environment();
    int expected = -1;
    requested.compare_exchange_strong(expected, from_env);  // set_num_threads may have run first
    value = requested.load(std::memory_order_relaxed);
  }
  return value;
}

}  // namespace

int threads_for_large_call(std::size_t n, std::size_t per_thread) {
  if (omp_in_parallel()) return 1;
  const int wanted = num_threads();
  const std::size_t useful = n / per_thread;
  return int(useful < std::size_t(wanted) ? useful : std::size_t(wanted));
}

void parallel_chunks(std::size_t n, std::size_t element_size, const void* out, int threads,
                     void (*body)(void*, std::size_t, std::size_t), void* context) {
  // First boundary at which out + boundary is cache-line aligned, then whole cache lines per step.
  const auto address = reinterpret_cast<std::uintptr_t>(out);
  const std::size_t misalignment = address % cache_line;
  const std::size_t first_aligned =
      misalignment && misalignment % element_size == 0 ? (cache_line - misalignment) / element_size : 0;
  const std::size_t granule = cache_line / element_size;
  auto boundary = [&](int chunk) -> std::size_t {
    if (chunk == 0) return 0;
    if (chunk == threads) return n;
    const std::size_t ideal = n / std::size_t(threads) * std::size_t(chunk);
    const std::size_t aligned =
        ideal <= first_aligned ? first_aligned
                               : first_aligned + (ideal - first_aligned + granule - 1) / granule * granule;
    return aligned < n ? aligned : n;
  };
  const fp_control caller = current_fp_control();
  std::exception_ptr failure;
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int chunk = 0; chunk < threads; ++chunk) {
    const fp_mode_scope mode = caller_fp_mode(caller);
    run_part(failure, body, context, boundary(chunk), boundary(chunk + 1));
  }
  if (failure) std::rethrow_exception(failure);
}

void parallel_ranges(std::size_t count, int threads, void (*body)(void*, std::size_t, std::size_t),
                     void* context) {
  const fp_control caller = current_fp_control();
  std::exception_ptr failure;
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int part = 0; part < threads; ++part) {
    const fp_mode_scope mode = caller_fp_mode(caller);
    const std::size_t begin = count * std::size_t(part) / std::size_t(threads);
    const std::size_t end = count * std::size_t(part + 1) / std::size_t(threads);
    run_part(failure, body, context, begin, end);
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace detail

void set_num_threads(int threads) {
  if (threads < 0 || threads > detail::max_requested_threads)
    throw error(errc::bad_parameter, "simdact::set_num_threads: " + std::to_string(threads) +
                                         " is not a thread count (0 = OpenMP's default, or 1.." +
                                         std::to_string(detail::max_requested_threads) + ")");
  detail::requested.store(threads, std::memory_order_relaxed);
}

int num_threads() {
  const int requested = detail::requested_threads();
  return requested > 0 ? requested : omp_get_max_threads();
}

}  // namespace simdact
