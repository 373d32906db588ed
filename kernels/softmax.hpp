// The softmax family's vector passes. The driver (src/softmax.cpp) owns the algorithm: it scans a
// row, settles special rows, computes the row constants, and calls these passes chunk by chunk.
//
// Sums are deterministic and width-independent: element i of a chunk of n goes to accumulation
// lane i mod L (L = softmax_limits<T>::lanes, a multiple of every vector width; in the last,
// partial block of a chunk of n >= L, lane (i - n) mod L, see lane_sum), each lane is a
// compensated sum (Kahan; TwoSum where every bit counts), and the lanes are combined by a fixed
// tree (in double for float sums of nonnegative terms, otherwise in two words). Scalar, AVX2, AVX-512, NEON and 16 emulated lanes therefore add the same
// numbers in the same order.
//
// Column passes (softmax along a non-last axis, [len][stride] with `count` adjacent columns) keep
// one accumulator per column and walk the axis: each column is one lane, in every ISA.
#pragma once

#include <limits>

#include "exp_core.hpp"
#include "softmax_params.hpp"

namespace simdact::kernels {
namespace {

// The loops over a fixed set of accumulators must be unrolled completely: a loop left rolled (the
// tail's) indexes the accumulator array, which then lives in memory in the main loop too, and the
// sums' dependency chains go through store-to-load forwarding (measured: dot products 2.5x slower).
#define SIMDACT_UNROLL_ALL _Pragma("GCC unroll 64")

template <class V>
SIMDACT_KERNEL_INLINE void kahan_add(V& sum, V& compensation, const V& term) {
  const V corrected = term - compensation;
  const V next = sum + corrected;
  compensation = (next - sum) - corrected;
  sum = next;
}

// As kahan_add, but exact whatever the magnitudes (TwoSum): Kahan loses a small sum when a larger
// term arrives, which the column log_softmax (whose sum is 1 + a possibly tiny rest) and the
// backward passes' sums (of terms of either sign) cannot afford.
template <class V>
SIMDACT_KERNEL_INLINE void exact_add(V& sum, V& compensation, const V& term) {
  const V next = sum + term;
  const V virtual_term = next - sum;
  const V error = (sum - (next - virtual_term)) + (term - virtual_term);
  compensation = compensation - error;
  sum = next;
}

// The value sum - compensation of a Kahan accumulator as hi + lo.
template <class V>
SIMDACT_KERNEL_INLINE void kahan_result(const V& sum, const V& compensation, V& hi, V& lo) {
  hi = sum - compensation;
  lo = (sum - hi) - compensation;
}

// softmax's term e^(max(x, cutoff) - offset) * 2^(extra - N): the row's max is never subtracted in
// rounded arithmetic (a rounded x - max of -20 would cost ~8 ULP); N, a power of two, shifts the
// result exactly instead. See exp_shift.
template <bool with_offset = true, class V>
SIMDACT_KERNEL_INLINE V softmax_term(const V& x, const V& cutoff, const V& offset, const V& shifter) {
  V a = clamp_below(x, cutoff);
  if constexpr (with_offset) a = a - offset;  // (x - 0 is x, -0 included: skipping it changes no bit)
  const auto e = exp_reduce_shifted<false>(a, a, shifter);
  return mul_add(e.scale, e.q, e.scale);
}

// The column log_softmax's term e^(x - max) * 2^extra with x - max in two words (TwoSum): the
// column's max contributes exactly 2^extra, so that log(sum) = log1p(the rest) keeps its small
// values. (Rows count their maxima instead, which is cheaper; see log_softmax_terms.)
template <class V>
SIMDACT_KERNEL_INLINE V log_softmax_term(const V& x, const V& cutoff, const V& negated_max) {
  constexpr int extra = detail::softmax_limits<lane_t<V>>::extra;
  const V clamped = clamp_below(x, cutoff);
  const V d = clamped + negated_max;
  const V virtual_max = d - clamped;
  const V d_lo = (clamped - (d - virtual_max)) + (negated_max - virtual_max);
  const auto e = exp_reduce<extra, true>(d, d_lo);
  return mul_add(e.scale, e.q, e.scale);
}

// ---- rows -------------------------------------------------------------------------------------

// A row's max, NaNs ignored (the driver finds them in the sum, or in its check of infinite rows),
// in two chains: a takes the even vectors, b the odd ones. Every pass that finds a row's max walks
// it this way, so that a tie between -0 and +0 resolves the same in each.
template <class V>
struct row_max_chains {
  using T = lane_t<V>;
  static constexpr std::size_t w = vec_traits<V>::width;
  static constexpr T lowest = -std::numeric_limits<T>::infinity();
  V a{lowest}, b{lowest};

