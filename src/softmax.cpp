// The softmax family's algorithm: validate, scan each row, settle special rows, compute the row
// constants in scalar code, and run the vector passes of kernels/softmax.hpp chunk by chunk.
//
// softmax: e'_j = e^(x_j - c) * 2^extra with c = offset + N ln 2 near the row's max (N an integer,
// applied to the exponent field, so no rounded x - max ever feeds the exponential); S = Σ e'_j;
// y = e'_j * (1 / S), e' stored in y and rescaled at every row length: measured on a host with
// 256-bit operations at half rate, a second exp cost more than the trip to memory (1x1M floats:
// 2.6 ns/element computing e' again, 1.6 storing it).
// log_softmax: S = Σ e^(x_j - max) * 2^extra with x_j - max in two words, so the max contributes
// exactly 2^extra and log S = log1p(rest) keeps small values; y = (x - H) - L with H + L = max +
// log S in two words.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "arguments.hpp"
#include "dispatch.hpp"
#include "fp_control.hpp"
#include "kernels/exp_numbers.hpp"
#include "simdact/error.hpp"
#include "simdact/softmax.hpp"
#include "softmax_internal.hpp"
#include "threading.hpp"

namespace simdact {
namespace detail {
namespace {

const char* name_of(softmax_kind kind, bool axis) {
  if (kind == softmax_kind::softmax) return axis ? "softmax_axis" : "softmax";
  return axis ? "log_softmax_axis" : "log_softmax";
}

// Elements a row sums in one piece: sums are combined chunk by chunk in chunk order, so a row split
// across threads (whole chunks per thread) adds exactly as a row on one thread.
constexpr std::size_t chunk_elements = 8192;
// A single row is split across threads from this length on.
constexpr std::size_t parallel_row_min = 65536;
// Columns per block of softmax_axis: 1 KiB of each row of a float block read in one run.
constexpr std::size_t column_block = 256;

// ln 2 with a short high part (k * ln2_hi is exact for |k| < 2^20) for the f64 log-sum-exp.
constexpr double ln2_hi = 0x1.62e42fee00000p-1;
constexpr double ln2_lo = 0x1.a39ef35793c76p-33;

template <class T>
struct row_shift {
  exp_shift<T> shift;
  T n;  // the N of e^(x - offset - N ln 2)
};

template <class T>
row_shift<T> shift_for(T max) {
  using L = softmax_limits<T>;
  using E = exp_numbers<T>;
  const T offset = std::fabs(max) < L::offset_from ? T(0) : max;
  // Any integer near (max - offset) log2(e) serves, as long as every use takes the same one: the
  // product is rounded before the shift rounds it to an integer (std::fma was a libm call here, in
  // the latency between a row's max and its exponentials).
  const T n = ((max - offset) * E::log2e + E::round_shifter) - E::round_shifter;
  const T shifter = (E::round_shifter + T(E::exponent_bias + L::extra)) - n;
  return {{max - L::cut, offset, shifter}, n};
}

template <class T>
two_word<T> add(two_word<T> a, two_word<T> b) {
  const T hi = a.hi + b.hi;
  const T virtual_b = hi - a.hi;
  const T lo = ((a.hi - (hi - virtual_b)) + (b.hi - virtual_b)) + (a.lo + b.lo);
  const T rounded = hi + lo;
  return {rounded, lo - (rounded - hi)};
}

// 1 / (hi + lo), correctly rounded but for rare ties.
float reciprocal(two_word<float> s) { return float(1.0 / (double(s.hi) + double(s.lo))); }
double reciprocal(two_word<double> s) {
  const double r = 1.0 / s.hi;
  const double residual = std::fma(-s.hi, r, 1.0) - s.lo * r;
  return std::fma(r, residual, r);
}

// log Σ e^(x_j) of a softmax row from S = Σ e^(x_j - c) * 2^extra, c = offset + N ln 2: max + (log S
// - (max - c)), where log S and max - c are both near the max's reduced argument, so that their
// difference (log Σ e^(x_j - max) >= 0) keeps an absolute error near ulp(1) and max adds exactly.
// In f32 the same in double.
float softmax_log_sum_exp(two_word<float> s, const row_shift<float>& shift, float max) {
  const double log_s = std::log((double(s.hi) + double(s.lo)) * 0x1p-64);
  const double reduced_max = (double(max) - double(shift.shift.offset)) - double(shift.n) * 0x1.62e42fefa39efp-1;
  return float(double(max) + (log_s - reduced_max));
}
double softmax_log_sum_exp(two_word<double> s, const row_shift<double>& shift, double max) {
  const double log_s = std::log(s.hi * 0x1p-128) + s.lo / s.hi;
  const double reduced_max = std::fma(shift.n, -ln2_lo, std::fma(shift.n, -ln2_hi, max - shift.shift.offset));
  return max + (log_s - reduced_max);
}

// max + log(S / 2^extra) as hi + lo, S = Σ e^(x_j - max) * 2^extra >= 2^extra.
two_word<float> log_softmax_shift(two_word<float> s, float max) {
  const double rest = ((double(s.hi) - 0x1p64) + double(s.lo)) * 0x1p-64;
  // In double, max + l could not hold a small l next to a large max: (max - hi) + l does, exactly.
  const double l = std::log1p(std::max(rest, 0.0));
  const float hi = float(double(max) + l);
  return {hi, float((double(max) - double(hi)) + l)};
}
two_word<double> log_softmax_shift(two_word<double> s, double max) {
  const double rest = ((s.hi - 0x1p128) + s.lo) * 0x1p-128;
  const double l = std::log1p(std::max(rest, 0.0));
  const double hi = max + l;
  const double virtual_l = hi - max;
  return {hi, (max - (hi - virtual_l)) + (l - virtual_l)};
}

// max + log S as hi + lo for a log_softmax row, from Σ' = Σ e'(x_j) over the entries below the max
// (e' = e^(x_j - c) * 2^extra, c = offset + N ln 2) and the count of entries at the max:
// S = count + Σ' * 2^-extra * e^(c - max), with e^(c - max) and the sum in wider precision, so that
// log1p(S - 1) keeps a rest that is tiny next to 1.
two_word<float> log_sum_exp_of_rest(two_word<float> s, float count, const row_shift<float>& shift, float max) {
  const double reduced_max = (double(max) - double(shift.shift.offset)) - double(shift.n) * 0x1.62e42fefa39efp-1;
  const double rest = (double(s.hi) + double(s.lo)) * 0x1p-64 * std::exp(-reduced_max) + (double(count) - 1);
  const double l = std::log1p(rest);
  const float hi = float(double(max) + l);
  return {hi, float((double(max) - double(hi)) + l)};
}
two_word<double> log_sum_exp_of_rest(two_word<double> s, double count, const row_shift<double>& shift, double max) {
  using W = long double;
  // max - offset - N ln 2: the high part exactly in double (N * ln2_hi is exact and the difference
  // is small), the low one in W. (W(N) * ln 2 in one step would lose 2^-64 * N, ~5 ULP at 1e4.)
  const W reduced_max = W(std::fma(shift.n, -ln2_hi, max - shift.shift.offset)) - W(shift.n) * W(ln2_lo);
  const W rest = (W(s.hi) + W(s.lo)) * 0x1p-128L * std::exp(-reduced_max) + (W(count) - 1);
  const W l = std::log1p(rest);
  const double hi = double(W(max) + l);
  return {hi, double((W(max) - W(hi)) + l)};
}

// Settles a row with a NaN, a +inf or nothing but -inf (see softmax.hpp); false for other rows.
// Element i is x[i * x_step] and y[i * y_step]; reads precede writes element by element, so y may
// be x.
template <class T>
bool special_row(softmax_kind kind, const T* x, std::size_t x_step, T* y, std::size_t y_step, std::size_t n,
                 T row_max_value, bool has_nan, bool masked_rows_zero, T* row_max, T* row_lse) {
  constexpr T inf = std::numeric_limits<T>::infinity();
  constexpr T nan = std::numeric_limits<T>::quiet_NaN();
  const bool log = kind == softmax_kind::log_softmax;
  T max, lse;
  if (has_nan) {
    for (std::size_t i = 0; i < n; ++i) y[i * y_step] = nan;
    max = lse = nan;
  } else if (row_max_value == inf) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < n; ++i) count += x[i * x_step] == inf;
    const T at_inf = log ? T(-std::log(double(count))) : T(1) / T(count);
    const T elsewhere = log ? -inf : T(0);
    for (std::size_t i = 0; i < n; ++i) y[i * y_step] = x[i * x_step] == inf ? at_inf : elsewhere;
    max = lse = inf;
  } else if (row_max_value == -inf) {
    const T value = !masked_rows_zero ? nan : log ? -inf : T(0);
    for (std::size_t i = 0; i < n; ++i) y[i * y_step] = value;
    max = lse = -inf;
  } else {
    return false;
  }
  if (row_max) *row_max = max;
  if (row_lse) *row_lse = lse;
  return true;
}

template <class T>
bool contains_nan(const T* x, std::size_t step, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (x[i * step] != x[i * step]) return true;
  return false;
}

// One row: x[0..n) -> y[0..n), on `threads` threads (1 = the caller's only).
template <class T>
struct row_job {
  const softmax_fns<T>* f;
  softmax_kind kind;
  const T* x;
  T* y;
  std::size_t n;
  int threads;
  bool masked_rows_zero;
  T* row_max;
  T* row_lse;

