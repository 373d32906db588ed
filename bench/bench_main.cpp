// Throughput of every kernel of the list (forward, f_derivative as name_derivative, f_backward as
// name_backward and, where it exists, f_backward_from_output as name_backward_from_output) on every ISA
// this machine runs, through the public API, next to a memcpy of the same bytes and, for the
// backward kernels, a plain loop dx = dy * x compiled for the host (multiply/f32/-/n, see
// plain_loop.cpp), and for the piecewise-linear ones their own backward pass as a plain loop, in the
// column "plain" (relu_backward/f32/plain/4096). Benchmark names are kernel/type/isa/n[/tN] (e.g.
// sigmoid/f32/avx2/4096, or .../4096/t2 with 2 threads). After the runs a table gives ns/element
// per ISA, the speedup over scalar and the speed relative to memcpy (the plain loops are not
// counted as an ISA there). The softmax family runs on
// fixed shapes: softmax@256x1000/f32/avx2/256000 (rows x cols, then all elements).
//
// Own flags (the rest goes to Google Benchmark):
//   --kernels=relu,sigmoid  --isas=avx2,scalar  --sizes=4096,65536  --threads=1,2  --types=f32
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <benchmark/benchmark.h>

#include "dispatch.hpp"
#include "public_kernels.hpp"
#include "simdact/simdact.hpp"

namespace simdact_bench {
template <class T>
void multiply_loop(const T* x, const T* dy, T* dx, std::size_t n);
template <class T>
using plain_backward_fn = void (*)(const T* x, const T* dy, T* dx, std::size_t n, T p0, T p1);
template <class T>
plain_backward_fn<T> plain_backward(const char* name);
}  // namespace simdact_bench

namespace {

struct selection {
  std::vector<std::string> kernels, isas, types = {"f32", "f64"};
  std::vector<std::size_t> sizes = {4096, 262144, 16777216};
  std::vector<int> threads = {1};
};

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');)
    if (!part.empty()) parts.push_back(part);
  return parts;
}

bool wanted(const std::vector<std::string>& list, const std::string& item) {
  return list.empty() || std::find(list.begin(), list.end(), item) != list.end();
}

// Takes our own flags out of argv (Google Benchmark rejects flags it does not know).
selection parse_own_flags(int& argc, char** argv) {
  selection s;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&](const char* flag) -> const char* {
      const std::size_t len = std::strlen(flag);
      return arg.compare(0, len, flag) == 0 ? argv[i] + len : nullptr;
    };
    if (const char* v = value("--kernels=")) s.kernels = split(v);
    else if (const char* v = value("--isas=")) s.isas = split(v);
    else if (const char* v = value("--types=")) s.types = split(v);
    else if (const char* v = value("--sizes=")) {
      s.sizes.clear();
      for (const auto& n : split(v)) s.sizes.push_back(std::stoull(n));
    } else if (const char* v = value("--threads=")) {
      s.threads.clear();
      for (const auto& t : split(v)) s.threads.push_back(std::stoi(t));
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  return s;
}

// Page-aligned storage: every array starts at the same offset within its page, as tensors from an
// engine's allocator do. With std::vector the distance between x and y depended on the heap; at
// 4K elements it came out 16 bytes past a multiple of 4096, where loads of x falsely wait for
// earlier stores to y (4K aliasing) and glibc's memcpy (rep movsb) ran 20x slower on Zen 3.
template <class T>
class page_array {
 public:
  page_array() = default;
  void assign(std::size_t n, T value) {
    const std::size_t bytes = (std::max<std::size_t>(n, 1) * sizeof(T) + 4095) / 4096 * 4096;
    storage_.reset(static_cast<T*>(std::aligned_alloc(4096, bytes)));
    if (!storage_) throw std::bad_alloc();
    size_ = n;
    std::fill(storage_.get(), storage_.get() + n, value);
  }
  T* data() { return storage_.get(); }
  std::size_t size() const { return size_; }
  T* begin() { return data(); }
  T* end() { return data() + size_; }

 private:
  struct release {
    void operator()(T* p) const { std::free(p); }
  };
  std::unique_ptr<T, release> storage_;
  std::size_t size_ = 0;
};

// x: the input; y: the output; dy: the incoming gradient of the backward passes (all 0.25).
template <class T>
struct buffers {
  page_array<T> x, y, dy;
};

// Inputs spread over [-10, 10] so that data-dependent paths see realistic mixtures, not constants.
template <class T>
buffers<T>& buffers_for(std::size_t n) {
  static std::map<std::size_t, buffers<T>> cache;
  auto& b = cache[n];
  if (b.x.size() != n) {
    std::mt19937 rng(1);
    std::uniform_real_distribution<T> spread(T(-10), T(10));
    b.x.assign(n, T(0));
    for (auto& v : b.x) v = spread(rng);
    b.y.assign(n, T(0));
    b.dy.assign(n, T(0.25));
  }
  return b;
}