  // Vectors i and i + w.
  SIMDACT_KERNEL_INLINE void add_pair(const T* x, std::size_t i) {
    a = clamp_below(a, load_vec<V>(x + i));
    b = clamp_below(b, load_vec<V>(x + i + w));
  }
  // The chains' lanes, then the elements from i on (fewer than 2w).
  T finish(const T* x, std::size_t i, std::size_t n) const {
    T max = lowest;
    if constexpr (is_scalar_v<V>) {
      max = clamp_below(a, b);
    } else {
      alignas(64) T lanes[2 * w];
      a.store_aligned(lanes);
      b.store_aligned(lanes + w);
      for (T v : lanes) max = clamp_below(max, v);
    }
    for (; i < n; ++i) max = clamp_below(max, x[i]);
    return max;
  }
};

template <class Arch, class T>
T softmax_max(const T* x, std::size_t n) {
  using V = vec<T, Arch>;
  constexpr std::size_t w = vec_traits<V>::width;
  row_max_chains<V> chains;
  std::size_t i = 0;
  for (; i + 2 * w <= n; i += 2 * w) chains.add_pair(x, i);
  return chains.finish(x, i, n);
}

// A row's normalising pass y = f(in) fused with the next row's max scan (what softmax_max(next, n)
// returns): the scan's loads run beside the pass's stores instead of in a loop of their own (rows
// read from the last-level cache: ~5% less time a row; in the first-level cache no change). next
// must not overlap y.
template <class Arch, class T, class F>
T normalise_then_max(const T* in, T* y, std::size_t n, const F& f, const T* next) {
  using V = vec<T, Arch>;
  constexpr std::size_t w = vec_traits<V>::width;
  if (streaming_store<Arch>::available && n * sizeof(T) >= streaming_min_bytes) {
    transform<Arch, 4>(in, y, n, f);  // (its streaming stores)
    return softmax_max<Arch>(next, n);
  }
  row_max_chains<V> chains;
  std::size_t i = 0;
  for (; i + 4 * w <= n; i += 4 * w) {
    chains.add_pair(next, i);
    chains.add_pair(next, i + 2 * w);
    V results[4];
    SIMDACT_UNROLL_ALL
    for (std::size_t u = 0; u < 4; ++u) results[u] = f(load_vec<V>(in + i + u * w));
    SIMDACT_UNROLL_ALL
    for (std::size_t u = 0; u < 4; ++u) store_vec(y + i + u * w, results[u]);
  }
  if (i + 2 * w <= n) {
    chains.add_pair(next, i);
    const V r0 = f(load_vec<V>(in + i)), r1 = f(load_vec<V>(in + i + w));
    store_vec(y + i, r0);
    store_vec(y + i + w, r1);
    i += 2 * w;
  }
  transform_rest<V>(in, y, i, n, f);
  return chains.finish(next, i, n);
}

// Lanes of canonical accumulators (value sum - compensation each) combined into hi + lo by a fixed
// tree, lane l with lane l + L/2, then l + L/4, ...: exact steps (TwoSum) whose five levels run
// side by side, where a lane-by-lane chain cost ~150 ns per call (a sixth of a 1000-element row).
template <class T, std::size_t L>
detail::two_word<T> combine_lanes(T (&sum)[L], T (&compensation)[L]) {
  SIMDACT_UNROLL_ALL
  for (std::size_t half = L / 2; half >= 1; half /= 2) {
    SIMDACT_UNROLL_ALL
    for (std::size_t l = 0; l < half; ++l) {
      const T a = sum[l], b = sum[l + half];
      const T next = a + b;
      const T virtual_b = next - a;
      const T error = (a - (next - virtual_b)) + (b - virtual_b);
      sum[l] = next;
      compensation[l] = (compensation[l] + compensation[l + half]) - error;
    }
  }
  const T hi = sum[0] - compensation[0];
  return {hi, (sum[0] - hi) - compensation[0]};
}

// The same for float lanes whose terms are all >= 0 (softmax's exponentials): each lane's value
// sum - compensation taken in double, then a fixed tree of double additions, keep the total to
// 2^-50 relative, far below the float terms' own rounding. It is shorter and has fewer steps than
// the float tree above, which ends every row: a 16-element row took 69 ns instead of 77.
template <class T, std::size_t L>
SIMDACT_KERNEL_INLINE detail::two_word<T> combine_nonnegative_lanes(T (&sum)[L], T (&compensation)[L]) {
  if constexpr (!std::is_same_v<T, float>) {
    return combine_lanes(sum, compensation);
  } else {
    static_assert(L == 16, "the tree below is written out for 16 lanes");
    // Level by level into separate arrays, which compilers turn into a few vector operations (with
    // the levels unrolled into one array, GCC shuffled lanes one by one).
    double lane[16], half8[8], half4[4];
    for (std::size_t l = 0; l < 16; ++l) lane[l] = double(sum[l]) - double(compensation[l]);
    for (std::size_t l = 0; l < 8; ++l) half8[l] = lane[l] + lane[l + 8];
    for (std::size_t l = 0; l < 4; ++l) half4[l] = half8[l] + half8[l + 4];
    const double total = (half4[0] + half4[2]) + (half4[1] + half4[3]);
    const float hi = float(total);
    return {hi, float(total - double(hi))};
  }
}

// The terms of G blocks `stride` apart from element i, added by a fixed tree (G a power of two).
template <std::size_t G, class V, class Terms, class T>
SIMDACT_KERNEL_INLINE V block_tree(const Terms& terms, std::size_t i, std::size_t stride, T* out, V& count) {
  static_assert(G > 0 && (G & (G - 1)) == 0, "a power of two");
  if constexpr (G == 1) return terms.template term<V>(i, out, count);
  else
    return block_tree<G / 2, V>(terms, i, stride, out, count) +
           block_tree<G / 2, V>(terms, i + G / 2 * stride, stride, out, count);
}

// One group of g blocks if whole ones are left from element i, then groups of g/2, ..., 1.
template <std::size_t g, class V, class Terms, class T, std::size_t K>
SIMDACT_KERNEL_INLINE void remaining_groups(const Terms& terms, std::size_t& i, std::size_t n, V (&sum)[K],
                                            V (&compensation)[K], V (&count)[K], T* out) {
  if constexpr (g >= 1) {
    constexpr std::size_t w = vec_traits<V>::width;
    constexpr std::size_t L = detail::softmax_limits<T>::lanes;
    if (i + g * L <= n) {
      SIMDACT_UNROLL_ALL
      for (std::size_t k = 0; k < K; ++k)
        kahan_add(sum[k], compensation[k], block_tree<g, V>(terms, i + k * w, L, out, count[k]));
      i += g * L;
    }
    remaining_groups<g / 2, V>(terms, i, n, sum, compensation, count, out);
  }
}

// Constant masks for a row's last, partial block, read straight from memory: built lane by lane in
// scratch, each vector load had to wait for several narrower stores.
template <class T>
struct tail_masks {
  static constexpr std::size_t L = detail::softmax_limits<T>::lanes;
  alignas(64) T ones_then_zeros[2 * L]{};  // + (L - rest): 1 in the first `rest` lanes
  alignas(64) T zeros_then_ones[2 * L]{};  // + rest: 1 in the last `rest` lanes
  alignas(64) T index[L]{};                // 0, 1, ..., L - 1
  constexpr tail_masks() {
    for (std::size_t l = 0; l < L; ++l) {
      ones_then_zeros[l] = T(1);
      zeros_then_ones[L + l] = T(1);
      index[l] = T(l);
    }
  }
};
template <class T>
inline constexpr tail_masks<T> tail_mask{};

// Copies the L elements of `from` starting at `start` into scratch, `pad` replacing the first
// `padded` of them (vector by vector: loaded later as vectors, they forward from these stores).
template <class V, class T>
SIMDACT_KERNEL_INLINE const T* window_copy(const T* from, std::size_t start, std::size_t padded, T* scratch, T pad) {
  constexpr std::size_t w = vec_traits<V>::width;
  constexpr std::size_t L = detail::softmax_limits<T>::lanes;
  SIMDACT_UNROLL_ALL
  for (std::size_t k = 0; k < L / w; ++k) {
    const V lane = load_vec<V>(tail_mask<T>.index + k * w);
    store_vec(scratch + k * w, choose(lane < V(T(padded)), V(pad), load_vec<V>(from + start + k * w)));
  }
  return scratch;
}

// Σ terms(i) for i < n in canonical lanes: terms.accumulate<V>(i, sum, compensation, out, keep)
// adds the vector (or scalar) of terms starting at element i, storing them to `out` if that is not
// null, multiplied by keep[i..] (1 or 0) if that is not null. The last, partial block of r < L
// elements runs as a whole block on copies of the inputs with the padding's terms multiplied by 0:
// the last L elements (terms.windowed, saved before any term is stored, since out may be x), the
// r new ones in the last r lanes; or, in rows shorter than L, the r elements padded after them
// (terms.padded). Every lane sees whole blocks, so all widths do the same operations, and the
// accumulators never have to leave their registers for a lane-by-lane tail.
template <class Arch, class T, class Terms>
SIMDACT_KERNEL_INLINE detail::two_word<T> lane_sum(const Terms& terms, T* out, std::size_t n, T* count_out = nullptr) {
  using V = vec<T, Arch>;
  constexpr std::size_t w = vec_traits<V>::width;
  constexpr std::size_t L = detail::softmax_limits<T>::lanes;
  static_assert(L % w == 0, "the canonical lanes must be whole vectors");
  constexpr std::size_t K = L / w;
  V sum[K], compensation[K], count[K];  // count: for terms that count something (else unused)
  SIMDACT_UNROLL_ALL
  for (std::size_t k = 0; k < K; ++k) sum[k] = compensation[k] = count[k] = V(0);
  const std::size_t rest = n % L;
  alignas(64) T scratch[2 * L];
  const bool windowed_tail = rest != 0 && n >= L;
  Terms tail = terms;
  if (windowed_tail) tail = terms.template windowed<V>(n - L, L - rest, scratch);
  std::size_t i = 0;
  if constexpr (Terms::grouped_blocks > 1) {
    // G = grouped_blocks consecutive blocks are added to each other by a fixed tree before their
    // compensated step: 1/G of the compensation work for log2 G more roundings of the group's sum,
    // which a sum of positive terms can afford (softmax with G = 8: max error unchanged at 2 ULP in
    // f32, 3 in f64; 1x4096 and 256x1000 5-7% faster than with pairs).
    constexpr std::size_t G = Terms::grouped_blocks;
    for (; i + G * L <= n; i += G * L) {
      SIMDACT_UNROLL_ALL
      for (std::size_t k = 0; k < K; ++k)
        kahan_add(sum[k], compensation[k], block_tree<G, V>(terms, i + k * w, L, out, count[k]));
    }
    // The fewer than G whole blocks left go in groups of G/2, G/4, ..., 1 (each at most once):
    // block by block, a 1000-element row spent ~40 ns of ~500 on its last six blocks' chain of
    // compensated steps.
    remaining_groups<G / 2, V>(terms, i, n, sum, compensation, count, out);
  }
  for (; i + L <= n; i += L) {
    SIMDACT_UNROLL_ALL
    for (std::size_t k = 0; k < K; ++k)
      terms.template accumulate<V>(i + k * w, sum[k], compensation[k], count[k], out, static_cast<const T*>(nullptr));
  }
  if (windowed_tail) {
    // Terms of the window's first L - rest lanes are stored again, unchanged, and not added.
    const T* keep = tail_mask<T>.zeros_then_ones + rest;
    T* window_out = out ? out + (n - L) : nullptr;
    SIMDACT_UNROLL_ALL
    for (std::size_t k = 0; k < K; ++k)
      tail.template accumulate<V>(k * w, sum[k], compensation[k], count[k], window_out, keep);
  } else if (rest != 0) {
    alignas(64) T padded_out[L];
    const T* keep = tail_mask<T>.ones_then_zeros + (L - rest);
    tail = terms.padded(i, rest, scratch);
    SIMDACT_UNROLL_ALL
    for (std::size_t k = 0; k < K; ++k)
      tail.template accumulate<V>(k * w, sum[k], compensation[k], count[k], out ? padded_out : nullptr, keep);
    if (out) std::memcpy(out + i, padded_out, rest * sizeof(T));
  }
  alignas(64) T lane_sums[L], lane_compensation[L];
  SIMDACT_UNROLL_ALL
  for (std::size_t k = 0; k < K; ++k) {
    store_vec(lane_sums + k * w, sum[k]);
    store_vec(lane_compensation + k * w, compensation[k]);
  }
  if (count_out) {
    alignas(64) T lane_counts[L];
    SIMDACT_UNROLL_ALL
    for (std::size_t k = 0; k < K; ++k) store_vec(lane_counts + k * w, count[k]);
    for (T c : lane_counts) *count_out += c;
  }
  if constexpr (Terms::nonnegative) return combine_nonnegative_lanes(lane_sums, lane_compensation);
  else return combine_lanes(lane_sums, lane_compensation);
}

// Copies `count` elements of `from` (from element i) into scratch, `pad` after them up to L.
template <class T>
const T* padded_copy(const T* from, std::size_t i, std::size_t count, T* scratch, T pad = 0) {
  constexpr std::size_t L = detail::softmax_limits<T>::lanes;
  std::memcpy(scratch, from + i, count * sizeof(T));
  for (std::size_t l = count; l < L; ++l) scratch[l] = pad;
  return scratch;
}

template <class V, class T>
SIMDACT_KERNEL_INLINE V kept(const V& t, const T* keep, std::size_t i) {
  return keep ? t * load_vec<V>(keep + i) : t;
}

template <class T, bool with_offset>
struct softmax_terms {
  static constexpr std::size_t grouped_blocks = 8;
  static constexpr bool nonnegative = true;
  const T* x;
  detail::exp_shift<T> shift;
  // Padded with the row's last element, whose term is finite like every entry's (its product with
  // 0 must be 0): a pad of 0 can lie far outside the range that the row's scaling covers, and its
  // scale came out infinite for some maxima (a row of 7 floats at -576.7 gave NaN everywhere).
  softmax_terms padded(std::size_t i, std::size_t count, T* scratch) const {
    return {padded_copy(x, i, count, scratch, x[i + count - 1]), shift};
  }
  // The lanes already summed keep their inputs: their terms are stored again, unchanged.
  template <class V>
  softmax_terms windowed(std::size_t start, std::size_t, T* scratch) const {
    return {window_copy<V>(x, start, 0, scratch, T(0)), shift};
  }
  // `out` is never null here: softmax always keeps its terms.
  template <class V>
  SIMDACT_KERNEL_INLINE V term(std::size_t i, T* out, V&) const {
    const V t = softmax_term<with_offset>(load_vec<V>(x + i), V(shift.cutoff), V(shift.offset), V(shift.shifter));
    store_vec(out + i, t);
    return t;
  }
  template <class V>
  SIMDACT_KERNEL_INLINE void accumulate(std::size_t i, V& sum, V& compensation, V&, T* out, const T* keep) const {
    const V t = softmax_term<with_offset>(load_vec<V>(x + i), V(shift.cutoff), V(shift.offset), V(shift.shifter));
    store_vec(out + i, t);
    kahan_add(sum, compensation, kept(t, keep, i));
  }
};

// log_softmax's terms: softmax's, except that entries equal to the max are left out and counted.
// The driver then has log Σ = log(count + g Σ') with g = e^(c - max) in wider precision: a tiny
// Σ' next to 1 keeps its digits, which log1p needs (-log_softmax at the max is that small).
template <class T, bool with_offset>
struct log_softmax_terms {
  // Pairs only: these terms also compare and count, and with groups of 4 or 8 blocks the loop
  // spilled (measured 5-20% slower).
  static constexpr std::size_t grouped_blocks = 2;
  static constexpr bool nonnegative = true;
  const T* x;
  detail::exp_shift<T> shift;
  T max;
  log_softmax_terms padded(std::size_t i, std::size_t count, T* scratch) const {
    return {padded_copy(x, i, count, scratch, -std::numeric_limits<T>::infinity()), shift, max};
  }
  // -inf in the lanes already summed: not counted again.
  template <class V>
  log_softmax_terms windowed(std::size_t start, std::size_t padded, T* scratch) const {
    return {window_copy<V>(x, start, padded, scratch, -std::numeric_limits<T>::infinity()), shift, max};
  }
  template <class V>
  SIMDACT_KERNEL_INLINE V term(std::size_t i, T*, V& count) const {
    const V v = load_vec<V>(x + i);
    const V t = softmax_term<with_offset>(v, V(shift.cutoff), V(shift.offset), V(shift.shifter));
    const auto at_max = v == V(max);
    count = count + choose(at_max, V(1), V(0));
    return zero_where(at_max, t);
  }
  template <class V>
  SIMDACT_KERNEL_INLINE void accumulate(std::size_t i, V& sum, V& compensation, V& count, T* out, const T* keep) const {
    kahan_add(sum, compensation, kept(term<V>(i, out, count), keep, i));
  }
};

// Products enter exactly: the rounded product and its fma residual. (Zero padding gives zero terms.)
template <class T>
struct product_terms {
  static constexpr std::size_t grouped_blocks = 1;
  static constexpr bool nonnegative = false;
  const T* a;
  const T* b;
  product_terms padded(std::size_t i, std::size_t count, T* scratch) const {
    constexpr std::size_t L = detail::softmax_limits<T>::lanes;
    return {padded_copy(a, i, count, scratch), padded_copy(b, i, count, scratch + L)};
  }
  template <class V>
  product_terms windowed(std::size_t start, std::size_t padded, T* scratch) const {
    constexpr std::size_t L = detail::softmax_limits<T>::lanes;
    return {window_copy<V>(a, start, padded, scratch, T(0)), window_copy<V>(b, start, padded, scratch + L, T(0))};
  }
  template <class V>
  SIMDACT_KERNEL_INLINE void accumulate(std::size_t i, V& sum, V& compensation, V&, T*, const T*) const {
    const V va = load_vec<V>(a + i), vb = load_vec<V>(b + i);
    const V product = va * vb;
    exact_add(sum, compensation, product);
    compensation = compensation - mul_sub(va, vb, product);
  }
};

template <class T>
struct plain_terms {
  static constexpr std::size_t grouped_blocks = 1;
  static constexpr bool nonnegative = false;
  const T* a;
  plain_terms padded(std::size_t i, std::size_t count, T* scratch) const { return {padded_copy(a, i, count, scratch)}; }
  template <class V>
  plain_terms windowed(std::size_t start, std::size_t padded, T* scratch) const {
    return {window_copy<V>(a, start, padded, scratch, T(0))};
  }
  template <class V>
  SIMDACT_KERNEL_INLINE void accumulate(std::size_t i, V& sum, V& compensation, V&, T*, const T*) const {
    exact_add(sum, compensation, load_vec<V>(a + i));
  }
};

// Σ e'(x_i) (see exp_shift), the terms written to `store`.
template <class Arch, class T>
detail::two_word<T> softmax_exp_sum(const T* x, T* store, std::size_t n, detail::exp_shift<T> shift) {
  if (shift.offset == 0) return lane_sum<Arch>(softmax_terms<T, false>{x, shift}, store, n);
  return lane_sum<Arch>(softmax_terms<T, true>{x, shift}, store, n);
}

// Σ e'(x_i) over the entries below `max`, and the count of those equal to it added to *count.
template <class Arch, class T>
detail::two_word<T> log_softmax_exp_sum(const T* x, std::size_t n, detail::exp_shift<T> shift, T max, T* count) {
  if (shift.offset == 0) return lane_sum<Arch>(log_softmax_terms<T, false>{x, shift, max}, static_cast<T*>(nullptr), n, count);
  return lane_sum<Arch>(log_softmax_terms<T, true>{x, shift, max}, static_cast<T*>(nullptr), n, count);
}

template <class Arch, class T>
detail::two_word<T> softmax_dot(const T* a, const T* b, std::size_t n) {
  return lane_sum<Arch>(product_terms<T>{a, b}, static_cast<T*>(nullptr), n);
}

template <class Arch, class T>
detail::two_word<T> softmax_sum(const T* a, std::size_t n) {
  return lane_sum<Arch>(plain_terms<T>{a}, static_cast<T*>(nullptr), n);
}

template <class T>
struct times_factor {
  T factor;
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& v) const { return v * V(factor); }
};

template <class T>
struct minus_two_word {
  T hi, lo;
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& v) const { return (v - V(hi)) - V(lo); }
};