  // Per-chunk scratch for the threaded path.
  std::vector<T>* maxima = nullptr;
  std::vector<two_word<T>>* sums = nullptr;
  std::vector<T>* counts = nullptr;
  exp_shift<T> shift{};
  T max = 0;
  T factor = 0;
  two_word<T> log_shift{};

  std::size_t chunks() const { return (n + chunk_elements - 1) / chunk_elements; }
  std::size_t chunk_begin(std::size_t c) const { return c * chunk_elements; }
  std::size_t chunk_length(std::size_t c) const { return std::min(chunk_elements, n - c * chunk_elements); }

  // softmax: Σ e' (stored in y); log_softmax: Σ e' below the max, *count += entries at the max.
  two_word<T> chunk_sum(std::size_t c, T* count) const {
    const std::size_t begin = chunk_begin(c), length = chunk_length(c);
    if (kind == softmax_kind::softmax) return f->exp_sum(x + begin, y + begin, length, shift);
    return f->log_exp_sum(x + begin, length, shift, max, count);
  }

  // The row on `threads` > 1 threads, chunk by chunk: a fixed combination order keeps the results
  // those of one thread. (Rows on one thread go through rows_call::rows, which overlaps rows.)
  void run_on_threads() {
    const std::size_t parts = chunks();
    // The max pass ignores NaNs: a row with one either has an infinite max (checked here, before
    // anything is written) or a NaN sum (checked in finish; y then holds only partial results).
    std::vector<T> per_chunk_max(parts);
    maxima = &per_chunk_max;
    parallel_ranges(parts, threads, &row_job::max_chunks, this);
    max = per_chunk_max[0];
    for (std::size_t c = 1; c < parts; ++c) max = std::max(max, per_chunk_max[c]);
    if (settled_by_max()) return;
    const row_shift<T> rs = shift_for(max);
    shift = rs.shift;
    std::vector<two_word<T>> per_chunk_sum(parts);
    std::vector<T> per_chunk_count(parts);
    sums = &per_chunk_sum;
    counts = &per_chunk_count;
    parallel_ranges(parts, threads, &row_job::sum_chunks, this);
    two_word<T> total = per_chunk_sum[0];
    T at_max = per_chunk_count[0];
    for (std::size_t c = 1; c < parts; ++c) {
      total = add(total, per_chunk_sum[c]);
      at_max += per_chunk_count[c];
    }
    finish(total, at_max, rs);
  }

