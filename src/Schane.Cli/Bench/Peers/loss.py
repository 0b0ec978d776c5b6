"""PyTorch peers of `schane bench loss`: dense SCHaNe (as DESIGN.md's formula, the official semantics) and
HobbitLong-style SupCon, forward + backward, timed and with peak extra memory, printed as JSON.

Usage: loss.py THREADS REPEATS SIZE[,SIZE...]   (D = 128, float32, 10 classes)
"""
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F

threads, repeats = int(sys.argv[1]), int(sys.argv[2])
sizes = [int(s) for s in sys.argv[3].split(",")]
torch.set_num_threads(threads)


def schane(z, labels, temperature=0.5, beta=1.0):
    z = F.normalize(z, dim=1)
    n = z.shape[0]
    s = z @ z.T / temperature
    same = labels[:, None] == labels[None, :]
    eye = torch.eye(n, dtype=torch.bool)
    pos_mask = (same & ~eye).float()
    neg_mask = (~same).float()
    exp_s = torch.exp(s)
    imp = torch.exp(beta * s) * neg_mask
    weights = neg_mask.sum(1, keepdim=True) * imp / imp.sum(1, keepdim=True)
    ng = (weights * exp_s).sum(1)
    pos = (exp_s * pos_mask).sum(1) / pos_mask.sum(1)
    return (-torch.log(pos / (pos + ng))).mean()


def supcon(z, labels, temperature=0.07, base_temperature=0.07):
    z = F.normalize(z, dim=1)
    n = z.shape[0]
    mask = (labels[:, None] == labels[None, :]).float()
    logits = z @ z.T / temperature
    logits = logits - logits.max(dim=1, keepdim=True)[0].detach()
    logits_mask = torch.ones_like(mask)
    logits_mask[torch.arange(n), torch.arange(n)] = 0
    mask = mask * logits_mask
    log_prob = logits - torch.log((torch.exp(logits) * logits_mask).sum(1, keepdim=True))
    mean_log_prob_pos = (mask * log_prob).sum(1) / mask.sum(1)
    return (-(temperature / base_temperature) * mean_log_prob_pos).mean()


def rss(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) * 1024
    raise RuntimeError(field)


def measure(loss_fn, n):
    torch.manual_seed(0)
    e = torch.randn(n, 128)
    labels = torch.randint(0, 10, (n,))

    def once():
        x = e.clone().requires_grad_(True)
        loss_fn(x, labels).backward()

    once()
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    before = rss("VmRSS:")
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        once()
        samples.append((time.perf_counter() - start) * 1000)
    return {"ms": statistics.median(samples), "extra_bytes": max(0, rss("VmHWM:") - before)}


results = []
for n in sizes:
    for name, fn in (("schane", schane), ("supcon", supcon)):
        results.append({"loss": name, "rows": n, **measure(fn, n)})
print(json.dumps({"torch": torch.__version__, "results": results}))