template <class T>
void set_counters(benchmark::State& state, std::size_t n) {
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(n));
  state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(2 * n * sizeof(T)));
}

// Times body(x, y) over n elements, counting n items and 2n elements of bytes (read + written).
template <class T, class Body>
void run_timed(benchmark::State& state, std::size_t n, Body body) {
  auto& b = buffers_for<T>(n);
  for (auto _ : state) {
    body(b.x.data(), b.y.data());
    benchmark::DoNotOptimize(b.y.data());
    benchmark::ClobberMemory();
  }
  set_counters<T>(state, n);
}

// A one-input kernel: forward (public_unary_fn) or derivative (public_derivative_fn).
template <class T, class Kernel>
void run_kernel(benchmark::State& state, Kernel kernel, simdact::detail::kernel_params<T> params,
                simdact::isa which, int threads, std::size_t n) {
  simdact::set_isa(which);
  simdact::set_num_threads(threads);
  run_timed<T>(state, n, [&](const T* x, T* y) { kernel(x, y, n, params); });
}

// Times body(x, dy, dx) over n elements: backward passes read x and dy and write dx, 3n elements
// of bytes.
template <class T, class Body>
void run_timed_backward(benchmark::State& state, std::size_t n, Body body) {
  auto& b = buffers_for<T>(n);
  for (auto _ : state) {
    body(b.x.data(), b.dy.data(), b.y.data());
    benchmark::DoNotOptimize(b.y.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(n));
  state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(3 * n * sizeof(T)));
}

template <class T>
void run_backward(benchmark::State& state, simdact::detail::public_backward_fn<T> kernel,
                  simdact::detail::kernel_params<T> params, simdact::isa which, int threads, std::size_t n) {
  simdact::set_isa(which);
  simdact::set_num_threads(threads);
  run_timed_backward<T>(state, n, [&](const T* x, const T* dy, T* dx) { kernel(x, dy, dx, n, params); });
}

// The from-output form reads y = f(x), as a training step keeps it, so that data-dependent paths
// see the outputs they would (computed once, before timing).
template <class T>
void run_backward_from_output(benchmark::State& state, simdact::detail::public_unary_fn<T> forward,
                              simdact::detail::public_backward_fn<T> kernel,
                              simdact::detail::kernel_params<T> params, simdact::isa which, int threads,
                              std::size_t n) {
  simdact::set_isa(which);
  simdact::set_num_threads(threads);
  page_array<T> y;
  y.assign(n, T(0));
  forward(buffers_for<T>(n).x.data(), y.data(), n, params);
  run_timed_backward<T>(state, n, [&](const T*, const T* dy, T* dx) { kernel(y.data(), dy, dx, n, params); });
}

// The plain fused loop a backward kernel competes with (plain_loop.cpp): dx = dy * x.
template <class T>
void run_multiply(benchmark::State& state, std::size_t n) {
  run_timed_backward<T>(state, n,
                        [&](const T* x, const T* dy, T* dx) { simdact_bench::multiply_loop(x, dy, dx, n); });
}

// A piecewise-linear activation's backward pass as a plain loop (plain_loop.cpp).
template <class T>
void run_plain_backward(benchmark::State& state, simdact_bench::plain_backward_fn<T> loop,
                        simdact::detail::kernel_params<T> params, std::size_t n) {
  run_timed_backward<T>(state, n, [&](const T* x, const T* dy, T* dx) { loop(x, dy, dx, n, params.p0, params.p1); });
}

template <class T>
void run_memcpy(benchmark::State& state, std::size_t n) {
  run_timed<T>(state, n, [&](const T* x, T* y) { std::memcpy(y, x, n * sizeof(T)); });
}