  // Settles a row whose max is infinite (+inf entries, or nothing but -inf); false otherwise.
  bool settled_by_max() {
    if (!std::isinf(max)) return false;
    special_row(kind, x, 1, y, 1, n, max, contains_nan(x, 1, n), masked_rows_zero, row_max, row_lse);
    return true;
  }

  // The sum pass on the calling thread, chunk by chunk in chunk order.
  void sum(two_word<T>& total, T& at_max) const {
    total = chunk_sum(0, &at_max);
    for (std::size_t c = 1, parts = chunks(); c < parts; ++c) total = add(total, chunk_sum(c, &at_max));
  }

  // The row constants from the sum, then the normalising pass; with `next` (a row of n elements on
  // one thread), that pass also scans it and returns its max.
  T finish(two_word<T> total, T at_max, const row_shift<T>& rs, const T* next = nullptr) {
    if (std::isnan(total.hi)) {
      special_row(kind, x, 1, y, 1, n, max, true, masked_rows_zero, row_max, row_lse);
      return next ? f->max(next, n) : T(0);
    }
    if (row_max) *row_max = max;
    if (kind == softmax_kind::softmax) {
      factor = reciprocal(total);
      if (row_lse) *row_lse = softmax_log_sum_exp(total, rs, max);
    } else {
      log_shift = log_sum_exp_of_rest(total, at_max, rs, max);
      if (row_lse) *row_lse = log_shift.hi;
    }
    if (next) {
      if (kind == softmax_kind::softmax) return f->scale_then_max(y, y, n, factor, next);
      return f->subtract_then_max(x, y, n, log_shift.hi, log_shift.lo, next);
    }
    if (threads <= 1) normalise(0, n);
    else parallel_ranges(chunks(), threads, &row_job::normalise_chunks, this);
    return T(0);
  }

  void normalise(std::size_t begin, std::size_t end) const {
    if (kind == softmax_kind::softmax) f->scale(y + begin, y + begin, end - begin, factor);
    else f->subtract(x + begin, y + begin, end - begin, log_shift.hi, log_shift.lo);
  }

