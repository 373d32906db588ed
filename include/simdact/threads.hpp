// Threads for large calls. A call is split across threads only when it is large enough for that to
// pay (the sizes are measured per kind of kernel; see README "Threads"); small calls and calls made
// from inside an OpenMP parallel region run on the calling thread. Results are the same bits
// whatever the thread count.
#pragma once

namespace simdact {

// 0 (the default) follows OpenMP's own settings (OMP_NUM_THREADS, omp_set_num_threads); n > 0 uses
// at most n threads. The environment variable SIMDACT_NUM_THREADS, read once, sets the initial
// value. Throws simdact::error (a std::invalid_argument) for n < 0 and n > 4096 (OpenMP would abort
// the process where it cannot create the threads).
void set_num_threads(int threads);

// The most threads a large call made now would use (>= 1).
int num_threads();

}  // namespace simdact