template <class Arch, class T>
void softmax_scale(const T* in, T* y, std::size_t n, T factor) {
  transform<Arch, 4>(in, y, n, times_factor<T>{factor});
}

template <class Arch, class T>
void softmax_subtract(const T* x, T* y, std::size_t n, T hi, T lo) {
  transform<Arch, 4>(x, y, n, minus_two_word<T>{hi, lo});
}

template <class Arch, class T>
T softmax_scale_then_max(const T* in, T* y, std::size_t n, T factor, const T* next) {
  return normalise_then_max<Arch>(in, y, n, times_factor<T>{factor}, next);
}

template <class Arch, class T>
T softmax_subtract_then_max(const T* x, T* y, std::size_t n, T hi, T lo, const T* next) {
  return normalise_then_max<Arch>(x, y, n, minus_two_word<T>{hi, lo}, next);
}

// out[i] = f(a[i], b[i]); all loads of a step happen before its store, so out may be a or b.
template <class Arch, class T, class F>
SIMDACT_KERNEL_INLINE void binary_transform(const T* a, const T* b, T* out, std::size_t n, const F& f) {
  using V = vec<T, Arch>;
  constexpr std::size_t w = vec_traits<V>::width;
  std::size_t i = 0;
  for (; i + 2 * w <= n; i += 2 * w) {
    const V r0 = f(load_vec<V>(a + i), load_vec<V>(b + i));
    const V r1 = f(load_vec<V>(a + i + w), load_vec<V>(b + i + w));
    store_vec(out + i, r0);
    store_vec(out + i + w, r1);
  }
  for (; i + w <= n; i += w) store_vec(out + i, f(load_vec<V>(a + i), load_vec<V>(b + i)));
  for (; i < n; ++i) out[i] = f(a[i], b[i]);
}

