"""TorchScript modules for ScriptModuleTests.

  make DIR   scripts three modules with torch.jit.script and saves them with torch.jit.save:
               mlp.pt    Sequential(Linear(6, 16), ReLU, BatchNorm1d(16)) + Linear(16, 3), saved in training mode
               heads.pt  forward(x) -> Tuple[Tensor, Tensor], saved in eval mode
               pair.pt   forward(x, y) -> List[Tensor]
             and writes x.npy, target.npy, y.npy, mlp's outputs for x in eval mode (out_eval.npy) and in training mode
             (out_train.npy, batch statistics), heads' outputs (heads_0.npy, heads_1.npy), alt_state.pt (the state dict
             of another MLP) with that MLP's eval output (out_alt.npy), and names.json (parameter, buffer and
             state-dict names in order, and the learning rate).
  check DIR  recomputes one SGD step of mlp.pt in Python (training mode, MSE loss on x and target, p -= lr * grad)
             and prints JSON: the largest difference of each state-dict entry from .NET's trained.pt, from the
             state dict .NET saved (dotnet_state.pt, loaded into the module) and from the untrained module (how far
             the step moved it), and trained.pt's training flag and state-dict keys.
"""
import json
import os
import sys
from typing import List, Tuple

import numpy as np
import torch
from torch import nn

LR = 0.1


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.BatchNorm1d(16))
        self.head = nn.Linear(16, 3)

    def forward(self, x):
        return self.head(self.body(x))


class Heads(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(6, 4)

    def forward(self, x) -> Tuple[torch.Tensor, torch.Tensor]:
        h = self.lin(x)
        return h, torch.relu(h) * 2


class Pair(nn.Module):
    def forward(self, x, y) -> List[torch.Tensor]:
        return [x + y, x * y]


def path(directory, name):
    return os.path.join(directory, name)


def npy(directory, name, tensor):
    np.save(path(directory, name), tensor.detach().numpy())


def load_npy(directory, name):
    return torch.from_numpy(np.load(path(directory, name)))


def make(directory):
    torch.manual_seed(3)
    x, target, y = torch.randn(8, 6), torch.randn(8, 3), torch.randn(8, 6)
    npy(directory, "x.npy", x)
    npy(directory, "target.npy", target)
    npy(directory, "y.npy", y)

    mlp = torch.jit.script(MLP())
    mlp.train()
    torch.jit.save(mlp, path(directory, "mlp.pt"))
    with torch.no_grad():
        npy(directory, "out_eval.npy", mlp.eval()(x))
        fresh = torch.jit.load(path(directory, "mlp.pt"))
        npy(directory, "out_train.npy", fresh.train()(x))

    alt = MLP()
    with torch.no_grad():
        alt.body[2].running_mean.uniform_(-1, 1)
        torch.save(alt.state_dict(), path(directory, "alt_state.pt"))
        npy(directory, "out_alt.npy", alt.eval()(x))

    heads = torch.jit.script(Heads()).eval()
    torch.jit.save(heads, path(directory, "heads.pt"))
    with torch.no_grad():
        h0, h1 = heads(x)
    npy(directory, "heads_0.npy", h0)
    npy(directory, "heads_1.npy", h1)
    torch.jit.save(torch.jit.script(Pair()), path(directory, "pair.pt"))

    with open(path(directory, "names.json"), "w") as f:
        json.dump({"parameters": [n for n, _ in mlp.named_parameters()], "buffers": [n for n, _ in mlp.named_buffers()],
                   "state_dict": list(mlp.state_dict().keys()), "lr": LR}, f)


def check(directory):
    model = torch.jit.load(path(directory, "mlp.pt")).train()
    x, target = load_npy(directory, "x.npy"), load_npy(directory, "target.npy")
    loss = ((model(x) - target) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        for p in model.parameters():
            p -= LR * p.grad
    expected = model.state_dict()

    trained = torch.jit.load(path(directory, "trained.pt"))
    reloaded = torch.jit.load(path(directory, "mlp.pt"))
    reloaded.load_state_dict(torch.load(path(directory, "dotnet_state.pt")))

    def diffs(state):
        return {k: float((state[k].double() - v.double()).abs().max()) for k, v in expected.items()}

    original = torch.jit.load(path(directory, "mlp.pt")).state_dict()
    print(json.dumps({"trained": diffs(trained.state_dict()), "state_dict": diffs(reloaded.state_dict()),
                      "moved": diffs(original), "training": trained.training,
                      "keys": list(trained.state_dict().keys())}))


if __name__ == "__main__":
    {"make": make, "check": check}[sys.argv[1]](sys.argv[2])
