"""Oracle for a small CNN's state dict, default initialisation and printout.

Usage: nn_cnn.py DIR SEED. Builds the CNN below right after torch.manual_seed(SEED) and writes DIR/cnn.json
({"keys": [...], "shapes": [[...]], "dtypes": [...], "repr": str(model)}) and each state-dict entry to
DIR/cnn.<key>.npy: the .NET tests build the same model after the same seed and expect the same keys, in the same
order, and the same initial values.
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

directory, seed = sys.argv[1], int(sys.argv[2])
torch.manual_seed(seed)
model = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1),
    nn.BatchNorm2d(8),
    nn.ReLU(),
    nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, stride=2, bias=False),
    nn.BatchNorm2d(16),
    nn.ReLU(),
    nn.AdaptiveAvgPool2d(1),
    nn.Flatten(),
    nn.Linear(16, 10),
)
state = model.state_dict()
for key, t in state.items():
    np.save(os.path.join(directory, f"cnn.{key}.npy"), t.numpy())
with open(os.path.join(directory, "cnn.json"), "w") as f:
    json.dump({
        "keys": list(state.keys()),
        "shapes": [list(t.shape) for t in state.values()],
        "dtypes": [str(t.dtype) for t in state.values()],
        "repr": str(model),
    }, f)
