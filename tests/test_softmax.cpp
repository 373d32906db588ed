// The softmax family: accuracy against a wider-precision reference on every target, bit-identity
// with the scalar path, the special-row policy, strides, axes, threads, backward passes and bad
// arguments.
#include <catch2/catch_test_macros.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "simdact/error.hpp"
#include "simdact/softmax.hpp"
#include "simdact/threads.hpp"
#include "softmax_internal.hpp"
#include "targets.hpp"
#include "test_vectors.hpp"
#include "ulp.hpp"

namespace simdact::test {
namespace {

using detail::softmax_kind;

constexpr unsigned softmax_bound = 4, log_softmax_bound = 3;

// Builds that sample the f32 space more sparsely than the native default (qemu, Bochs, the
// sanitizers) run slower code: they get shorter rows too.
bool light() { return profile().f32_stride > 251; }

const detail::softmax_table* softmax_target(const char* name) {
#if SIMDACT_TEST_EMULATED16
  if (std::string_view(name) == "emulated16") return &emulated16_softmax;
#endif
  const detail::kernel_table* table = target_table(name);
  return table ? table->softmax : nullptr;
}

template <class T>
struct row_reference {
  std::vector<wide_t<T>> y;
  wide_t<T> max, log_sum_exp;
};

// The exact softmax (or log_softmax) of one row, in wider precision: with the row's max
// subtracted exactly there, e^(x - max) carries only the reference's own rounding.
template <class T>
row_reference<T> reference_row(softmax_kind kind, const T* x, std::size_t n, std::size_t step = 1) {
  using W = wide_t<T>;
  W max = -std::numeric_limits<W>::infinity();
  for (std::size_t i = 0; i < n; ++i) max = std::max(max, W(x[i * step]));
  // The sum is 1 + rest: kept apart, rest keeps its digits for log1p when it is tiny next to 1.
  W rest = -1;
  for (std::size_t i = 0; i < n; ++i) {
    if (W(x[i * step]) == max) rest += 1;
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (W(x[i * step]) != max) rest += std::exp(W(x[i * step]) - max);
  }
  const W sum = 1 + rest;
  const W log_sum = std::log1p(rest);
  row_reference<T> r{std::vector<W>(n), max, max + log_sum};
  for (std::size_t i = 0; i < n; ++i) {
    const W d = W(x[i * step]) - max;
    r.y[i] = kind == softmax_kind::softmax ? std::exp(d) / sum : d - log_sum;
  }
  return r;
}

// The log-sum-exp's error: in ULP where |exact| >= 1, below in units of ulp(1) (absolute 2^-23 /
// 2^-52): it comes from a sum of rounded terms, whose rounding no final log can make relative.
template <class T>
std::uint64_t log_sum_exp_error(T got, wide_t<T> exact) {
  using W = wide_t<T>;
  if (!(std::fabs(exact) < 1)) return ulp_error(got, exact);
  return std::uint64_t(std::ceil(double(std::fabs(W(got) - exact) / W(std::numeric_limits<T>::epsilon()) - 1e-3)));
}

template <class T>
struct measured {
  std::uint64_t worst = 0;
  T worst_x = 0;
  std::uint64_t worst_stat = 0;
};

// Runs rows x cols through `table`, compares every element (and the row outputs) with the
// reference, and returns the largest errors.
template <class T>
measured<T> measure_rows(const detail::softmax_table& table, softmax_kind kind, const std::vector<T>& x,
                         std::size_t rows, std::size_t cols, std::vector<T>* out = nullptr) {
  std::vector<T> y(x.size()), row_max(rows), row_lse(rows);
  softmax_options<T> options;
  options.row_max = row_max.data();
  options.row_log_sum_exp = row_lse.data();
  detail::softmax_rows_with(table, kind, x.data(), std::ptrdiff_t(cols), y.data(), std::ptrdiff_t(cols), rows, cols,
                            options);
  measured<T> m;
  for (std::size_t r = 0; r < rows; ++r) {
    const auto ref = reference_row(kind, x.data() + r * cols, cols);
    for (std::size_t i = 0; i < cols; ++i) {
      const std::uint64_t e = ulp_error(y[r * cols + i], ref.y[i]);
      if (e > m.worst) {
        m.worst = e;
        m.worst_x = x[r * cols + i];
      }
    }
    REQUIRE(row_max[r] == T(ref.max));
    m.worst_stat = std::max(m.worst_stat, log_sum_exp_error(row_lse[r], ref.log_sum_exp));
  }
  if (out) *out = y;
  return m;
}

template <class T>
void check_accuracy(const detail::softmax_table& table, const char* target, softmax_kind kind) {
  const unsigned bound = kind == softmax_kind::softmax ? softmax_bound : log_softmax_bound;
  const char* kind_name = kind == softmax_kind::softmax ? "softmax" : "log_softmax";
  struct shape {
    std::size_t rows, cols;
  };
  // 20000: more than two 8K-element chunks, whose sums are combined in order.
  std::vector<shape> shapes = {{1, 1}, {3, 7}, {5, 33}, {4, 100}, {2, 4096}, {1, 20000}};
  if (!light()) {
    shapes.push_back({sizeof(T) == 4 ? std::size_t(256) : 32, 1000});
    shapes.push_back({1, 100000});  // split across threads
    if (sizeof(T) == 4) shapes.push_back({1, 1000000});
  }
  struct input_range {
    T lo, hi, shift;
    const char* what;
  };
  const input_range ranges[] = {{-30, 30, 0, "[-30, 30]"},
                                {-30, 30, T(1e4), "[-30, 30] + 1e4"},
                                {-120, 10, 0, "[-120, 10] (subnormal results)"},
                                {sizeof(T) == 4 ? T(-800) : T(-800), 0, 0, "[-800, 0]"},
                                {-30, 30, sizeof(T) == 4 ? T(3e7) : T(3e12), "[-30, 30] + 3e7 / 3e12 (max subtracted first)"}};
  unsigned seed = 1;
  for (const auto& s : shapes) {
    for (const auto& range : ranges) {
      auto x = uniform_inputs<T>(s.rows * s.cols, range.lo, range.hi, seed++);
      for (auto& v : x) v += range.shift;
      const auto m = measure_rows(table, kind, x, s.rows, s.cols);
      INFO(kind_name << (sizeof(T) == 4 ? " f32 " : " f64 ") << target << " " << s.rows << "x" << s.cols << " "
                     << range.what << ": max " << m.worst << " ULP at x = " << m.worst_x
                     << ", log-sum-exp " << m.worst_stat << " ULP");
      if (bounds_enforced<T>()) {
        CHECK(m.worst <= bound);
        CHECK(m.worst_stat <= 2);
      }
      WARN(kind_name << (sizeof(T) == 4 ? " f32 " : " f64 ") << target << " " << s.rows << "x" << s.cols << " "
                     << range.what << ": max " << m.worst << " ULP, log-sum-exp " << m.worst_stat << " ULP");
    }
  }
}

// Rows shorter than the accumulation lanes, whose padding is summed and dropped, at maxima spread
// over the whole range that the row scaling covers: every such row must stay within the bound
// (a padding of 0 once turned rows with certain negative maxima into NaN).
template <class T>
void check_short_rows(const detail::softmax_table& table) {
  const std::size_t cols = detail::softmax_limits<T>::lanes / 2 - 1;
  const T span = sizeof(T) == 4 ? T(1000) : T(6000);
  for (softmax_kind kind : {softmax_kind::softmax, softmax_kind::log_softmax}) {
    std::uint64_t worst = 0;
    T worst_max = 0;
    std::vector<T> x(cols), y(cols);
    for (T max = -span; max < span; max += T(0.37)) {
      for (std::size_t i = 0; i < cols; ++i) x[i] = max - T(i);
      detail::softmax_rows_with(table, kind, x.data(), std::ptrdiff_t(cols), y.data(), std::ptrdiff_t(cols), 1, cols,
                                softmax_options<T>{});
      const auto ref = reference_row(kind, x.data(), cols);
      for (std::size_t i = 0; i < cols; ++i) {
        const std::uint64_t e = ulp_error(y[i], ref.y[i]);
        if (e > worst) {
          worst = e;
          worst_max = max;
        }
      }
    }
    INFO((kind == softmax_kind::softmax ? "softmax" : "log_softmax") << " rows of " << cols << ", max in [-" << span
                                                                      << ", " << span << "): " << worst
                                                                      << " ULP at max = " << worst_max);
    if (bounds_enforced<T>())
      CHECK(worst <= (kind == softmax_kind::softmax ? softmax_bound : log_softmax_bound));
  }
}

// Same bits as the scalar path, for rows, axes and backward passes.
template <class T>
void check_identity(const detail::softmax_table& table) {
  const auto& scalar = detail::scalar_softmax;
  for (softmax_kind kind : {softmax_kind::softmax, softmax_kind::log_softmax}) {
    for (std::size_t cols : {std::size_t(1), std::size_t(31), std::size_t(67), std::size_t(4097)}) {
      const std::size_t rows = 3;
      auto x = uniform_inputs<T>(rows * cols, T(-60), T(20), unsigned(cols));
      x[0] = -std::numeric_limits<T>::infinity();
      if (cols > 1) x[cols - 1] = x[cols] = T(25);
      std::vector<T> a(x.size()), b(x.size()), stats_a(2 * rows), stats_b(2 * rows);
      softmax_options<T> oa{false, stats_a.data(), stats_a.data() + rows}, ob{false, stats_b.data(), stats_b.data() + rows};
      const auto stride = std::ptrdiff_t(cols);
      detail::softmax_rows_with(scalar, kind, x.data(), stride, a.data(), stride, rows, cols, oa);
      detail::softmax_rows_with(table, kind, x.data(), stride, b.data(), stride, rows, cols, ob);
      CHECK(same_bits(a, b));
      CHECK(same_bits(stats_a, stats_b));
    }
    for (std::size_t inner : {std::size_t(2), std::size_t(19), std::size_t(70)}) {
      const std::size_t outer = 2, len = 37;
      auto x = uniform_inputs<T>(outer * len * inner, T(-40), T(40), unsigned(inner));
      x[5] = std::numeric_limits<T>::quiet_NaN();
      x[inner + 1] = std::numeric_limits<T>::infinity();
      std::vector<T> a(x.size()), b(x.size()), stats_a(outer * inner), stats_b(outer * inner);
      softmax_options<T> oa{true, nullptr, stats_a.data()}, ob{true, nullptr, stats_b.data()};
      detail::softmax_axis_with(scalar, kind, x.data(), a.data(), outer, len, inner, oa);
      detail::softmax_axis_with(table, kind, x.data(), b.data(), outer, len, inner, ob);
      CHECK(same_bits(a, b));
      CHECK(same_bits(stats_a, stats_b));
    }
    {
      const std::size_t rows = 4, cols = 1000;
      const auto y = uniform_inputs<T>(rows * cols, T(-10), T(0), 7);
      const auto dy = uniform_inputs<T>(rows * cols, T(-1), T(1), 8);
      std::vector<T> a(y.size()), b(y.size());
      const auto s = std::ptrdiff_t(cols);
      detail::softmax_backward_with(scalar, kind, y.data(), s, dy.data(), s, a.data(), s, rows, cols);
      detail::softmax_backward_with(table, kind, y.data(), s, dy.data(), s, b.data(), s, rows, cols);
      CHECK(same_bits(a, b));
    }
  }
}

// softmax_axis against the reference column by column (inner > 1 takes the column passes).
template <class T>
void check_axis(const detail::softmax_table& table, softmax_kind kind) {
  const unsigned bound = kind == softmax_kind::softmax ? softmax_bound : log_softmax_bound;
  for (std::size_t inner : {std::size_t(1), std::size_t(3), std::size_t(64), std::size_t(97)}) {
    const std::size_t outer = 3, len = light() ? 50 : 300;
    const auto x = uniform_inputs<T>(outer * len * inner, T(-30), T(30), unsigned(inner + 100));
    std::vector<T> y(x.size()), row_max(outer * inner), row_lse(outer * inner);
    softmax_options<T> options{false, row_max.data(), row_lse.data()};
    detail::softmax_axis_with(table, kind, x.data(), y.data(), outer, len, inner, options);
    std::uint64_t worst = 0, worst_stat = 0;
    for (std::size_t o = 0; o < outer; ++o) {
      for (std::size_t j = 0; j < inner; ++j) {
        const std::size_t base = o * len * inner + j;
        const auto ref = reference_row(kind, x.data() + base, len, inner);
        for (std::size_t a = 0; a < len; ++a) worst = std::max(worst, ulp_error(y[base + a * inner], ref.y[a]));
        CHECK(row_max[o * inner + j] == T(ref.max));
        worst_stat = std::max(worst_stat, log_sum_exp_error(row_lse[o * inner + j], ref.log_sum_exp));
      }
    }
    INFO("axis inner = " << inner << ": max " << worst << " ULP, log-sum-exp " << worst_stat);
    if (bounds_enforced<T>()) {
      CHECK(worst <= bound);
      CHECK(worst_stat <= 2);
    }
    // In place gives the same bits.
    std::vector<T> in_place = x;
    detail::softmax_axis_with(table, kind, in_place.data(), in_place.data(), outer, len, inner, softmax_options<T>{});
    CHECK(same_bits(in_place, y));
  }
}

// The backward passes against the reference. Their subtraction is as ill-conditioned as the math
// (dy - Σ dy y cancels), so the error is measured in units of the rounding of its operands:
// |dx - exact| <= 4 ulp-units of |y| (|dy| + |Σ|) (softmax), of |dy| + e^y |Σ| (log_softmax).
template <class T>
void check_backward(const detail::softmax_table& table, softmax_kind kind) {
  using W = wide_t<T>;
  for (std::size_t cols : {std::size_t(1), std::size_t(45), std::size_t(1000), std::size_t(20000)}) {
    const std::size_t rows = 3;
    const auto x = uniform_inputs<T>(rows * cols, T(-20), T(20), unsigned(cols));
    std::vector<T> y(x.size());
    detail::softmax_rows_with(table, kind, x.data(), std::ptrdiff_t(cols), y.data(), std::ptrdiff_t(cols), rows,
                              cols, softmax_options<T>{});
    const auto dy = uniform_inputs<T>(rows * cols, T(-1), T(1), unsigned(cols + 1));
    std::vector<T> dx(x.size());
    const auto s = std::ptrdiff_t(cols);
    detail::softmax_backward_with(table, kind, y.data(), s, dy.data(), s, dx.data(), s, rows, cols);
    double worst = 0;
    for (std::size_t r = 0; r < rows; ++r) {
      W sum = 0;
      for (std::size_t i = 0; i < cols; ++i)
        sum += kind == softmax_kind::softmax ? W(dy[r * cols + i]) * W(y[r * cols + i]) : W(dy[r * cols + i]);
      for (std::size_t i = 0; i < cols; ++i) {
        const W yi = y[r * cols + i], dyi = dy[r * cols + i];
        W exact, scale;
        if (kind == softmax_kind::softmax) {
          exact = yi * (dyi - sum);
          scale = std::fabs(yi) * (std::fabs(dyi) + std::fabs(sum));
        } else {
          exact = dyi - std::exp(yi) * sum;
          scale = std::fabs(dyi) + std::exp(yi) * std::fabs(sum);
        }
        const W unit = scale * W(std::numeric_limits<T>::epsilon()) / 2 + W(std::numeric_limits<T>::denorm_min());
        worst = std::max(worst, double(std::fabs(W(dx[r * cols + i]) - exact) / unit));
      }
    }
    INFO("backward cols = " << cols << ": " << worst << " units");
    if (bounds_enforced<T>()) CHECK(worst <= 4);
  }
  // In place over dy and over y.
  const std::size_t rows = 2, cols = 300;
  const auto y0 = uniform_inputs<T>(rows * cols, T(-5), T(0), 3);
  const auto dy0 = uniform_inputs<T>(rows * cols, T(-1), T(1), 4);
  std::vector<T> expected(y0.size()), over_dy = dy0, over_y = y0;
  const auto s = std::ptrdiff_t(cols);
  detail::softmax_backward_with(table, kind, y0.data(), s, dy0.data(), s, expected.data(), s, rows, cols);
  detail::softmax_backward_with(table, kind, y0.data(), s, over_dy.data(), s, over_dy.data(), s, rows, cols);
  detail::softmax_backward_with(table, kind, over_y.data(), s, dy0.data(), s, over_y.data(), s, rows, cols);
  CHECK(same_bits(over_dy, expected));
  CHECK(same_bits(over_y, expected));
}

void check_softmax_target(const char* target) {
  const detail::softmax_table* table = softmax_target(target);
  if (!table) {
    if (target_required(target)) FAIL(target << " is required in this build but not available");
    SKIP(target << " is not available here");
  }
  for (softmax_kind kind : {softmax_kind::softmax, softmax_kind::log_softmax}) {
    check_accuracy<float>(*table, target, kind);
    check_accuracy<double>(*table, target, kind);
    check_axis<float>(*table, kind);
    check_axis<double>(*table, kind);
    check_backward<float>(*table, kind);
    check_backward<double>(*table, kind);
  }
  check_short_rows<float>(*table);
  check_short_rows<double>(*table);
  check_identity<float>(*table);
  check_identity<double>(*table);
}

#define SIMDACT_SOFTMAX_ON(target) \
  TEST_CASE("softmax family on " #target, "[" #target "][softmax]") { check_softmax_target(#target); }
SIMDACT_SOFTMAX_ON(scalar)
SIMDACT_SOFTMAX_ON(avx2)
SIMDACT_SOFTMAX_ON(avx512)
SIMDACT_SOFTMAX_ON(neon)
SIMDACT_SOFTMAX_ON(emulated16)
#undef SIMDACT_SOFTMAX_ON

// ---- public API: special rows, strides, threads, errors ------------------------------------

template <class T>
bool is_nan(T v) {
  return v != v;
}

template <class T>
void check_special_rows() {
  constexpr T inf = std::numeric_limits<T>::infinity();
  constexpr T nan = std::numeric_limits<T>::quiet_NaN();
  const std::size_t cols = 5;
  // Row 0: NaN among finite (and +inf); 1: two +inf; 2: all -inf; 3: one -inf; 4: one +inf, -inf.
  const std::vector<T> x = {1, nan, inf, 2, 3,            //
                            inf, 0, inf, -inf, 5,         //
                            -inf, -inf, -inf, -inf, -inf, //
                            0, -inf, 0, 0, 0,             //
                            -inf, 7, inf, 1e30, -1e30,    //
                            1, 2, -inf, nan, 4,           // 5: NaN with a finite max
                            -inf, nan, -inf, -inf, -inf}; // 6: NaN, the rest -inf
  const std::size_t rows = x.size() / cols;
  for (bool masked : {false, true}) {
    std::vector<T> y(x.size()), l(x.size()), row_max(rows), row_lse(rows), lmax(rows), llse(rows);
    softmax(x.data(), cols, y.data(), cols, rows, cols, softmax_options<T>{masked, row_max.data(), row_lse.data()});
    log_softmax(x.data(), cols, l.data(), cols, rows, cols, softmax_options<T>{masked, lmax.data(), llse.data()});
    for (std::size_t i = 0; i < cols; ++i) {
      CHECK(is_nan(y[i]));
      CHECK(is_nan(l[i]));
    }
    CHECK((is_nan(row_max[0]) && is_nan(row_lse[0]) && is_nan(llse[0])));
    const T half[] = {T(0.5), 0, T(0.5), 0, 0};
    const T log_half = T(-std::log(2.0));
    for (std::size_t i = 0; i < cols; ++i) {
      CHECK(y[cols + i] == half[i]);
      CHECK(l[cols + i] == (half[i] != 0 ? log_half : -inf));
    }
    CHECK((row_max[1] == inf && row_lse[1] == inf && llse[1] == inf));
    for (std::size_t i = 0; i < cols; ++i) {
      if (masked) {
        CHECK(y[2 * cols + i] == 0);
        CHECK(l[2 * cols + i] == -inf);
      } else {
        CHECK(is_nan(y[2 * cols + i]));
        CHECK(is_nan(l[2 * cols + i]));
      }
    }
    CHECK((row_max[2] == -inf && row_lse[2] == -inf && llse[2] == -inf));
    for (std::size_t i = 0; i < cols; ++i) {
      CHECK(y[3 * cols + i] == (i == 1 ? T(0) : T(0.25)));
      CHECK(l[3 * cols + i] == (i == 1 ? -inf : T(-std::log(4.0))));
    }
    CHECK(row_lse[3] == T(std::log(4.0)));
    for (std::size_t i = 0; i < cols; ++i) {
      CHECK(y[4 * cols + i] == (i == 2 ? T(1) : T(0)));
      CHECK(l[4 * cols + i] == (i == 2 ? T(0) : -inf));
    }
    for (std::size_t i = 5 * cols; i < 7 * cols; ++i) {
      CHECK(is_nan(y[i]));
      CHECK(is_nan(l[i]));
    }
    CHECK((is_nan(row_max[5]) && is_nan(row_lse[5]) && is_nan(llse[6])));
    // In place, where softmax stores its terms in y before it sees the NaN sum.
    if (!masked) {
      std::vector<T> in_place = x, log_in_place = x;
      softmax(in_place.data(), in_place.data(), rows, cols);
      log_softmax(log_in_place.data(), log_in_place.data(), rows, cols);
      CHECK(same_bits(in_place, y));
      CHECK(same_bits(log_in_place, l));
    }
  }
}

TEST_CASE("softmax special rows follow the documented policy", "[api][softmax]") {
  check_special_rows<float>();
  check_special_rows<double>();
}

TEST_CASE("softmax strided rows leave the gaps alone and match contiguous rows", "[api][softmax]") {
  const std::size_t rows = 7, cols = 45, xs = 50, ys = 64;
  auto x = uniform_inputs<float>(rows * xs, -10, 10, 11);
  std::vector<float> y(rows * ys, 42.0f), contiguous_x(rows * cols), contiguous_y(rows * cols);
  for (std::size_t r = 0; r < rows; ++r)
    std::memcpy(contiguous_x.data() + r * cols, x.data() + r * xs, cols * sizeof(float));
  for (auto fn : {+[](const float* a, std::ptrdiff_t as, float* b, std::ptrdiff_t bs, std::size_t r, std::size_t c) {
                    softmax(a, as, b, bs, r, c);
                  },
                  +[](const float* a, std::ptrdiff_t as, float* b, std::ptrdiff_t bs, std::size_t r, std::size_t c) {
                    log_softmax(a, as, b, bs, r, c);
                  }}) {
    std::fill(y.begin(), y.end(), 42.0f);
    fn(x.data(), xs, y.data(), ys, rows, cols);
    fn(contiguous_x.data(), cols, contiguous_y.data(), cols, rows, cols);
    for (std::size_t r = 0; r < rows; ++r) {
      CHECK(std::memcmp(y.data() + r * ys, contiguous_y.data() + r * cols, cols * sizeof(float)) == 0);
      for (std::size_t i = cols; i < ys; ++i) CHECK(y[r * ys + i] == 42.0f);
    }
  }
}

TEST_CASE("softmax gives the same bits on 1, 2 and 3 threads", "[threads][softmax]") {
  const int saved = num_threads();
  const auto long_row = uniform_inputs<float>(300000, -30, 30, 5);
  const auto many_rows = uniform_inputs<double>(512 * 300, -30, 30, 6);
  std::vector<std::vector<float>> long_results;
  std::vector<std::vector<double>> row_results;
  for (int threads : {1, 2, 3}) {
    set_num_threads(threads);
    std::vector<float> a(long_row.size()), b(long_row.size());
    float lse[2];
    softmax(long_row.data(), 300000, a.data(), 300000, 1, 300000, softmax_options<float>{false, nullptr, lse});
    log_softmax(long_row.data(), 300000, b.data(), 300000, 1, 300000, softmax_options<float>{false, nullptr, lse + 1});
    a.insert(a.end(), b.begin(), b.end());
    a.insert(a.end(), lse, lse + 2);
    long_results.push_back(a);
    std::vector<double> c(many_rows.size()), d(many_rows.size());
    softmax_axis(many_rows.data(), c.data(), 4, 300, 128);
    softmax(many_rows.data(), d.data(), 512, 300);
    c.insert(c.end(), d.begin(), d.end());
    row_results.push_back(c);
  }
  set_num_threads(saved);
  CHECK(same_bits(long_results[0], long_results[1]));
  CHECK(same_bits(long_results[0], long_results[2]));
  CHECK(same_bits(row_results[0], row_results[1]));
  CHECK(same_bits(row_results[0], row_results[2]));
}

template <class F>
errc error_of(F&& call) {
  try {
    call();
  } catch (const error& e) {
    return e.code();
  }
  return errc{};
}

TEST_CASE("softmax rejects bad arguments and writes nothing", "[api][softmax]") {
  std::vector<float> x(100, 1.0f), y(100, 7.0f), stats(10, 7.0f);
  const std::vector<float> untouched = y;
  CHECK(error_of([&] { softmax(static_cast<const float*>(nullptr), y.data(), 2, 5); }) == errc::null_pointer);
  CHECK(error_of([&] { log_softmax(x.data(), static_cast<float*>(nullptr), 2, 5); }) == errc::null_pointer);
  CHECK(error_of([&] { softmax(x.data(), 4, y.data(), 5, 2, 5); }) == errc::bad_size);
  CHECK(error_of([&] { softmax(x.data(), -5, y.data(), 5, 2, 5); }) == errc::bad_size);
  CHECK(error_of([&] { softmax(x.data(), y.data(), std::size_t(1) << 62, 64); }) == errc::bad_size);
  // cols alone past the address space (cols * sizeof(T) wraps), with one row and with two.
  CHECK(error_of([&] { softmax(x.data(), y.data(), 1, std::size_t(1) << 62); }) == errc::bad_size);
  CHECK(error_of([&] { log_softmax(x.data(), y.data(), 2, std::numeric_limits<std::size_t>::max() / 2); }) ==
        errc::bad_size);
  CHECK(error_of([&] { softmax_backward(x.data(), x.data(), y.data(), 1, std::size_t(1) << 62); }) == errc::bad_size);
  CHECK(error_of([&] { log_softmax_backward(x.data(), x.data(), y.data(), 1, std::size_t(1) << 63); }) ==
        errc::bad_size);
  CHECK(error_of([&] { softmax(x.data(), x.data() + 1, 2, 5); }) == errc::overlapping_buffers);
  CHECK(error_of([&] { softmax(x.data(), 10, x.data(), 5, 2, 5); }) == errc::overlapping_buffers);
  CHECK(error_of([&] { softmax(x.data(), 5, y.data(), 5, 2, 5, softmax_options<float>{false, y.data() + 3, nullptr}); }) ==
        errc::overlapping_buffers);
  CHECK(error_of([&] {
          softmax(x.data(), 5, y.data(), 5, 2, 5, softmax_options<float>{false, stats.data(), stats.data() + 1});
        }) == errc::overlapping_buffers);
  CHECK(error_of([&] { softmax_axis(x.data(), x.data() + 2, 2, 5, 3); }) == errc::overlapping_buffers);
  CHECK(error_of([&] { softmax_axis(x.data(), y.data(), std::size_t(1) << 40, std::size_t(1) << 40, 64); }) ==
        errc::bad_size);
  CHECK(error_of([&] { softmax_backward(y.data(), x.data(), y.data() + 1, 2, 5); }) == errc::overlapping_buffers);
  CHECK(error_of([&] { log_softmax_backward(x.data(), 4, x.data(), 5, y.data(), 5, 2, 5); }) == errc::bad_size);
  CHECK(same_bits(y, untouched));
  CHECK(error_of([&] { softmax_backward(x.data(), x.data(), y.data() + 1, 2, 5); }) == errc{});
  y = untouched;
  CHECK(error_of([&] { softmax(x.data(), y.data(), 0, 5); }) == errc{});
  CHECK(error_of([&] { softmax(static_cast<const float*>(nullptr), static_cast<float*>(nullptr), 3, 0); }) == errc{});
  CHECK(error_of([&] { softmax(x.data(), 5, y.data(), 5, 2, 5, softmax_options<float>{false, stats.data(), nullptr}); }) ==
        errc{});
  // Every failing call above left its output alone.
  std::vector<float> probe(100, 7.0f);
  CHECK(error_of([&] { softmax(x.data(), 4, probe.data(), 5, 2, 5); }) == errc::bad_size);
  CHECK(same_bits(probe, untouched));
}

}  // namespace
}  // namespace simdact::test
