// Base of the derivative kernels. For each function f of the list, `f_gradient` supplies
//   derivative(x, params)              f'(x)
//   backward(x, dy, params)            dy * f'(x), when it can do better than that product
//   from_output(y, dy, params)         dy * f'(x) from y = f(x), when `has_output_form`
// for one vector (or one scalar lane), and this walks the arrays. As in simd.hpp, the call operators
// are defined out of class so that each ISA translation unit instantiates them explicitly.
#pragma once

#include <utility>

#include "simd.hpp"

namespace simdact::kernels {
namespace {

template <class V>
using params_of = detail::kernel_params<lane_t<V>>;

// NaN where x is NaN (the all-ones NaN, by an or: cheaper than a blend), v elsewhere: a derivative at
// NaN is NaN, also where f is locally constant.
template <class V>
SIMDACT_KERNEL_INLINE V nan_where_nan(const V& x, const V& v) {
  return nan_where(x != x, v);
}

// A derivative value held as value * unscale, unscale = 2^-k: scaled up, it stays a normal number
// where f' itself is subnormal, so that f' and dy f' can each be rounded into the subnormal range
// once instead of multiplying an already rounded subnormal f' (dy f' would then be off by up to
// |dy| / 2 subnormal units).
template <class V>
struct scaled_slope {
  V value, unscale;
};

template <class V>
SIMDACT_KERNEL_INLINE V unscaled(const scaled_slope<V>& s) {
  return s.value * s.unscale;
}

// The backward kernels' contract covers |dy| <= 2^max_dy_exponent: 2^24 in float, 2^64 in double
// (and any smaller magnitude). Each kernel picks its scale 2^k and clamps its argument so that,
// over that range, dy * value never overflows and the clamped tail gives dy f' below half the
// smallest subnormal, as the true one is.
template <class T>
inline constexpr int max_dy_exponent = sizeof(T) == 4 ? 24 : 64;

// dy f' = (dy value) 2^-k: dy value is normal wherever dy f' is not below the subnormal range, and
// cannot overflow for |dy| within the contract, so the product rounds once and the unscaling rounds
// once more only into the subnormal range. A per-lane choice between this and dy (value 2^-k),
// exact for any dy, took 23 % of sigmoid's backward time (4K floats, AVX2: 2343 -> 1805 ns).
template <class V>
SIMDACT_KERNEL_INLINE V times_scaled(const V& dy, const scaled_slope<V>& s) {
  return (dy * s.value) * s.unscale;
}

// out[i] = f(a[i], b[i]) for i in [i, end) one vector at a time, the rest through padded copies.
template <class V, class T, class F>
inline void transform2_rest(const T* a, const T* b, T* out, std::size_t i, std::size_t end, F f) {
  constexpr std::size_t w = vec_traits<V>::width;
  for (; i + w <= end; i += w) store_vec(out + i, f(load_vec<V>(a + i), load_vec<V>(b + i)));
  if constexpr (w > 1) {
    if (i < end) {
      alignas(64) T pad_a[w] = {}, pad_b[w] = {};
      std::memcpy(pad_a, a + i, (end - i) * sizeof(T));
      std::memcpy(pad_b, b + i, (end - i) * sizeof(T));
      store_vec(pad_a, f(load_vec<V>(pad_a), load_vec<V>(pad_b)));
      std::memcpy(out + i, pad_a, (end - i) * sizeof(T));
    }
  }
}

// out[i] = f(a[i], b[i]) for i < n: transform (simd.hpp) with two inputs. out may be a or b: each
// vector of them is loaded before the result at its place is stored.
template <class Arch, std::size_t unroll, class T, class F>
inline void transform2(const T* a, const T* b, T* out, std::size_t n, F f) {
  using V = vec<T, Arch>;
  constexpr std::size_t w = vec_traits<V>::width;
  std::size_t i = 0;
  if constexpr (streaming_store<Arch>::available) {
    const auto address = reinterpret_cast<std::uintptr_t>(out);
    if (n * sizeof(T) >= streaming_min_bytes && address % sizeof(T) == 0) {
      const std::size_t head = (64 - address % 64) % 64 / sizeof(T);
      transform2_rest<V>(a, b, out, 0, head, f);
      constexpr std::size_t per_line = 64 / sizeof(V) > 0 ? 64 / sizeof(V) : 1;
      constexpr std::size_t stream_unroll = unroll > per_line ? unroll : per_line;
      for (i = head; i + stream_unroll * w <= n; i += stream_unroll * w) {
        compute_block<V, stream_unroll>(
            f, [&](std::size_t u, const V& r) { streaming_store<Arch>::store(out + i + u * w, r); }, a + i, b + i);
      }
      streaming_store<Arch>::finish();
      transform2_rest<V>(a, b, out, i, n, f);
      return;
    }
  }
  for (; i + unroll * w <= n; i += unroll * w) {
    compute_block<V, unroll>(f, [&](std::size_t u, const V& r) { store_vec(out + i + u * w, r); }, a + i, b + i);
  }
  transform2_rest<V>(a, b, out, i, n, f);
}

// What a kernel's per-vector functions take: the call's parameters as its `prepare` turns them
// (once per call, outside the loops), by default the parameters themselves.
template <class Derived, class T>
using prepared_t = decltype(Derived::prepare(std::declval<detail::kernel_params<T>>()));

template <class Derived, class T>
struct derivative_form {
  prepared_t<Derived, T> params;
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& x) const { return Derived::derivative(x, params); }
};
template <class Derived, class T>
struct backward_form {
  prepared_t<Derived, T> params;
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& x, const V& dy) const { return Derived::backward(x, dy, params); }
};
// For kernels whose `scaled` is `scaled_common` (a formula) mended by `scaled_patched` on the few
// inputs that `rare` selects (a window around f's zero, see has_rare_inputs): f' from x in the first
// stage, mended once per iteration where needed; the second stage differs between the loops.
template <class Derived, class T>
struct patched_first_stage {
  prepared_t<Derived, T> params;
  template <class V>
  SIMDACT_KERNEL_INLINE scaled_slope<V> first(const V& x) const { return Derived::scaled_common(x, params); }
  template <class V>
  SIMDACT_KERNEL_INLINE auto rare(const V& x) const { return Derived::rare(x, params); }
  template <class V>
  SIMDACT_KERNEL_INLINE scaled_slope<V> patched(const scaled_slope<V>& s, const V& x) const {
    return Derived::scaled_patched(s, x, params);
  }
};
// Backward: dy (loaded in the second stage) times f'.
template <class Derived, class T>
struct patched_backward_form : patched_first_stage<Derived, T> {
  template <class V>
  SIMDACT_KERNEL_INLINE V second(const scaled_slope<V>& s, const V& dy) const { return times_scaled(dy, s); }
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& x, const V& dy) const { return Derived::backward(x, dy, this->params); }
};
// Derivative: f' itself.
template <class Derived, class T>
struct patched_derivative_form : patched_first_stage<Derived, T> {
  template <class V>
  SIMDACT_KERNEL_INLINE V second(const scaled_slope<V>& s, const V&) const { return unscaled(s); }
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& x) const { return Derived::derivative(x, this->params); }
};
template <class Derived, class T>
struct output_form {
  prepared_t<Derived, T> params;
  template <class V>
  SIMDACT_KERNEL_INLINE V operator()(const V& y, const V& dy) const { return Derived::from_output(y, dy, params); }
};

