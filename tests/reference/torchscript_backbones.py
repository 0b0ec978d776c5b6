"""TorchScript backbones for the model tests. Usage: torchscript_backbones.py DIR.

DIR/conv.pt: conv → ReLU → global average pool, images [B, 1, H, W] → features [B, 24].
DIR/flat784.pt: a linear layer on flattened 28×28 images (any other size fails inside forward).
DIR/map.pt: a conv that returns feature maps [B, 4, H, W], not a feature matrix.
"""
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
for name, module in (("conv", Conv()), ("flat784", Flat()), ("map", nn.Conv2d(1, 4, 3, padding=1))):
    torch.jit.save(torch.jit.script(module), os.path.join(directory, f"{name}.pt"))
