// Every elementwise kernel of the list on every target: accuracy against the reference (f32 bit
// pattern sweep, f64 random and special inputs), special values, bit-identity with the scalar path,
// and every length/alignment/aliasing shape with guards around the output.
#include <algorithm>
#include <cfloat>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <catch2/catch_test_macros.hpp>

#include "simdact/simdact.hpp"
#include "targets.hpp"
#include "ulp.hpp"

namespace simdact::test {
namespace {

using detail::kernel_table;
using detail::unary_fn;

template <class T>
using reference_fn = wide_t<T> (*)(wide_t<T> x, wide_t<T> p0, wide_t<T> p1);

template <class T>
struct unary_info {
  const char* name;
  unsigned max_ulp;
  detail::unary_entry kernel_table::*entry;
  reference_fn<T> exact;
  detail::kernel_params<T> params;
  int param_count;

  void run(const kernel_table& table, const T* x, T* y, std::size_t n) const {
    (table.*entry).template get<T>()(x, y, n, params);
  }
  wide_t<T> reference(T x) const { return exact(x, params.p0, params.p1); }
  std::string describe() const {
    std::string text = name;
    if (param_count > 0) text += "(" + std::to_string(double(params.p0));
    if (param_count > 1) text += ", " + std::to_string(double(params.p1));
    if (param_count > 0) text += ")";
    return text;
  }
};

// The reference of each kernel of the list, by the kernel's name.
template <class T>
reference_fn<T> reference_named(std::string_view kernel) {
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) \
  if (kernel == #name) return &reference::name<wide_t<T>>;
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY
  return nullptr;
}

// The kernel with its default parameters (for two_required, the list's example values).
template <class T>
unary_info<T> unary_named(std::string_view name) {
  for (const auto& ref : detail::unary_kernels)
    if (name == ref.name)
      return {ref.name, sizeof(T) == 4 ? ref.max_ulp_f32 : ref.max_ulp_f64, ref.entry,
              reference_named<T>(name), {T(ref.param_defaults[0]), T(ref.param_defaults[1])},
              ref.param_count};
  FAIL("no kernel named " << name);
  return {};
}

// The kernel with each parameter set the tests cover: the defaults first.
template <class T>
std::vector<unary_info<T>> unary_variants(std::string_view name) {
  return with_extra_params(unary_named<T>(name), name);
}

// Runs one block of inputs through the target and the scalar path; tallies the error against the
// reference and counts results that differ in any bit from the scalar path's.
template <class T>
struct accuracy_run {
  const unary_info<T>& info;
  const kernel_table& target;
  ulp_tally<T> tally;
  std::uint64_t mismatches = 0;
  T first_mismatch_x = 0;
  std::vector<T> got, portable;

  void block(const std::vector<T>& xs) {
    got.resize(xs.size());
    portable.resize(xs.size());
    info.run(target, xs.data(), got.data(), xs.size());
    info.run(detail::scalar_table(), xs.data(), portable.data(), xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i) {
      tally.add(xs[i], got[i], info.reference(xs[i]));
      if (!same_bits(got[i], portable[i]) && mismatches++ == 0) first_mismatch_x = xs[i];
    }
  }

