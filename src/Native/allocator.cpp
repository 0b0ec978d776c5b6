// Process memory policy: keep freed tensor memory in the heap instead of handing it back to the kernel.
//
// A training step frees and reallocates the same buffers (gradients, activations, optimizer temporaries) every
// iteration. With glibc's defaults, a .NET process returns the freed top of the heap to the kernel (brk) after each
// free and maps it again on the next allocation, so every step pays page faults on all its fresh buffers: measured on
// an MLP step (batch 16, 784-64-64-10, AdamW, zero_grad(set_to_none)), ~1.4 ms instead of ~0.25 ms, with ~4 brk calls
// per step. Python escapes this only because its own objects keep the heap top busy. Fixing both thresholds (which
// also turns off glibc's dynamic adjustment) keeps buffers up to 32 MiB in the heap and trims only beyond 256 MiB free.
//
// One arena: glibc gives every other thread its own arena of 64 MiB sub-heaps, which it unmaps as soon as they empty,
// so a training loop run off the main thread (a CLI worker, a notebook cell) page-faulted its buffers again every
// step: a small-ResNet step took 260–310 ms on a worker thread against 115–135 ms on the main thread; with one arena,
// 121–128 ms. Tensor allocations are large and few, so sharing one arena's lock costs nothing measurable. The limit
// only binds threads that first allocate after this library loads; ./schane therefore also exports MALLOC_ARENA_MAX=1,
// which glibc reads at process start.
#include "shim.h"

#if defined(__GLIBC__)
#include <malloc.h>

#include <cstdlib>

// A user who set glibc's own variables keeps them.
static const bool sch_heap_policy = [] {
  if (!std::getenv("MALLOC_MMAP_THRESHOLD_")) mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
  if (!std::getenv("MALLOC_TRIM_THRESHOLD_")) mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
  if (!std::getenv("MALLOC_ARENA_MAX")) mallopt(M_ARENA_MAX, 1);
  return true;
}();
#endif
