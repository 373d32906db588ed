// The numbers of the exponential's range reduction that code outside the kernels needs too (the
// softmax driver computes a row's 2^N shift the way the kernels do): plain data, no ISA code.
#pragma once

namespace simdact::detail {

template <class T>
struct exp_numbers;

template <>
struct exp_numbers<float> {
  static constexpr float log2e = 0x1.715476p+0f;
  // Adding 1.5 * 2^23 rounds to an integer and leaves that integer in the low mantissa bits.
  static constexpr float round_shifter = 0x1.8p23f;
  static constexpr int exponent_bias = 127;
};

template <>
struct exp_numbers<double> {
  static constexpr double log2e = 0x1.71547652b82fep+0;
  static constexpr double round_shifter = 0x1.8p52;
  static constexpr int exponent_bias = 1023;
};

}  // namespace simdact::detail