// unroll_f32: vectors per loop iteration in float; unroll_f64 the same for double (as elementwise's).
template <class Derived, std::size_t unroll_f32 = 4, std::size_t unroll_f64 = unroll_f32>
struct gradient {
  static constexpr bool has_output_form = false;
  // A kernel whose parameters can select a simpler function (swish with beta = 1 is silu) sets this,
  // and defines special_form_applies(params) and `special`, the gradient kernel to call instead.
  static constexpr bool has_special_form = false;
  // Set by kernels that define scaled_common, rare and scaled_patched (windowed_gradient: silu,
  // gelu_tanh, mish): their derivative and backward loops run staged (patched_derivative_form,
  // patched_backward_form). The other kernels' loops stay in one stage, which measured faster for
  // sigmoid, tanh, softplus and log_sigmoid in f32 (4K, AVX2: sigmoid 0.409 against 0.430 staged,
  // log_sigmoid 0.404 against 0.448).
  static constexpr bool patched_loops = false;
  // Vectors per iteration of the from-output loop in float, where it differs from the others'.
  static constexpr std::size_t output_unroll_f32 = unroll_f32;

  template <class T>
  static detail::kernel_params<T> prepare(const detail::kernel_params<T>& p) { return p; }

  // Kernels that do not define derivative and backward themselves define
  //   scaled(x, params) -> scaled_slope<V>{f'(x) 2^k, 2^-k}
  // and get these two.
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE V derivative(const V& x, const P& p) {
    return unscaled(Derived::scaled(x, p));
  }
  template <class V, class P>
  static SIMDACT_KERNEL_INLINE V backward(const V& x, const V& dy, const P& p) {
    return times_scaled(dy, Derived::scaled(x, p));
  }