template <class T>
void register_all(const selection& s, const std::string& type) {
  if (!wanted(s.types, type)) return;
  for (std::size_t n : s.sizes) {
    const std::string size = "/" + std::to_string(n);
    benchmark::RegisterBenchmark(("memcpy/" + type + "/-" + size).c_str(),
                                 [n](benchmark::State& st) { run_memcpy<T>(st, n); });
    if (wanted(s.kernels, "multiply"))
      benchmark::RegisterBenchmark(("multiply/" + type + "/-" + size).c_str(),
                                   [n](benchmark::State& st) { run_multiply<T>(st, n); });
    for (simdact::isa which : simdact::supported_isas()) {
      const std::string isa = simdact::isa_name(which);
      if (!wanted(s.isas, isa)) continue;
      for (std::size_t k = 0; k < std::size(simdact::detail::unary_kernels); ++k) {
        const std::string kernel_name = simdact::detail::unary_kernels[k].name;
        const auto params = simdact::detail::default_params<T>(simdact::detail::unary_kernels[k]);
        // Registers name/type/isa/n[/tN] for each thread count, if the kernel filter wants `name`.
        auto add = [&](const std::string& name, auto run) {
          if (!wanted(s.kernels, name)) return;
          for (int threads : s.threads) {
            const std::string full = name + "/" + type + "/" + isa + size +
                                     (threads == 1 ? "" : "/t" + std::to_string(threads));
            benchmark::RegisterBenchmark(full.c_str(), [=](benchmark::State& st) { run(st, threads); });
          }
        };
        const auto forward = simdact::detail::public_unary_kernels<T>[k];
        const auto derivative = simdact::detail::public_derivative_kernels<T>[k];
        const auto backward = simdact::detail::public_backward_kernels<T>[k];
        const auto from_output = simdact::detail::public_from_output_kernels<T>[k];
        add(kernel_name, [=](benchmark::State& st, int threads) {
          run_kernel<T>(st, forward, params, which, threads, n);
        });
        add(kernel_name + "_derivative", [=](benchmark::State& st, int threads) {
          run_kernel<T>(st, derivative, params, which, threads, n);
        });
        add(kernel_name + "_backward", [=](benchmark::State& st, int threads) {
          run_backward<T>(st, backward, params, which, threads, n);
        });
        if (from_output != nullptr)
          add(kernel_name + "_backward_from_output", [=](benchmark::State& st, int threads) {
            run_backward_from_output<T>(st, forward, from_output, params, which, threads, n);
          });
      }
    }
    if (wanted(s.isas, "plain")) {
      for (const auto& kernel : simdact::detail::unary_kernels) {
        const std::string backward_name = std::string(kernel.name) + "_backward";
        const auto loop = simdact_bench::plain_backward<T>(kernel.name);
        if (loop == nullptr || !wanted(s.kernels, backward_name)) continue;
        const auto params = simdact::detail::default_params<T>(kernel);
        benchmark::RegisterBenchmark((backward_name + "/" + type + "/plain" + size).c_str(),
                                     [=](benchmark::State& st) { run_plain_backward<T>(st, loop, params, n); });
      }
    }
  }
}

// The softmax family on the shapes engines use: name@shape/type/isa/n[/tN], n = all elements.
// Forward passes move 2n elements, backward passes 3n.
template <class T>
struct family_op {
  const char* name;
  int arrays;
  void (*run)(const T* a, const T* b, T* out, std::size_t rows, std::size_t cols);
};

template <class T>
const std::vector<family_op<T>>& family_ops() {
  static const std::vector<family_op<T>> ops = {
      {"softmax", 2, [](const T* x, const T*, T* y, std::size_t r, std::size_t c) { simdact::softmax(x, y, r, c); }},
      {"log_softmax", 2,
       [](const T* x, const T*, T* y, std::size_t r, std::size_t c) { simdact::log_softmax(x, y, r, c); }},
      {"softmax_backward", 3,
       [](const T* y, const T* dy, T* dx, std::size_t r, std::size_t c) { simdact::softmax_backward(y, dy, dx, r, c); }},
      {"log_softmax_backward", 3,
       [](const T* y, const T* dy, T* dx, std::size_t r, std::size_t c) {
         simdact::log_softmax_backward(y, dy, dx, r, c);
       }},
  };
  return ops;
}

