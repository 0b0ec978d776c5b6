"""Interrupts a training run in a notebook kernel with Jupyter's own client (jupyter_client) and prints what it saw.

usage: training_interrupt.py JUPYTER_PATH KERNEL_NAME WORKDIR CHECKPOINT REPORT.json
Starts KERNEL_NAME (as Jupyter would: signal or message interrupts as its kernelspec says), runs the package lines a
.NET Interactive notebook needs, starts a long training with TrainingProgress.Run, calls
KernelManager.interrupt_kernel() once the progress display has updated, and reports as JSON: the kernel's start time,
the first cell's time, the outcome of the interrupted cell, the display messages, whether CHECKPOINT was written,
and whether the kernel still answers, to REPORT.json (the kernel shares this process's stdout: its log goes there).
"""
import json
import os
import sys
import time

os.environ["JUPYTER_PATH"] = sys.argv[1]
kernel_name, workdir, checkpoint, report_file = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]

from jupyter_client.manager import KernelManager  # noqa: E402

report = {"kernel": kernel_name}
km = KernelManager(kernel_name=kernel_name)
started = time.time()
km.start_kernel(cwd=workdir)
kc = km.client()
kc.start_channels()
kc.wait_for_ready(timeout=180)
report["startup_seconds"] = time.time() - started
report["interrupt_mode"] = km.kernel_spec.interrupt_mode


def run(code, timeout=300, on_message=None):
    """Executes code; returns the execute_reply content and the IOPub messages of that request (type, content)."""
    seen = []

    def hook(message):
        seen.append((message["msg_type"], message["content"]))
        if on_message:
            on_message(message)

    reply = kc.execute_interactive(code, timeout=timeout, output_hook=hook)
    return reply["content"], seen


def texts(seen):
    out = []
    for kind, content in seen:
        if kind == "stream":
            out.append(content["text"])
        elif kind in ("execute_result", "display_data", "update_display_data"):
            out.append(content["data"].get("text/plain", ""))
        elif kind == "error":
            out.append(content["ename"] + ": " + content["evalue"])
    return out


first = time.time()
reply, seen = run('#r "nuget: Schane.Core, 0.2.0"\n#r "nuget: libtorch-cpu-linux-x64, 2.10.0"')
report["first_cell_seconds"] = time.time() - first
report["packages"] = {"status": reply["status"], "output": texts(seen)}

setup = """using Schane.Core.Data; using Schane.Core.Models; using Schane.Core.Notebooks; using Schane.Core.Training;
ImageDataset train;
using (var all = ImageDataset.FashionMnist("train"))
using (var baseClasses = all.WhereClasses(ClassSplit.FashionMnistDefault.Base))
    train = baseClasses.Subsample(20, seed: 0);
var trainer = new Trainer(new ModelSpec { Width = 4, Classes = 5, ProjectionDimension = 16 }, train,
    new TrainingOptions { Epochs = 10000, BatchSize = 16, Seed = 0 }) { CheckpointPath = %s };
NotebookHost.Name""" % json.dumps(checkpoint)
reply, seen = run(setup)
report["setup"] = {"status": reply["status"], "output": texts(seen)}

interrupted = {"at": None}


def interrupt_once_updated(message):
    # The display has moved past "starting": training runs; interrupt it (once).
    if interrupted["at"] is None and message["msg_type"] == "update_display_data":
        interrupted["at"] = time.time()
        km.interrupt_kernel()


try:
    reply, seen = run("TrainingProgress.Run(trainer)", timeout=240, on_message=interrupt_once_updated)
    report["training"] = {
        "status": reply["status"],
        "output": texts(seen),
        "kinds": [kind for kind, _ in seen],
        "display_ids": [content.get("transient", {}).get("display_id") for kind, content in seen if "display" in kind],
        "seconds_after_interrupt": None if interrupted["at"] is None else time.time() - interrupted["at"],
    }
except Exception as e:  # the kernel died, or the cell never finished
    report["training"] = {"status": "failed", "error": f"{type(e).__name__}: {e}"}
report["interrupted"] = interrupted["at"] is not None
report["checkpoint_written"] = os.path.exists(checkpoint)
report["alive"] = km.is_alive()
if report["alive"]:
    try:
        reply, seen = run("trainer.Step", timeout=60)
        report["after"] = {"status": reply["status"], "output": texts(seen)}
        run("trainer.Dispose(); train.Dispose();", timeout=60)
    except Exception as e:
        report["after"] = {"status": "failed", "error": f"{type(e).__name__}: {e}"}
kc.stop_channels()
km.shutdown_kernel(now=False)
with open(report_file, "w") as f:
    json.dump(report, f)
