"""The loader and writers never touch the network; the package never evaluates code.

A pharmacist's dataset is untrusted input: nothing in it may be executed (eval, exec)
or unpickled, and opening or exporting it must work on a machine with no network.
"""

from __future__ import annotations

import ast
import socket
from pathlib import Path

import pytest

import denocompare
from denocompare.io.validate import load_dataset
from denocompare.output.writers import write_dataset_workbook, write_table_csv
from tests.helpers import DATA

PACKAGE = Path(denocompare.__file__).parent


def _no_network(*_args, **_kwargs):
    raise AssertionError("network access attempted")


def test_loading_and_writing_need_no_network(monkeypatch, tmp_path):
    for name in ("socket", "create_connection", "getaddrinfo", "socketpair"):
        monkeypatch.setattr(socket, name, _no_network)
    with pytest.raises(AssertionError):
        socket.socket()  # the patch is in force
    ds = load_dataset(DATA)
    book = write_dataset_workbook(ds, tmp_path / "dataset.xlsx")
    again = load_dataset(book)
    assert again.product_ids() == ds.product_ids()
    write_table_csv(ds["products"], tmp_path / "products.csv")


#: Calls and imports that run or unpickle data.
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "_pickle", "dill", "shelve", "marshal", "jsonpickle"}
FORBIDDEN_ATTRIBUTES = {"read_pickle", "to_pickle"}


def _offences(source: str, name: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename=name)):
        where = f"{name}:{getattr(node, 'lineno', '?')}"
        # Only the builtins: Qt's QApplication.exec() is an attribute call, not exec().
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in FORBIDDEN_CALLS:
            found.append(f"{where}: {node.func.id}()")
        elif isinstance(node, ast.Import):
            found += [f"{where}: import {a.name}" for a in node.names
                      if a.name.split(".")[0] in FORBIDDEN_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module \
                and node.module.split(".")[0] in FORBIDDEN_MODULES:
            found.append(f"{where}: from {node.module} import ...")
        elif isinstance(node, ast.Attribute) and node.attr in FORBIDDEN_ATTRIBUTES:
            found.append(f"{where}: .{node.attr}")
    return found


def test_no_eval_exec_or_pickle_in_the_package():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 20
    offences = [o for f in files
                for o in _offences(f.read_text(encoding="utf-8"), str(f.relative_to(PACKAGE)))]
    assert not offences, "\n".join(offences)


def test_the_check_would_see_them():
    found = _offences("import pickle\nfrom marshal import loads\neval('1')\n"
                      "x = df.to_pickle\napp.exec()\n", "probe.py")
    assert len(found) == 4 and not any("exec" in f for f in found), found