// dx = y (dy - s), s = Σ dy y in two words.
template <class T>
struct softmax_gradient {
  T s_hi, s_lo;
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& y, const V& dy) const {
    return y * ((dy - V(s_hi)) - V(s_lo));
  }
};

// dx = dy - e^y s, s = Σ dy. e^y is computed scaled by 2^extra (normal down to y = -cut); y below
// -cut (-inf included) has e^y s below every representable difference: dx = dy exactly there.
template <class T>
struct log_softmax_gradient {
  T s;
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& y, const V& dy) const {
    using L = detail::softmax_limits<T>;
    const V clamped = clamp_above(clamp_below(y, V(-L::cut)), V(1));
    const auto e = exp_reduce<L::extra>(clamped);
    const V scaled = mul_add(e.scale, e.q, e.scale);
    return choose(y < V(-L::cut), dy, dy - (scaled * V(s)) * V(L::unscale));
  }
};

template <class Arch, class T>
void softmax_gradient_pass(const T* y, const T* dy, T* dx, std::size_t n, T s_hi, T s_lo) {
  binary_transform<Arch>(y, dy, dx, n, softmax_gradient<T>{s_hi, s_lo});
}

template <class Arch, class T>
void log_softmax_gradient_pass(const T* y, const T* dy, T* dx, std::size_t n, T s) {
  binary_transform<Arch>(y, dy, dx, n, log_softmax_gradient<T>{s});
}

