// Threading: results are the same bits whatever the thread count, concurrent callers get the same
// results as serial calls, and calls from inside an OpenMP parallel region stay on their thread.
#include <omp.h>

#include <cstring>
#include <functional>
#include <random>
#include <stdexcept>
#include <thread>
#include <vector>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>

#include "dispatch.hpp"
#include "public_kernels.hpp"
#include "simdact/simdact.hpp"
#include "test_vectors.hpp"

namespace {

// Each kernel of the list with its name, called with its default parameters.
template <class T>
std::vector<std::pair<const char*, std::function<void(const T*, T*, std::size_t)>>> public_kernels() {
  std::vector<std::pair<const char*, std::function<void(const T*, T*, std::size_t)>>> all;
  for (std::size_t k = 0; k < std::size(simdact::detail::unary_kernels); ++k) {
    const auto kernel = simdact::detail::public_unary_kernels<T>[k];
    const auto params = simdact::detail::default_params<T>(simdact::detail::unary_kernels[k]);
    all.emplace_back(simdact::detail::unary_kernels[k].name,
                     [=](const T* x, T* y, std::size_t n) { kernel(x, y, n, params); });
  }
  return all;
}

using simdact::test::same_bits;

template <class T>
std::vector<T> random_inputs(std::size_t n, unsigned seed) {
  return simdact::test::uniform_inputs<T>(n, T(-30), T(30), seed);
}

// Restores the thread setting a test changed.
struct thread_setting_guard {
  ~thread_setting_guard() { simdact::set_num_threads(0); }
};

}  // namespace

TEMPLATE_TEST_CASE("results are bit-identical for 1, 2, 3 and 7 threads", "[threads]", float, double) {
  thread_setting_guard restore;
  // Large enough to be split for every cost class; odd, and offset by one element so that chunk
  // boundaries and vector tails fall everywhere.
  const std::size_t n = 1000003;
  const auto storage = random_inputs<TestType>(n + 1, 7);
  const TestType* x = storage.data() + 1;
  for (const auto& [name, kernel] : public_kernels<TestType>()) {
    INFO(name);
    std::vector<TestType> serial(n + 1), split(n + 1);
    simdact::set_num_threads(1);
    kernel(x, serial.data() + 1, n);
    for (int threads : {2, 3, 7}) {
      INFO(threads << " threads");
      simdact::set_num_threads(threads);
      CHECK(simdact::num_threads() == threads);
      std::fill(split.begin(), split.end(), TestType(-1));
      kernel(x, split.data() + 1, n);
      CHECK(split[0] == TestType(-1));
      split[0] = serial[0];
      CHECK(same_bits(serial, split));
    }
  }
}

TEST_CASE("concurrent callers get the same bits as serial calls", "[threads]") {
  constexpr int callers = 8, calls_per_caller = 10000;
  const auto x = random_inputs<float>(200000, 11);
  const auto kernels = public_kernels<float>();
  std::vector<std::vector<float>> expected;
  for (const auto& k : kernels) {
    expected.emplace_back(x.size());
    k.second(x.data(), expected.back().data(), x.size());
  }
  std::vector<int> mismatches(callers, 0);
  std::vector<std::thread> pool;
  for (int c = 0; c < callers; ++c) {
    pool.emplace_back([&, c] {
      std::mt19937 rng(c);
      std::vector<float> y(x.size());
      for (int call = 0; call < calls_per_caller; ++call) {
        const std::size_t k = rng() % kernels.size();
        // Mostly small calls, now and then one large enough to be split across threads.
        const std::size_t n = call % 500 == 0 ? x.size() : rng() % 3000;
        const std::size_t start = rng() % (x.size() - n + 1);
        kernels[k].second(x.data() + start, y.data(), n);
        if (std::memcmp(y.data(), expected[k].data() + start, n * sizeof(float)) != 0) ++mismatches[c];
      }
    });
  }
  for (auto& t : pool) t.join();
  for (int c = 0; c < callers; ++c) CHECK(mismatches[c] == 0);
}

TEST_CASE("calls inside an OpenMP parallel region run on the calling thread", "[threads]") {
  thread_setting_guard restore;
  simdact::set_num_threads(4);
  const std::size_t n = 300000;
  const auto x = random_inputs<float>(n, 3);
  std::vector<float> serial(n);
  simdact::sigmoid(x.data(), serial.data(), n);
  using simdact::detail::cost_class;
  REQUIRE(simdact::detail::threads_for(n, sizeof(float), cost_class::transcendental) > 1);
  std::vector<std::vector<float>> per_thread(3, std::vector<float>(n));
  int split_inside = 0;
#pragma omp parallel num_threads(3) reduction(+ : split_inside)
  {
    const int t = omp_get_thread_num();
    split_inside += simdact::detail::threads_for(n, sizeof(float), cost_class::transcendental) > 1;
    simdact::sigmoid(x.data(), per_thread[t].data(), n);
  }
  CHECK(split_inside == 0);
  for (const auto& y : per_thread) CHECK(same_bits(serial, y));
}

TEST_CASE("thread count settings", "[threads]") {
  thread_setting_guard restore;
  CHECK_THROWS_AS(simdact::set_num_threads(-1), std::invalid_argument);
  simdact::set_num_threads(5);
  CHECK(simdact::num_threads() == 5);
  simdact::set_num_threads(0);
  CHECK(simdact::num_threads() == omp_get_max_threads());
}