template <class T>
void run_family(benchmark::State& state, const family_op<T>& op, simdact::isa which, int threads,
                std::size_t rows, std::size_t cols) {
  simdact::set_isa(which);
  simdact::set_num_threads(threads);
  const std::size_t n = rows * cols;
  auto& b = buffers_for<T>(n);
  for (auto _ : state) {
    op.run(b.x.data(), b.dy.data(), b.y.data(), rows, cols);
    benchmark::DoNotOptimize(b.y.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(n));
  state.SetBytesProcessed(std::int64_t(state.iterations()) * std::int64_t(op.arrays * n * sizeof(T)));
}

// Channel softmax over NCHW [8][64][32x32]: the axis path, vectorised across H * W.
template <class T>
void run_axis(benchmark::State& state, simdact::isa which, int threads) {
  simdact::set_isa(which);
  simdact::set_num_threads(threads);
  const std::size_t outer = 8, len = 64, inner = 1024, n = outer * len * inner;
  auto& b = buffers_for<T>(n);
  for (auto _ : state) {
    simdact::softmax_axis(b.x.data(), b.y.data(), outer, len, inner);
    benchmark::DoNotOptimize(b.y.data());
    benchmark::ClobberMemory();
  }
  set_counters<T>(state, n);
}

template <class T>
void register_family(const selection& s, const std::string& type) {
  if (!wanted(s.types, type)) return;
  const std::pair<std::size_t, std::size_t> shapes[] = {{1, 4096}, {256, 1000}, {1, 1000000}};
  for (simdact::isa which : simdact::supported_isas()) {
    const std::string isa = simdact::isa_name(which);
    if (!wanted(s.isas, isa)) continue;
    for (int threads : s.threads) {
      const std::string suffix = threads == 1 ? "" : "/t" + std::to_string(threads);
      for (const auto& op : family_ops<T>()) {
        if (!wanted(s.kernels, op.name)) continue;
        for (const auto& shape : shapes) {
          // Named copies: C++17 lambdas cannot capture structured bindings (clang rejects it).
          const std::size_t rows = shape.first, cols = shape.second;
          const std::string name = std::string(op.name) + "@" + std::to_string(rows) + "x" + std::to_string(cols) +
                                   "/" + type + "/" + isa + "/" + std::to_string(rows * cols) + suffix;
          benchmark::RegisterBenchmark(name.c_str(), [=, &op](benchmark::State& st) {
            run_family<T>(st, op, which, threads, rows, cols);
          });
        }
      }
      if (wanted(s.kernels, "softmax_axis")) {
        const std::string name = "softmax_axis@8x64x1024/" + type + "/" + isa + "/524288" + suffix;
        benchmark::RegisterBenchmark(name.c_str(), [=](benchmark::State& st) { run_axis<T>(st, which, threads); });
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
      const auto parts = split_name(run.benchmark_name());
      if (parts.size() < 4) continue;
      const std::size_t n = std::stoull(parts[3]);
      const int threads = parts.size() > 4 ? std::stoi(parts[4].substr(1)) : 1;
      const double ns = run.real_accumulated_time / double(run.iterations) * 1e9 / double(n);
      if (parts[0] == "memcpy") {
        memcpy_ns_[{parts[1], n}] = ns;
        continue;
      }
      if (parts[0] == "multiply") {
        multiply_ns_[{parts[1], n}] = ns;
        continue;
      }
      rows_[{parts[0], parts[1], n, threads}][parts[2]] = ns;
      if (std::find(isas_.begin(), isas_.end(), parts[2]) == isas_.end()) isas_.push_back(parts[2]);
    }
  }

  void Finalize() override {
    ConsoleReporter::Finalize();
    std::printf(
        "\nns per element, lower is better. 'vs scalar': scalar time / best ISA time (same thread\n"
        "count); 'vs memcpy': 1-thread memcpy time of the same bytes / best ISA time (1.00 = copy speed).\n\n");
    std::printf("%-30s %-4s %9s %3s", "kernel", "type", "n", "thr");
    for (const auto& isa : isas_) std::printf(" %9s", isa.c_str());
    std::printf(" %10s %10s\n", "vs scalar", "vs memcpy");
    for (const auto& [key, by_isa] : rows_) {
      const auto& [kernel, type, n, threads] = key;
      std::printf("%-30s %-4s %9zu %3d", kernel.c_str(), type.c_str(), n, threads);
      double best = 0;
      for (const auto& isa : isas_) {
        const auto it = by_isa.find(isa);
        if (it == by_isa.end()) {
          std::printf(" %9s", "-");
          continue;
        }
        std::printf(" %9.3f", it->second);
        if (isa != "plain" && (best == 0 || it->second < best)) best = it->second;
      }
      const auto scalar = by_isa.find("scalar");
      if (scalar != by_isa.end() && best > 0) std::printf(" %9.1fx", scalar->second / best);
      else std::printf(" %10s", "-");
      const auto copy = memcpy_ns_.find({type, n});
      if (copy != memcpy_ns_.end() && best > 0) std::printf(" %10.2f\n", copy->second / best);
      else std::printf(" %10s\n", "-");
    }
    for (const auto& [key, ns] : memcpy_ns_)
      std::printf("%-30s %-4s %9zu %3d %9.3f ns/element\n", "memcpy", key.first.c_str(), key.second, 1, ns);
    for (const auto& [key, ns] : multiply_ns_)
      std::printf("%-30s %-4s %9zu %3d %9.3f ns/element\n", "multiply (dx = dy * x loop)", key.first.c_str(),
                  key.second, 1, ns);
  }

 private:
  static std::vector<std::string> split_name(const std::string& name) {
    std::vector<std::string> parts;
    std::stringstream in(name);
    for (std::string part; std::getline(in, part, '/');) parts.push_back(part);
    return parts;
  }

  std::map<std::tuple<std::string, std::string, std::size_t, int>, std::map<std::string, double>> rows_;
  std::map<std::pair<std::string, std::size_t>, double> memcpy_ns_, multiply_ns_;
  std::vector<std::string> isas_;
};

}  // namespace

int main(int argc, char** argv) {
  const selection s = parse_own_flags(argc, argv);
  register_all<float>(s, "f32");
  register_all<double>(s, "f64");
  register_family<float>(s, "f32");
  register_family<double>(s, "f64");
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  table_reporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}