// ---- columns ----------------------------------------------------------------------------------

// Column passes walk their block row by row: at each step a of the axis, the `count` columns'
// elements x[a * stride + j] are one contiguous run. (Walked column by column, rows 4 KiB apart
// all fall in one set of the L1 cache, and every access missed: 3.4 ns/element at [8][64][1024].)
// Each column's running values (max, sums) live in arrays indexed by column. Vectors of columns
// first, then single columns with the same math on one lane: each column is one lane throughout.
template <class Arch, class T, class Body>
SIMDACT_KERNEL_INLINE void column_rows(std::size_t len, std::size_t count, const Body& body) {
  using V = vec<T, Arch>;
  constexpr std::size_t w = vec_traits<V>::width;
  for (std::size_t a = 0; a < len; ++a) {
    std::size_t j = 0;
    if constexpr (w > 1) {
      for (; j + w <= count; j += w) body.template step<V>(a, j);
    }
    for (; j < count; ++j) body.template step<T>(a, j);
  }
}

template <class T>
struct column_max_body {
  const T* x;
  std::size_t stride;
  T* max;
  T* nan;  // 1 where the column holds a NaN, else 0
  template <class V>
  SIMDACT_KERNEL_INLINE void step(std::size_t a, std::size_t j) const {
    const V v = load_vec<V>(x + a * stride + j);
    store_vec(max + j, clamp_below(load_vec<V>(max + j), v));
    store_vec(nan + j, choose(v != v, V(1), load_vec<V>(nan + j)));
  }
};

