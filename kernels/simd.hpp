// The small vocabulary every kernel is written in. One template body serves three kinds of vector:
//   xsimd::batch<T, Arch>   on a real instruction set (avx512bw, fma3<avx2>, neon64),
//   xsimd::batch<T, emulated<512>> in the 16-lane test build,
//   plain T                 on the portable scalar path (scalar_arch).
// Every operation used here is IEEE-exact (add, mul, fused fma, div, compare, select, bit moves), so
// all three produce the same bits for the same input; nothing here may use estimate instructions.
//
// Everything sits in an unnamed namespace: each ISA translation unit gets its own copy, so the linker
// can never hand code compiled with -mavx512f to the portable path (a real hazard with inline helpers).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>

#include <xsimd/xsimd.hpp>

#include "params.hpp"

// The kernels' math must be inlined into every loop of transform (constants then stay in registers):
// with four call sites GCC otherwise keeps it out of line, which cost 15-20 % in sigmoid and tanh.
// Sanitizer builds leave the choice to the compiler: instrumented and force-inlined, the kernel
// translation units took 9 minutes each to compile.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SIMDACT_KERNEL_INLINE inline
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SIMDACT_KERNEL_INLINE inline
#endif
#endif
#ifndef SIMDACT_KERNEL_INLINE
#define SIMDACT_KERNEL_INLINE inline __attribute__((always_inline))
#endif

