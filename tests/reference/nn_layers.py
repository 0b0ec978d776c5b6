"""Oracle for the nn layers and functional ops: runs every case of a manifest written by the .NET tests.

Usage: nn_layers.py DIR. DIR/manifest.json lists cases; each case is either
  {"kind": "module", "python": "nn.Linear(5, 3)", "state": [keys...], ...}: the module, given the .NET module's
      state dict (DIR/<name>.sd.<key>.npy, loaded strictly, so the keys and shapes must be PyTorch's), or
  {"kind": "function", "python": "lambda x, t: F.cross_entropy(x, t)", ...}: a functional op,
and both have "inputs": [{"name", "grad"}] (DIR/<name>.in.<input>.npy), "train" (module mode), "seed" (torch.manual_seed
right before the forward pass, or null). The case runs forward, then backward with DIR/<name>.gy.npy as the output's
gradient, and writes DIR/<name>.py.out.npy, .py.gin.<input>.npy (inputs with grad), .py.gp.<param>.npy (parameter
gradients) and .py.sd.<key>.npy (the state dict after the forward pass: updated running statistics).
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

directory = sys.argv[1]
path = lambda name: os.path.join(directory, name)
load = lambda name: torch.from_numpy(np.load(path(name)))
save = lambda name, t: np.save(path(name), t.detach().cpu().numpy())

with open(path("manifest.json")) as f:
    cases = json.load(f)

for case in cases:
    name = case["name"]
    inputs = []
    for spec in case["inputs"]:
        t = load(f"{name}.in.{spec['name']}.npy")
        inputs.append(t.requires_grad_(True) if spec["grad"] else t)
    if case["kind"] == "module":
        module = eval(case["python"])
        module.load_state_dict({k: load(f"{name}.sd.{k}.npy") for k in case["state"]}, strict=True)
        module.train(case["train"])
        run = module
    else:
        module = None
        run = eval(case["python"])
    if case["seed"] is not None:
        torch.manual_seed(case["seed"])
    out = run(*inputs)
    out.backward(load(f"{name}.gy.npy"))
    save(f"{name}.py.out.npy", out)
    for spec, t in zip(case["inputs"], inputs):
        if spec["grad"]:
            save(f"{name}.py.gin.{spec['name']}.npy", t.grad)
    if module is not None:
        for key, p in module.named_parameters():
            save(f"{name}.py.gp.{key}.npy", p.grad)
        for key, t in module.state_dict().items():
            save(f"{name}.py.sd.{key}.npy", t)
print(len(cases))