  template <class Arch, class T>
  void derivative_call(Arch, const T* x, T* d, std::size_t n, detail::kernel_params<T> params) const;
  template <class Arch, class T>
  void backward_call(Arch, const T* x, const T* dy, T* dx, std::size_t n, detail::kernel_params<T> params) const;
  template <class Arch, class T>
  void output_call(Arch, const T* y, const T* dy, T* dx, std::size_t n, detail::kernel_params<T> params) const;
};

template <class Derived, std::size_t unroll_f32, std::size_t unroll_f64>
template <class Arch, class T>
void gradient<Derived, unroll_f32, unroll_f64>::derivative_call(Arch, const T* x, T* d, std::size_t n,
                                                                detail::kernel_params<T> params) const {
  constexpr std::size_t unroll = sizeof(T) == 8 ? unroll_f64 : unroll_f32;
  if constexpr (Derived::has_special_form) {
    if (Derived::special_form_applies(params)) return typename Derived::special{}.derivative_call(Arch{}, x, d, n, params);
  }
  if constexpr (Derived::patched_loops)
    transform<Arch, unroll>(x, d, n, patched_derivative_form<Derived, T>{{Derived::prepare(params)}});
  else
    transform<Arch, unroll>(x, d, n, derivative_form<Derived, T>{Derived::prepare(params)});
}

template <class Derived, std::size_t unroll_f32, std::size_t unroll_f64>
template <class Arch, class T>
void gradient<Derived, unroll_f32, unroll_f64>::backward_call(Arch, const T* x, const T* dy, T* dx, std::size_t n,
                                                              detail::kernel_params<T> params) const {
  constexpr std::size_t unroll = sizeof(T) == 8 ? unroll_f64 : unroll_f32;
  if constexpr (Derived::has_special_form) {
    if (Derived::special_form_applies(params)) return typename Derived::special{}.backward_call(Arch{}, x, dy, dx, n, params);
  }
  if constexpr (Derived::patched_loops)
    transform2<Arch, unroll>(x, dy, dx, n, patched_backward_form<Derived, T>{{Derived::prepare(params)}});
  else
    transform2<Arch, unroll>(x, dy, dx, n, backward_form<Derived, T>{Derived::prepare(params)});
}

template <class Derived, std::size_t unroll_f32, std::size_t unroll_f64>
template <class Arch, class T>
void gradient<Derived, unroll_f32, unroll_f64>::output_call(Arch, const T* y, const T* dy, T* dx, std::size_t n,
                                                            detail::kernel_params<T> params) const {
  constexpr std::size_t unroll = sizeof(T) == 8 ? unroll_f64 : Derived::output_unroll_f32;
  if constexpr (Derived::has_output_form) transform2<Arch, unroll>(y, dy, dx, n, output_form<Derived, T>{Derived::prepare(params)});
}

// PReLU's input gradient along a row of channels (NHWC rows): dx[i] = x[i] > 0 ? dy[i] : slopes[i] dy[i].
struct prelu_rows_backward_kernel {
  template <class Arch, class T>
  void operator()(Arch, const T* x, const T* dy, T* dx, std::size_t n, const T* slopes) const;
};

template <class Arch, class T>
void prelu_rows_backward_kernel::operator()(Arch, const T* x, const T* dy, T* dx, std::size_t n,
                                            const T* slopes) const {
  using V = vec<T, Arch>;
  constexpr std::size_t w = vec_traits<V>::width;
  const auto step = [](const V& v, const V& g, const V& slope) {
    return nan_where_nan(v, choose(v > V(0), g, g * slope));
  };
  std::size_t i = 0;
  for (; i + w <= n; i += w)
    store_vec(dx + i, step(load_vec<V>(x + i), load_vec<V>(dy + i), load_vec<V>(slopes + i)));
  if constexpr (w > 1) {
    if (i < n) {
      alignas(64) T pad_x[w] = {}, pad_dy[w] = {}, pad_slopes[w] = {};
      std::memcpy(pad_x, x + i, (n - i) * sizeof(T));
      std::memcpy(pad_dy, dy + i, (n - i) * sizeof(T));
      std::memcpy(pad_slopes, slopes + i, (n - i) * sizeof(T));
      store_vec(pad_x, step(load_vec<V>(pad_x), load_vec<V>(pad_dy), load_vec<V>(pad_slopes)));
      std::memcpy(dx + i, pad_x, (n - i) * sizeof(T));
    }
  }
}

}  // namespace
}  // namespace simdact::kernels
