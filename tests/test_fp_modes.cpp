// Every kernel under the floating-point modes a caller may have set.
//
// Flushing subnormals (x86 MXCSR FTZ + DAZ, AArch64 FPCR.FZ), as inference engines often run their
// threads, changes what the hardware computes, so the results cannot all stay bit-identical; the
// contract (README, "Floating-point modes") is that each result is that of the default mode for the
// input as given or for the input flushed to a signed zero, exactly or within 1 ULP, or within the
// smallest normal number of it, times 1 + |dy| for the backward passes (what flushing a subnormal
// value costs anyway). A kernel whose
// exactness tricks relied on subnormal arithmetic would fail this with huge differences.
//
// A directed rounding mode changes nothing, and enabled traps do not fire: every call rounds to
// nearest with exceptions masked, and gives the caller its mode back.
#include <catch2/catch_test_macros.hpp>

#include <cfenv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

#include "dispatch.hpp"
#include "simdact/simdact.hpp"
#include "softmax_internal.hpp"
#include "targets.hpp"
#include "ulp.hpp"

namespace simdact::test {
namespace {

using detail::kernel_params;
using detail::kernel_table;

// Sets the flush modes for its lifetime and restores the caller's environment after.
class flushing_subnormals {
 public:
  flushing_subnormals() {
#if defined(__x86_64__) || defined(__i386__)
    saved_ = _mm_getcsr();
    _mm_setcsr(saved_ | 0x8040u);  // FTZ (bit 15) and DAZ (bit 6)
#elif defined(__aarch64__)
    __asm__ volatile("mrs %0, fpcr" : "=r"(saved_));
    const std::uint64_t flushing = saved_ | (std::uint64_t(1) << 24);  // FZ
    __asm__ volatile("msr fpcr, %0" ::"r"(flushing));
#endif
  }
  ~flushing_subnormals() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_setcsr(saved_);
#elif defined(__aarch64__)
    __asm__ volatile("msr fpcr, %0" ::"r"(saved_));
#endif
  }
  flushing_subnormals(const flushing_subnormals&) = delete;
  flushing_subnormals& operator=(const flushing_subnormals&) = delete;

