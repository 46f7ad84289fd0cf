"""Table and workbook writers: atomic, formula-safe, and a lossless dataset round trip."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from denocompare.core.errors import ExportError
from denocompare.io.validate import load_dataset
from denocompare.output import writers as W
from tests.helpers import DATA

DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTAB", "\rCR"]


def frame_with_formulas() -> pd.DataFrame:
    return pd.DataFrame({"text": DANGEROUS + ["plain"], "number": [-1.5, 2, 3, 4, 5, 6, -7]},
                        index=pd.Index([f"r{i}" for i in range(7)], name="row"))


def test_csv_neutralises_text_not_numbers(tmp_path):
    path = W.write_table(frame_with_formulas(), tmp_path / "t.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 right
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert all(v.startswith("'") for v in back["text"][:6])
    assert back["text"][6] == "plain"
    # numbers are never prefixed, negative ones included
    assert float(back["number"][0]) == -1.5 and float(back["number"][6]) == -7


def test_xlsx_text_is_never_a_formula(tmp_path):
    path = W.write_table(frame_with_formulas(), tmp_path / "t.xlsx")
    ws = load_workbook(path).active
    cells = [ws.cell(row=r, column=2) for r in range(2, 9)]
    assert all(c.data_type == "s" for c in cells)
    # XML stores a lone CR as LF; the text is otherwise kept exactly
    assert [c.value for c in cells[:6]] == [d.replace("\r", "\n") for d in DANGEROUS]
    assert all(c.quotePrefix for c in cells[:6])
    assert ws.cell(row=2, column=3).value == -1.5


def test_dataset_workbook_round_trip(tmp_path, bundled):
    path = W.write_dataset_workbook(bundled, tmp_path / "denosumab.xlsx")
    again = load_dataset(path)
    for name, frame in bundled.tables.items():
        pd.testing.assert_frame_equal(again[name], frame, check_dtype=False, obj=name)
    assert "columns" in load_workbook(path, read_only=True).sheetnames


def test_dataset_workbook_round_trip_with_formula_text(tmp_path, bundled):
    tables = dict(bundled.tables)
    notes = tables["products"]["note"].astype("string").copy()
    notes.iloc[0] = "=HYPERLINK(\"http://example.invalid\")"
    tables["products"] = tables["products"].assign(note=notes)
    ds = type(bundled)(tables)
    path = W.write_dataset_workbook(ds, tmp_path / "x.xlsx")
    again = load_dataset(path)
    assert again["products"]["note"].iloc[0] == notes.iloc[0]


def test_bundled_data_is_never_written(bundled):
    with pytest.raises(ExportError, match="read-only"):
        W.write_table(pd.DataFrame({"a": [1]}), DATA / "products.csv")


def test_unwritable_folder_is_a_plain_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="cannot write"):
        W.write_table(pd.DataFrame({"a": [1]}), blocker / "sub" / "t.csv")


def test_failed_write_keeps_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old")

    def boom(fh):
        fh.write(b"partial")
        raise RuntimeError("disk full")
    with pytest.raises(RuntimeError):
        W.atomic_write(target, boom)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]
