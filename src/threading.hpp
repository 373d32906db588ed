// Internal: the one place where work is split across threads.
#pragma once

#include <cstddef>

namespace simdact::detail {

enum class cost_class { streaming, transcendental };

// How many threads a call over n elements of element_size bytes and this cost should use
// (1 = run on the caller).
int threads_for(std::size_t n, std::size_t element_size, cost_class cost);

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
