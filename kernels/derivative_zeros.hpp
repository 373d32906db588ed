// Expansions of f' around its zero for the non-monotonic activations silu, gelu_tanh and mish (gelu'
// carries its zero as a factor everywhere, see gelu_gradient): f'(z) = (z - z0) R(z) on a window
// around z0, with z0 in two words and R a polynomial in (z - center). Near z0 the terms of the
// direct formula cancel and only absolute accuracy is left; (z - z0) is exact there (Sterbenz) up
// to z0's low word, and R is far from zero, so the product is accurate relative to f' itself. R:
// interpolation at Chebyshev nodes in binary160 (mpmath), then coefficients rounded one at a time,
// each rounding compensated by refitting the ones after it (weighted least squares, relative
// error); the fitting error is stated per set.
#pragma once

#include <cstddef>

namespace simdact::kernels {
namespace {

template <class T, std::size_t N>
struct zero_expansion {
  T window_lo, window_hi;  // where the expansion replaces the direct formula
  T zero_hi, zero_lo;      // z0
  T center;
  T r[N];                  // R(z) = r[0] + r[1] (z - center) + ...
};

// silu' on (-1.34375, -1.21875), z0 +- 0.06, where the direct formula (silu_gradient) would lose
// more than a quarter ULP to cancellation: 5 coefficients (least squares on Chebyshev nodes, then
// rounded greedily), relative error of R 2^-27.2.
constexpr zero_expansion<float, 5> silu_zero_f32 = {
    -0x1.58p+0f, -0x1.38p+0f, -0x1.474974p+0f, 0x1.bdf6fap-27f, -0x1.48p+0f,
    {0x1.bd3dfap-3f, 0x1.2c1ee4p-3f, 0x1.3758dep-6f, -0x1.f06672p-7f, -0x1.c3c79cp-8f}};

// silu' on (-1.34375, -1.21875): 10 coefficients, relative error of R 2^-54.1.
constexpr zero_expansion<double, 10> silu_zero_f64 = {
    -0x1.58p+0, -0x1.38p+0, -0x1.474973c84120bp+0, -0x1.f8d74bc9ac154p-54, -0x1.48p+0,
    {0x1.bd3dfa2f60734p-3, 0x1.2c1ee3e02b249p-3, 0x1.3752f5c52f71bp-6, -0x1.f06753a513f4bp-7,
     -0x1.b1143467c5f49p-8, 0x1.db44031f35772p-14, 0x1.a0c24b501b925p-11, 0x1.87646e8388fb6p-13,
     -0x1.5d04adcc96dc2p-15, -0x1.0b61ce2044816p-15}};

// gelu_tanh' on (-0.875, -0.625), x0 +- 0.12: its direct formula (logistic_product_slope) loses
// more than a quarter ULP within +-0.05 of x0, and the exhaustive f32 run still found 5 ULP just
// outside a window of +-0.06 (x = -0.6847), where that loss adds to the formula's other roundings.
// 6 coefficients (fitted as silu's), relative error of R 2^-27.0.
constexpr zero_expansion<float, 6> gelu_tanh_zero_f32 = {
    -0x1.cp-1f, -0x1.4p-1f, -0x1.8142ap-1f, 0x1.85a06cp-27f, -0x1.8p-1f,
    {0x1.b9b4d2p-2f, 0x1.8cbcb8p-2f, -0x1.1060e2p-6f, -0x1.d35c18p-4f, -0x1.0b134p-6f, 0x1.3ec6c2p-6f}};

// gelu_tanh' on (-0.8125, -0.6875): 10 coefficients, relative error of R 2^-55.2.
constexpr zero_expansion<double, 10> gelu_tanh_zero_f64 = {
    -0x1.ap-1, -0x1.6p-1, -0x1.81429f9e97e4dp-1, 0x1.4f523ed77dbdcp-55, -0x1.8p-1,
    {0x1.b9b4d231f3e3cp-2, 0x1.8cbcb985ca4ffp-2, -0x1.1061adf6f1fdcp-6, -0x1.d361c6810d172p-4,
     -0x1.0c5084eeb9367p-6, 0x1.43be2eb8a5638p-6, 0x1.560b14b118e26p-8, -0x1.3fef95fddd6bbp-9,
     -0x1.e33bc57eee734p-11, 0x1.15565d4f3dc50p-12}};

// mish' on (-1.3125, -1.0625), x0 - 0.12 to x0 + 0.13: the direct formula (mish_gradient) holds its
// bound from there on. The center -1.1855 puts R(center), the first coefficient, within 2^-30.6 of
// a float. 6 coefficients (fitted as silu's), relative error of R 2^-29.6.
constexpr zero_expansion<float, 6> mish_zero_f32 = {
    -0x1.5p+0f, -0x1.1p+0f, -0x1.31432cp+0f, -0x1.a25b08p-29f, -0x1.2f8p+0f,
    {0x1.12cccap-2f, 0x1.a47726p-3f, 0x1.53d74p-5f, -0x1.5351e6p-6f, -0x1.04a73ap-6f, -0x1.a81214p-9f}};

// mish' on (-1.3125, -1.0625): 11 coefficients, relative error of R 2^-54.1.
constexpr zero_expansion<double, 11> mish_zero_f64 = {
    -0x1.5p+0, -0x1.1p+0, -0x1.31432c0d12d84p+0, -0x1.bf319154da21p-55, -0x1.2f8p+0,
    {0x1.12ccc9fd3c360p-2, 0x1.a477252bd7a37p-3, 0x1.53d796ccdc28fp-5, -0x1.534c2da8cc265p-6,
     -0x1.0518823786fe2p-6, -0x1.b272972824f79p-9, 0x1.2af5c95d36e67p-10, 0x1.0720a73ece770p-10,
     0x1.078e1f721c073p-12, -0x1.86cdd978f5709p-15, -0x1.d2809a86419bap-15}};

template <class T>
struct zero_expansions;
template <>
struct zero_expansions<float> {
  static constexpr const auto& silu = silu_zero_f32;
  static constexpr const auto& gelu_tanh = gelu_tanh_zero_f32;
  static constexpr const auto& mish = mish_zero_f32;
};
template <>
struct zero_expansions<double> {
  static constexpr const auto& silu = silu_zero_f64;
  static constexpr const auto& gelu_tanh = gelu_tanh_zero_f64;
  static constexpr const auto& mish = mish_zero_f64;
};

}  // namespace
}  // namespace simdact::kernels
