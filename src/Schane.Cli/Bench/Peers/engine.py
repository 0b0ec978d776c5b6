"""PyTorch peer of `schane bench engine`: the same measurements, same shapes, same thread count, printed as JSON."""
import json
import statistics
import sys
import time

import torch

threads, calls, steps, repeats = (int(a) for a in sys.argv[1:5])
torch.set_num_threads(threads)
torch.manual_seed(0)

# Per-call cost of a tiny op (a + b on one-element tensors), Python overhead included; calls = 0 skips it.
tiny_ns = None
if calls > 0:
    a, b = torch.ones(1), torch.ones(1)
    for _ in range(calls // 10):
        a + b
    start = time.perf_counter_ns()
    for _ in range(calls):
        a + b
    tiny_ns = (time.perf_counter_ns() - start) / calls

# One training step of a 3-layer MLP (batch 256, 784 -> 512 -> 512 -> 10), cross-entropy, AdamW.
model = torch.nn.Sequential(
    torch.nn.Linear(784, 512), torch.nn.ReLU(),
    torch.nn.Linear(512, 512), torch.nn.ReLU(),
    torch.nn.Linear(512, 10))
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
x = torch.randn(256, 784)
y = torch.randint(0, 10, (256,))


def step():
    optimizer.zero_grad(set_to_none=True)
    loss = torch.nn.functional.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()


for _ in range(steps // 2):
    step()
samples = []
for _ in range(repeats):
    start = time.perf_counter_ns()
    for _ in range(steps):
        step()
    samples.append((time.perf_counter_ns() - start) / steps / 1e6)

print(json.dumps({"torch": torch.__version__, "tiny_op_ns": tiny_ns, "mlp_step_ms": statistics.median(samples),
                  "mlp_step_ms_samples": samples}))