namespace simdact::kernels {
namespace {

// The portable path: the same kernel templates with one lane of plain T.
struct scalar_arch {
  static constexpr const char* name() noexcept { return "scalar"; }
};

template <class T, class Arch>
struct vec_of { using type = xsimd::batch<T, Arch>; };
template <class T>
struct vec_of<T, scalar_arch> { using type = T; };
template <class T, class Arch>
using vec = typename vec_of<T, Arch>::type;

template <class V>
struct vec_traits {  // an xsimd batch
  using lane = typename V::value_type;
  static constexpr std::size_t width = V::size;
};
template <>
struct vec_traits<float> { using lane = float; static constexpr std::size_t width = 1; };
template <>
struct vec_traits<double> { using lane = double; static constexpr std::size_t width = 1; };
template <class V>
using lane_t = typename vec_traits<V>::lane;

// Unsigned integer lanes as wide as the floating-point lanes (for exponent-field arithmetic).
template <class T>
using bits_lane_t = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
template <class V>
struct bits_vec { using type = xsimd::batch<bits_lane_t<lane_t<V>>, typename V::arch_type>; };
template <>
struct bits_vec<float> { using type = std::uint32_t; };
template <>
struct bits_vec<double> { using type = std::uint64_t; };
template <class V>
using bits_vec_t = typename bits_vec<V>::type;

template <class V>
constexpr bool is_scalar_v = std::is_floating_point_v<V>;

// xsimd's emulated batches (the 16-lane test build) implement some operations differently from real
// instruction sets: fma in two roundings, min/max as std::min/max. The helpers below go lane by lane
// there so that every path gives the same bits.
template <class Arch>
struct is_emulated : std::false_type {};
#if XSIMD_WITH_EMULATED
template <std::size_t N>
struct is_emulated<xsimd::emulated<N>> : std::true_type {};
#endif

template <class V>
inline V load_vec(const lane_t<V>* p) {
  if constexpr (is_scalar_v<V>) return *p;
  else return V::load_unaligned(p);
}

template <class V>
inline void store_vec(lane_t<V>* p, const V& v) {
  if constexpr (is_scalar_v<V>) *p = v;
  else v.store_unaligned(p);
}

template <class V>
inline V mul_add(const V& a, const V& b, const V& c) {
  if constexpr (is_scalar_v<V>) {
    return std::fma(a, b, c);
  } else if constexpr (!is_emulated<typename V::arch_type>::value) {
    return xsimd::fma(a, b, c);
  } else {
    alignas(64) lane_t<V> la[V::size], lb[V::size], lc[V::size];
    a.store_aligned(la); b.store_aligned(lb); c.store_aligned(lc);
    for (std::size_t i = 0; i < V::size; ++i) la[i] = std::fma(la[i], lb[i], lc[i]);
    return V::load_aligned(la);
  }
}

// a / b, correctly rounded. An ISA translation unit specialises this where xsimd's operator/ is not
// a true division (on neon64, float division is a reciprocal estimate refined by Newton steps).
template <class Arch>
struct exact_division {
  template <class V>
  static V divide(const V& a, const V& b) { return a / b; }
};

template <class V>
inline V divide(const V& a, const V& b) {
  if constexpr (is_scalar_v<V>) return a / b;
  else return exact_division<typename V::arch_type>::divide(a, b);
}

// Whether a batch_bool is held in the same register type as its batch (SSE/AVX; not AVX-512's
// k-registers, not NEON's unsigned vectors). GCC warns that the attributes of vector types such as
// __m256 are ignored as template arguments; only the types' identity matters here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wignored-attributes"
template <class M, class V>
constexpr bool mask_shares_register_v = std::is_same_v<typename M::register_type, typename V::register_type>;
#pragma GCC diagnostic pop

// +0 where mask is set, v elsewhere. Where a mask lives in the batch's own register type this is
// one and-not; xsimd's select would first renormalise the mask.
template <class M, class V>
inline V zero_where(const M& mask, const V& v) {
  if constexpr (is_scalar_v<V>) {
    return mask ? V(0) : v;
  } else if constexpr (mask_shares_register_v<M, V>) {
    return xsimd::bitwise_andnot(v, V(typename V::register_type(mask)));
  } else {
    return xsimd::select(mask, V(0), v);
  }
}

// v where mask is set, +0 elsewhere (zero_where with the complement: one and).
template <class M, class V>
inline V keep_where(const M& mask, const V& v) {
  if constexpr (is_scalar_v<V>) {
    return mask ? v : V(0);
  } else if constexpr (mask_shares_register_v<M, V>) {
    return xsimd::bitwise_and(v, V(typename V::register_type(mask)));
  } else {
    return xsimd::select(mask, v, V(0));
  }
}

// A NaN (all bits set, the same on every path) where mask is set, v elsewhere: one or where the
// mask lives in the batch's register type, cheaper there than a blend.
template <class M, class V>
inline V nan_where(const M& mask, const V& v) {
  using bits = bits_lane_t<lane_t<V>>;
  if constexpr (is_scalar_v<V>) {
    const bits all_ones = ~bits(0);
    V nan;
    std::memcpy(&nan, &all_ones, sizeof nan);
    return mask ? nan : v;
  } else if constexpr (mask_shares_register_v<M, V>) {
    return xsimd::bitwise_or(v, V(typename V::register_type(mask)));
  } else {
    const xsimd::batch<bits, typename V::arch_type> all_ones(~bits(0));
    return xsimd::select(mask, xsimd::bitwise_cast<lane_t<V>>(all_ones), v);
  }
}

// a where mask is set, b elsewhere.
template <class M, class V>
inline V choose(const M& mask, const V& a, const V& b) {
  if constexpr (is_scalar_v<V>) return mask ? a : b;
  else return xsimd::select(mask, a, b);
}

// A blend on the sign bit alone, where the instruction set has one (x86 blendv: one instruction
// for what is otherwise a compare and a select). ISA translation units specialise it.
template <class Arch>
struct sign_blend {
  static constexpr bool available = false;
};

// a where the sign bit of s is set (negative numbers, -0, NaNs carrying it), b elsewhere.
template <class V>
inline V choose_where_sign(const V& s, const V& a, const V& b) {
  if constexpr (is_scalar_v<V>) {
    return std::signbit(s) ? a : b;
  } else if constexpr (sign_blend<typename V::arch_type>::available) {
    return sign_blend<typename V::arch_type>::blend(s, a, b);
  } else {
    using signed_lane = std::make_signed_t<bits_lane_t<lane_t<V>>>;
    const auto negative = xsimd::bitwise_cast<signed_lane>(s) < signed_lane(0);
    return xsimd::select(xsimd::batch_bool_cast<lane_t<V>>(negative), a, b);
  }
}

// a where x > 0, b where x <= 0 (either for NaN: callers handle NaN lanes themselves). With a sign
// blend this is 0 - x and a blend on its sign: as many operations as a compare and a blend, on the
// same pipes (Zen 3), yet leaky_relu's backward took 15 % less time at 1024 floats this way; the
// cause was not isolated.
template <class V>
inline V choose_where_positive(const V& x, const V& a, const V& b) {
  if constexpr (!is_scalar_v<V>) {
    if constexpr (sign_blend<typename V::arch_type>::available) return choose_where_sign(V(0) - x, a, b);
  }
  return choose(x > V(0), a, b);
}

// Whether the ISA's max/min instructions return the operand the clamps below want: `a` when a is
// NaN and when a and the bound are zeros of either sign. x86 returns the second operand then, so
// max(lo, a) is one instruction. NEON returns NaN for NaN (fine) but +0 for max(+0, -0), so a
// clamp of -0 at 0 would differ from the other paths: its translation unit sets this to false and
// the clamps compare and select instead.
template <class Arch>
struct min_max_returns_second_on_ties : std::true_type {};

// max(a, lo) and min(a, hi) that keep a NaN in `a` (clamping never hides a NaN), and keep `a` when
// it equals the bound (so -0 clamped at +0 stays -0 everywhere). xsimd's emulated and scalar
// fallbacks follow std::max, which would return the bound, so they compare.
template <class V>
inline V clamp_below(const V& a, const V& lo) {
  if constexpr (is_scalar_v<V>) return a < lo ? lo : a;
  else if constexpr (!is_emulated<typename V::arch_type>::value &&
                     min_max_returns_second_on_ties<typename V::arch_type>::value)
    return xsimd::max(lo, a);
  else return xsimd::select(a < lo, lo, a);
}
template <class V>
inline V clamp_above(const V& a, const V& hi) {
  if constexpr (is_scalar_v<V>) return a > hi ? hi : a;
  else if constexpr (!is_emulated<typename V::arch_type>::value &&
                     min_max_returns_second_on_ties<typename V::arch_type>::value)
    return xsimd::min(hi, a);
  else return xsimd::select(a > hi, hi, a);
}

template <class V>
inline bits_vec_t<V> to_bits(const V& v) {
  if constexpr (is_scalar_v<V>) {
    bits_vec_t<V> b;
    std::memcpy(&b, &v, sizeof b);
    return b;
  } else {
    return xsimd::bitwise_cast<bits_lane_t<lane_t<V>>>(v);
  }
}

template <class V>
inline V from_bits(const bits_vec_t<V>& b) {
  if constexpr (is_scalar_v<V>) {
    V v;
    std::memcpy(&v, &b, sizeof v);
    return v;
  } else {
    return xsimd::bitwise_cast<lane_t<V>>(b);
  }
}

// min(v, hi) for hi > 0 by an integer minimum of the bit patterns taken as signed integers: they
// order as the values do wherever either is positive, and any negative value stays below hi. On
// Zen 3 the integer minimum issues to all four FP pipes, the floating-point one to the two adder
// pipes, which the adds and compares also need. A NaN may become hi: only for callers that carry
// NaN through another operand.
// double lanes (AVX2 has no 64-bit integer minimum) take the floating-point clamp, which keeps NaN.
template <class V>
inline V clamp_above_losing_nan(const V& v, const V& hi) {
  using T = lane_t<V>;
  if constexpr (sizeof(T) == 4 && is_scalar_v<V>) {
    std::int32_t a, b;
    std::memcpy(&a, &v, 4);
    std::memcpy(&b, &hi, 4);
    return a < b ? v : hi;
  } else if constexpr (sizeof(T) == 4) {
    return xsimd::bitwise_cast<T>(xsimd::min(xsimd::bitwise_cast<std::int32_t>(v), xsimd::bitwise_cast<std::int32_t>(hi)));
  } else {
    return clamp_above(v, hi);
  }
}

template <class V>
inline V magnitude(const V& v) {
  constexpr auto magnitude = bits_lane_t<lane_t<V>>(-1) >> 1;
  return from_bits<V>(to_bits(v) & bits_vec_t<V>(magnitude));
}

// The sign bit of `sign_source` set on `magnitude` (whose sign bit must be clear).
template <class V>
inline V or_sign(const V& magnitude, const V& sign_source) {
  constexpr auto sign = ~(bits_lane_t<lane_t<V>>(-1) >> 1);
  return from_bits<V>(to_bits(magnitude) | (to_bits(sign_source) & bits_vec_t<V>(sign)));
}

// -v by flipping the sign bit, exact on every path. Kernels use this, never unary minus on a
// batch: xsimd 13 negates AVX-512 batches as 0 - v, which turns -(+0) into +0.
template <class V>
inline V negate(const V& v) {
  if constexpr (is_scalar_v<V>) {
    return -v;
  } else {
    constexpr auto sign = ~(bits_lane_t<lane_t<V>>(-1) >> 1);
    return from_bits<V>(to_bits(v) ^ bits_vec_t<V>(sign));
  }
}

// Whether any lane of a mask is set (the scalar path's masks are plain bools).
template <class M>
inline bool any_lane(const M& mask) {
  if constexpr (std::is_same_v<M, bool>) return mask;
  else return xsimd::any(mask);
}

// Whether lo < v < hi, for lo < hi <= -0, tested on the bit patterns with integer operations. Below
// zero the order of floats is the reverse of their patterns' order as signed integers, so the
// interval is one range of patterns, and one wrapping add and one signed compare decide it (NaN and
// everything from -0 up fall outside). On Zen 3 integer vector operations issue to all four FP
// pipes; two float compares and an and would compete with the fmas for two of them (silu's f32
// backward at 4K, AVX2: 0.82 -> 0.79 ns/element).
template <class V>
inline auto in_negative_interval(const V& v, lane_t<V> lo, lane_t<V> hi) {
  using bits = bits_lane_t<lane_t<V>>;
  using signed_bits = std::make_signed_t<bits>;
  bits lo_bits, hi_bits;
  std::memcpy(&lo_bits, &lo, sizeof lo);
  std::memcpy(&hi_bits, &hi, sizeof hi);
  // v's pattern minus (hi's + 1), as unsigned, below the interval's count of patterns; shifted by
  // the sign bit this is a signed compare, which AVX2 has.
  constexpr bits sign = bits(1) << (sizeof(bits) * 8 - 1);
  const bits count = lo_bits - hi_bits - 1;
  const bits offset = sign - hi_bits - 1;
  if constexpr (is_scalar_v<V>) {
    return bits(to_bits(v) - hi_bits - 1) < count;
  } else {
    using S = xsimd::batch<signed_bits, typename V::arch_type>;
    const S shifted = xsimd::bitwise_cast<signed_bits>(to_bits(v) + bits_vec_t<V>(offset));
    return xsimd::batch_bool_cast<lane_t<V>>(shifted < S(static_cast<signed_bits>(sign + count)));
  }
}

// -|v| by setting the sign bit: one operation, where negate(magnitude(v)) takes two.
template <class V>
inline V negative_magnitude(const V& v) {
  constexpr auto sign = ~(bits_lane_t<lane_t<V>>(-1) >> 1);
  return from_bits<V>(to_bits(v) | bits_vec_t<V>(sign));
}

// Whether xsimd's fnma and fms are single fused instructions on Arch (its generic fallbacks are two
// roundings). ISA translation units whose instruction set has them set this to true.
template <class Arch>
struct fused_negated_fma : std::false_type {};

// c - a * b in one rounding (= fma(-a, b, c): the negation is exact). One instruction where the
// ISA has it; mul_add(negate(a), b, c) costs a second one on x86, where the compiler does not fold
// the sign flip into the fma.
template <class V>
inline V neg_mul_add(const V& a, const V& b, const V& c) {
  if constexpr (is_scalar_v<V>) return std::fma(-a, b, c);
  else if constexpr (fused_negated_fma<typename V::arch_type>::value) return xsimd::fnma(a, b, c);
  else return mul_add(negate(a), b, c);
}

// a * b - c in one rounding (= fma(a, b, -c)), likewise.
template <class V>
inline V mul_sub(const V& a, const V& b, const V& c) {
  if constexpr (is_scalar_v<V>) return std::fma(a, b, -c);
  else if constexpr (fused_negated_fma<typename V::arch_type>::value) return xsimd::fms(a, b, c);
  else return mul_add(a, b, negate(c));
}

// Stores that bypass the caches, for outputs far larger than the last-level cache: the output is
// then not read into the cache before being overwritten, which frees memory bandwidth (relu over
// 16M floats here: 0.54 ns/element with them, 0.72 without; memcpy 0.47). An ISA translation unit
// specialises this where its instruction set has them; elsewhere `available` is false and the
// ordinary path is taken.
template <class Arch>
struct streaming_store {
  static constexpr bool available = false;
  template <class T, class V>
  static void store(T* p, const V& v) { v.store_aligned(p); }
  static void finish() {}
};

// Outputs at least this large are written with streaming stores where available: four times the
// 8 MiB last-level cache of the machine this was measured on, and far above the L2 of any core.
constexpr std::size_t streaming_min_bytes = std::size_t(32) << 20;

// y[i] = f(x[i]) for i in [i, end) one vector at a time, then the rest (less than a vector) through
// a padded stack buffer, so nothing outside [x, x + end) is read or [y, y + end) written.
template <class V, class T, class F>
inline void transform_rest(const T* x, T* y, std::size_t i, std::size_t end, F f) {
  constexpr std::size_t w = vec_traits<V>::width;
  for (; i + w <= end; i += w) store_vec(y + i, f(load_vec<V>(x + i)));
  if constexpr (w > 1) {
    if (i < end) {
      alignas(64) T pad[w] = {};
      std::memcpy(pad, x + i, (end - i) * sizeof(T));
      store_vec(pad, f(load_vec<V>(pad)));
      std::memcpy(y + i, pad, (end - i) * sizeof(T));
    }
  }
}

// The first stage's result for math that ends in a division (see compute_block).
template <class V>
struct pending_quotient {
  V numerator, denominator;
};
template <class V>
SIMDACT_KERNEL_INLINE V divided(const pending_quotient<V>& q) {
  return divide(q.numerator, q.denominator);
}

// A plain function object (no `first`) is one stage.
template <class F, class V, class = void>
struct has_stages : std::false_type {};
template <class F, class V>
struct has_stages<F, V, std::void_t<decltype(std::declval<const F&>().first(std::declval<V>()))>> : std::true_type {};

// Staged math whose first stage is wrong on a narrow set of inputs (a derivative's formula near
// its zero) may say where, rare(x) -> mask, and mend the first stage's result there, patched(parts,
// x). The masks of a whole iteration are tested at once: one branch per iteration instead of one
// per vector.
template <class F, class V, class = void>
struct has_rare_inputs : std::false_type {};
template <class F, class V>
struct has_rare_inputs<F, V, std::void_t<decltype(std::declval<const F&>().rare(std::declval<V>()))>>
    : std::true_type {};

// The `unroll` results of one iteration from x (and, for a binary f, b), handed to sink(u, result).
// f's math may come in two stages, f.first(x) and f.second(parts, v), v being x again or b: then
// the first stage of every vector runs before the second stage of any, so that a kernel ending in
// a division issues the divisions of an iteration back to back while the next iteration's first
// stages fill the time they take. Each result is handed on as soon as it is ready: a store between
// them makes the second stage load v then instead of keeping every vector of it live through the
// first stages, which spilled (tanh f32 at 4K, AVX2: 0.335 ns/element staged against 0.372 with
// the division at the end of each vector's chain). One-stage math loads every vector before
// handing any on. The scalar path runs staged math in one stage (f(v) is second(first(v), v)): one
// lane at a time, the compiler skips the unused side of a choice that the stages would keep (the
// scalar elu took twice the time staged).
template <class V, std::size_t unroll, class T, class F, class Sink, class... B>
SIMDACT_KERNEL_INLINE void compute_block(const F& f, Sink sink, const T* x, const B*... b) {
  constexpr std::size_t w = vec_traits<V>::width;
  if constexpr (has_stages<F, V>::value && w > 1) {
    const T* const inputs[] = {x, b...};
    const T* const second_input = inputs[sizeof...(B)];
    using parts_t = decltype(f.first(std::declval<V>()));
    parts_t parts[unroll];
    for (std::size_t u = 0; u < unroll; ++u) parts[u] = f.first(load_vec<V>(x + u * w));
    if constexpr (has_rare_inputs<F, V>::value) {
      auto rare = f.rare(load_vec<V>(x));
      for (std::size_t u = 1; u < unroll; ++u) rare = rare | f.rare(load_vec<V>(x + u * w));
      if (any_lane(rare)) {
        for (std::size_t u = 0; u < unroll; ++u) parts[u] = f.patched(parts[u], load_vec<V>(x + u * w));
      }
    }
    for (std::size_t u = 0; u < unroll; ++u) sink(u, f.second(parts[u], load_vec<V>(second_input + u * w)));
  } else {
    V results[unroll];
    for (std::size_t u = 0; u < unroll; ++u) results[u] = f(load_vec<V>(x + u * w), load_vec<V>(b + u * w)...);
    for (std::size_t u = 0; u < unroll; ++u) sink(u, results[u]);
  }
}

// y[i] = f(x[i]) for i < n, `unroll` vectors per iteration (y == x works: each vector is loaded
// before its own result is stored). Large outputs go through streaming stores from the first
// cache-line boundary of y.
template <class Arch, std::size_t unroll, class T, class F>
inline void transform(const T* x, T* y, std::size_t n, F f) {
  using V = vec<T, Arch>;
  constexpr std::size_t w = vec_traits<V>::width;
  std::size_t i = 0;
  if constexpr (streaming_store<Arch>::available) {
    const auto address = reinterpret_cast<std::uintptr_t>(y);
    if (n * sizeof(T) >= streaming_min_bytes && address % sizeof(T) == 0) {
      const std::size_t head = (64 - address % 64) % 64 / sizeof(T);
      transform_rest<V>(x, y, 0, head, f);
      // Whole cache lines per iteration, stored back to back: a line that the write-combining
      // buffer gives up half-written costs a partial write.
      constexpr std::size_t per_line = 64 / sizeof(V) > 0 ? 64 / sizeof(V) : 1;
      constexpr std::size_t stream_unroll = unroll > per_line ? unroll : per_line;
      for (i = head; i + stream_unroll * w <= n; i += stream_unroll * w) {
        compute_block<V, stream_unroll>(
            f, [&](std::size_t u, const V& r) { streaming_store<Arch>::store(y + i + u * w, r); }, x + i);
      }
      streaming_store<Arch>::finish();  // order them before anything the caller does next
      transform_rest<V>(x, y, i, n, f);
      return;
    }
  }
  for (; i + unroll * w <= n; i += unroll * w) {
    compute_block<V, unroll>(f, [&](std::size_t u, const V& r) { store_vec(y + i + u * w, r); }, x + i);
  }
  transform_rest<V>(x, y, i, n, f);
}

// Base of the elementwise kernels: Derived supplies the math for one vector (or one scalar lane),
// `template <class V> static V apply(const V& x)`, or, if it sets `has_params`,
// `apply(const V& x, const detail::kernel_params<lane_t<V>>& params)`, and this walks the arrays.
// The call operator is defined out of class so that each ISA translation unit instantiates it
// explicitly. `unroll`: vectors per loop iteration, all computed before any is stored. Measured with
// AVX2 at 4K: 4 (or 2) instead of 1 makes the exp-based kernels 10-15 % faster (independent chains
// interleave) and relu 0.95 of memcpy instead of 0.83 (a quarter of the loop overhead).
// `unroll_f64`: the same for double, where a kernel with many live values may spill at 4.
template <class Derived, std::size_t unroll = 4, std::size_t unroll_f64 = unroll>
struct elementwise {
  static constexpr bool has_params = false;
  static constexpr bool has_special_form = false;
  static constexpr bool staged = false;
  static constexpr bool has_rare_inputs = false;
  static constexpr std::size_t unroll_f32 = unroll;
  template <class Arch, class T>
  void operator()(Arch, const T* x, T* y, std::size_t n, detail::kernel_params<T> params) const;
};

// The per-vector math as function objects forced inline into transform's loops: as lambdas, the
// larger kernels (log_sigmoid, mish) were kept out of line and called per vector, at 3-4x the time.
// A kernel that sets `staged` splits apply(x) into first(x) and second(first(x), x) itself, and its
// form hands both stages to compute_block; otherwise `first` does everything and `second` passes
// the result on.
template <class Derived>
struct plain_form {
  template <class V>
  SIMDACT_KERNEL_INLINE auto first(const V& v) const {
    if constexpr (Derived::staged) return Derived::first(v);
    else return Derived::apply(v);
  }
  template <class P, class V>
  SIMDACT_KERNEL_INLINE V second(const P& parts, const V& v) const {
    if constexpr (Derived::staged) return Derived::second(parts, v);
    else return parts;
  }
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& v) const { return second(first(v), v); }
};
// A kernel whose math needs extra work (a rescaling, a clamp) only on inputs that ordinary data does
// not hold sets `has_rare_inputs` and defines common(x), which gives apply(x)'s bits wherever rare(x)
// is false, and rare(x). Its loops run common() and test rare() once per iteration (compute_block);
// an iteration with a rare lane is computed again by apply(), as are the scalar path and the ends.
template <class Derived>
struct rare_form {
  template <class V>
  SIMDACT_KERNEL_INLINE V first(const V& v) const { return Derived::common(v); }
  template <class V>
  SIMDACT_KERNEL_INLINE auto rare(const V& v) const { return Derived::rare(v); }
  template <class V>
  SIMDACT_KERNEL_INLINE V patched(const V&, const V& v) const { return Derived::apply(v); }
  template <class V>
  SIMDACT_KERNEL_INLINE V second(const V& parts, const V&) const { return parts; }
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& v) const { return Derived::apply(v); }
};
template <class Derived, class T>
struct general_form {
  detail::kernel_params<T> params;
  template <class V>
  SIMDACT_KERNEL_INLINE auto first(const V& v) const {
    if constexpr (Derived::staged) return Derived::first(v, params);
    else return Derived::apply(v, params);
  }
  template <class P, class V>
  SIMDACT_KERNEL_INLINE V second(const P& parts, const V& v) const {
    if constexpr (Derived::staged) return Derived::second(parts, v, params);
    else return parts;
  }
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& v) const { return second(first(v), v); }
};
template <class Derived, class T>
struct special_form {
  detail::kernel_params<T> params;
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& v) const { return Derived::apply_special(v, params); }
};

