"""Oracle for the optimizers and gradient clipping: replays trajectories written by the .NET tests with torch.optim.

Usage: optim_oracle.py DIR. DIR/manifest.json holds
  "params": the number of parameters (initial values DIR/p0.<i>.npy),
  "steps": the number of steps (gradients DIR/g<s>.<i>.npy; a [s, i] pair in a case's "missing" leaves that
           parameter without a gradient at that step),
  "cases": [{"name", "python" (an expression building the optimizer from the list `ps`), "lrs" (a learning rate per
           step, set on the param group before the step, or null), "missing"}],
  "clips": [{"name", "max_norm", "norm_type" (a number or "inf")}] applied to the gradients DIR/cg.<i>.npy.
Writes DIR/<case>.py.p<s>.<i>.npy (parameters after step s), DIR/<clip>.py.g.<i>.npy (clipped gradients) and
DIR/clips.json (each clip's returned total norm).
"""
import json
import os
import sys

import numpy as np
import torch

directory = sys.argv[1]
path = lambda name: os.path.join(directory, name)
load = lambda name: torch.from_numpy(np.load(path(name)))
save = lambda name, t: np.save(path(name), t.detach().cpu().numpy())

with open(path("manifest.json")) as f:
    manifest = json.load(f)
n, steps = manifest["params"], manifest["steps"]

for case in manifest["cases"]:
    ps = [load(f"p0.{i}.npy").requires_grad_(True) for i in range(n)]
    optimizer = eval(case["python"])
    missing = {tuple(m) for m in case["missing"]}
    for s in range(steps):
        optimizer.zero_grad(set_to_none=True)
        for i, p in enumerate(ps):
            if (s, i) not in missing:
                p.grad = load(f"g{s}.{i}.npy")
        if case["lrs"] is not None:
            optimizer.param_groups[0]["lr"] = case["lrs"][s]
        optimizer.step()
        for i, p in enumerate(ps):
            save(f"{case['name']}.py.p{s}.{i}.npy", p)

norms = {}
for clip in manifest["clips"]:
    ps = [load(f"p0.{i}.npy").requires_grad_(True) for i in range(n)]
    for i, p in enumerate(ps):
        p.grad = load(f"cg.{i}.npy")
    norm_type = float(clip["norm_type"])
    total = torch.nn.utils.clip_grad_norm_(ps, clip["max_norm"], norm_type)
    norms[clip["name"]] = float(total)
    for i, p in enumerate(ps):
        save(f"{clip['name']}.py.g.{i}.npy", p.grad)
with open(path("clips.json"), "w") as f:
    json.dump(norms, f)