  static void max_chunks(void* self, std::size_t begin, std::size_t end) {
    auto& job = *static_cast<row_job*>(self);
    for (std::size_t c = begin; c < end; ++c) (*job.maxima)[c] = job.f->max(job.x + job.chunk_begin(c), job.chunk_length(c));
  }
  static void sum_chunks(void* self, std::size_t begin, std::size_t end) {
    auto& job = *static_cast<row_job*>(self);
    for (std::size_t c = begin; c < end; ++c) (*job.sums)[c] = job.chunk_sum(c, &(*job.counts)[c]);
  }
  static void normalise_chunks(void* self, std::size_t begin, std::size_t end) {
    auto& job = *static_cast<const row_job*>(self);
    job.normalise(job.chunk_begin(begin), std::min(job.n, job.chunk_begin(end)));
  }
};

// ---- argument checks --------------------------------------------------------------------------

struct span_bytes {
  std::uintptr_t begin, end;  // [begin, end)
};

bool overlap(span_bytes a, span_bytes b) { return a.begin < b.end && b.begin < a.end; }

// The bytes a [rows][stride] array with rows of cols elements covers; throws if they overflow.
template <class T>
span_bytes rows_span(const char* function, const char* what, const T* p, std::ptrdiff_t stride, std::size_t rows,
                     std::size_t cols) {
  if (!p) fail(errc::null_pointer, function, std::string(what) + " is null while rows * cols > 0");
  if (stride < 0 || std::size_t(stride) < cols)
    fail(errc::bad_size, function, std::string(what) + "'s row stride " + std::to_string(stride) +
                                       " is less than cols = " + std::to_string(cols));
  const std::size_t max = std::numeric_limits<std::size_t>::max() / sizeof(T);
  if (cols > max) fail(errc::bad_size, function, "cols = " + std::to_string(cols) + " overflows the address space");
  const std::size_t s = std::size_t(stride);
  if (rows - 1 > 0 && s > (max - cols) / (rows - 1))
    fail(errc::bad_size, function, std::string(what) + ": rows * stride overflows the address space");
  const std::size_t bytes = ((rows - 1) * s + cols) * sizeof(T);
  const auto begin = reinterpret_cast<std::uintptr_t>(p);
  if (begin > std::numeric_limits<std::uintptr_t>::max() - bytes)
    fail(errc::bad_size, function, std::string(what) + " runs past the end of the address space");
  return {begin, begin + bytes};
}

template <class T>
span_bytes stats_span(const char* function, const char* what, const T* p, std::size_t count) {
  if (count > std::numeric_limits<std::size_t>::max() / sizeof(T))
    fail(errc::bad_size, function, std::string(what) + ": rows = " + std::to_string(count) + " overflows the address space");
  const auto begin = reinterpret_cast<std::uintptr_t>(p);
  if (begin > std::numeric_limits<std::uintptr_t>::max() - count * sizeof(T))
    fail(errc::bad_size, function, std::string(what) + " runs past the end of the address space");
  return {begin, begin + count * sizeof(T)};
}

// y may be exactly x (same stride); the row outputs must touch neither nor each other.
template <class T>
void check_outputs(const char* function, span_bytes x, span_bytes y, bool in_place, const softmax_options<T>& o,
                   std::size_t rows) {
  if (!in_place && overlap(x, y))
    fail(errc::overlapping_buffers, function, "x and y overlap (only y == x with equal strides, in place, is allowed)");
  span_bytes stats[2];
  int count = 0;
  for (auto [p, what] : {std::pair<T*, const char*>{o.row_max, "options.row_max"},
                         std::pair<T*, const char*>{o.row_log_sum_exp, "options.row_log_sum_exp"}}) {
    if (!p) continue;
    const span_bytes s = stats_span(function, what, p, rows);
    if (overlap(s, x) || overlap(s, y))
      fail(errc::overlapping_buffers, function, std::string(what) + " overlaps x or y");
    stats[count++] = s;
  }
  if (count == 2 && overlap(stats[0], stats[1]))
    fail(errc::overlapping_buffers, function, "options.row_max and options.row_log_sum_exp overlap");
}

// ---- rows -------------------------------------------------------------------------------------

template <class T>
struct rows_call {
  const softmax_fns<T>* f;
  softmax_kind kind;
  const T* x;
  std::ptrdiff_t xs;
  T* y;
  std::ptrdiff_t ys;
  std::size_t cols;
  const softmax_options<T>* options;
  int threads_per_row;

  row_job<T> job(std::size_t r) const {
    row_job<T> j{f, kind, nullptr, nullptr, cols, threads_per_row, options->masked_rows_zero, nullptr, nullptr};
    aim(j, r);
    return j;
  }
  // Points a job at row r.
  void aim(row_job<T>& j, std::size_t r) const {
    j.x = x + std::ptrdiff_t(r) * xs;
    j.y = y + std::ptrdiff_t(r) * ys;
    j.row_max = options->row_max ? options->row_max + r : nullptr;
    j.row_lse = options->row_log_sum_exp ? options->row_log_sum_exp + r : nullptr;
  }