  void report_and_check(const char* target_name, const char* domain) {
    std::printf("[ulp] %-12s %s %-10s max %" PRIu64 " ULP (bound %u) at x = %a: got %a, exact %.21Lg; "
                "%" PRIu64 " inputs (%s)\n",
                info.describe().c_str(), type_name<T>(), target_name, tally.max_ulp, info.max_ulp,
                double(tally.worst_x), double(tally.worst_got), (long double)tally.worst_exact,
                tally.count, domain);
    INFO(info.describe() << " " << type_name<T>() << " on " << target_name << ": worst x = "
                   << tally.worst_x << " got " << tally.worst_got);
    if (bounds_enforced<T>()) CHECK(tally.max_ulp <= info.max_ulp);
    else std::printf("[ulp] (not enforced here: this platform's long-double libm is the inaccurate one)\n");
    INFO("first input whose bits differ from the scalar path: " << first_mismatch_x);
    CHECK(mismatches == 0);
  }
};

void check_f32_sweep(const unary_info<float>& info, const kernel_table& target,
                     const char* target_name, std::uint32_t stride) {
  accuracy_run<float> run{info, target, {}, 0, 0, {}, {}};
  std::vector<float> xs;
  xs.reserve(1 << 16);
  // Stepping by a stride visits every exponent and sign; the odd start varies the low bits.
  for (std::uint64_t bits = stride > 1 ? 7 : 0; bits <= 0xffffffffu; bits += stride) {
    float x;
    const auto b = std::uint32_t(bits);
    std::memcpy(&x, &b, sizeof x);
    if (!std::isfinite(x)) continue;
    xs.push_back(x);
    if (xs.size() == xs.capacity()) {
      run.block(xs);
      xs.clear();
    }
  }
  run.block(xs);
  const std::string domain = "all finite floats, stride " + std::to_string(stride);
  run.report_and_check(target_name, domain.c_str());
}

void check_f64_random(const unary_info<double>& info, const kernel_table& target,
                      const char* target_name, unsigned long count) {
  accuracy_run<double> run{info, target, {}, 0, 0, {}, {}};
  std::mt19937_64 rng(0x5eed);
  std::uniform_real_distribution<double> moderate(-40.0, 40.0);
  std::uniform_real_distribution<double> log_magnitude(-1074.0, 10.0);
  std::vector<double> xs = {0.0,     -0.0,     0x1p-1074, -0x1p-1074, 0x1p-1022, -0x1p-1022,
                            1e-300,  -1e-300,  0x1p-30,   -0x1p-30,   0.5,       -0.5,
                            1.0,     -1.0,     20.0,      -20.0,      -700.0,    -708.4,
                            -709.8,  -720.0,   -744.4,    -745.1,     -745.2,    -750.0,
                            710.0,   800.0,    -1e300,    1e300,      DBL_MAX,   -DBL_MAX};
  while (xs.size() < count) {
    switch (xs.size() % 3) {
      case 0: {  // any finite bit pattern
        const std::uint64_t bits = rng();
        double x;
        std::memcpy(&x, &bits, sizeof x);
        if (std::isfinite(x)) xs.push_back(x);
        break;
      }
      case 1: xs.push_back(moderate(rng)); break;
      default: {
        const double magnitude = std::exp2(log_magnitude(rng));
        xs.push_back(rng() & 1 ? magnitude : -magnitude);
      }
    }
  }
  run.block(xs);
  const std::string domain = "random: bit patterns, U(-40,40), +-2^U(-1074,10), and edges";
  run.report_and_check(target_name, domain.c_str());
}

template <class T>
void check_special_values(const unary_info<T>& info, const kernel_table& target) {
  const auto cases = special_cases_of<T>(info.name);
  REQUIRE(cases.size() > 2);  // every kernel states its +-0 and +-inf results
  for (const auto& c : cases) {
    T y = T(123);
    info.run(target, &c.x, &y, 1);
    INFO(info.name << " " << type_name<T>() << "(" << c.x << ") = " << y << ", want " << c.expected);
    if (std::isnan(c.expected)) CHECK(std::isnan(y));
    else if (c.exact) CHECK(same_bits(y, c.expected));
    else CHECK(ulp_error<T>(y, c.expected) <= info.max_ulp);
  }
}

// Lengths around every vector width, a misaligned start, in place and out of place; guards
// around the output must survive, and results must equal the scalar path's bit for bit.
template <class T>
void check_shapes(const unary_info<T>& info, const kernel_table& target) {
  std::vector<std::size_t> lengths;
  for (std::size_t n = 0; n <= 67; ++n) lengths.push_back(n);
  for (std::size_t n : {4095, 4096, 4097}) lengths.push_back(n);
  constexpr std::size_t guard = 16;
  const T guard_value = T(-7.25);
  std::mt19937 rng(42);
  std::uniform_real_distribution<T> values(T(-10), T(10));

  for (std::size_t n : lengths) {
    std::vector<T> input(n);
    for (auto& v : input) v = values(rng);
    std::vector<T> expected(n);
    info.run(detail::scalar_table(), input.data(), expected.data(), n);
    for (std::size_t offset : {0, 1}) {
      for (bool in_place : {false, true}) {
        std::vector<T> out(n + offset + 2 * guard, guard_value);
        T* y = out.data() + guard + offset;
        std::copy(input.begin(), input.end(), y);
        std::vector<T> separate_input(input);
        const T* x = in_place ? y : separate_input.data();
        info.run(target, x, y, n);
        INFO(info.name << " " << type_name<T>() << " n = " << n << " offset " << offset
                       << (in_place ? " in place" : " out of place"));
        bool all_equal = true;
        for (std::size_t i = 0; i < n; ++i) all_equal = all_equal && same_bits(y[i], expected[i]);
        CHECK(all_equal);
        bool guards_intact = true;
        for (std::size_t i = 0; i < guard + offset; ++i) guards_intact &= out[i] == guard_value;
        for (std::size_t i = guard + offset + n; i < out.size(); ++i)
          guards_intact &= out[i] == guard_value;
        CHECK(guards_intact);
        if (!in_place) CHECK(separate_input == input);
      }
    }
  }
}

// Outputs of at least streaming_min_bytes (32 MiB) go through streaming stores on x86: check that
// path (cache-line head, body, tail, misaligned and in place) against a path without them. Under
// the AVX-512 emulator the AVX2 table is the reference, being far faster there than scalar code.
template <class T>
void check_large(const unary_info<T>& info, const kernel_table& target, const char* target_name) {
  const kernel_table* reference = std::string_view(target_name) == "avx512" && target_table("avx2")
                                      ? target_table("avx2")
                                      : &detail::scalar_table();
  const std::size_t n = (std::size_t(32) << 20) / sizeof(T) + 37;
  std::vector<T> input(n + 1);
  std::mt19937 rng(5);
  std::uniform_real_distribution<T> values(T(-30), T(30));
  for (auto& v : input) v = values(rng);
  std::vector<T> expected(n + 1);
  info.run(*reference, input.data() + 1, expected.data() + 1, n);
  std::vector<T> out(n + 2, T(-7.25));
  info.run(target, input.data() + 1, out.data() + 1, n);  // output misaligned by one element
  INFO(info.describe() << " " << type_name<T>() << " n = " << n << " against "
                 << (reference == &detail::scalar_table() ? "scalar" : "avx2"));
  CHECK(std::memcmp(out.data() + 1, expected.data() + 1, n * sizeof(T)) == 0);
  CHECK((out[0] == T(-7.25) && out[n + 1] == T(-7.25)));
  const std::vector<T> original(input);
  std::vector<T> expected_whole(n + 1);
  info.run(*reference, original.data(), expected_whole.data(), n + 1);
  info.run(target, input.data(), input.data(), n + 1);  // in place, from the buffer's start
  CHECK(std::memcmp(input.data(), expected_whole.data(), (n + 1) * sizeof(T)) == 0);
}

void check_unary(const char* kernel_name, const char* target_name) {
  const kernel_table* target = target_table(target_name);
  if (!target) {
    if (target_required(target_name)) FAIL(target_name << " is required here but unavailable");
    SKIP(target_name << " is not built or not supported by this CPU");
  }
  const auto f32 = unary_named<float>(kernel_name);
  const auto f64 = unary_named<double>(kernel_name);
  // Parameter sets besides the defaults get a sparser sweep: the code path is the same.
  SECTION("f32 accuracy, bit-pattern sweep") {
    unsigned stride = profile().f32_stride;
    for (const auto& variant : unary_variants<float>(kernel_name)) {
      check_f32_sweep(variant, *target, target_name, stride);
      stride = stride * 4 + 2;
    }
  }
  SECTION("f64 accuracy, random inputs") {
    unsigned long count = profile().f64_randoms;
    for (const auto& variant : unary_variants<double>(kernel_name)) {
      check_f64_random(variant, *target, target_name, count);
      count = count / 4 + 1;
    }
  }
  SECTION("special values") {
    check_special_values(f32, *target);
    check_special_values(f64, *target);
  }
  SECTION("lengths, alignment, aliasing, guards") {
    check_shapes(f32, *target);
    check_shapes(f64, *target);
  }
  const std::string_view name = target_name;
  const std::string_view kernel = kernel_name;
  const bool large_here = profile().large_outputs_everywhere || kernel == "relu" || kernel == "sigmoid" ||
                          kernel == "swish";
  if ((name == "avx2" || name == "avx512") && large_here) {
    SECTION("large outputs, streaming stores") {
      check_large(f32, *target, target_name);
      check_large(f64, *target, target_name);
    }
  }
}

// All 2^32 float bit patterns on the best instruction set of this machine (opt-in: label exhaustive).
void check_exhaustive(const char* kernel_name) {
  const isa best = supported_isas().front();
  check_f32_sweep(unary_named<float>(kernel_name), *detail::table_for(best), isa_name(best), 1);
}

#define SIMDACT_TEST_ON(kernel, target)                                   \
  TEST_CASE(#kernel " on " #target, "[" #target "][" #kernel "]") {       \
    check_unary(#kernel, #target);                                        \
  }
#define SIMDACT_UNARY(name, max_ulp_f32, max_ulp_f64, cost, shape, params, check, gradient) \
  SIMDACT_TEST_ON(name, scalar)                                           \
  SIMDACT_TEST_ON(name, avx2)                                             \
  SIMDACT_TEST_ON(name, avx512)                                           \
  SIMDACT_TEST_ON(name, neon)                                             \
  SIMDACT_TEST_ON(name, emulated16)                                       \
  TEST_CASE(#name " exhaustive f32", "[.][exhaustive][" #name "]") {      \
    check_exhaustive(#name);                                              \
  }
#include "simdact/unary_list.inc"
#undef SIMDACT_UNARY

}  // namespace
}  // namespace simdact::test
