// A program that uses simdact the way an application would; exits 0 iff the results make sense.
#include <cmath>
#include <cstdio>

#include <simdact/simdact.hpp>

int main() {
  const float x[5] = {-100.0f, -1.0f, 0.0f, 1.0f, 30.0f};
  float y[5];
  simdact::sigmoid(x, y, 5);
  const bool ok = y[0] > 0 && y[0] < 1e-40f && std::fabs(y[1] - 0.26894142f) < 1e-7f && y[2] == 0.5f &&
                  std::fabs(y[3] - 0.73105858f) < 1e-7f && y[4] == 1.0f;
  std::printf("simdact consumer: isa %s, sigmoid(-1) = %.8f: %s\n",
              simdact::isa_name(simdact::active_isa()), double(y[1]), ok ? "ok" : "WRONG");
  return ok ? 0 : 1;
}
