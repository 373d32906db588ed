// Catch2 entry point. The AVX-512 emulator build runs without arguments or environment, so that
// build picks its own test filter.
#include <vector>

#include <catch2/catch_session.hpp>

int main(int argc, char* argv[]) {
  std::vector<char*> args(argv, argv + argc);
#ifdef SIMDACT_TEST_DEFAULT_FILTER
  static char filter[] = SIMDACT_TEST_DEFAULT_FILTER;
  if (argc == 1) args.push_back(filter);
#endif
  return Catch::Session().run(int(args.size()), args.data());
}
