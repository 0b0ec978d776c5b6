"""TorchScript backbones for the model tests. Usage: torchscript_backbones.py DIR.

DIR/conv.pt: conv → ReLU → global average pool, images [B, 1, H, W] → features [B, 24].
DIR/flat784.pt: a linear layer on flattened 28×28 images (any other size fails inside forward).
DIR/map.pt: a conv that returns feature maps [B, 4, H, W], not a feature matrix.
For conv.pt also: DIR/input.npy (images [3, 1, 28, 28]), DIR/features.npy (conv's features of them), the gradient
of sum(features²) with respect to each parameter in float64 (DIR/grad.<name>.npy), the parameter names in order
(DIR/conv.json), and the state dict of another Conv (torch.save, DIR/alt_state.pt) with its features of the same
images (DIR/alt_features.npy).
"""
import copy
import json

import numpy as np
import os
import sys

import torch
import torch.nn as nn

directory = sys.argv[1]


class Conv(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 24, 3, padding=1)

    def forward(self, x):
        return torch.relu(self.conv(x)).mean(dim=(2, 3))


class Flat(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        return self.fc(x.flatten(1))


torch.manual_seed(0)
conv = Conv()
for name, module in (("conv", conv), ("flat784", Flat()), ("map", nn.Conv2d(1, 4, 3, padding=1))):
    torch.jit.save(torch.jit.script(module), os.path.join(directory, f"{name}.pt"))

x = torch.randn(3, 1, 28, 28)
np.save(os.path.join(directory, "input.npy"), x.numpy())
with torch.no_grad():
    np.save(os.path.join(directory, "features.npy"), conv(x).numpy())
# The gradients in float64, so that they compare to libtorch 2's without float32's reduction-order noise.
conv64 = copy.deepcopy(conv).double()
(conv64(x.double()) ** 2).sum().backward()
for name, p in conv64.named_parameters():
    np.save(os.path.join(directory, f"grad.{name}.npy"), p.grad.numpy())
with open(os.path.join(directory, "conv.json"), "w") as f:
    json.dump({"parameters": [name for name, _ in conv.named_parameters()]}, f)
other = Conv()
torch.save(other.state_dict(), os.path.join(directory, "alt_state.pt"))
with torch.no_grad():
    np.save(os.path.join(directory, "alt_features.npy"), other(x).numpy())
