"""PyTorch peer of `schane bench train`: the .NET trainer's step (Schane.Core.Training.Trainer), written as a plain
PyTorch training loop doing the same tensor work.

Same model (schane_model.py), batch, two augmented views made by the same batched ops as Schane.Core.Data.Augmentation
(uint8 → float / 255; crop + resize + flip as one affine_grid/grid_sample with the sampling points clamped to each crop
box; brightness and contrast jitter in a per-image order chosen by torch.where; normalisation; random erasing as a mask
built from row and column ranges), the per-image random draws made in Python and turned into tensors once per view as
the trainer does with its managed draws. Loss: 0.9 · SCHaNe (τ = 0.5, β = 1, as DESIGN.md writes it, dense) + 0.1 ·
cross-entropy over both views. AdamW (lr 2e-3, wd 0.05) with warmup-cosine learning rates, gradients set to None,
clipping at norm 5. Like the trainer, each step reads its loss terms and batch accuracy back as numbers. Fashion-MNIST's
base classes (0, 1, 2, 5, 8), reshuffled every epoch.
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
remap = np.zeros(10, np.int64)
remap[base] = np.arange(len(base))
labels = torch.from_numpy(remap[labels[keep]])
steps_per_epoch = len(labels) // batch

MEAN, STD = 0.2860, 0.3530


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
    b, c, h, w = x.shape
    theta, low, high = [], [], []
    bright, contrast, contrast_first = [], [], []
    erase_top, erase_bottom, erase_left, erase_right = [], [], [], []
    for _ in range(b):
        top, left, ch, cw = crop_box(h, w)
        flip = rng.random() < 0.5
        theta += [(-1 if flip else 1) * cw / w, 0.0, (2 * left + cw) / w - 1, 0.0, ch / h, (2 * top + ch) / h - 1]
        low += [(2 * left + 1) / w - 1, (2 * top + 1) / h - 1]
        high += [(2 * (left + cw) - 1) / w - 1, (2 * (top + ch) - 1) / h - 1]
        first, bf, cf = False, 1.0, 1.0
        if rng.random() < 0.8:
            first = rng.random() < 0.5
            bf, cf = rng.uniform(0.6, 1.4), rng.uniform(0.6, 1.4)
        bright.append(bf)
        contrast.append(cf)
        contrast_first.append(first)
        et, el, eh, ew = erase_box(h, w) if rng.random() < 0.25 else (0, 0, 0, 0)
        erase_top.append(et)
        erase_bottom.append(et + eh)
        erase_left.append(el)
        erase_right.append(el + ew)

    def per_image(values, dtype=torch.float32):
        return torch.tensor(values, dtype=dtype).view(b, 1, 1, 1)

    x = x.float() / 255
    grid = F.affine_grid(torch.tensor(theta).view(b, 2, 3), [b, c, h, w], align_corners=False)
    grid = grid.maximum(torch.tensor(low).view(b, 1, 1, 2)).minimum(torch.tensor(high).view(b, 1, 1, 2))
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)

    bright, contrast = per_image(bright), per_image(contrast)

    def brighten(t):
        return (t * bright).clamp(0, 1)

    def contrasted(t):
        return (t * contrast + (1.0 - contrast) * t.mean(dim=(1, 2, 3), keepdim=True)).clamp(0, 1)

    x = torch.where(per_image(contrast_first, torch.bool), brighten(contrasted(x)), contrasted(brighten(x)))
    x = (x - torch.tensor([MEAN]).view(1, 1, 1, 1)) / torch.tensor([STD]).view(1, 1, 1, 1)
    rows, columns = torch.arange(h).view(1, 1, h, 1), torch.arange(w).view(1, 1, 1, w)
    in_rows = rows.ge(per_image(erase_top, torch.int64)) & rows.lt(per_image(erase_bottom, torch.int64))
    in_columns = columns.ge(per_image(erase_left, torch.int64)) & columns.lt(per_image(erase_right, torch.int64))
    return x.masked_fill(in_rows & in_columns, 0)


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
model.train()
optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.05)
total = warmup + steps
warmup_lr_steps = round(0.05 * total)
perm = torch.randperm(len(labels))


def step(k):
    global perm
    if k > 0 and k % steps_per_epoch == 0:
        perm = torch.randperm(len(labels))
    if k < warmup_lr_steps:
        lr = 2e-3 * (k + 1) / warmup_lr_steps
    else:
        lr = 2e-3 * 0.5 * (1 + math.cos(math.pi * (k - warmup_lr_steps) / max(1, total - warmup_lr_steps)))
    for group in optimizer.param_groups:
        group["lr"] = lr
    first = (k % steps_per_epoch) * batch
    rows = perm[first:first + batch]
    x, y = images.index_select(0, rows), labels.index_select(0, rows)
    views = torch.cat([augment(x), augment(x)])
    y2 = y.repeat(2)
    _, projections, logits = model(views)
    contrastive = schane(projections, y2)
    cross_entropy = F.cross_entropy(logits, y2)
    loss = 0.9 * contrastive + 0.1 * cross_entropy
    values = torch.stack([loss.detach(), contrastive.detach(), cross_entropy.detach()]).double().tolist()
    if not math.isfinite(values[0]):
        raise SystemExit(f"step {k + 1}: the loss is not finite ({values})")
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
    optimizer.step()
    accuracy = logits.argmax(1).eq(y2).double().mean().item()
    return values, accuracy


for k in range(warmup):
    step(k)
start = time.perf_counter()
for k in range(warmup, total):
    step(k)
elapsed = time.perf_counter() - start
print(json.dumps({"images_per_second": steps * batch / elapsed, "step_ms": 1000 * elapsed / steps, "torch": torch.__version__}))
