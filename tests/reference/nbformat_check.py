"""The independent oracle for Schane.Interactive.Documents: Jupyter's own nbformat (Debian's python3-nbformat).

    nbformat_check.py check FILE...   validates each .ipynb we wrote against the nbformat 4.5 schema, reads it with
                                      nbformat.read(as_version=4), and prints what nbformat sees.
    nbformat_check.py make DIR        writes notebooks with nbformat's own API (nbformat.v4.new_*) into DIR and prints
                                      what they hold.

Prints a JSON list, one entry per notebook: path, nbformat/nbformat_minor, metadata, cells (id, cell_type, source
joined, metadata, attachments, execution_count, outputs as nbformat holds them: multi-line strings joined, JSON mime
data as JSON values), and for `check` whether nbformat.writes lays the notebook out byte for byte as the file is.
"""
import json
import sys

import nbformat
from nbformat import v4
from nbformat.validator import get_validator


def describe(path, nb, identical=None):
    cells = []
    for cell in nb.cells:
        entry = {
            "id": cell.get("id"),
            "cell_type": cell.cell_type,
            "source": cell.source,
            "metadata": cell.metadata,
            "attachments": cell.get("attachments"),
        }
        if cell.cell_type == "code":
            entry["execution_count"] = cell.execution_count
            entry["outputs"] = cell.outputs
        cells.append(entry)
    return {
        "path": path,
        "nbformat": nb.nbformat,
        "nbformat_minor": nb.nbformat_minor,
        "metadata": nb.metadata,
        "cells": cells,
        "identical": identical,
    }


def check(paths):
    schema = get_validator(version=4, version_minor=5)
    result = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        raw = json.loads(text)
        if raw.get("nbformat") != 4 or raw.get("nbformat_minor") != 5:
            raise SystemExit(f"{path}: nbformat {raw.get('nbformat')}.{raw.get('nbformat_minor')}, expected 4.5")
        # The schema alone, on the file as written: nothing repaired or filled in first.
        schema.validate(raw)
        ids = [cell["id"] for cell in raw["cells"]]
        if len(ids) != len(set(ids)):
            raise SystemExit(f"{path}: repeated cell ids {ids}")
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
        result.append(describe(path, nb, identical=nbformat.writes(nb) + "\n" == text))
    return result


def make(folder):
    code = v4.new_code_cell(
        source="x = 1\nprint(x)\n\n",
        execution_count=2,
        outputs=[
            v4.new_output("stream", name="stdout", text="a\nb\n"),
            v4.new_output("stream", name="stderr", text="warn\r\nprogress\rdone"),
            v4.new_output(
                "display_data",
                data={
                    "text/plain": "x\ny",
                    "text/html": "<b>x</b>\n<i>é</i>\n",
                    "image/png": "iVBORw0KGgo=\n",
                    "application/json": {"a": [1, 2.5, None], "b": "é", "c": {"d": True}},
                    "application/vnd.plotly.v1+json": {"data": [], "layout": {"title": "t"}},
                },
                metadata={"image/png": {"width": 10, "height": 20}},
            ),
            v4.new_output("execute_result", data={"text/plain": "42"}),
            v4.new_output("execute_result", data={"text/plain": "43", "application/json": [1, "two"]}, execution_count=3),
            v4.new_output("error", ename="ValueError", evalue="bad\nvalue", traceback=["line 1", "\x1b[0;31mred\x1b[0m"]),
        ],
    )
    cells = [
        v4.new_markdown_cell(
            "# Title\n\nSome *text*.", attachments={"dot.png": {"image/png": "iVBORw0KGgo="}}),
        code,
        v4.new_code_cell(source="", metadata={"polyglot_notebook": {"kernelName": "fsharp"}, "tags": ["a", "b"]}),
        v4.new_code_cell(source="#!fsharp\nlet y = 2"),
        v4.new_raw_cell("\\begin{x}\n", metadata={"format": "text/latex"}),
    ]
    plain = v4.new_notebook(cells=cells)
    fsharp = v4.new_notebook(
        cells=[v4.new_code_cell(source="printfn \"hi\"", execution_count=1,
                                outputs=[v4.new_output("stream", text="hi\n")])],
        metadata={
            "kernelspec": {"display_name": ".NET (F#)", "language": "F#", "name": ".net-fsharp"},
            "language_info": {"name": "F#"},
        },
    )
    result = []
    for name, nb in [("made.ipynb", plain), ("made-fsharp.ipynb", fsharp)]:
        path = f"{folder}/{name}"
        nbformat.write(nb, path)
        result.append(describe(path, nbformat.read(path, as_version=4)))
    return result


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    output = check(args) if command == "check" else make(args[0]) if command == "make" else None
    if output is None:
        raise SystemExit(f"unknown command {command}")
    json.dump(output, sys.stdout)
