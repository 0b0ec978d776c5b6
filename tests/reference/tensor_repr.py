"""Prints PyTorch's repr of tensors the .NET tests saved as .npy: argv[1] is a JSON list of
{"file": path, "requires_grad": bool}; the reprs are written to stdout as a JSON list of strings."""
import json
import sys

import numpy as np
import torch

reprs = []
for spec in json.load(open(sys.argv[1])):
    t = torch.from_numpy(np.load(spec["file"]))
    if spec["requires_grad"]:
        t.requires_grad_()
    reprs.append(repr(t))
print(json.dumps(reprs))