  // Rows on one thread each run their passes in the order max, sum, normalise, and each pass
  // waits for a reduction of the one before (the max's, the sum's and its reciprocal). The next
  // row's max is therefore found by the row's normalising pass, in the same loop, where its loads
  // run beside the normalising stores. (Scanning between the sum and the normalising pass took a
  // 1000-column row from ~515 to ~480 ns; fusing the scan into that pass took 256 such rows, read
  // from the last-level cache, from ~480 to ~458 ns a row, and changed nothing in the first-level
  // cache.) Every row still gets the same operations, so results do not change.
  void rows(std::size_t begin, std::size_t end) const {
    if (begin >= end) return;
    if (threads_per_row > 1) {
      for (std::size_t r = begin; r < end; ++r) job(r).run_on_threads();
      return;
    }
    T next_max = f->max(x + std::ptrdiff_t(begin) * xs, cols);
    // One job retargeted row after row: built anew for every row (zeroed by rep stos), a 16-element
    // row took ~10 ns longer.
    row_job<T> current = job(begin);
    for (std::size_t r = begin; r < end; ++r) {
      aim(current, r);
      current.max = next_max;
      const T* next = r + 1 == end ? nullptr : x + std::ptrdiff_t(r + 1) * xs;
      if (current.settled_by_max()) {
        if (next) next_max = f->max(next, cols);
        continue;
      }
      const row_shift<T> rs = shift_for(current.max);
      current.shift = rs.shift;
      two_word<T> total{};
      T at_max = 0;
      current.sum(total, at_max);
      next_max = current.finish(total, at_max, rs, next);
    }
  }
  static void run_rows(void* self, std::size_t begin, std::size_t end) {
    static_cast<const rows_call*>(self)->rows(begin, end);
  }
};

template <class T>
void run_rows(const softmax_table& table, softmax_kind kind, const T* x, std::ptrdiff_t xs, T* y, std::ptrdiff_t ys, std::size_t rows,
              std::size_t cols, const softmax_options<T>& options) {
  const char* function = name_of(kind, false);
  if (rows == 0 || cols == 0) return;
  const span_bytes xb = rows_span(function, "x", x, xs, rows, cols);
  const span_bytes yb = rows_span(function, "y", y, ys, rows, cols);
  check_outputs(function, xb, yb, x == y && xs == ys, options, rows);
  if (rows > std::numeric_limits<std::size_t>::max() / cols)
    fail(errc::bad_size, function, "rows * cols overflows");
  rows_call<T> call{&table.get<T>(), kind, x, xs, y, ys, cols, &options, 1};
  const int threads = threads_for(rows * cols, sizeof(T), cost_class::transcendental);
  if (threads <= 1) {
    call.rows(0, rows);
  } else if (cols >= parallel_row_min && rows < std::size_t(2 * threads)) {
    call.threads_per_row = threads;  // few long rows: each row on every thread, one after another
    call.rows(0, rows);
  } else {
    parallel_ranges(rows, threads, &rows_call<T>::run_rows, &call);
  }
}

// ---- axis -------------------------------------------------------------------------------------

template <class T>
struct axis_call {
  const softmax_fns<T>* f;
  softmax_kind kind;
  const T* x;
  T* y;
  std::size_t outer, len, inner;
  const softmax_options<T>* options;

  std::size_t blocks_per_slice() const { return (inner + column_block - 1) / column_block; }

