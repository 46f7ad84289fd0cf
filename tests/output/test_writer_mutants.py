"""The writers' guarantees, stated as rules and checked by fault injection.

Written against the mutants of ``output/writers.py`` that the older tests let live
(docs/mutation.md): each test names the guarantee, then breaks the machine under the
writer (a write that fails at byte N, an fsync or a rename that fails) and checks
what is left on disk and what the user is told.
"""

from __future__ import annotations

import errno
import io
import os
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from denocompare.core.errors import ExportError
from denocompare.output import writers as W
from denocompare.resources import bundled_data_dir


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


# --- reason(): the folder's problem in words a pharmacist can act on ------------------
@pytest.mark.parametrize("code, words", [
    (errno.EACCES, "you do not have permission to write in the folder"),
    (errno.EPERM, "you do not have permission to write in the folder"),
    (errno.EROFS, "you do not have permission to write in the folder"),
    (errno.ENOENT, "does not exist"),
    (errno.ENOSPC, "the disk is full"),
])
def test_each_folder_error_is_explained(tmp_path, code, words):
    text = W.reason(OSError(code, os.strerror(code)), tmp_path)
    assert words in text
    if code != errno.ENOSPC:
        assert str(tmp_path) in text


def test_another_error_keeps_the_systems_words(tmp_path):
    assert W.reason(OSError(errno.EIO, "Input/output error"), tmp_path) == "Input/output error"
    assert W.reason(OSError("no errno at all"), tmp_path) == "no errno at all"


# --- the temporary file --------------------------------------------------------------
def test_the_temporary_file_is_hidden_beside_the_target_and_gets_the_folders_mode(tmp_path):
    old = os.umask(0o022)
    try:
        tmp = W._create_temp(tmp_path / "t.csv")
    finally:
        os.umask(old)
    assert tmp.parent == tmp_path
    assert tmp.name.startswith(".t.csv.") and tmp.name.endswith(".part")
    assert tmp.read_bytes() == b""
    if os.name == "posix":
        assert tmp.stat().st_mode & 0o777 == 0o644  # 0o666 less the umask, not 0o600


def test_a_taken_temporary_name_is_skipped_not_overwritten(tmp_path, monkeypatch):
    names = iter(["aaaa", "aaaa", "bbbb"])
    monkeypatch.setattr(W.secrets, "token_hex", lambda _n: next(names))
    first = W._create_temp(tmp_path / "t.csv")
    first.write_bytes(b"someone else's")
    second = W._create_temp(tmp_path / "t.csv")
    assert second != first and second.name == ".t.csv.bbbb.part"
    assert first.read_bytes() == b"someone else's"


def test_after_100_taken_names_the_writer_gives_up_in_words(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(W.secrets, "token_hex", lambda _n: calls.append(1) or "same")
    (tmp_path / ".t.csv.same.part").write_bytes(b"")
    with pytest.raises(ExportError, match="cannot write into"):
        W.atomic_write(tmp_path / "t.csv", lambda fh: fh.write(b"x"))
    assert len(calls) == 100


# --- atomic_write: the old file or the whole new one, never a part; no temp left -----
def test_a_write_failing_at_byte_n_keeps_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "t.csv"
    target.write_bytes(b"old")

    def fails_at_byte_5(fh):
        fh.write(b"12345")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ExportError, match="could not write t.csv: the disk is full"):
        W.atomic_write(target, fails_at_byte_5)
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_a_non_os_failure_also_leaves_no_temp_and_is_not_wrapped(tmp_path):
    def bug(fh):
        fh.write(b"half")
        raise KeyError("a bug, not the disk")

    with pytest.raises(KeyError):
        W.atomic_write(tmp_path / "t.csv", bug)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_hold_the_temporary_file_is_named_in_the_reason(tmp_path):
    folder = tmp_path / "nowhere"
    with pytest.raises(ExportError) as err:
        W.atomic_write(folder / "t.csv", lambda fh: fh.write(b"new"))
    # The folder twice: where the write went, and what is wrong with it.
    assert str(err.value) == f"cannot write into {folder}: the folder {folder} does not exist"
    assert list(tmp_path.iterdir()) == []


