// Throughput of every kernel of the list on every ISA this machine runs, next to a memcpy of the
// same bytes. Benchmark names are kernel/type/isa/n (e.g. sigmoid/f32/avx2/4096); after the runs a
// table gives ns/element per ISA, the speedup over scalar and the bandwidth relative to memcpy.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "dispatch.hpp"
#include "simdact/simdact.hpp"

namespace {

using simdact::detail::kernel_table;
using simdact::detail::unary_fn;

constexpr std::size_t sizes[] = {4096, 262144, 16777216};

template <class T>
struct buffers {
  std::vector<T> x, y;
};

// Inputs spread over [-10, 10] so that data-dependent paths see realistic mixtures, not constants.
template <class T>
buffers<T>& buffers_for(std::size_t n) {
  static std::map<std::size_t, buffers<T>> cache;
  auto& b = cache[n];
  if (b.x.size() != n) {
    std::mt19937 rng(1);
    std::uniform_real_distribution<T> spread(T(-10), T(10));
    b.x.resize(n);
    for (auto& v : b.x) v = spread(rng);
    b.y.assign(n, T(0));
  }
  return b;
}

template <class T>
void set_counters(benchmark::State& state, std::size_t n) {
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(n));
  state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(2 * n * sizeof(T)));
}

template <class T>
void run_kernel(benchmark::State& state, unary_fn<T> kernel, std::size_t n) {
  auto& b = buffers_for<T>(n);
  for (auto _ : state) {
    kernel(b.x.data(), b.y.data(), n);
    benchmark::DoNotOptimize(b.y.data());
    benchmark::ClobberMemory();
  }
  set_counters<T>(state, n);
}

template <class T>
void run_memcpy(benchmark::State& state, std::size_t n) {
  auto& b = buffers_for<T>(n);
  for (auto _ : state) {
    std::memcpy(b.y.data(), b.x.data(), n * sizeof(T));
    benchmark::DoNotOptimize(b.y.data());
    benchmark::ClobberMemory();
  }
  set_counters<T>(state, n);
}

template <class T>
void register_all(const char* type) {
  for (std::size_t n : sizes) {
    const std::string suffix = "/" + std::to_string(n);
    benchmark::RegisterBenchmark(("memcpy/" + std::string(type) + "/-" + suffix).c_str(),
                                 [n](benchmark::State& s) { run_memcpy<T>(s, n); });
    for (simdact::isa which : simdact::supported_isas()) {
      const kernel_table& table = *simdact::detail::table_for(which);
      const std::string isa = simdact::isa_name(which);
      for (const auto& ref : simdact::detail::unary_kernels) {
        const unary_fn<T> kernel = (table.*ref.entry).template get<T>();
        benchmark::RegisterBenchmark((std::string(ref.name) + "/" + type + "/" + isa + suffix).c_str(),
                                     [kernel, n](benchmark::State& s) { run_kernel<T>(s, kernel, n); });
      }
    }
  }
}

// Prints Google Benchmark's usual lines as progress, then the comparison table.
class table_reporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.error_occurred || run.run_type != Run::RT_Iteration) continue;
      std::istringstream parts(run.benchmark_name());
      std::string kernel, type, isa, n;
      std::getline(parts, kernel, '/');
      std::getline(parts, type, '/');
      std::getline(parts, isa, '/');
      std::getline(parts, n, '/');
      const double seconds = run.real_accumulated_time / double(run.iterations);
      row& r = rows_[{kernel, type, std::stoull(n)}];
      r.ns_per_element[isa] = seconds * 1e9 / double(std::stoull(n));
      if (kernel == "memcpy") memcpy_ns_[{type, std::stoull(n)}] = r.ns_per_element[isa];
      if (std::find(isas_.begin(), isas_.end(), isa) == isas_.end() && isa != "-") isas_.push_back(isa);
    }
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    std::printf("\nns per element (1 thread; lower is better). 'vs scalar' = scalar time / best ISA time;\n"
                "'vs memcpy' = memcpy time of the same bytes / best ISA time (1.00 = copy speed).\n\n");
    std::printf("%-10s %-4s %9s", "kernel", "type", "n");
    for (const auto& isa : isas_) std::printf(" %9s", isa.c_str());
    std::printf(" %10s %10s\n", "vs scalar", "vs memcpy");
    for (const auto& [key, r] : rows_) {
      const auto& [kernel, type, n] = key;
      if (kernel == "memcpy") continue;
      std::printf("%-10s %-4s %9zu", kernel.c_str(), type.c_str(), std::size_t(n));
      double best = 0;
      for (const auto& isa : isas_) {
        const auto it = r.ns_per_element.find(isa);
        if (it == r.ns_per_element.end()) { std::printf(" %9s", "-"); continue; }
        std::printf(" %9.3f", it->second);
        if (best == 0 || it->second < best) best = it->second;
      }
      const auto scalar = r.ns_per_element.find("scalar");
      std::printf(" %9.1fx", scalar != r.ns_per_element.end() ? scalar->second / best : 0.0);
      std::printf(" %10.2f\n", memcpy_ns_[{type, n}] / best);
    }
    for (const auto& [key, ns] : memcpy_ns_)
      std::printf("memcpy     %-4s %9zu %9.3f ns/element\n", key.first.c_str(), std::size_t(key.second), ns);
  }

 private:
  struct row { std::map<std::string, double> ns_per_element; };
  std::map<std::tuple<std::string, std::string, unsigned long long>, row> rows_;
  std::map<std::pair<std::string, unsigned long long>, double> memcpy_ns_;
  std::vector<std::string> isas_;
};

}  // namespace

int main(int argc, char** argv) {
  register_all<float>("f32");
  register_all<double>("f64");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  table_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
