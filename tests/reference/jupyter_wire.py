"""Jupyter wire-protocol oracle: Debian's jupyter_client 7.4 (Session.serialize / feed_identities / deserialize,
connect.write_connection_file). Frames travel as base64 strings in JSON files.

  jupyter_wire.py serialize KEY OUT.json        messages Python signs with KEY, with what they should decode to
  jupyter_wire.py deserialize IN.json OUT.json  decode each case's frames under its key; the result or the error
  jupyter_wire.py connection DIR KEY            writes DIR/tcp.json and DIR/ipc.json; prints {"tcp": config, "ipc": config}
"""
import base64
import datetime
import json
import os
import sys

from jupyter_client.connect import write_connection_file
from jupyter_client.session import Session


def b64(data):
    return base64.b64encode(bytes(data)).decode("ascii")


def unb64(text):
    return base64.b64decode(text)


def plain(obj):
    """JSON-ready copy: datetimes (extract_dates turns header dates into them) as ISO strings."""
    return json.loads(json.dumps(obj, default=lambda o: o.isoformat() if isinstance(o, datetime.datetime) else str(o)))


def serialize(key, out_path):
    session = Session(key=key.encode("utf8"), signature_scheme="hmac-sha256", username="python-client")
    cases = []

    def add(name, msg, idents, buffers=()):
        frames = session.serialize(msg, ident=list(idents)) + list(buffers)
        delim = frames.index(b"<IDS|MSG>")
        cases.append({
            "name": name,
            "frames": [b64(f) for f in frames],
            # The headers as they are on the wire (dates as Session wrote them), the rest as Python built them.
            "header": json.loads(frames[delim + 2]),
            "parent_header": json.loads(frames[delim + 3]),
            "metadata": plain(msg["metadata"]),
            "content": plain(msg["content"]),
            "identities": [b64(i) for i in idents],
            "buffers": [b64(b) for b in buffers],
        })

    request = session.msg("execute_request", content={
        "code": "let x = \"héllo ✓ <tag> & 'quote'\"\nx", "silent": False, "store_history": True,
        "user_expressions": {}, "allow_stdin": True, "stop_on_error": True})
    add("execute_request", request, [b"client-1"])

    reply = session.msg("execute_reply", content={"status": "ok", "execution_count": 3, "user_expressions": {}},
                        parent=request, metadata={"started": "2024-01-02T03:04:05.123456Z", "engine": "e-1"})
    add("execute_reply", reply, [b"\x00\x01\xferouter", b""])

    comm = session.msg("comm_msg", content={"comm_id": "c-42", "data": {
        "values": [1, -2.5, 1e-300, None, True, "\u2603"], "nested": {"a": [], "b": {}}}})
    add("comm_msg with buffers", comm, [], buffers=[bytes(range(256)) * 4, b""])

    status = session.msg("status", content={"execution_state": "idle"}, parent=request)
    add("iopub status", status, [b"kernel.abc.status"])

    with open(out_path, "w") as f:
        json.dump(cases, f)


def deserialize(in_path, out_path):
    results = []
    with open(in_path) as f:
        cases = json.load(f)
    for case in cases:
        # A fresh Session per case: Session remembers signatures and rejects a repeated one.
        session = Session(key=case["key"].encode("utf8"), signature_scheme="hmac-sha256")
        frames = [unb64(f) for f in case["frames"]]
        try:
            idents, rest = session.feed_identities(frames)
            msg = session.deserialize(rest, content=True)
            results.append({
                "name": case["name"], "ok": True,
                "identities": [b64(i) for i in idents],
                "header": plain(msg["header"]),
                "parent_header": plain(msg["parent_header"]),
                "metadata": plain(msg["metadata"]),
                "content": plain(msg["content"]),
                "buffers": [b64(b) for b in msg["buffers"]],
            })
        except Exception as e:  # the rejection is the answer
            results.append({"name": case["name"], "ok": False, "error": f"{type(e).__name__}: {e}"})
    with open(out_path, "w") as f:
        json.dump(results, f)


def connection(folder, key):
    configs = {}
    # ipc's "ip" is a path prefix: the sockets are files named <ip>-<port>.
    for transport, ip in [("tcp", "127.0.0.1"), ("ipc", os.path.join(folder, "kernel-ipc"))]:
        _, cfg = write_connection_file(fname=os.path.join(folder, transport + ".json"), ip=ip, key=key.encode("utf8"),
                                       transport=transport, signature_scheme="hmac-sha256", kernel_name="schane-csharp")
        configs[transport] = {k: (v.decode("utf8") if isinstance(v, bytes) else v) for k, v in cfg.items()}
    print(json.dumps(configs))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"serialize": serialize, "deserialize": deserialize, "connection": connection}[command](*args)