def test_a_failing_rename_keeps_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "t.csv"
    target.write_bytes(b"old")

    def refuse(_src, _dst):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(W.os, "replace", refuse)
    with pytest.raises(ExportError) as err:
        W.atomic_write(target, lambda fh: fh.write(b"new"))
    assert str(err.value) == (f"could not write t.csv: you do not have permission to write "
                              f"in the folder {tmp_path}; the previous file, if any, is unchanged")
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_the_data_is_flushed_to_disk_before_the_rename(tmp_path, monkeypatch):
    events: list[tuple[str, object]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", os.fstat(fd).st_size))
        real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", Path(dst).name))
        real_replace(src, dst)

    monkeypatch.setattr(W.os, "fsync", fsync)
    monkeypatch.setattr(W.os, "replace", replace)
    W.atomic_write(tmp_path / "t.csv", lambda fh: fh.write(b"12345"))
    # the file's bytes (size 5) are synced, then renamed, then (POSIX) the folder synced
    assert events[:2] == [("fsync", 5), ("replace", "t.csv")]
    if os.name == "posix":
        assert len(events) == 3 and events[2][0] == "fsync"
    assert (tmp_path / "t.csv").read_bytes() == b"12345"


def test_a_failing_fsync_of_the_data_is_a_failed_write(tmp_path, monkeypatch):
    target = tmp_path / "t.csv"
    target.write_bytes(b"old")

    def fsync(_fd):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(W.os, "fsync", fsync)
    with pytest.raises(ExportError, match="Input/output error"):
        W.atomic_write(target, lambda fh: fh.write(b"new"))
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_the_rename_moves_the_temp_it_does_not_copy_it(tmp_path, monkeypatch):
    seen = []
    real_replace = os.replace
    monkeypatch.setattr(W.os, "replace", lambda s, d: (seen.append(Path(s)), real_replace(s, d)))
    W.atomic_write(tmp_path / "t.csv", lambda fh: fh.write(b"x"))
    assert len(seen) == 1 and seen[0].parent == tmp_path and not seen[0].exists()
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_a_folder_that_cannot_be_synced_does_not_fail_the_write(tmp_path, monkeypatch):
    real_fsync = os.fsync

    def fsync(fd):
        if Path(f"/proc/self/fd/{fd}").resolve() == tmp_path.resolve():
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(W.os, "fsync", fsync)
    assert W.atomic_write(tmp_path / "t.csv", lambda fh: fh.write(b"x")) == tmp_path / "t.csv"
    assert (tmp_path / "t.csv").read_bytes() == b"x"


def test_the_bundled_data_is_refused_before_anything_is_created():
    target = bundled_data_dir() / "products.csv"
    before = sorted(p.name for p in bundled_data_dir().iterdir())
    with pytest.raises(ExportError, match="the bundled dataset is read-only"):
        W.atomic_write(target, lambda fh: fh.write(b"x"))
    assert sorted(p.name for p in bundled_data_dir().iterdir()) == before


# --- formula injection -----------------------------------------------------------------
@pytest.mark.parametrize("prefix", list(W.FORMULA_PREFIXES))
def test_every_formula_prefix_is_neutralised(prefix):
    assert W.neutralise_text(prefix + "1+1") == "'" + prefix + "1+1"


@pytest.mark.parametrize("value", ["a=1", "1-2", " =1", "", 5, -1.5, None])
def test_other_values_are_left_as_they_are(value):
    assert W.neutralise_text(value) == value


def test_csv_neutralises_headings_and_row_labels_too(tmp_path):
    frame = pd.DataFrame({"=HYPERLINK()": ["+x"], "plain": [-3]},
                         index=pd.Index(["@row"], name="Attribute"))
    W.write_table_csv(frame, tmp_path / "t.csv")
    raw = (tmp_path / "t.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads accents right
    assert raw.decode("utf-8-sig") == "Attribute,'=HYPERLINK(),plain\r\n'@row,'+x,-3\r\n"


def test_a_short_write_is_an_input_output_error_as_the_system_would_say():
    err = W.ShortWrite()
    assert isinstance(err, OSError) and err.errno == errno.EIO
    assert err.strerror == "the disk accepted only part of the file (a short write)"


def test_csv_quotes_only_the_cells_that_need_it(tmp_path):
    frame = pd.DataFrame({"a": ["x, y", 'say "no"', "plain"]})
    W.write_table_csv(frame, tmp_path / "t.csv", index=False)
    assert (tmp_path / "t.csv").read_bytes().decode("utf-8-sig") == \
        'a\r\n"x, y"\r\n"say ""no"""\r\nplain\r\n'


def test_csv_without_index_writes_no_row_labels(tmp_path):
    frame = pd.DataFrame({"a": ["=1"]}, index=["@row"])
    W.write_table_csv(frame, tmp_path / "t.csv", index=False)
    assert (tmp_path / "t.csv").read_bytes().decode("utf-8-sig") == "a\r\n'=1\r\n"


def _cells(path: Path, sheet: str | None = None):
    wb = load_workbook(path)
    ws = wb[sheet] if sheet else wb.active
    return ws, [[c for c in row] for row in ws.iter_rows()]


def test_xlsx_cells_are_text_with_the_quote_prefix_and_missing_values_empty(tmp_path):
    frame = pd.DataFrame({"-heading": ["=SUM(A1)", None, "plain"], "n": [1.5, float("nan"), 2]},
                         index=pd.Index(["@r1", "r2", "r3"], name="Attr"))
    W.write_table_xlsx(frame, tmp_path / "t.xlsx", sheet="x" * 40)
    ws, rows = _cells(tmp_path / "t.xlsx")
    assert ws.title == "x" * 31
    assert ws.freeze_panes == "B2"
    values = [[c.value for c in row] for row in rows]
    assert values == [["Attr", "-heading", "n"], ["@r1", "=SUM(A1)", 1.5],
                      ["r2", None, None], ["r3", "plain", 2]]
    by_value = {c.value: c for row in rows for c in row if c.value is not None}
    for text in ("-heading", "@r1", "=SUM(A1)"):
        assert by_value[text].data_type == "s" and by_value[text].quotePrefix, text
    for text in ("Attr", "plain", "r2"):
        assert by_value[text].data_type == "s" and not by_value[text].quotePrefix, text


def test_xlsx_without_index_freezes_only_the_heading(tmp_path):
    W.write_table_xlsx(pd.DataFrame({"a": [1]}, index=["r"]), tmp_path / "t.xlsx", index=False)
    ws, rows = _cells(tmp_path / "t.xlsx")
    assert ws.freeze_panes == "A2"
    assert [[c.value for c in row] for row in rows] == [["a"], [1]]


def test_an_unnamed_index_gets_an_empty_heading(tmp_path):
    W.write_table_xlsx(pd.DataFrame({"a": [1]}, index=["r"]), tmp_path / "t.xlsx")
    _ws, rows = _cells(tmp_path / "t.xlsx")
    assert [c.value for c in rows[0]] == [None, "a"]


@pytest.mark.parametrize("name", ["t.CSV", "t.Xlsx"])
def test_write_table_picks_the_format_by_suffix_in_any_case(tmp_path, name):
    W.write_table(pd.DataFrame({"a": ["=1"]}), tmp_path / name)
    raw = (tmp_path / name).read_bytes()
    assert raw.startswith(b"PK") == name.lower().endswith(".xlsx")


@pytest.mark.parametrize("name", ["t.csv", "t.xlsx"])
def test_write_table_passes_index_false_on(tmp_path, name):
    W.write_table(pd.DataFrame({"a": ["x"]}, index=["@label"]), tmp_path / name, index=False)
    if name.endswith(".csv"):
        assert (tmp_path / name).read_bytes().decode("utf-8-sig") == "a\r\nx\r\n"
    else:
        _ws, rows = _cells(tmp_path / name)
        assert [[c.value for c in row] for row in rows] == [["a"], ["x"]]


@pytest.mark.parametrize("frame, labels", [
    (pd.DataFrame({"a": ["x", "y"]}), False),                               # row numbers
    (pd.DataFrame({"a": ["x", "y"]}, index=pd.Index([3, 4], name="n")), True),  # named
    (pd.DataFrame({"a": ["x", "y"]}, index=["r1", "r2"]), True),           # text labels
], ids=["unnamed-integers", "named-integers", "unnamed-text"])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_index_is_written_when_it_labels_the_rows(tmp_path, frame, labels, suffix):
    target = tmp_path / f"t{suffix}"
    W.write_table(frame, target)
    if suffix == ".csv":
        rows = [line.split(",") for line in
                target.read_bytes().decode("utf-8-sig").splitlines()]
    else:
        _ws, cells = _cells(target)
        rows = [[c.value for c in row] for row in cells]
    firsts = [str(row[0]) for row in rows[1:]]
    assert (len(rows[0]) == 2) == labels
    assert firsts == ([str(i) for i in frame.index] if labels else ["x", "y"])


def test_the_default_sheet_is_named_table(tmp_path):
    W.write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.xlsx")
    assert load_workbook(tmp_path / "t.xlsx").sheetnames == ["table"]


def test_write_table_refuses_another_suffix_by_name(tmp_path):
    with pytest.raises(ExportError, match=r"^t\.txt: choose a \.csv or \.xlsx file name$"):
        W.write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.txt")
    assert list(tmp_path.iterdir()) == []


def test_the_dataset_workbook_has_a_sheet_per_table_and_the_column_docs(tmp_path, bundled):
    from denocompare.core.schema import TABLES

    W.write_dataset_workbook(bundled, tmp_path / "all.xlsx")
    wb = load_workbook(tmp_path / "all.xlsx")
    assert wb.sheetnames == [t.name for t in TABLES] + ["columns"]
    for table in TABLES:
        ws = wb[table.name]
        assert [c.value for c in ws[1]] == list(table.column_names)
        assert ws.freeze_panes == "A2"
        assert ws.max_row == len(bundled[table.name]) + 1
    # a value the source does not give is an empty cell, not "nan" or "<NA>"
    texts = {c.value for ws in wb for row in ws.iter_rows(min_row=2) for c in row}
    assert not texts & {"nan", "NaN", "<NA>", "None"}


def test_a_copys_metadata_sheet_says_what_it_was_made_from_and_a_plain_one_does_not(
        tmp_path, mini):
    from denocompare.core.schema import DERIVED_KEYS

    def metadata(path):
        rows = load_workbook(path)["metadata"].iter_rows(min_row=2, values_only=True)
        return {key: value for key, value, *_ in rows}

    W.write_dataset_workbook(mini, tmp_path / "plain.xlsx")
    assert not set(DERIVED_KEYS) & set(metadata(tmp_path / "plain.xlsx"))
    W.write_dataset_workbook(mini, tmp_path / "copy.xlsx", trail=_trail())
    stamped = metadata(tmp_path / "copy.xlsx")
    assert set(DERIVED_KEYS) <= set(stamped)
    assert "ab" * 32 in stamped.values()


def test_the_column_docs_sheet_has_the_docs_headings_and_no_row_numbers(tmp_path, mini):
    from denocompare.core.schema_docs import columns_frame

    W.write_dataset_workbook(mini, tmp_path / "d.xlsx")
    ws = load_workbook(tmp_path / "d.xlsx")["columns"]
    docs = columns_frame()
    assert [c.value for c in ws[1]] == list(docs.columns)
    assert [c.value for c in ws[2]][0] == docs.iloc[0, 0]


# --- the audit trail beside a CSV ----------------------------------------------------------
def _trail():
    from denocompare.core.audit import Trail
    from denocompare.core.identity import RELEASE

    return Trail("mini", "2026.1", "mini 2026.1", "ab" * 32, RELEASE, made_at="2026-12-01")


def test_the_provenance_file_names_the_table_its_hash_and_one_key_per_line(tmp_path):
    import hashlib

    trail = _trail()
    data = b"a,b\r\n1,2\r\n"
    written = W.write_csv_bytes(data, tmp_path / "t.csv", trail)
    assert written.read_bytes() == data
    text = (tmp_path / "t.provenance.txt").read_bytes().decode("utf-8")
    head, rest = text.split("\n\n", 1)
    assert head == f"Provenance of t.csv (SHA-256 of its bytes: {hashlib.sha256(data).hexdigest()})"
    assert rest.startswith(trail.text())
    keys = rest[len(trail.text()):]  # after a blank line, and ending in one newline
    assert keys.startswith("\n") and keys.endswith("\n") and not keys.endswith("\n\n")
    assert keys[1:].splitlines() == [f"{k}: {v}" for k, v in trail.items()]


def test_a_trail_that_cannot_be_written_says_the_table_was(tmp_path, monkeypatch):
    real = W.atomic_write

    def fail_the_trail(target, write):
        if target.name.endswith(".provenance.txt"):
            raise ExportError("the disk is full")
        return real(target, write)

    monkeypatch.setattr(W, "atomic_write", fail_the_trail)
    with pytest.raises(ExportError, match=r"^t\.csv was written, but not its audit trail: "
                                          r"the disk is full$"):
        W.write_csv_bytes(b"x", tmp_path / "t.csv", _trail())
    assert (tmp_path / "t.csv").read_bytes() == b"x"


def test_a_read_only_trail_file_is_refused_before_the_table_is_written(tmp_path):
    side = tmp_path / "t.provenance.txt"
    side.write_text("old")
    side.chmod(0o444)
    with pytest.raises(ExportError, match="read-only"):
        W.write_csv_bytes(b"x", tmp_path / "t.csv", _trail())
    assert not (tmp_path / "t.csv").exists()


def test_without_a_trail_only_the_table_is_written(tmp_path):
    W.write_csv_bytes(b"x", tmp_path / "t.csv", None)
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]


def test_a_write_that_takes_no_bytes_is_a_short_write_said_in_full(tmp_path, monkeypatch):
    class NoRoom(io.FileIO):
        def write(self, data) -> int:  # type: ignore[override]
            return 0

    monkeypatch.setattr(W, "_open_temp", lambda tmp: NoRoom(tmp, "w"))
    with pytest.raises(ExportError) as err:
        W.atomic_write(tmp_path / "t.csv", lambda fh: fh.write(b"x" * 10))
    assert str(err.value) == ("could not write t.csv: the disk accepted only part of the "
                              "file (a short write); the previous file, if any, is unchanged")
    assert _leftovers(tmp_path) == []
