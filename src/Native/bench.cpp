// Diagnostics for `schane bench engine`: the cost of an op called from C++ with no binding in between, the floor
// that the managed per-call overhead is measured against.
#include "shim.h"
#include <chrono>

// Runs `iterations` of a + b on the given tensors in C++ and returns the mean nanoseconds per call.
SCH_API double sch_bench_native_add(TensorHandle a, TensorHandle b, int64_t iterations) {
  return sch_guard<double>(-1, [&]() {
    auto start = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < iterations; i++) {
      at::Tensor c = at::add(*a, *b);
    }
    auto elapsed = std::chrono::steady_clock::now() - start;
    return std::chrono::duration<double, std::nano>(elapsed).count() / (double)iterations;
  });
}
