"""Drives the installed schane-csharp kernel with Jupyter's own client (jupyter_client) and prints what it saw as JSON.

usage: kernel_protocol.py JUPYTER_PATH WORKDIR
Covers kernel_info, execute (streams, display, execute_result, errors, F#), complete, is_complete, interrupt,
a message with a bad signature, a client that disappears mid-request, and shutdown; times start-up and a one-line
cell's round trip.
"""
import json
import os
import sys
import time

os.environ["JUPYTER_PATH"] = sys.argv[1]
workdir = sys.argv[2]

import zmq  # noqa: E402
from jupyter_client.manager import start_new_kernel  # noqa: E402
from jupyter_client.session import Session  # noqa: E402

report = {}
started = time.time()
km, kc = start_new_kernel(kernel_name="schane-csharp", cwd=workdir, startup_timeout=180)
report["startup_seconds"] = time.time() - started  # start_new_kernel waits for a kernel_info_reply


def run(code, timeout=120):
    """Executes code; returns the execute_reply content and the IOPub messages of that request (type, content)."""
    seen = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda m: seen.append((m["msg_type"], m["content"])))
    return reply["content"], seen


kc.kernel_info()
info = kc.get_shell_msg(timeout=30)
report["kernel_info"] = info["content"]

# Busy/idle around a request, every IOPub message a child of it.
statuses = []
reply, seen = run("var answer = 6 * 7;\nConsole.WriteLine(\"printed\");\nanswer")
report["execute"] = {"reply": reply, "iopub": seen}

times = []
for _ in range(5):
    t = time.time()
    run("1 + 1")
    times.append(time.time() - t)
report["round_trip_seconds"] = sorted(times)[len(times) // 2]

report["state"] = run("answer + 1")
report["display"] = run("var h = display(\"first\");\nh.Update(\"second\");")
report["error"] = run("throw new InvalidOperationException(\"boom\");")
report["compile_error"] = run("var x = undefinedName;")
report["after_error"] = run("answer")
report["fsharp"] = run("#!fsharp\n[1; 2; 3] |> List.sum")

kc.complete("Math.Ab", 7)
report["complete"] = kc.get_shell_msg(timeout=60)["content"]
kc.is_complete("for (var i = 0; i < 3; i++) {")
report["is_complete_incomplete"] = kc.get_shell_msg(timeout=30)["content"]
kc.is_complete("var done = 1;")
report["is_complete_complete"] = kc.get_shell_msg(timeout=30)["content"]

# Interrupt: a cell that waits for Cell.Cancellation; the manager sends interrupt_request (interrupt_mode message).
msg_id = kc.execute("Console.WriteLine(\"waiting\");\nwhile (!Cancellation.IsCancellationRequested) Thread.Sleep(10);\n\"interrupted\"")
while True:
    m = kc.get_iopub_msg(timeout=60)
    if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream":
        break
km.interrupt_kernel()
while True:
    m = kc.get_shell_msg(timeout=60)
    if m["parent_header"].get("msg_id") == msg_id:
        report["interrupt_reply"] = m["content"]
        break
results = []
while True:
    m = kc.get_iopub_msg(timeout=60)
    if m["parent_header"].get("msg_id") != msg_id:
        continue
    if m["msg_type"] == "execute_result":
        results.append(m["content"]["data"]["text/plain"])
    if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
        break
report["interrupt_result"] = results
report["after_interrupt"] = run("answer")

# A request signed with the wrong key gets no answer; the kernel lives on.
context = zmq.Context()
shell_endpoint = "tcp://%s:%d" % (km.ip, km.shell_port)
forger = context.socket(zmq.DEALER)
forger.linger = 0
forger.connect(shell_endpoint)
Session(key=b"not-the-key").send(forger, "kernel_info_request", {})
report["bad_signature_answered"] = forger.poll(2000) != 0
forger.close()

# A client that sends a request and disappears before the reply; the kernel lives on.
leaver = context.socket(zmq.DEALER)
leaver.linger = 1000
leaver.connect(shell_endpoint)
Session(key=km.session.key).send(leaver, "execute_request",
                                  {"code": "Thread.Sleep(300); var leftBehind = 1;", "silent": False, "store_history": True,
                                   "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
time.sleep(0.2)
leaver.close()
report["after_leaver"] = run("answer")
context.term()

# Shutdown on the control channel: a reply, then the process ends.
kc.shutdown()
report["shutdown_reply"] = kc.get_control_msg(timeout=30)["content"] if hasattr(kc, "get_control_msg") else None
deadline = time.time() + 30
while km.is_alive() and time.time() < deadline:
    time.sleep(0.1)
report["alive_after_shutdown"] = km.is_alive()
if km.is_alive():
    km.shutdown_kernel(now=True)
kc.stop_channels()
print(json.dumps(report))
