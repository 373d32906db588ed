// libFuzzer target: drives the public API with arbitrary kernels, types, sizes, alignments,
// aliasing, thread counts and float bit patterns. Valid calls must give the scalar path's bits;
// invalid ones (null input, partial overlap) must throw simdact::error and leave the output alone.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "dispatch.hpp"
#include "public_kernels.hpp"
#include "simdact/simdact.hpp"

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
  if (flags & 1) exercise<double>(data + 5, size - 5, kernel_index, mode, n, offset);
  else exercise<float>(data + 5, size - 5, kernel_index, mode, n, offset);
  return 0;
}
