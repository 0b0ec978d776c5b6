"""Oracle for Schane.Core.Models: the PyTorch twin in src/Schane.Cli/Bench/Peers/schane_model.py.

Usage: models.py DIR SEED WIDTH BLOCKS CLASSES PROJECTION. Builds the twin right after torch.manual_seed(SEED) and
writes its initial state dict (DIR/init.<key>.npy, the key order in DIR/keys.json). Then loads DIR/state.<key>.npy
(the .NET model's weights), runs DIR/input.npy through it in train mode and in eval mode, and writes
DIR/{train,eval}.{features,projections,logits}.npy, plus the gradient of sum(logits²)+sum(projections²) with respect
to the input in train mode (DIR/train.input_grad.npy) and the running statistics after that train-mode pass
(DIR/after.<key>.npy for buffers).
"""
import json
import os
import sys

import numpy as np
import torch

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "src", "Schane.Cli", "Bench", "Peers"))
from schane_model import ContrastiveModel, SmallResNet  # noqa: E402

directory = sys.argv[1]
seed, width, blocks, classes, projection = (int(a) for a in sys.argv[2:7])
torch.manual_seed(seed)
model = ContrastiveModel(SmallResNet(1, width, blocks), classes, projection).double()
state = model.state_dict()
for key, t in state.items():
    np.save(os.path.join(directory, f"init.{key}.npy"), t.numpy())
with open(os.path.join(directory, "keys.json"), "w") as f:
    json.dump(list(state.keys()), f)

loaded = {key: torch.from_numpy(np.load(os.path.join(directory, f"state.{key}.npy"))) for key in state}
model.load_state_dict(loaded)
x = torch.from_numpy(np.load(os.path.join(directory, "input.npy"))).requires_grad_()
for mode in ("eval", "train"):
    model.train(mode == "train")
    features, projections, logits = model(x)
    for name, t in (("features", features), ("projections", projections), ("logits", logits)):
        np.save(os.path.join(directory, f"{mode}.{name}.npy"), t.detach().numpy())
    if mode == "train":
        ((logits ** 2).sum() + (projections ** 2).sum()).backward()
        np.save(os.path.join(directory, "train.input_grad.npy"), x.grad.numpy())
for key, t in model.state_dict().items():
    if "running" in key:
        np.save(os.path.join(directory, f"after.{key}.npy"), t.numpy())
