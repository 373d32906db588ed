// Inputs and outputs placed right against an inaccessible page: a kernel that read or wrote one
// element past its range would crash here instead of passing unnoticed.
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include <catch2/catch_template_test_macros.hpp>
#include <catch2/catch_test_macros.hpp>

#include "dispatch.hpp"
#include "simdact/simdact.hpp"
#include "targets.hpp"

namespace {

// `bytes` of read-write memory followed (and preceded) by a PROT_NONE page.
class guarded_region {
 public:
  explicit guarded_region(std::size_t bytes) {
    page_ = std::size_t(sysconf(_SC_PAGESIZE));
    usable_ = (bytes + page_ - 1) / page_ * page_;
    total_ = usable_ + 2 * page_;
    base_ = static_cast<char*>(mmap(nullptr, total_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    REQUIRE(base_ != MAP_FAILED);
    REQUIRE(mprotect(base_ + page_, usable_, PROT_READ | PROT_WRITE) == 0);
  }
  ~guarded_region() { munmap(base_, total_); }
  guarded_region(const guarded_region&) = delete;
  guarded_region& operator=(const guarded_region&) = delete;

  // n elements ending exactly at the upper guard page.
  template <class T>
  T* ending_at_guard(std::size_t n) const {
    return reinterpret_cast<T*>(base_ + page_ + usable_) - n;
  }
  // n elements starting exactly at the lower guard page's end.
  template <class T>
  T* starting_at_guard() const {
    return reinterpret_cast<T*>(base_ + page_);
  }

 private:
  char* base_ = nullptr;
  std::size_t page_ = 0, usable_ = 0, total_ = 0;
};

const char* const targets[] = {"scalar", "avx2", "avx512", "neon", "emulated16"};

}  // namespace

TEMPLATE_TEST_CASE("kernels never touch memory outside their range", "[guard]", float, double) {
  constexpr std::size_t max_n = 4100;
  guarded_region input_region(max_n * sizeof(TestType)), output_region(max_n * sizeof(TestType));
  for (const char* target_name : targets) {
    // A build for an emulator exists for its one target; the others are covered natively.
    if (simdact::test::target_required_anywhere() && !simdact::test::target_required(target_name)) continue;
    const auto* table = simdact::test::target_table(target_name);
    if (!table) continue;  // missing targets are reported by the [kernels] tests
    for (const auto& k : simdact::detail::unary_kernels) {
      const auto kernel = (table->*k.entry).template get<TestType>();
      const auto params = simdact::detail::default_params<TestType>(k);
      for (std::size_t n = 1; n <= max_n; n += (n < 70 ? 1 : 1009)) {
        INFO(k.name << " on " << target_name << ", n = " << n);
        for (bool input_at_end : {true, false}) {
          TestType* x = input_at_end ? input_region.ending_at_guard<TestType>(n)
                                     : input_region.starting_at_guard<TestType>();
          for (std::size_t i = 0; i < n; ++i) x[i] = TestType(int(i % 19) - 9) / 3;
          TestType* y_end = output_region.ending_at_guard<TestType>(n);
          TestType* y_start = output_region.starting_at_guard<TestType>();
          kernel(x, y_end, n, params);
          kernel(x, y_start, n, params);
          kernel(x, x, n, params);  // in place, against the guard
        }
      }
    }
  }
  SUCCEED("no access outside [ptr, ptr + n)");
}

TEST_CASE("a rejected call leaves an output placed against a guard page untouched", "[guard]") {
  guarded_region region(64 * sizeof(float));
  float* y = region.ending_at_guard<float>(16);
  for (int i = 0; i < 16; ++i) y[i] = 5.0f;
  CHECK_THROWS_AS(simdact::sigmoid(nullptr, y, 16), simdact::error);
  CHECK_THROWS_AS(simdact::sigmoid(y - 8, y, 16), simdact::error);
  bool untouched = true;
  for (int i = 0; i < 16; ++i) untouched &= y[i] == 5.0f;
  CHECK(untouched);
}
