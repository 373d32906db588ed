// What the softmax kernels and their driver (src/softmax.cpp) exchange: plain data, no ISA code.
#pragma once

namespace simdact::detail {

// An unevaluated sum hi + lo with |lo| <= ulp(hi) / 2: how sums leave the kernels, so that the
// driver can combine chunks and rows without another rounding.
template <class T>
struct two_word {
  T hi = 0, lo = 0;
};

// Per-row constants of softmax's exponential: e'(x) = e^(max(x, cutoff) - offset) * 2^(extra - N),
// where shifter = round_shifter + bias + extra - N carries N into the exponent field (see
// exp_reduce_shifted) and offset is 0 unless the row's values are too large for the shifter trick.
template <class T>
struct exp_shift {
  T cutoff, offset, shifter;
};

template <class T>
struct softmax_limits;
template <>
struct softmax_limits<float> {
  // Entries more than `cut` below the row's max have e^(x - max) / sum under half the smallest
  // subnormal: they contribute 0 however far below they are (-inf included), so x is clamped there.
  static constexpr float cut = 110.0f;
  // Every term is held scaled by 2^extra: e^-110 * 2^64 is still normal, so no term is flushed or
  // rounded twice before the final product, and 2^64 times the longest row's sum is still finite.
  static constexpr int extra = 64;
  static constexpr float unscale = 0x1p-64f;  // 2^-extra
  // Rows whose max reaches this magnitude subtract their max first (exact there, by Sterbenz);
  // below it, x * log2(e) stays within the shifter's integer range.
  static constexpr float offset_from = 0x1p20f;
  // Elements per canonical accumulation lane group: sums go to element index mod `lanes`, whatever
  // the vector width, so every ISA adds the same numbers in the same order.
  static constexpr unsigned lanes = 16;
};
template <>
struct softmax_limits<double> {
  static constexpr double cut = 750.0;
  static constexpr int extra = 128;
  static constexpr double unscale = 0x1p-128;
  static constexpr double offset_from = 0x1p40;
  static constexpr unsigned lanes = 8;
};

}  // namespace simdact::detail