// A special form that is another kernel (`special_kernel`) runs that kernel's own loop.
template <class D, class = void>
struct has_special_kernel : std::false_type {};
template <class D>
struct has_special_kernel<D, std::void_t<typename D::special_kernel>> : std::true_type {};

template <class Derived, std::size_t unroll_f32, std::size_t unroll_f64>
template <class Arch, class T>
void elementwise<Derived, unroll_f32, unroll_f64>::operator()(Arch, const T* x, T* y, std::size_t n,
                                                              detail::kernel_params<T> params) const {
  constexpr std::size_t unroll = sizeof(T) == 8 ? unroll_f64 : unroll_f32;
  if constexpr (Derived::has_params) {
    // A kernel may have a cheaper form for common parameter values (swish with beta = 1 is silu):
    // chosen once per call, so that each loop holds one form only.
    if constexpr (Derived::has_special_form) {
      if (Derived::special_form_applies(params)) {
        if constexpr (has_special_kernel<Derived>::value)
          typename Derived::special_kernel{}(Arch{}, x, y, n, params);
        else
          transform<Arch, unroll>(x, y, n, special_form<Derived, T>{params});
        return;
      }
    }
    transform<Arch, unroll>(x, y, n, general_form<Derived, T>{params});
  } else if constexpr (Derived::has_rare_inputs) {
    transform<Arch, unroll>(x, y, n, rare_form<Derived>{});
  } else {
    transform<Arch, unroll>(x, y, n, plain_form<Derived>{});
  }
}