  void block(std::size_t item) const {
    const std::size_t o = item / blocks_per_slice();
    const std::size_t j0 = item % blocks_per_slice() * column_block;
    const std::size_t count = std::min(column_block, inner - j0);
    const std::size_t base = o * len * inner + j0;
    const T* xb = x + base;
    T* yb = y + base;
    T max[column_block], cutoff[column_block], offset[column_block], shifter[column_block];
    T hi[column_block], lo[column_block], factor[column_block];
    T nan[column_block];
    f->column_scan(xb, len, inner, count, max, nan);

    // Special columns: copied out (y may be x), computed with benign constants, then overwritten.
    std::vector<std::size_t> special;
    std::vector<T> saved;
    for (std::size_t j = 0; j < count; ++j) {
      if (nan[j] || std::isinf(max[j])) {
        special.push_back(j);
        for (std::size_t a = 0; a < len; ++a) saved.push_back(xb[a * inner + j]);
        max[j] = 0;
      }
    }
    const std::size_t stats_at = o * inner + j0;
    T* row_max = options->row_max ? options->row_max + stats_at : nullptr;
    T* row_lse = options->row_log_sum_exp ? options->row_log_sum_exp + stats_at : nullptr;

    if (kind == softmax_kind::softmax) {
      row_shift<T> shifts[column_block];
      for (std::size_t j = 0; j < count; ++j) {
        shifts[j] = shift_for(max[j]);
        cutoff[j] = shifts[j].shift.cutoff;
        offset[j] = shifts[j].shift.offset;
        shifter[j] = shifts[j].shift.shifter;
      }
      f->column_exp_sum(xb, yb, len, inner, count, cutoff, offset, shifter, hi, lo);
      for (std::size_t j = 0; j < count; ++j) {
        factor[j] = reciprocal(two_word<T>{hi[j], lo[j]});
        if (row_max) row_max[j] = max[j];
        if (row_lse) row_lse[j] = softmax_log_sum_exp(two_word<T>{hi[j], lo[j]}, shifts[j], max[j]);
      }
      f->column_scale(yb, yb, len, inner, count, factor);
    } else {
      for (std::size_t j = 0; j < count; ++j) cutoff[j] = max[j] - softmax_limits<T>::cut;
      f->column_log_exp_sum(xb, len, inner, count, cutoff, max, hi, lo);
      for (std::size_t j = 0; j < count; ++j) {
        const two_word<T> s = log_softmax_shift(two_word<T>{hi[j], lo[j]}, max[j]);
        hi[j] = s.hi;
        lo[j] = s.lo;
        if (row_max) row_max[j] = max[j];
        if (row_lse) row_lse[j] = s.hi;
      }
      f->column_subtract(xb, yb, len, inner, count, hi, lo);
    }

    for (std::size_t k = 0; k < special.size(); ++k) {
      const std::size_t j = special[k];
      const T* column = saved.data() + k * len;
      T column_max = -std::numeric_limits<T>::infinity();
      for (std::size_t a = 0; a < len; ++a) column_max = std::max(column_max, column[a]);
      special_row(kind, column, 1, yb + j, inner, len, column_max, contains_nan(column, 1, len), options->masked_rows_zero,
                  row_max ? row_max + j : nullptr, row_lse ? row_lse + j : nullptr);
    }
  }

  static void run_blocks(void* self, std::size_t begin, std::size_t end) {
    const auto& call = *static_cast<const axis_call*>(self);
    for (std::size_t item = begin; item < end; ++item) call.block(item);
  }
};

template <class T>
void run_axis(const softmax_table& table, softmax_kind kind, const T* x, T* y, std::size_t outer, std::size_t len, std::size_t inner,
              const softmax_options<T>& options) {
  const char* function = name_of(kind, true);
  if (outer == 0 || len == 0 || inner == 0) return;
  const std::size_t max = std::numeric_limits<std::size_t>::max() / sizeof(T);
  if (outer > max / len || outer * len > max / inner)
    fail(errc::bad_size, function, "outer * axis_len * inner overflows the address space");
  if (inner == 1) {
    // Contiguous rows: the row algorithm (and its threads over one long row).
    run_rows(table, kind, x, std::ptrdiff_t(len), y, std::ptrdiff_t(len), outer, len, options);
    return;
  }
  const std::size_t n = outer * len * inner;
  const span_bytes xb = rows_span(function, "x", x, std::ptrdiff_t(n), 1, n);
  const span_bytes yb = rows_span(function, "y", y, std::ptrdiff_t(n), 1, n);
  check_outputs(function, xb, yb, x == y, options, outer * inner);
  axis_call<T> call{&table.get<T>(), kind, x, y, outer, len, inner, &options};
  const std::size_t items = outer * call.blocks_per_slice();
  const int threads = std::min<std::size_t>(threads_for(n, sizeof(T), cost_class::transcendental), items);
  if (threads <= 1) axis_call<T>::run_blocks(&call, 0, items);
  else parallel_ranges(items, threads, &axis_call<T>::run_blocks, &call);
}

// ---- backward ---------------------------------------------------------------------------------

template <class T>
struct backward_call {
  const softmax_fns<T>* f;
  softmax_kind kind;
  const T* y;
  std::ptrdiff_t ys;
  const T* dy;
  std::ptrdiff_t dys;
  T* dx;
  std::ptrdiff_t dxs;
  std::size_t cols;

  two_word<T> chunked(const T* a, const T* b) const {
    two_word<T> total{};
    for (std::size_t c = 0; c < cols; c += chunk_elements) {
      const std::size_t length = std::min(chunk_elements, cols - c);
      total = add(total, b ? f->dot(a + c, b + c, length) : f->sum(a + c, length));
    }
    return total;
  }

