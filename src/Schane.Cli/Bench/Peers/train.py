"""PyTorch peer of `schane bench train`: the .NET trainer's step, written as a plain PyTorch training loop.

Same model (schane_model.py), batch, two augmented views (crop+flip by one affine_grid/grid_sample, brightness and
contrast jitter, random erasing, normalisation), SCHaNe (τ = 0.5, β = 1, dense) + cross-entropy with λ = 0.9, AdamW with
warmup-cosine learning rates and gradient clipping at 5, on Fashion-MNIST's base classes.
Usage: train.py ROOT WIDTH BATCH WARMUP_STEPS STEPS THREADS. Prints {"images_per_second", "step_ms", "torch"} as JSON.
"""
import gzip
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from schane_model import ContrastiveModel, SmallResNet  # noqa: E402

root = sys.argv[1]
width, batch, warmup, steps, threads = (int(a) for a in sys.argv[2:7])
torch.set_num_threads(threads)
torch.manual_seed(0)
rng = random.Random(0)


def idx(name):
    with gzip.open(os.path.join(root, name)) as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


base = [0, 1, 2, 5, 8]
images, labels = idx("train-images-idx3-ubyte.gz"), idx("train-labels-idx1-ubyte.gz")
keep = np.isin(labels, base)
images = torch.from_numpy(images[keep].copy()).unsqueeze(1)
remap = {c: i for i, c in enumerate(base)}
labels = torch.tensor([remap[int(c)] for c in labels[keep]])


def crop_box(h, w):
    for _ in range(10):
        area = h * w * rng.uniform(0.6, 1.0)
        aspect = math.exp(rng.uniform(math.log(3 / 4), math.log(4 / 3)))
        cw, ch = round(math.sqrt(area * aspect)), round(math.sqrt(area / aspect))
        if 0 < cw <= w and 0 < ch <= h:
            return rng.randint(0, h - ch), rng.randint(0, w - cw), ch, cw
    return 0, 0, h, w


def erase_box(h, w):
    for _ in range(10):
        area = h * w * rng.uniform(0.02, 0.33)
        aspect = math.exp(rng.uniform(math.log(0.3), math.log(3.3)))
        eh, ew = round(math.sqrt(area * aspect)), round(math.sqrt(area / aspect))
        if eh < h and ew < w:
            return rng.randint(0, h - eh), rng.randint(0, w - ew), eh, ew
    return 0, 0, 0, 0


def augment(x):
    b, _, h, w = x.shape
    theta, low, high = torch.zeros(b, 2, 3), torch.empty(b, 1, 1, 2), torch.empty(b, 1, 1, 2)
    bright, contrast, order = torch.ones(b, 1, 1, 1), torch.ones(b, 1, 1, 1), torch.zeros(b, 1, 1, 1, dtype=torch.bool)
    erase = torch.zeros(b, 1, h, w, dtype=torch.bool)
    for i in range(b):
        top, left, ch, cw = crop_box(h, w)
        flip = rng.random() < 0.5
        theta[i, 0, 0] = (-1 if flip else 1) * cw / w
        theta[i, 0, 2] = (2 * left + cw) / w - 1
        theta[i, 1, 1] = ch / h
        theta[i, 1, 2] = (2 * top + ch) / h - 1
        low[i, 0, 0] = torch.tensor([(2 * left + 1) / w - 1, (2 * top + 1) / h - 1])
        high[i, 0, 0] = torch.tensor([(2 * (left + cw) - 1) / w - 1, (2 * (top + ch) - 1) / h - 1])
        if rng.random() < 0.8:
            order[i] = rng.random() < 0.5
            bright[i] = rng.uniform(0.6, 1.4)
            contrast[i] = rng.uniform(0.6, 1.4)
        if rng.random() < 0.25:
            et, el, eh, ew = erase_box(h, w)
            erase[i, :, et:et + eh, el:el + ew] = True
    x = x.float() / 255
    grid = F.affine_grid(theta, list(x.shape), align_corners=False).maximum(low).minimum(high)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)

    def brighten(t):
        return (t * bright).clamp(0, 1)

    def contrasted(t):
        return (t * contrast + (1 - contrast) * t.mean(dim=(1, 2, 3), keepdim=True)).clamp(0, 1)

    x = torch.where(order, brighten(contrasted(x)), contrasted(brighten(x)))
    x = (x - 0.2860) / 0.3530
    return x.masked_fill(erase, 0)


def schane(z, y, temperature=0.5, beta=1.0):
    z = F.normalize(z, dim=1)
    s = z @ z.T / temperature
    n = z.shape[0]
    same = y[:, None] == y[None, :]
    pos_mask = (same & ~torch.eye(n, dtype=torch.bool)).float()
    neg_mask = (~same).float()
    exp_s = torch.exp(s)
    imp = torch.exp(beta * s) * neg_mask
    weights = neg_mask.sum(1, keepdim=True) * imp / imp.sum(1, keepdim=True)
    ng = (weights * exp_s).sum(1)
    pos = (exp_s * pos_mask).sum(1) / pos_mask.sum(1)
    return -torch.log(pos / (pos + ng)).mean()


model = ContrastiveModel(SmallResNet(1, width), len(base))
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.05)
total = warmup + steps
perm = torch.randperm(len(labels))


def step(k):
    lr = 2e-3 * (k + 1) / max(1, total // 20) if k < total // 20 else 2e-3 * 0.5 * (1 + math.cos(math.pi * k / total))
    for group in optimizer.param_groups:
        group["lr"] = lr
    rows = perm[k * batch:(k + 1) * batch]
    x, y = images[rows], labels[rows]
    views = torch.cat([augment(x), augment(x)])
    _, projections, logits = model(views)
    loss = 0.9 * schane(projections, y.repeat(2)) + 0.1 * F.cross_entropy(logits, y.repeat(2))
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
    optimizer.step()
    return loss.item()


for k in range(warmup):
    step(k)
start = time.perf_counter()
for k in range(warmup, total):
    step(k)
elapsed = time.perf_counter() - start
print(json.dumps({"images_per_second": steps * batch / elapsed, "step_ms": 1000 * elapsed / steps, "torch": torch.__version__}))
