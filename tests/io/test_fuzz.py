"""Property tests: whatever bytes a table holds, loading gives a Dataset or a DataError.

Random bytes, and random damage to the valid bundled files (a cell replaced, a heading
renamed or dropped, the file re-encoded, cut short, or re-delimited), and random damage
to a workbook. Any other exception is a crash the user would see as a traceback.

Bounded for CI: ~150 examples per property, each a full load (about 70 ms).
"""

from __future__ import annotations

import csv
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from denocompare.core.dataset import Dataset
from denocompare.core.errors import DataError
from denocompare.core.schema import TABLES
from denocompare.io.validate import load_dataset
from tests.helpers import DATA

FUZZ = settings(max_examples=150, deadline=None, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NAMES = [t.name for t in TABLES]
ORIGINAL = {name: (DATA / f"{name}.csv").read_bytes() for name in NAMES}
#: Cell values people type, and values that have broken parsers before.
NASTY = ["", " ", "n/a", "-", "NR", "5,3", "1,064", "5.3%", "60 mg", "inf", "-inf", "nan",
         "1e400", "99999999999999999999", "-1", "0", "0.5", "=1+1", "#DIV/0!", '"', '""',
         "a\nb", "a\rb", "\x00", "\x07", "\u200b", "\ufeff", "Prolia", "prolia;", ";", "S1,S2",
         "2025-02-30", "17/11/2025", "x" * 6000, "é", "\u2212" + "1", "biosimilar",
         "originator", "yes", "very common", "  EU ", "product_id"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("fuzz") / "dataset"
    shutil.copytree(DATA, dest)
    return dest


def load_with(folder: Path, name: str, data: bytes):
    """Load the folder with ``name``.csv replaced by ``data``; restore it afterwards."""
    target = folder / f"{name}.csv"
    target.write_bytes(data)
    try:
        return outcome(folder)
    finally:
        target.write_bytes(ORIGINAL[name])


def outcome(path: Path):
    """A Dataset, or a DataError whose every problem is a readable, located sentence."""
    try:
        ds = load_dataset(path)
    except DataError as err:
        assert err.errors, "a DataError must hold at least one error"
        for p in err.problems:
            assert p.file and p.message.strip(), p
            assert p.row is None or p.row >= 1, p
            assert "Traceback" not in p.message and "tokenizing" not in p.message, p
        assert err.report()
        return err
    assert isinstance(ds, Dataset)
    return ds


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def to_bytes(rows: list[list[str]], delimiter: str = ",") -> bytes:
    buf = io.StringIO(newline="")
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


@FUZZ
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=3000))
def test_random_bytes_as_a_csv_file(folder, name, data):
    load_with(folder, name, data)


cell_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=40))


@st.composite
def structural_damage(draw, name: str) -> bytes:
    rows = rows_of(ORIGINAL[name])
    width = len(rows[0])
    kind = draw(st.sampled_from(["cell", "cells", "rename", "drop heading", "drop column",
                                 "drop row", "duplicate row", "short row", "long row"]))
    col = draw(st.integers(0, width - 1))
    row = draw(st.integers(1, max(1, len(rows) - 1))) if len(rows) > 1 else 0
    if kind == "cell":
        rows[row][col] = draw(cell_text)
    elif kind == "cells":
        for _ in range(draw(st.integers(2, 6))):
            r, c = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, width - 1))
            rows[r][c] = draw(cell_text)
    elif kind == "rename":
        rows[0][col] = draw(st.one_of(st.sampled_from(NAMES + ["", " ", rows[0][-1],
                                                               rows[0][col].upper()]),
                                      st.text(max_size=20)))
    elif kind == "drop heading":
        del rows[0][col]
    elif kind == "drop column":
        rows = [r[:col] + r[col + 1:] for r in rows]
    elif kind == "drop row":
        del rows[row]
    elif kind == "duplicate row":
        rows.insert(row, list(rows[row]))
    elif kind == "short row":
        rows[row] = rows[row][:col]
    else:
        rows[row] = rows[row] + [draw(cell_text)]
    return to_bytes(rows)


@FUZZ
@given(data=st.data())
def test_damaged_cells_and_headings(folder, data):
    name = data.draw(st.sampled_from(NAMES))
    load_with(folder, name, data.draw(structural_damage(name)))


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "cp1252",
             "latin-1", "mac_roman", "cp437"]


@st.composite
def byte_damage(draw, name: str) -> bytes:
    data = ORIGINAL[name]
    kind = draw(st.sampled_from(["encode", "truncate", "delimiter", "raw delimiter",
                                 "insert", "flip", "line ends"]))
    if kind == "encode":
        text = data.decode("utf-8")
        return text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if kind == "truncate":
        return data[:draw(st.integers(0, len(data)))]
    if kind == "delimiter":
        return to_bytes(rows_of(data), draw(st.sampled_from([";", "\t", "|"])))
    if kind == "raw delimiter":  # a find-and-replace in a text editor, quotes and all
        return data.replace(b",", draw(st.sampled_from([b";", b"\t", b""])))
    if kind == "line ends":
        return data.replace(b"\n", draw(st.sampled_from([b"", b"\r", b"\n\n", b"\r\r\n"])))
    at = draw(st.integers(0, len(data)))
    junk = draw(st.binary(min_size=1, max_size=20))
    if kind == "insert":
        return data[:at] + junk + data[at:]
    return data[:at] + junk + data[at + len(junk):]


@FUZZ
@given(data=st.data())
def test_reencoded_truncated_and_redelimited_files(folder, data):
    name = data.draw(st.sampled_from(NAMES))
    load_with(folder, name, data.draw(byte_damage(name)))


@pytest.fixture(scope="module")
def workbook_parts(tmp_path_factory) -> dict[str, bytes]:
    """A small valid workbook (the mini fixture, as the app writes it), part by part."""
    from denocompare.output.writers import write_dataset_workbook

    mini = load_dataset(Path(__file__).parents[1] / "fixtures" / "mini")
    path = write_dataset_workbook(mini, tmp_path_factory.mktemp("wb") / "mini.xlsx")
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zipped(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


@st.composite
def damaged_workbook(draw, parts: dict[str, bytes]) -> bytes:
    parts = dict(parts)
    if draw(st.booleans()):  # damage one part's XML, then zip it up properly
        name = draw(st.sampled_from(sorted(parts)))
        data = parts[name]
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["cut", "insert", "overwrite", "drop part"]))
        junk = draw(st.one_of(st.binary(min_size=1, max_size=12), st.sampled_from(
            [b"<", b">", b"&", b'"', b"<f>1+1</f>", b"<v></v>", b'r="A0"', b'r="XFD1"',
             b'<mergeCell ref="A1:B9"/>', b"\x00"])))
        if kind == "cut":
            parts[name] = data[:at]
        elif kind == "insert":
            parts[name] = data[:at] + junk + data[at:]
        elif kind == "overwrite":
            parts[name] = data[:at] + junk + data[at + len(junk):]
        else:
            del parts[name]
        return zipped(parts)
    raw = bytearray(zipped(parts))  # damage the zip file itself
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(raw) - 1))
        raw[at:at + 4] = draw(st.binary(min_size=1, max_size=4))
    if draw(st.booleans()):
        del raw[draw(st.integers(0, len(raw))):]
    return bytes(raw)


@FUZZ
@given(data=st.data())
def test_damaged_workbook(tmp_path_factory, workbook_parts, data):
    path = tmp_path_factory.getbasetemp() / "damaged.xlsx"
    path.write_bytes(data.draw(damaged_workbook(workbook_parts)))
    outcome(path)