  void rows(std::size_t begin, std::size_t end) const {
    for (std::size_t r = begin; r < end; ++r) {
      const T* yr = y + std::ptrdiff_t(r) * ys;
      const T* dyr = dy + std::ptrdiff_t(r) * dys;
      T* dxr = dx + std::ptrdiff_t(r) * dxs;
      if (kind == softmax_kind::softmax) {
        const two_word<T> s = chunked(dyr, yr);
        f->gradient(yr, dyr, dxr, cols, s.hi, s.lo);
      } else {
        const two_word<T> s = chunked(dyr, nullptr);
        f->log_gradient(yr, dyr, dxr, cols, s.hi + s.lo);
      }
    }
  }
  static void run_rows(void* self, std::size_t begin, std::size_t end) {
    static_cast<const backward_call*>(self)->rows(begin, end);
  }
};

template <class T>
void run_backward(const softmax_table& table, softmax_kind kind, const T* y, std::ptrdiff_t ys, const T* dy, std::ptrdiff_t dys, T* dx,
                  std::ptrdiff_t dxs, std::size_t rows, std::size_t cols) {
  const char* function = kind == softmax_kind::softmax ? "softmax_backward" : "log_softmax_backward";
  if (rows == 0 || cols == 0) return;
  const span_bytes yb = rows_span(function, "y", y, ys, rows, cols);
  const span_bytes dyb = rows_span(function, "dy", dy, dys, rows, cols);
  const span_bytes dxb = rows_span(function, "dx", dx, dxs, rows, cols);
  const bool on_y = dx == y && dxs == ys, on_dy = dx == dy && dxs == dys;
  if ((!on_y && overlap(dxb, yb)) || (!on_dy && overlap(dxb, dyb)))
    fail(errc::overlapping_buffers, function,
         "dx overlaps y or dy (only dx == y or dx == dy with equal strides is allowed)");
  if (rows > std::numeric_limits<std::size_t>::max() / cols) fail(errc::bad_size, function, "rows * cols overflows");
  backward_call<T> call{&table.get<T>(), kind, y, ys, dy, dys, dx, dxs, cols};
  const int threads = std::min<std::size_t>(threads_for(rows * cols, sizeof(T), cost_class::streaming), rows);
  if (threads <= 1) call.rows(0, rows);
  else parallel_ranges(rows, threads, &backward_call<T>::run_rows, &call);
}

const softmax_table& active_softmax() { return *active_table().softmax; }

}  // namespace

template <class T>
void softmax_rows_with(const softmax_table& table, softmax_kind kind, const T* x, std::ptrdiff_t xs, T* y,
                       std::ptrdiff_t ys, std::size_t rows, std::size_t cols, const softmax_options<T>& options) {
  const kernel_fp_mode fp_mode;
  run_rows(table, kind, x, xs, y, ys, rows, cols, options);
}
template <class T>
void softmax_axis_with(const softmax_table& table, softmax_kind kind, const T* x, T* y, std::size_t outer,
                       std::size_t len, std::size_t inner, const softmax_options<T>& options) {
  const kernel_fp_mode fp_mode;
  run_axis(table, kind, x, y, outer, len, inner, options);
}
template <class T>
void softmax_backward_with(const softmax_table& table, softmax_kind kind, const T* y, std::ptrdiff_t ys,
                           const T* dy, std::ptrdiff_t dys, T* dx, std::ptrdiff_t dxs, std::size_t rows,
                           std::size_t cols) {
  const kernel_fp_mode fp_mode;
  run_backward(table, kind, y, ys, dy, dys, dx, dxs, rows, cols);
}
#define SIMDACT_DETAIL_INSTANTIATE(T)                                                                   \
  template void softmax_rows_with<T>(const softmax_table&, softmax_kind, const T*, std::ptrdiff_t, T*,  \
                                     std::ptrdiff_t, std::size_t, std::size_t, const softmax_options<T>&); \
  template void softmax_axis_with<T>(const softmax_table&, softmax_kind, const T*, T*, std::size_t,     \
                                     std::size_t, std::size_t, const softmax_options<T>&);            \
  template void softmax_backward_with<T>(const softmax_table&, softmax_kind, const T*, std::ptrdiff_t,  \
                                         const T*, std::ptrdiff_t, T*, std::ptrdiff_t, std::size_t,     \
                                         std::size_t);
SIMDACT_DETAIL_INSTANTIATE(float)
SIMDACT_DETAIL_INSTANTIATE(double)
#undef SIMDACT_DETAIL_INSTANTIATE

}  // namespace detail

