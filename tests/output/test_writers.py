"""Table and workbook writers: atomic, formula-safe, and a lossless dataset round trip."""

from __future__ import annotations

import os
import zipfile

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


def test_a_writer_may_seek_back_to_patch_a_header_and_on_from_the_end(tmp_path):
    # The file handed to a writer is a real, seekable file: a format that patches its
    # header after the body (a zip directory, a length) seeks from the start, from the
    # end and from where it is, and each lands where a plain file would.
    def patched(fh):
        fh.write(b"????body")
        fh.seek(0)
        fh.write(b"LEN8")
        assert fh.seek(0, os.SEEK_END) == 8
        fh.write(b"+tail")
        assert fh.seek(-5, os.SEEK_CUR) == 8
        fh.write(b"!")

    W.atomic_write(tmp_path / "t.bin", patched)
    assert (tmp_path / "t.bin").read_bytes() == b"LEN8body!tail"


def test_a_workbook_is_deflated_as_excel_saves_it(tmp_path):
    W.write_table_xlsx(pd.DataFrame({"a": ["the same words again"] * 200}), tmp_path / "t.xlsx")
    with zipfile.ZipFile(tmp_path / "t.xlsx") as archive:
        parts = archive.infolist()
    assert {p.compress_type for p in parts} == {zipfile.ZIP_DEFLATED}
    assert sum(p.compress_size for p in parts) < sum(p.file_size for p in parts) / 2


def test_a_folder_or_a_special_file_as_target_is_refused_in_full_words(tmp_path):
    folder = tmp_path / "t.csv"
    folder.mkdir()
    fifo = tmp_path / "p.csv"
    os.mkfifo(fifo)
    for target, words in [
            (folder, f"{folder} is a folder; choose a file name"),
            (fifo, f"{fifo} is not a regular file (a device, pipe or socket); "
                   "choose another file name")]:
        with pytest.raises(ExportError) as err:
            W.atomic_write(target, lambda fh: fh.write(b"x"))
        assert str(err.value) == words
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv", "t.csv"]


@pytest.mark.parametrize("mode", [0o444, 0o555, 0o001])
def test_a_file_without_write_bits_is_read_only_even_to_root(tmp_path, mode):
    # root may write any file, so the mode's write bits decide; execute bits do not
    target = tmp_path / "t.csv"
    target.write_bytes(b"old")
    target.chmod(mode)
    with pytest.raises(ExportError) as err:
        W.atomic_write(target, lambda fh: fh.write(b"new"))
    assert str(err.value) == ("t.csv is read-only, so it was not replaced; choose another "
                              "file name, or make the file writable first")
    target.chmod(0o644)
    assert target.read_bytes() == b"old"


def test_a_target_name_of_the_longest_the_temporary_name_allows_is_written(tmp_path):
    # the temporary name is the target's name + 15 (".", ".", 8 hex digits, ".part")
    longest = os.pathconf(tmp_path, "PC_NAME_MAX") - 15
    target = tmp_path / ("n" * (longest - 4) + ".csv")
    assert W.atomic_write(target, lambda fh: fh.write(b"x")).read_bytes() == b"x"
    with pytest.raises(ExportError, match="cannot write into .*: File name too long$"):
        W.atomic_write(tmp_path / ("n" * (longest - 3) + ".csv"), lambda fh: fh.write(b"x"))
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_with_every_temporary_name_taken_the_user_is_told_so(tmp_path, monkeypatch):
    monkeypatch.setattr(W.secrets, "token_hex", lambda _n: "same")
    (tmp_path / ".t.csv.same.part").write_bytes(b"")
    with pytest.raises(ExportError) as err:
        W.atomic_write(tmp_path / "t.csv", lambda fh: fh.write(b"x"))
    assert str(err.value) == f"cannot write into {tmp_path}: no free temporary file name"


def test_a_value_no_cell_can_hold_is_refused_not_written_as_an_empty_cell(tmp_path):
    target = tmp_path / "t.xlsx"
    target.write_bytes(b"old")
    frame = pd.DataFrame({"a": [["two", "parts"], "plain"]})
    with pytest.raises(ValueError, match="Cannot convert"):
        W.write_table_xlsx(frame, target)
    assert [p.name for p in tmp_path.iterdir()] == ["t.xlsx"]
    assert target.read_bytes() == b"old"