template <class Arch, class T>
void softmax_column_scan(const T* x, std::size_t len, std::size_t stride, std::size_t count, T* max, T* nan) {
  for (std::size_t j = 0; j < count; ++j) {
    max[j] = -std::numeric_limits<T>::infinity();
    nan[j] = 0;
  }
  column_rows<Arch, T>(len, count, column_max_body<T>{x, stride, max, nan});
}

// Per column: Σ over the axis of its terms (optionally stored), running sums in hi, compensations
// in lo, turned into hi + lo at the end.
template <class T, class Terms>
struct column_sum_body {
  Terms terms;
  T* store;
  std::size_t stride;
  T* hi;
  T* lo;
  template <class V>
  SIMDACT_KERNEL_INLINE void step(std::size_t a, std::size_t j) const {
    const std::size_t at = a * stride + j;
    const V t = terms.template term<V>(load_vec<V>(terms.x + at), j);
    if (store) store_vec(store + at, t);
    V sum = load_vec<V>(hi + j), compensation = load_vec<V>(lo + j);
    if constexpr (Terms::exact_sum) exact_add(sum, compensation, t);
    else kahan_add(sum, compensation, t);
    store_vec(hi + j, sum);
    store_vec(lo + j, compensation);
  }
};

template <class Arch, class T, class Terms>
void column_sums(const Terms& terms, T* store, std::size_t len, std::size_t stride, std::size_t count, T* hi, T* lo) {
  for (std::size_t j = 0; j < count; ++j) hi[j] = lo[j] = 0;
  column_rows<Arch, T>(len, count, column_sum_body<T, Terms>{terms, store, stride, hi, lo});
  for (std::size_t j = 0; j < count; ++j) {
    T h, l;
    kahan_result(hi[j], lo[j], h, l);
    hi[j] = h;
    lo[j] = l;
  }
}

