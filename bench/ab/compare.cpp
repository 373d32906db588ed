// Times two builds of one kernel (run_a: the old tree, run_b: the new) in one process, alternating
// call by call, so that both meet the same machine: on a shared host the load changes by tens of
// percent within seconds, which separate benchmark runs take as a difference between the builds.
// Each sample is four calls over the same n elements (x uniform on [-10, 10], dy on [-1, 1]); the
// 10th percentile of each side's samples stands for its undisturbed time.
//   ab_compare f32|f64 [samples] [n]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <vector>

extern "C" {
void run_a_f32(const float*, const float*, float*, std::size_t);
void run_b_f32(const float*, const float*, float*, std::size_t);
void run_a_f64(const double*, const double*, double*, std::size_t);
void run_b_f64(const double*, const double*, double*, std::size_t);
}

namespace {
template <class T>
using kernel_fn = void (*)(const T*, const T*, T*, std::size_t);

template <class T>
int compare(kernel_fn<T> old_build, kernel_fn<T> new_build, int samples, std::size_t n) {
  std::vector<T> x(n), dy(n), out(n);
  std::mt19937 rng(1);
  std::uniform_real_distribution<T> inputs(-10, 10), gradients(-1, 1);
  for (auto& v : x) v = inputs(rng);
  for (auto& v : dy) v = gradients(rng);
  const auto time = [&](kernel_fn<T> f) {
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < 4; ++r) f(x.data(), dy.data(), out.data(), n);
    const std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - start;
    return took.count() / (4.0 * double(n));
  };
  for (int i = 0; i < 50; ++i) time(old_build), time(new_build);  // warm caches and clocks
  std::vector<double> old_times, new_times;
  for (int i = 0; i < samples; ++i) {
    if (i % 2) {  // alternate which build goes first
      old_times.push_back(time(old_build));
      new_times.push_back(time(new_build));
    } else {
      new_times.push_back(time(new_build));
      old_times.push_back(time(old_build));
    }
  }
  std::sort(old_times.begin(), old_times.end());
  std::sort(new_times.begin(), new_times.end());
  const auto at = [](const std::vector<double>& v, double q) { return v[std::size_t(q * double(v.size() - 1))]; };
  std::printf("ns/element  old: p10 %.4f median %.4f   new: p10 %.4f median %.4f   new/old (p10) %.3f\n",
              at(old_times, 0.1), at(old_times, 0.5), at(new_times, 0.1), at(new_times, 0.5),
              at(new_times, 0.1) / at(old_times, 0.1));
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  const bool f64 = argc > 1 && std::strcmp(argv[1], "f64") == 0;
  const int samples = argc > 2 ? std::atoi(argv[2]) : 3000;
  const std::size_t n = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 4096;
  if (samples < 10 || n == 0) {
    std::fprintf(stderr, "usage: ab_compare f32|f64 [samples >= 10] [n > 0]\n");
    return 2;
  }
  return f64 ? compare<double>(run_a_f64, run_b_f64, samples, n) : compare<float>(run_a_f32, run_b_f32, samples, n);
}