 private:
#if defined(__aarch64__)
  std::uint64_t saved_ = 0;
#else
  unsigned saved_ = 0;
#endif
};

constexpr bool flush_modes_known() {
#if defined(__x86_64__) || defined(__i386__) || defined(__aarch64__)
  return true;
#else
  return false;
#endif
}

// Restore what a test changes, also when it leaves early (SKIP, REQUIRE).
struct isa_restorer {
  isa saved = active_isa();
  ~isa_restorer() { set_isa(saved); }
};
struct rounding_restorer {
  ~rounding_restorer() { std::fesetround(FE_TONEAREST); }
};
struct threads_restorer {
  ~threads_restorer() { set_num_threads(0); }
};

template <class T>
T flushed(T v) {
  return std::fabs(v) < std::numeric_limits<T>::min() ? std::copysign(T(0), v) : v;
}

// 1 ULP everywhere: an intermediate can underflow far from the result's own magnitude (hardswish
// at x = -2^-996 squares x).
// `flush_cost`: how far flushing one subnormal value may move the result, in units of the smallest
// normal number: 1 for a value flushed where it is the result, |dy| or so where a flushed f' is
// then multiplied by dy. (AArch64 decides tininess before rounding: there f' = y (1 - y) at
// y = 2^-1022 is flushed although it rounds to 2^-1022, and dy f' moves by |dy| 2^-1022.)
template <class T>
bool agrees(T expected, T got, double flush_cost) {
  if (same_bits(expected, got)) return true;
  if (std::isnan(expected) || std::isnan(got)) return false;
  if (std::fabs(double(expected) - double(got)) <= flush_cost * double(std::numeric_limits<T>::min())) return true;
  return std::llabs(ordinal(expected) - ordinal(got)) <= 1;
}

// Counts the outputs that break the contract; describes the first.
template <class T>
struct tally {
  std::size_t failures = 0;
  std::string first;
  void check(const char* what, T input, T expected, T expected_flushed_input, T got, double flush_cost = 1) {
    if (agrees(expected, got, flush_cost) || agrees(expected_flushed_input, got, flush_cost)) return;
    if (failures++ == 0) {
      std::ostringstream out;
      out << what << " at " << std::hexfloat << input << ": " << expected << " in the default mode, " << got
          << " flushing";
      first = out.str();
    }
  }
};

template <class T>
std::vector<T> sweep_inputs() {
  std::vector<T> x;
  if constexpr (sizeof(T) == 4) {
    // Every k-th bit pattern: all binades, both signs, NaNs and infinities, subnormals included.
    const std::uint64_t stride = std::uint64_t(profile().f32_stride) * 16 + 1;
    for (std::uint64_t b = 0; b < (std::uint64_t(1) << 32); b += stride) {
      const auto u = static_cast<std::uint32_t>(b);
      float v;
      std::memcpy(&v, &u, 4);
      x.push_back(v);
    }
  } else {
    std::mt19937_64 random(7);
    const std::size_t count = profile().f64_randoms / 40 + 1000;
    for (std::size_t i = 0; i < count; ++i) {
      const std::uint64_t u = random();
      double v;
      std::memcpy(&v, &u, 8);
      x.push_back(v);
    }
    std::uniform_real_distribution<double> moderate(-800, 800);
    for (std::size_t i = 0; i < count; ++i) x.push_back(moderate(random));
  }
  // Around the smallest normal, where flushing starts, on both sides and both signs.
  const T tiny = std::numeric_limits<T>::min();
  for (T scale : {T(0.25), T(0.5), T(0.999), T(1), T(1.001), T(1.5), T(2), T(3), T(4)}) {
    x.push_back(tiny * scale);
    x.push_back(-tiny * scale);
  }
  return x;
}

template <class T>
void check_unary_kernels(const kernel_table& table) {
  const std::vector<T> x = sweep_inputs<T>();
  std::vector<T> x_flushed(x.size()), dy(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) x_flushed[i] = flushed(x[i]);
  std::mt19937 random(3);
  std::uniform_real_distribution<T> gradients(-2, 2);
  for (T& v : dy) v = gradients(random);
  std::vector<T> expected(x.size()), expected_flushed(x.size()), got(x.size());
  std::size_t changed_by_flushing = 0;  // so that a mode that silently stayed off cannot pass

  for (const detail::unary_kernel_ref& kernel : detail::unary_kernels) {
    const kernel_params<T> params = detail::default_params<T>(kernel);
    const detail::gradient_entry& gradient = table.gradient->*(kernel.gradient);
    struct pass {
      const char* name;
      detail::unary_fn<T> unary;
      detail::binary_fn<T> binary;
    };
    const pass passes[] = {{"forward", (table.*(kernel.entry)).template get<T>(), nullptr},
                           {"derivative", gradient.template derivative<T>(), nullptr},
                           {"backward", nullptr, gradient.template backward<T>()},
                           {"backward from the output", nullptr, gradient.template from_output<T>()}};
    for (const pass& p : passes) {
      if (!p.unary && !p.binary) continue;
      const auto run = [&](const std::vector<T>& in, std::vector<T>& out) {
        if (p.unary) p.unary(in.data(), out.data(), in.size(), params);
        else p.binary(in.data(), dy.data(), out.data(), in.size(), params);
      };
      run(x, expected);
      run(x_flushed, expected_flushed);
      {
        flushing_subnormals flushing;
        run(x, got);
      }
      tally<T> result;
      for (std::size_t i = 0; i < x.size(); ++i) {
        result.check(p.name, x[i], expected[i], expected_flushed[i], got[i], p.binary ? 1 + std::fabs(dy[i]) : 1);
        changed_by_flushing += std::memcmp(&expected[i], &got[i], sizeof(T)) != 0;
      }
      INFO(kernel.name << ' ' << p.name << (sizeof(T) == 4 ? " f32: " : " f64: ") << result.failures
                       << " outputs off; first: " << result.first);
      CHECK(result.failures == 0);
    }
  }
  CHECK(changed_by_flushing > 0);
}

template <class T>
void check_softmax_family(const detail::softmax_table& table) {
  std::mt19937 random(5);
  for (const std::size_t cols : {std::size_t(7), std::size_t(100), std::size_t(1000), std::size_t(5000)}) {
    // Spreads whose outputs reach the subnormal range and below (f32 from ~ -87, f64 from ~ -708).
    for (const T spread : {T(30), T(200), T(2000)}) {
      const std::size_t rows = 16;
      std::uniform_real_distribution<T> inputs(-spread, spread / 4);
      std::vector<T> x(rows * cols), dy(rows * cols);
      for (T& v : x) v = inputs(random);
      for (T& v : dy) v = std::uniform_real_distribution<T>(-1, 1)(random);
      for (const auto kind : {detail::softmax_kind::softmax, detail::softmax_kind::log_softmax}) {
        const char* name = kind == detail::softmax_kind::softmax ? "softmax" : "log_softmax";
        std::vector<T> expected(x.size()), got(x.size()), grad_expected(x.size()), grad_got(x.size());
        std::vector<T> expected_flushed(x.size()), grad_expected_flushed(x.size());
        const auto c = static_cast<std::ptrdiff_t>(cols);
        detail::softmax_rows_with<T>(table, kind, x.data(), c, expected.data(), c, rows, cols, {});
        detail::softmax_backward_with<T>(table, kind, expected.data(), c, dy.data(), c, grad_expected.data(), c, rows,
                                         cols);
        // The backward pass reads y, whose subnormal entries the flushing run sees as zeros.
        for (std::size_t i = 0; i < x.size(); ++i) expected_flushed[i] = flushed(expected[i]);
        detail::softmax_backward_with<T>(table, kind, expected_flushed.data(), c, dy.data(), c,
                                         grad_expected_flushed.data(), c, rows, cols);
        {
          flushing_subnormals flushing;
          detail::softmax_rows_with<T>(table, kind, x.data(), c, got.data(), c, rows, cols, {});
          detail::softmax_backward_with<T>(table, kind, expected.data(), c, dy.data(), c, grad_got.data(), c, rows,
                                           cols);
        }
        tally<T> forward, backward;
        for (std::size_t i = 0; i < x.size(); ++i) {
          forward.check(name, x[i], expected[i], expected[i], got[i]);
          // dx = y (dy - sum) with |dy|, |sum| <= 1.
          backward.check("backward", expected[i], grad_expected[i], grad_expected_flushed[i], grad_got[i], 3);
        }
        INFO(name << ' ' << rows << 'x' << cols << " over [-" << spread << ", " << spread / 4 << "]: "
                  << forward.failures << " outputs off (first: " << forward.first << "), backward "
                  << backward.failures << " (first: " << backward.first << ')');
        CHECK(forward.failures == 0);
        CHECK(backward.failures == 0);
      }
    }
  }
}

void check_flushing(const char* target) {
  if (!flush_modes_known()) SKIP("no known flush-to-zero control on this architecture");
  const kernel_table* table = target_table(target);
  if (!table) {
    if (target_required(target)) FAIL(target << " is required in this build but not available");
    SKIP(target << " is not available here");
  }
  check_unary_kernels<float>(*table);
  check_unary_kernels<double>(*table);
  check_softmax_family<float>(*table->softmax);
  check_softmax_family<double>(*table->softmax);
}

// A call split across threads computes every share in the caller's mode: OpenMP's workers have
// their own floating-point controls, which the library sets from the caller's for the call. Inputs
// whose results are subnormal in the default mode make a share computed in another mode visible.
TEST_CASE("split calls compute in the caller's flush mode on every thread", "[threads][flush]") {
  if (!flush_modes_known()) SKIP("no known flush-to-zero control on this architecture");
  const threads_restorer restore_threads;
  std::mt19937 random(11);
  const std::size_t n = std::size_t(1) << 20, row = 300000;
  std::vector<float> x(n), long_row(row);
  for (float& v : x) v = std::uniform_real_distribution<float>(-100, -80)(random);  // sigmoid ~ 1e-35..1e-44
  for (float& v : long_row) v = std::uniform_real_distribution<float>(-120, 0)(random);
  // New threads copy their creator's controls: the workers must exist, in the default mode,
  // before the flushing calls, or they would flush for the wrong reason.
  {
    set_num_threads(3);
    std::vector<float> warm(n);
    sigmoid(x.data(), warm.data(), n);
  }
  std::vector<std::vector<float>> results;
  for (int threads : {1, 2, 3}) {
    set_num_threads(threads);
    std::vector<float> y(n), d(n), p(row);
    {
      flushing_subnormals flushing;
      sigmoid(x.data(), y.data(), n);
      sigmoid_derivative(x.data(), d.data(), n);
      softmax(long_row.data(), p.data(), 1, row);
    }
    y.insert(y.end(), d.begin(), d.end());
    y.insert(y.end(), p.begin(), p.end());
    results.push_back(std::move(y));
  }
  // And back in the default mode, the workers that computed under flushing have their own mode
  // again: the subnormal results are all there on 3 threads as on 1.
  std::vector<float> default_one(n), default_three(n);
  set_num_threads(1);
  sigmoid(x.data(), default_one.data(), n);
  set_num_threads(3);
  sigmoid(x.data(), default_three.data(), n);
  std::size_t subnormal_default = 0, differing_default = 0;
  for (std::size_t i = 0; i < n; ++i) {
    subnormal_default += default_one[i] != 0 && std::fabs(default_one[i]) < std::numeric_limits<float>::min();
    differing_default += !same_bits(default_one[i], default_three[i]);
  }
  CHECK(subnormal_default > n / 2);
  CHECK(differing_default == 0);
  std::size_t subnormal = 0;
  for (float v : results[0]) subnormal += v != 0 && std::fabs(v) < std::numeric_limits<float>::min();
  CHECK(subnormal == 0);  // the mode was on for the single-threaded call
  for (std::size_t k = 1; k < results.size(); ++k) {
    std::size_t differing = 0;
    for (std::size_t i = 0; i < results[0].size(); ++i)
      differing += !same_bits(results[0][i], results[k][i]);
    INFO(k + 1 << " threads: " << differing << " outputs differ from one thread's");
    CHECK(differing == 0);
  }
}

// Runs every public kernel on fixed inputs and returns all outputs, in order.
template <class T>
std::vector<T> all_public_outputs(const std::vector<T>& x, const std::vector<T>& dy) {
  const std::size_t n = x.size();
  std::vector<T> all, out(n);
  const auto keep = [&] { all.insert(all.end(), out.begin(), out.end()); };
  for (int k = 0; kind_name(kind(k)); ++k) {
    const kind which = kind(k);
    const activation act = which == kind::clip ? activation(which, {-1, 1}) : activation(which);
    forward(act, x.data(), out.data(), n);
    keep();
    derivative(act, x.data(), out.data(), n);
    keep();
    backward(act, x.data(), dy.data(), out.data(), n);
    keep();
    if (has_backward_from_output(act)) {
      std::vector<T> y(n);
      forward(act, x.data(), y.data(), n);
      backward_from_output(act, y.data(), dy.data(), out.data(), n);
      keep();
    }
  }
  const T slopes[3] = {T(0.25), T(-0.5), T(2)};
  std::vector<T> slopes_grad(3);
  prelu(x.data(), out.data(), n / 30, 3, 10, slopes);
  keep();
  prelu_backward(x.data(), dy.data(), out.data(), n / 30, 3, 10, slopes, slopes_grad.data());
  keep();
  all.insert(all.end(), slopes_grad.begin(), slopes_grad.end());
  // Rows of 1000 with a spread that reaches subnormal probabilities.
  const std::size_t cols = 1000, rows = n / cols;
  std::vector<T> scaled(rows * cols);
  for (std::size_t i = 0; i < scaled.size(); ++i) scaled[i] = std::fmod(x[i], T(150));
  for (std::size_t i = 0; i < scaled.size(); ++i) scaled[i] = std::isfinite(scaled[i]) ? scaled[i] : T(-1);
  std::vector<T> p(rows * cols);
  softmax(scaled.data(), p.data(), rows, cols);
  all.insert(all.end(), p.begin(), p.end());
  softmax_backward(p.data(), dy.data(), out.data(), rows, cols);
  all.insert(all.end(), out.begin(), out.begin() + std::ptrdiff_t(rows * cols));
  log_softmax(scaled.data(), p.data(), rows, cols);
  all.insert(all.end(), p.begin(), p.end());
  log_softmax_backward(p.data(), dy.data(), out.data(), rows, cols);
  all.insert(all.end(), out.begin(), out.begin() + std::ptrdiff_t(rows * cols));
  softmax_axis(scaled.data(), p.data(), rows, 10, cols / 10);
  all.insert(all.end(), p.begin(), p.end());
  return all;
}

template <class T>
void check_rounding_modes() {
  std::mt19937_64 random(17);
  const std::size_t n = 30000;
  std::vector<T> x(n), dy(n);
  for (std::size_t i = 0; i < n; ++i) {
    // Random bit patterns for one input in three (tiny and huge magnitudes), moderate values else.
    if (i % 3 == 0) {
      const std::uint64_t u = random();
      if constexpr (sizeof(T) == 4) {
        const auto b = static_cast<std::uint32_t>(u);
        std::memcpy(&x[i], &b, 4);
      } else {
        std::memcpy(&x[i], &u, 8);
      }
    } else {
      x[i] = std::uniform_real_distribution<T>(-30, 30)(random);
    }
    dy[i] = std::uniform_real_distribution<T>(-2, 2)(random);
  }
  const std::vector<T> nearest = all_public_outputs(x, dy);
  for (const int mode : {FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO}) {
    REQUIRE(std::fesetround(mode) == 0);
    const std::vector<T> directed = all_public_outputs(x, dy);
    const int after = std::fegetround();
    std::fesetround(FE_TONEAREST);
    CHECK(after == mode);  // the caller's mode is given back
    REQUIRE(directed.size() == nearest.size());
    std::size_t differing = 0;
    // A NaN output is compared as a NaN: its sign and payload are not part of any contract.
    for (std::size_t i = 0; i < nearest.size(); ++i) differing += !same_bits(nearest[i], directed[i]);
    INFO((sizeof(T) == 4 ? "f32" : "f64") << ", rounding mode " << mode << ": " << differing << " of "
                                          << nearest.size() << " outputs differ from round-to-nearest's");
    CHECK(differing == 0);
  }
}

TEST_CASE("a caller's directed rounding mode changes no result, on every instruction set", "[api][rounding]") {
  const isa_restorer restore_isa;
  const rounding_restorer restore_rounding;
  for (const isa which : supported_isas()) {
    set_isa(which);
    INFO("instruction set " << isa_name(which));
    check_rounding_modes<float>();
    check_rounding_modes<double>();
  }
}

// Kernels evaluate every path in every lane, so ordinary inputs can raise exceptions in paths whose
// results are discarded (gelu's series underflows for large |x|). A caller that enabled traps gets
// them masked for the call and enabled again after; without that, this test dies of SIGFPE.
TEST_CASE("a caller's enabled floating-point traps do not fire inside a call", "[api][traps]") {
#if defined(__GLIBC__)
  constexpr int traps = FE_INVALID | FE_DIVBYZERO | FE_OVERFLOW | FE_UNDERFLOW | FE_INEXACT;
  struct traps_restorer {
    ~traps_restorer() {
      fedisableexcept(FE_ALL_EXCEPT);
      std::feclearexcept(FE_ALL_EXCEPT);
    }
  };
  std::feclearexcept(FE_ALL_EXCEPT);
  if (feenableexcept(traps) == -1) SKIP("this machine cannot trap floating-point exceptions");
  const traps_restorer restore_traps;
  fedisableexcept(FE_ALL_EXCEPT);
  std::mt19937_64 random(19);
  std::vector<double> x(30000), dy(30000);
  for (double& v : x) v = std::uniform_real_distribution<double>(-30, 30)(random);
  for (double& v : dy) v = std::uniform_real_distribution<double>(-2, 2)(random);
  std::vector<float> xf(x.begin(), x.end()), dyf(dy.begin(), dy.end());
  const isa_restorer restore_isa;
  for (const isa which : supported_isas()) {
    set_isa(which);
    INFO("instruction set " << isa_name(which));
    std::feclearexcept(FE_ALL_EXCEPT);
    feenableexcept(traps);
    // A trap firing here ends the test run with SIGFPE.
    all_public_outputs(xf, dyf);
    all_public_outputs(x, dy);
    const int enabled_after = fegetexcept();
    fedisableexcept(FE_ALL_EXCEPT);
    std::feclearexcept(FE_ALL_EXCEPT);
    CHECK(enabled_after == traps);  // given back to the caller
  }
#else
  SKIP("enabling traps needs glibc's feenableexcept");
#endif
}

#define SIMDACT_FLUSH_ON(target) \
  TEST_CASE("flush-to-zero mode on " #target, "[" #target "][flush]") { check_flushing(#target); }
SIMDACT_FLUSH_ON(scalar)
SIMDACT_FLUSH_ON(avx2)
SIMDACT_FLUSH_ON(avx512)
SIMDACT_FLUSH_ON(neon)
SIMDACT_FLUSH_ON(emulated16)
#undef SIMDACT_FLUSH_ON

}  // namespace
}  // namespace simdact::test