template <class T>
struct softmax_column_terms {
  static constexpr bool exact_sum = false;
  const T* x;
  const T* cutoff;
  const T* offset;
  const T* shifter;
  template <class V>
  SIMDACT_KERNEL_INLINE V term(const V& v, std::size_t j) const {
    return softmax_term(v, load_vec<V>(cutoff + j), load_vec<V>(offset + j), load_vec<V>(shifter + j));
  }
};

template <class T>
struct log_softmax_column_terms {
  static constexpr bool exact_sum = true;
  const T* x;
  const T* cutoff;
  const T* max;
  template <class V>
  SIMDACT_KERNEL_INLINE V term(const V& v, std::size_t j) const {
    return log_softmax_term(v, load_vec<V>(cutoff + j), negate(load_vec<V>(max + j)));
  }
};

template <class Arch, class T>
void softmax_column_exp_sum(const T* x, T* store, std::size_t len, std::size_t stride, std::size_t count,
                            const T* cutoff, const T* offset, const T* shifter, T* hi, T* lo) {
  column_sums<Arch>(softmax_column_terms<T>{x, cutoff, offset, shifter}, store, len, stride, count, hi, lo);
}

template <class Arch, class T>
void log_softmax_column_exp_sum(const T* x, std::size_t len, std::size_t stride, std::size_t count,
                                const T* cutoff, const T* max, T* hi, T* lo) {
  column_sums<Arch>(log_softmax_column_terms<T>{x, cutoff, max}, static_cast<T*>(nullptr), len, stride, count, hi, lo);
}

