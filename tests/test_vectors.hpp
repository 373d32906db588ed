// Small helpers the API-level tests share: reproducible inputs and whole-vector bit comparison.
#pragma once

#include <cstring>
#include <random>
#include <vector>

namespace simdact::test {

// n values uniform on [lo, hi), the same for the same seed.
template <class T>
std::vector<T> uniform_inputs(std::size_t n, T lo, T hi, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<T> values(lo, hi);
  std::vector<T> x(n);
  for (auto& v : x) v = values(rng);
  return x;
}

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

}  // namespace simdact::test