// y[i] = x[i] > 0 ? x[i] : slopes[i] * x[i] (PReLU along a row of channels). Exact.
struct prelu_rows_kernel {
  template <class Arch, class T>
  void operator()(Arch, const T* x, T* y, std::size_t n, const T* slopes) const;
};

template <class Arch, class T>
void prelu_rows_kernel::operator()(Arch, const T* x, T* y, std::size_t n, const T* slopes) const {
  using V = vec<T, Arch>;
  constexpr std::size_t w = vec_traits<V>::width;
  const auto leaky = [](const V& v, const V& slope) { return choose(v > V(0), v, v * slope); };
  std::size_t i = 0;
  for (; i + w <= n; i += w) store_vec(y + i, leaky(load_vec<V>(x + i), load_vec<V>(slopes + i)));
  if constexpr (w > 1) {
    if (i < n) {
      alignas(64) T pad_x[w] = {}, pad_slopes[w] = {};
      std::memcpy(pad_x, x + i, (n - i) * sizeof(T));
      std::memcpy(pad_slopes, slopes + i, (n - i) * sizeof(T));
      store_vec(pad_x, leaky(load_vec<V>(pad_x), load_vec<V>(pad_slopes)));
      std::memcpy(y + i, pad_x, (n - i) * sizeof(T));
    }
  }
}

}  // namespace
}  // namespace simdact::kernels