// Per column: y = f(x, that column's constants) along the axis.
template <class T, class F>
struct column_map_body {
  const T* x;
  T* y;
  std::size_t stride;
  F f;
  template <class V>
  SIMDACT_KERNEL_INLINE void step(std::size_t a, std::size_t j) const {
    const std::size_t at = a * stride + j;
    store_vec(y + at, f(load_vec<V>(x + at), j));
  }
};

template <class T>
struct column_times_factor {
  const T* factor;
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& v, std::size_t j) const { return v * load_vec<V>(factor + j); }
};

template <class T>
struct column_minus_two_word {
  const T* hi;
  const T* lo;
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& v, std::size_t j) const {
    return (v - load_vec<V>(hi + j)) - load_vec<V>(lo + j);
  }
};

template <class Arch, class T>
void softmax_column_scale(const T* in, T* y, std::size_t len, std::size_t stride, std::size_t count,
                          const T* factor) {
  using F = column_times_factor<T>;
  column_rows<Arch, T>(len, count, column_map_body<T, F>{in, y, stride, F{factor}});
}

template <class Arch, class T>
void softmax_column_subtract(const T* x, T* y, std::size_t len, std::size_t stride, std::size_t count,
                             const T* hi, const T* lo) {
  using F = column_minus_two_word<T>;
  column_rows<Arch, T>(len, count, column_map_body<T, F>{x, y, stride, F{hi, lo}});
}

}  // namespace
}  // namespace simdact::kernels
