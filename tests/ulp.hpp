// ULP measurement: the distance, in representable values, between a result and the correctly
// rounded exact value (a correctly rounded result is 0 ULP).
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>
#include <type_traits>
#include <vector>

#include "reference.hpp"

namespace simdact::test {

template <class T>
using same_size_int = std::conditional_t<sizeof(T) == 4, std::int32_t, std::int64_t>;

// A monotonic map of finite values onto consecutive integers (-0 and +0 both map to 0).
template <class T>
std::int64_t ordinal(T v) {
  same_size_int<T> bits;
  std::memcpy(&bits, &v, sizeof v);
  const same_size_int<T> magnitude = bits & std::numeric_limits<same_size_int<T>>::max();
  return bits < 0 ? -std::int64_t(magnitude) : std::int64_t(magnitude);
}

constexpr std::uint64_t ulp_infinite = std::numeric_limits<std::uint64_t>::max();

// `exact` is the reference in wider precision; casting it rounds to nearest, which gives the
// correctly rounded value up to the reference's own error (2^-11 ULP or less for double results).
template <class T>
std::uint64_t ulp_error(T got, wide_t<T> exact) {
  if (std::isnan(exact)) return std::isnan(got) ? 0 : ulp_infinite;
  if (std::isnan(got)) return ulp_infinite;
  const T rounded = static_cast<T>(exact);
  if (std::isinf(rounded) || std::isinf(got)) return got == rounded ? 0 : ulp_infinite;
  const std::int64_t d = ordinal(got) - ordinal(rounded);
  return std::uint64_t(d < 0 ? -d : d);
}

// The worst case seen so far, for reports that name the input.
template <class T>
struct ulp_tally {
  std::uint64_t max_ulp = 0;
  T worst_x = 0, worst_got = 0;
  wide_t<T> worst_exact = 0;
  std::uint64_t count = 0;

  void add(T x, T got, wide_t<T> exact) {
    const std::uint64_t e = ulp_error(got, exact);
    ++count;
    if (e > max_ulp || count == 1) {
      max_ulp = e;
      worst_x = x;
      worst_got = got;
      worst_exact = exact;
    }
  }
};

template <class T>
const char* type_name() { return sizeof(T) == 4 ? "f32" : "f64"; }

// Equal bits, or both NaN (payloads may differ between instruction sets).
template <class T>
bool same_bits(T a, T b) {
  if (std::isnan(a) && std::isnan(b)) return true;
  return std::memcmp(&a, &b, sizeof a) == 0;
}

// A kernel's test description with each parameter set the tests cover: `defaults` first, then one
// copy per extra set of reference.hpp (Info has `params` with members p0, p1).
template <class Info>
std::vector<Info> with_extra_params(const Info& defaults, std::string_view name) {
  using T = decltype(defaults.params.p0);
  std::vector<Info> variants = {defaults};
  for (const auto& [p0, p1] : extra_params_of<T>(name)) {
    variants.push_back(defaults);
    variants.back().params = {p0, p1};
  }
  return variants;
}

}  // namespace simdact::test
