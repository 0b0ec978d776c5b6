"""Op oracle: recomputes, with PyTorch, every op case the .NET test wrote, and reports each disagreement.

Usage: ops_oracle.py <manifest.json> <result.json>

The manifest lists cases; each case has inputs (.npy files with their torch dtype) and checks. A check is a Python
expression over the inputs (named a, b, c, ...; `torch`, `F` and `np` are in scope; an optional `pre` statement runs
first), the .NET outputs (.npy) and, for gradient checks, the random weights w_k and the .NET gradients of
sum_k sum(output_k * w_k) with respect to the inputs listed in grad_inputs. Dtypes that .npy cannot hold travel in a
wider carrier type (int8/int16 as int64, bfloat16 as float32) and are cast back here.

The result lists every check id that was evaluated and, for each failing one, what differed.
"""
import json
import math
import sys

import numpy as np
import torch
import torch.nn.functional as F

DTYPES = {
    "torch.uint8": torch.uint8, "torch.int8": torch.int8, "torch.int16": torch.int16, "torch.int32": torch.int32,
    "torch.int64": torch.int64, "torch.float16": torch.float16, "torch.float32": torch.float32,
    "torch.float64": torch.float64, "torch.bool": torch.bool, "torch.bfloat16": torch.bfloat16,
}

# (rtol, atol) by dtype, for values and for gradients.
TOLERANCE = {
    torch.float64: (1e-9, 1e-12), torch.float32: (1e-5, 1e-6), torch.float16: (1e-3, 1e-3),
    torch.bfloat16: (1e-2, 1e-2),
}


def load(entry, folder):
    t = torch.from_numpy(np.load(f"{folder}/{entry['file']}"))
    return t.to(DTYPES[entry["dtype"]])


def as_outputs(r):
    """Flattens an expression's result into a list of tensors (numbers and sizes become tensors)."""
    if isinstance(r, torch.Tensor):
        return [r]
    if isinstance(r, bool):
        return [torch.tensor(r)]
    if isinstance(r, int):
        return [torch.tensor(r, dtype=torch.int64)]
    if isinstance(r, float):
        return [torch.tensor(r, dtype=torch.float64)]
    if isinstance(r, torch.Size) or (isinstance(r, (tuple, list)) and all(isinstance(v, int) and not isinstance(v, bool) for v in r)):
        return [torch.tensor(list(r), dtype=torch.int64)]
    if isinstance(r, (tuple, list)):
        return [t for v in r for t in as_outputs(v)]
    raise TypeError(f"cannot compare a result of type {type(r).__name__}")


def compare(what, dotnet, ref, rtol, atol):
    """Returns a description of how dotnet differs from ref, or None."""
    ref = ref.detach()
    if str(ref.dtype) != str(dotnet.dtype):
        return f"{what}: dtype {dotnet.dtype} (.NET) vs {ref.dtype} (torch)"
    if tuple(ref.shape) != tuple(dotnet.shape):
        return f"{what}: shape {list(dotnet.shape)} (.NET) vs {list(ref.shape)} (torch)"
    if ref.dtype.is_floating_point:
        d, r = dotnet.double(), ref.double()
        if d.numel() and not torch.allclose(d, r, rtol=rtol, atol=atol, equal_nan=True):
            diff = (d - r).abs().nan_to_num(nan=math.inf)
            i = int(diff.flatten().argmax())
            return (f"{what}: values differ (max |diff| {float(diff.flatten()[i]):.3g} at flat index {i}: "
                    f".NET {float(d.flatten()[i])!r} vs torch {float(r.flatten()[i])!r}; rtol {rtol}, atol {atol})")
    elif not torch.equal(dotnet, ref):
        i = int((dotnet != ref).flatten().nonzero()[0])
        return f"{what}: values differ at flat index {i}: .NET {dotnet.flatten()[i].item()} vs torch {ref.flatten()[i].item()}"
    return None


def run_check(check, inputs, folder):
    problems = []
    env = {"torch": torch, "F": F, "np": np, "math": math}
    grad_names = check.get("grad_inputs") or []
    for name, t in inputs.items():
        t = t.clone()
        if name in grad_names:
            t.requires_grad_(True)
        env[name] = t
    if check.get("pre"):
        exec(check["pre"], env)
    outputs = as_outputs(eval(check["expr"], env))
    expected = check["outputs"]
    if len(outputs) != len(expected):
        return [f"{len(expected)} outputs (.NET) vs {len(outputs)} (torch)"]
    for k, (entry, ref) in enumerate(zip(expected, outputs)):
        rtol, atol = TOLERANCE.get(ref.dtype, (0, 0))
        rtol, atol = check.get("rtol") or rtol, check.get("atol") or atol
        p = compare(f"output {k}", load(entry, folder), ref, rtol, atol)
        if p:
            problems.append(p)
    if not grad_names or problems:
        return problems

    loss = None
    for w in check["weights"]:
        out = outputs[w["index"]]
        if not out.requires_grad:
            problems.append(f"output {w['index']} requires grad in .NET but not in torch")
            continue
        term = (out * load(w, folder)).sum()
        loss = term if loss is None else loss + term
    weighted = {w["index"] for w in check["weights"]}
    for k, out in enumerate(outputs):
        if out.requires_grad and k not in weighted:
            problems.append(f"output {k} requires grad in torch but not in .NET")
    if loss is not None:
        loss.backward()
    for name in grad_names:
        entry = check["grads"].get(name)
        g = env[name].grad
        if entry is None and g is not None:
            problems.append(f"grad of {name}: none in .NET, but torch has one")
        elif entry is not None and g is None:
            problems.append(f"grad of {name}: .NET has one, torch has none")
        elif entry is not None:
            rtol, atol = TOLERANCE.get(g.dtype, (0, 0))
            rtol, atol = check.get("grad_rtol") or rtol, check.get("grad_atol") or atol
            p = compare(f"grad of {name}", load(entry, folder), g, rtol, atol)
            if p:
                problems.append(p)
    return problems


def main():
    manifest_path, result_path = sys.argv[1:3]
    folder = manifest_path.rsplit("/", 1)[0]
    with open(manifest_path) as f:
        manifest = json.load(f)
    checked, failures = [], {}
    for case in manifest["cases"]:
        inputs = {i["name"]: load(i, folder) for i in case["inputs"]}
        for check in case["checks"]:
            try:
                problems = run_check(check, inputs, folder)
            except Exception as e:  # a torch error is a finding about the case, not a crash of the oracle
                problems = [f"torch raised {type(e).__name__}: {e}"]
            checked.append(check["id"])
            if problems:
                failures[check["id"]] = problems
    with open(result_path, "w") as f:
        json.dump({"checked": checked, "failures": failures, "torch": torch.__version__}, f)


if __name__ == "__main__":
    main()
