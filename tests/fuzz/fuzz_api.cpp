// libFuzzer target: drives the public API with arbitrary kernels (the softmax family included),
// types, sizes, alignments, aliasing, thread counts and float bit patterns. Valid calls must give the scalar path's bits;
// invalid ones (null input, partial overlap) must throw simdact::error and leave the output alone.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "dispatch.hpp"
#include "public_kernels.hpp"
#include "simdact/simdact.hpp"
#include "softmax_internal.hpp"

namespace {

[[noreturn]] void fail(const char* what, std::size_t kernel, std::size_t n, unsigned mode) {
  std::fprintf(stderr, "fuzz_api: %s (kernel %zu, n %zu, mode %u)\n", what, kernel, n, mode);
  __builtin_trap();
}

template <class T>
bool same_bits_or_both_nan(const T* a, const T* b, std::size_t n) {
  if (n == 0 || std::memcmp(a, b, n * sizeof(T)) == 0) return true;
  for (std::size_t i = 0; i < n; ++i)
    if (std::memcmp(a + i, b + i, sizeof(T)) != 0 && !(a[i] != a[i] && b[i] != b[i])) return false;
  return true;
}

template <class T>
void exercise(const std::uint8_t* data, std::size_t size, std::size_t kernel_index, unsigned mode,
              std::size_t n, std::size_t offset) {
  const std::size_t k = kernel_index % std::size(simdact::detail::unary_kernels);
  const auto kernel = simdact::detail::public_unary_kernels<T>[k];
  const auto scalar =
      (simdact::detail::scalar_table().*simdact::detail::unary_kernels[k].entry).template get<T>();
  const auto params = simdact::detail::default_params<T>(simdact::detail::unary_kernels[k]);
  std::vector<T> storage(n + offset + 8);
  // Bit patterns from the input, repeated to fill the buffer.
  auto* bytes = reinterpret_cast<std::uint8_t*>(storage.data());
  const std::size_t total = storage.size() * sizeof(T);
  for (std::size_t done = 0; size > 0 && done < total; done += size)
    std::memcpy(bytes + done, data, total - done < size ? total - done : size);
  T* x = storage.data() + offset;
  std::vector<T> expected(n);
  scalar(x, expected.data(), n, params);

  if (mode == 0) {  // separate output
    std::vector<T> out(n + 2);
    kernel(x, out.data() + 1, n, params);
    if (!same_bits_or_both_nan(out.data() + 1, expected.data(), n))
      fail("result differs from the scalar path", kernel_index, n, mode);
  } else if (mode == 1) {  // in place
    kernel(x, x, n, params);
    if (!same_bits_or_both_nan(x, expected.data(), n))
      fail("in-place result differs from the scalar path", kernel_index, n, mode);
  } else {  // invalid: partial overlap, or null input
    const std::size_t shift = 1 + offset % 4;
    if (n == 0 || (mode == 2 && shift >= n)) return;  // no overlap to reject
    const std::vector<T> before(storage);
    bool threw = false;
    try {
      if (mode == 2) kernel(x, x + shift, n, params);
      else kernel(nullptr, x, n, params);
    } catch (const simdact::error&) {
      threw = true;
    }
    if (!threw) fail("invalid call did not throw simdact::error", kernel_index, n, mode);
    if (std::memcmp(before.data(), storage.data(), storage.size() * sizeof(T)) != 0)
      fail("rejected call wrote to memory", kernel_index, n, mode);
  }
}

// The softmax family on rows cut from the same arbitrary bit patterns (NaN, infinite, masked and
// huge rows included): the public call must give the scalar path's bits, in place or not, and a
// row stride below cols must throw and write nothing.
template <class T>
void exercise_softmax(const std::uint8_t* data, std::size_t size, unsigned which, unsigned mode, std::size_t n,
                      std::size_t offset) {
  using simdact::detail::softmax_kind;
  const std::size_t rows = 1 + offset % 4, cols = n / rows;
  if (cols == 0) return;
  std::vector<T> storage(rows * cols + offset + 8), other(rows * cols);
  auto* bytes = reinterpret_cast<std::uint8_t*>(storage.data());
  const std::size_t total = storage.size() * sizeof(T);
  for (std::size_t done = 0; size > 0 && done < total; done += size)
    std::memcpy(bytes + done, data, total - done < size ? total - done : size);
  T* x = storage.data() + offset;
  for (std::size_t i = 0; i < other.size(); ++i) other[i] = x[(i * 7) % other.size()];
  const auto c = std::ptrdiff_t(cols);
  const softmax_kind kind = which % 2 ? softmax_kind::log_softmax : softmax_kind::softmax;
  const bool backward = which % 4 >= 2;
  std::vector<T> expected(rows * cols);
  const auto& scalar = simdact::detail::scalar_softmax;
  if (backward) simdact::detail::softmax_backward_with(scalar, kind, x, c, other.data(), c, expected.data(), c, rows, cols);
  else simdact::detail::softmax_rows_with(scalar, kind, x, c, expected.data(), c, rows, cols, simdact::softmax_options<T>{});
  auto call = [&](const T* in, T* out, std::ptrdiff_t in_stride) {
    if (kind == softmax_kind::softmax) {
      if (backward) simdact::softmax_backward(in, in_stride, other.data(), c, out, c, rows, cols);
      else simdact::softmax(in, in_stride, out, c, rows, cols);
    } else {
      if (backward) simdact::log_softmax_backward(in, in_stride, other.data(), c, out, c, rows, cols);
      else simdact::log_softmax(in, in_stride, out, c, rows, cols);
    }
  };
  if (mode == 0) {
    std::vector<T> out(rows * cols);
    call(x, out.data(), c);
    if (!same_bits_or_both_nan(out.data(), expected.data(), out.size()))
      fail("softmax result differs from the scalar path", which, n, mode);
  } else if (mode == 1) {
    call(x, x, c);
    if (!same_bits_or_both_nan(x, expected.data(), expected.size()))
      fail("in-place softmax result differs from the scalar path", which, n, mode);
  } else {
    std::vector<T> out(rows * cols, T(7));
    bool threw = false;
    try {
      call(x, out.data(), c - 1);
    } catch (const simdact::error&) {
      threw = true;
    }
    if (!threw) fail("softmax with stride < cols did not throw", which, n, mode);
    for (T v : out)
      if (!(v == T(7))) fail("rejected softmax call wrote to its output", which, n, mode);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 5) return 0;
  const std::size_t kernel_index = data[0];
  const unsigned flags = data[1];
  std::size_t n = (std::size_t(data[2]) | std::size_t(data[3]) << 8) % 700;
  if ((flags & 0xf0) == 0xf0) n += 9000;  // now and then large enough to be split across threads
  const std::size_t offset = data[4] % 17;
  const unsigned mode = (flags >> 1) & 3;
  simdact::set_num_threads(int((flags >> 3) & 3));  // 0 (OpenMP's default), 1, 2, 3
  if (kernel_index >= 224) {  // one input in eight drives the softmax family
    if (flags & 1) exercise_softmax<double>(data + 5, size - 5, kernel_index, mode, n, offset);
    else exercise_softmax<float>(data + 5, size - 5, kernel_index, mode, n, offset);
  } else if (flags & 1) {
    exercise<double>(data + 5, size - 5, kernel_index, mode, n, offset);
  } else {
    exercise<float>(data + 5, size - 5, kernel_index, mode, n, offset);
  }
  return 0;
}