#define SIMDACT_DETAIL_SOFTMAX_DEFINE(T)                                                                  \
  void softmax(const T* x, T* y, std::size_t rows, std::size_t cols) {                                   \
    detail::softmax_rows_with(detail::active_softmax(), detail::softmax_kind::softmax, x, std::ptrdiff_t(cols), y, std::ptrdiff_t(cols), rows, \
                     cols, softmax_options<T>{});                                                        \
  }                                                                                                      \
  void softmax(const T* x, std::ptrdiff_t xs, T* y, std::ptrdiff_t ys, std::size_t rows, std::size_t cols) { \
    detail::softmax_rows_with(detail::active_softmax(), detail::softmax_kind::softmax, x, xs, y, ys, rows, cols, softmax_options<T>{});       \
  }                                                                                                      \
  void softmax(const T* x, std::ptrdiff_t xs, T* y, std::ptrdiff_t ys, std::size_t rows, std::size_t cols, \
               const softmax_options<T>& options) {                                                      \
    detail::softmax_rows_with(detail::active_softmax(), detail::softmax_kind::softmax, x, xs, y, ys, rows, cols, options);                   \
  }                                                                                                      \
  void log_softmax(const T* x, T* y, std::size_t rows, std::size_t cols) {                               \
    detail::softmax_rows_with(detail::active_softmax(), detail::softmax_kind::log_softmax, x, std::ptrdiff_t(cols), y, std::ptrdiff_t(cols),  \
                     rows, cols, softmax_options<T>{});                                                  \
  }                                                                                                      \
  void log_softmax(const T* x, std::ptrdiff_t xs, T* y, std::ptrdiff_t ys, std::size_t rows,             \
                   std::size_t cols) {                                                                   \
    detail::softmax_rows_with(detail::active_softmax(), detail::softmax_kind::log_softmax, x, xs, y, ys, rows, cols, softmax_options<T>{});   \
  }                                                                                                      \
  void log_softmax(const T* x, std::ptrdiff_t xs, T* y, std::ptrdiff_t ys, std::size_t rows,             \
                   std::size_t cols, const softmax_options<T>& options) {                                \
    detail::softmax_rows_with(detail::active_softmax(), detail::softmax_kind::log_softmax, x, xs, y, ys, rows, cols, options);               \
  }                                                                                                      \
  void softmax_axis(const T* x, T* y, std::size_t outer, std::size_t len, std::size_t inner) {           \
    detail::softmax_axis_with(detail::active_softmax(), detail::softmax_kind::softmax, x, y, outer, len, inner, softmax_options<T>{});       \
  }                                                                                                      \
  void softmax_axis(const T* x, T* y, std::size_t outer, std::size_t len, std::size_t inner,             \
                    const softmax_options<T>& options) {                                                 \
    detail::softmax_axis_with(detail::active_softmax(), detail::softmax_kind::softmax, x, y, outer, len, inner, options);                    \
  }                                                                                                      \
  void log_softmax_axis(const T* x, T* y, std::size_t outer, std::size_t len, std::size_t inner) {       \
    detail::softmax_axis_with(detail::active_softmax(), detail::softmax_kind::log_softmax, x, y, outer, len, inner, softmax_options<T>{});   \
  }                                                                                                      \
  void log_softmax_axis(const T* x, T* y, std::size_t outer, std::size_t len, std::size_t inner,         \
                        const softmax_options<T>& options) {                                             \
    detail::softmax_axis_with(detail::active_softmax(), detail::softmax_kind::log_softmax, x, y, outer, len, inner, options);                \
  }                                                                                                      \
  void softmax_backward(const T* y, const T* dy, T* dx, std::size_t rows, std::size_t cols) {            \
    const auto s = std::ptrdiff_t(cols);                                                                 \
    detail::softmax_backward_with(detail::active_softmax(), detail::softmax_kind::softmax, y, s, dy, s, dx, s, rows, cols);                  \
  }                                                                                                      \
  void softmax_backward(const T* y, std::ptrdiff_t ys, const T* dy, std::ptrdiff_t dys, T* dx,            \
                        std::ptrdiff_t dxs, std::size_t rows, std::size_t cols) {                        \
    detail::softmax_backward_with(detail::active_softmax(), detail::softmax_kind::softmax, y, ys, dy, dys, dx, dxs, rows, cols);             \
  }                                                                                                      \
  void log_softmax_backward(const T* y, const T* dy, T* dx, std::size_t rows, std::size_t cols) {        \
    const auto s = std::ptrdiff_t(cols);                                                                 \
    detail::softmax_backward_with(detail::active_softmax(), detail::softmax_kind::log_softmax, y, s, dy, s, dx, s, rows, cols);              \
  }                                                                                                      \
  void log_softmax_backward(const T* y, std::ptrdiff_t ys, const T* dy, std::ptrdiff_t dys, T* dx,        \
                            std::ptrdiff_t dxs, std::size_t rows, std::size_t cols) {                    \
    detail::softmax_backward_with(detail::active_softmax(), detail::softmax_kind::log_softmax, y, ys, dy, dys, dx, dxs, rows, cols);         \
  }

SIMDACT_DETAIL_SOFTMAX_DEFINE(float)
SIMDACT_DETAIL_SOFTMAX_DEFINE(double)
#undef SIMDACT_DETAIL_SOFTMAX_DEFINE

}  // namespace simdact
