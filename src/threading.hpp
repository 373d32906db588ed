// Internal: the one place where work is split across threads.
#pragma once

#include <cstddef>

namespace simdact::detail {

enum class cost_class { streaming, transcendental };

// Smallest share per thread for which splitting pays, measured on a host with 256-bit operations
// at half rate with scripts/throughput.sh --isas=avx2 --threads=1,2 --sizes=1024,...,4194304 and
// the thresholds set to zero. Transcendental kernels broke even at 1.5-2.5K elements per thread and
// gained 1.4x at 4K; streaming kernels gained from 128 KiB per thread (1.5x), lost below 64 KiB (the
// other core's share must outweigh waking it). On a full-rate Zen 3, where an element costs a third
// as much, 4K per thread breaks even (1.0-1.08x) and 8K gains 1.2x (README "Threads"): kept, as it
// loses nowhere.
inline constexpr std::size_t min_elements_per_thread_transcendental = 4096;
inline constexpr std::size_t min_bytes_per_thread_streaming = 128 * 1024;

// The part of threads_for past the small-call test, given the smallest share per thread.
int threads_for_large_call(std::size_t n, std::size_t per_thread);

// How many threads a call over n elements of element_size bytes and this cost should use
// (1 = run on the caller). Small calls leave here, inline: every kernel call runs this.
inline int threads_for(std::size_t n, std::size_t element_size, cost_class cost) {
  const std::size_t per_thread = cost == cost_class::transcendental ? min_elements_per_thread_transcendental
                                                                    : min_bytes_per_thread_streaming / element_size;
  if (n < 2 * per_thread) return 1;
  return threads_for_large_call(n, per_thread);
}

// Splits [0, n) into `threads` contiguous chunks and runs body(context, begin, end) on each, in
// parallel. Chunk boundaries fall where out + begin is 64-byte aligned (whole cache lines and whole
// vectors of every ISA per chunk), given out's address.
void parallel_chunks(std::size_t n, std::size_t element_size, const void* out, int threads,
                     void (*body)(void* context, std::size_t begin, std::size_t end), void* context);

// Splits [0, count) into `threads` contiguous ranges of whole items (rows, chunks, blocks) and runs
// body(context, begin, end) on each, in parallel.
void parallel_ranges(std::size_t count, int threads, void (*body)(void* context, std::size_t begin, std::size_t end),
                     void* context);

}  // namespace simdact::detail
