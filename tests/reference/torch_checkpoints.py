"""Checkpoint exchange with torch.save / torch.load (TorchSerializerTests).

  write DIR   writes with torch.save, each tensor also as .npy for .NET to compare against:
                t_<dtype>.pt      one tensor per dtype (float32, float64, int64, uint8, bool)
                t_slice.pt        a strided view into a larger storage (offset 1, strides (6, 2))
                state_dict.pt     model.state_dict() of a real nn.Module (an OrderedDict with _metadata)
                shared.pt         a plain dict of two views that share one storage
                single.pt         a one-entry dict (pickled with SETITEM)
                params.pt         a dict of nn.Parameters (pickled with _rebuild_parameter)
                proto4.pt         the state dict again with pickle protocol 4
                nested.pt         a training checkpoint {'model': state_dict, 'epoch': 3}
                legacy.pt         the state dict in the pre-1.6 format (not a zip archive), which is not supported
                corrupt_pickle.pt a valid archive whose data.pkl is cut short
              and writes expected.json: the state dict's keys in order and the view's strides and offset.
  check DIR   reads the .pt files that .NET wrote, as listed in DIR/manifest.json with the .npy holding each expected
              value, and prints JSON describing what torch.load returned. With "module_state", that file loads into
              Sequential(Linear(3, 4), BatchNorm1d(4)); with "twin" ({"file", "prefix", "width", "blocks", "classes",
              "projection"}), the file's entries under the prefix load strictly into the PyTorch twin of
              Schane.Core.Models (src/Schane.Cli/Bench/Peers/schane_model.py), whose parameter names are reported in
              order.
  twin DIR SEED WIDTH BLOCKS CLASSES PROJECTION
              builds the twin after torch.manual_seed(SEED), moves its BatchNorm statistics with one training-mode
              forward, and writes torch.save(model.state_dict(), DIR/twin.pt), each entry as DIR/twin.<key>.npy, and
              DIR/twin.json (the state dict's keys in order), and DIR/twin_backbone.pt: the backbone's own state_dict
              (torch.save(model.backbone.state_dict(), ...), keys without the "backbone." prefix).
"""
import collections
import json
import os
import sys
import zipfile

import numpy as np
import torch

DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64,
          "uint8": torch.uint8, "bool": torch.bool}


def save(obj, directory, name, **kwargs):
    torch.save(obj, os.path.join(directory, name + ".pt"), **kwargs)


def npy(tensor, directory, name):
    np.save(os.path.join(directory, name + ".npy"), tensor.detach().numpy())


def write(directory):
    torch.manual_seed(7)
    for name, dtype in DTYPES.items():
        t = (torch.randn(3, 4, 5) * 50).to(dtype) if dtype != torch.bool else torch.randn(3, 4, 5) > 0
        save(t, directory, "t_" + name)
        npy(t, directory, "t_" + name)

    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    view = base[:, 1:5:2]
    save(view, directory, "t_slice")
    npy(view, directory, "t_slice")

    model = torch.nn.Sequential(torch.nn.Linear(5, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    model(torch.randn(8, 5))  # moves BatchNorm's running statistics away from their initial values
    state = model.state_dict()
    assert isinstance(state, collections.OrderedDict)
    save(state, directory, "state_dict")
    save(state, directory, "proto4", pickle_protocol=4)
    for key, value in state.items():
        npy(value, directory, "sd_" + key)

    save({"a": base, "b": base[1:]}, directory, "shared")
    save({"only": torch.tensor([1.5, -2.0])}, directory, "single")
    save(dict(model.named_parameters()), directory, "params")
    save({"model": state, "epoch": 3}, directory, "nested")
    save(state, directory, "legacy", _use_new_zipfile_serialization=False)

    # The same archive with its pickle cut in half.
    source = os.path.join(directory, "state_dict.pt")
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(os.path.join(directory, "corrupt_pickle.pt"), "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zout.writestr(info.filename, data[: len(data) // 2] if info.filename.endswith("data.pkl") else data)

    with open(os.path.join(directory, "expected.json"), "w") as f:
        json.dump({"state_dict_keys": list(state.keys()), "slice_stride": list(view.stride()),
                   "slice_offset": view.storage_offset()}, f)


def describe(value, expected_npy):
    expected = torch.from_numpy(np.load(expected_npy))
    return {"type": type(value).__name__, "dtype": str(value.dtype), "shape": list(value.shape),
            "stride": list(value.stride()), "offset": value.storage_offset(), "requires_grad": value.requires_grad,
            "device": str(value.device), "equal": bool(value.dtype == expected.dtype and torch.equal(value, expected))}


def check(directory):
    with open(os.path.join(directory, "manifest.json")) as f:
        manifest = json.load(f)
    result = {}
    for pt, expected in manifest["tensors"].items():
        result[pt] = describe(torch.load(os.path.join(directory, pt)), os.path.join(directory, expected))
    for pt, entries in manifest["dicts"].items():
        loaded = torch.load(os.path.join(directory, pt))
        result[pt] = {"type": type(loaded).__name__, "keys": list(loaded.keys()),
                      "entries": {k: describe(loaded[k], os.path.join(directory, entries[k])) for k in entries}}
    # A state dict written by .NET for this architecture loads into the real module (strictly: every key matches).
    if "module_state" in manifest:
        state = torch.load(os.path.join(directory, manifest["module_state"]))
        model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4))
        model.load_state_dict(state)
        result["module_state_loaded"] = all(torch.equal(model.state_dict()[k], v) for k, v in state.items())
    if "twin" in manifest:
        spec = manifest["twin"]
        loaded = torch.load(os.path.join(directory, spec["file"]))
        prefix = spec["prefix"]
        state = {k[len(prefix):]: v for k, v in loaded.items() if k.startswith(prefix)}
        model = twin_model(spec["width"], spec["blocks"], spec["classes"], spec["projection"]).to(state["classifier.weight"].dtype)
        model.load_state_dict(state)  # strict: the same names and shapes, nothing missing or left over
        result["twin_loaded"] = all(torch.equal(model.state_dict()[k], v) for k, v in state.items())
        result["twin_parameters"] = [name for name, _ in model.named_parameters()]
    print(json.dumps(result))


def twin_model(width, blocks, classes, projection):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "Schane.Cli", "Bench", "Peers"))
    from schane_model import ContrastiveModel, SmallResNet
    return ContrastiveModel(SmallResNet(1, width, blocks), classes, projection)


def twin(directory, seed, width, blocks, classes, projection):
    torch.manual_seed(int(seed))
    model = twin_model(int(width), int(blocks), int(classes), int(projection))
    model(torch.randn(4, 1, 28, 28))  # training mode: the running statistics move off 0 and 1
    state = model.state_dict()
    torch.save(state, os.path.join(directory, "twin.pt"))
    torch.save(model.backbone.state_dict(), os.path.join(directory, "twin_backbone.pt"))
    for key, value in state.items():
        npy(value, directory, "twin." + key)
    with open(os.path.join(directory, "twin.json"), "w") as f:
        json.dump({"keys": list(state.keys())}, f)


if __name__ == "__main__":
    {"write": write, "check": check, "twin": twin}[sys.argv[1]](*sys.argv[2:])
