"""Limits and workbook details the corpus does not show: size and unpacked-size limits,
cancelling, formulas that do have a value, values outside the headed columns."""

from __future__ import annotations

import builtins
import io
import os
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from denocompare.core.errors import DataError
from denocompare.io import readers, xlsx_reader
from denocompare.io.readers import Cancelled
from denocompare.io.validate import load_dataset
from denocompare.output.writers import write_dataset_workbook


def problems_of(path) -> list:
    with pytest.raises(DataError) as info:
        load_dataset(path)
    return info.value.problems


@pytest.fixture
def workbook(tmp_path, bundled):
    return write_dataset_workbook(bundled, tmp_path / "dataset.xlsx")


def rewrite_part(path, part: str, fn) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {i: zf.read(i) for i in zf.namelist()}
    parts[part] = fn(parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def sheet_part(path, title: str) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True)
    try:
        return wb[title]._worksheet_path
    finally:
        wb.close()


def huge(path: Path) -> Path:
    with open(path, "wb") as fh:
        fh.truncate(200 * 2**20)  # sparse: no disk space, no time
    return path


@pytest.fixture
def opened(monkeypatch) -> list[Path]:
    """Every path the loader opens from now on (``open``, ``io.open``, ``os.open``).

    ``zipfile``, ``pathlib`` and pandas open files through ``io.open`` or ``os.open``,
    so a file missing from this list was never read. (How long the refusal takes is
    measured in benchmarks/run.py, not here.)
    """
    seen: list[Path] = []

    def spy(real, reads):
        def wrapper(file, mode=None, *args, **kwargs):
            if isinstance(file, str | os.PathLike) and reads(mode):
                seen.append(Path(os.fspath(file)).resolve())
            return real(file, *args, **kwargs) if mode is None else \
                real(file, mode, *args, **kwargs)
        return wrapper

    def text_mode_reads(mode) -> bool:
        return mode is None or "r" in mode or "+" in mode

    def flags_read(flags) -> bool:
        return flags is None or flags & os.O_ACCMODE != os.O_WRONLY

    monkeypatch.setattr(builtins, "open", spy(builtins.open, text_mode_reads))
    monkeypatch.setattr(io, "open", spy(io.open, text_mode_reads))
    monkeypatch.setattr(os, "open", spy(os.open, flags_read))
    return seen


def test_a_200_mb_workbook_is_refused_before_reading(tmp_path, opened):
    path = huge(tmp_path / "huge.xlsx").resolve()
    probs = problems_of(path)
    assert "reads files up to 100 MB" in probs[0].message and probs[0].file == "huge.xlsx"
    assert path not in opened, "the refused workbook was opened"


def test_a_200_mb_table_in_a_folder_is_refused_before_reading(data_copy, opened):
    path = huge(data_copy / "adverse_reactions.csv").resolve()
    probs = problems_of(data_copy)
    assert [p.file for p in probs if "reads files up to 100 MB" in p.message] == \
        ["adverse_reactions.csv"]
    assert path not in opened, "the refused table was opened"
    assert (data_copy / "products.csv").resolve() in opened  # the spy does see reads


def test_the_open_spy_sees_a_workbook_read(workbook, opened):
    load_dataset(workbook)
    assert Path(workbook).resolve() in opened


def test_the_size_limit_is_the_module_constant(data_copy, monkeypatch):
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 1000)
    probs = problems_of(data_copy)
    assert {p.file for p in probs if "reads files up to" in p.message} >= {"sources.csv"}


def test_a_workbook_that_unpacks_too_far_is_refused(workbook, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "MAX_UNPACKED_BYTES", 10_000)
    probs = problems_of(workbook)
    assert "unpacks to" in probs[0].message


@pytest.mark.parametrize("kind", ["folder", "workbook"])
def test_cancel_is_never_swallowed(kind, data_copy, workbook):
    def progress(_fraction, message):
        if "products" in message:
            raise Cancelled

    with pytest.raises(Cancelled):
        load_dataset(data_copy if kind == "folder" else workbook, progress)


def test_a_formula_with_its_computed_value_loads(workbook):
    """Excel and LibreOffice store the value beside the formula: use it, say nothing."""
    part = sheet_part(workbook, "studies")

    def add_formula(xml: bytes) -> bytes:
        # n_randomised of the first study becomes "=265+267" with the value 532 cached
        return re.sub(rb'(<c r="I2"[^>]*?)(?: t="\w+")?>.*?</c>',
                      rb'\1><f>265+267</f><v>532</v></c>', xml, count=1, flags=re.S)
    rewrite_part(workbook, part, add_formula)
    ds = load_dataset(workbook)
    assert int(ds["studies"].loc[0, "n_randomised"]) == 532
    assert not ds.warnings


def test_values_past_the_last_heading_are_reported(workbook):
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    ws = wb["products"]
    ws.cell(row=4, column=ws.max_column + 2).value = "stray note"
    wb.save(workbook)
    ds = load_dataset(workbook)
    hit = [w for w in ds.warnings if w.row == 4]
    assert hit and "column L has values but no heading" in hit[0].message


def test_rows_are_numbered_as_the_sheet_shows_them(workbook):
    from openpyxl import load_workbook

    wb = load_workbook(workbook)
    ws = wb["products"]
    ws.insert_rows(3, amount=2)  # two empty rows in the middle of the table
    ws.cell(row=7, column=5).value = "sixty"  # strength_mg
    wb.save(workbook)
    hit = [p for p in problems_of(workbook) if p.column == "strength_mg"]
    assert hit and hit[0].row == 7 and hit[0].file == "dataset.xlsx, sheet 'products'"


def test_short_rows_read_as_empty_cells(data_copy):
    path = data_copy / "metadata.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "description\n", encoding="utf-8")
    row = len(text.splitlines()) + 1  # the header is row 1
    probs = problems_of(data_copy)
    assert any(p.row == row and p.column == "value" and "required cell is empty" in p.message
               for p in probs)


def test_typed_values_unchanged(bundled):
    products = bundled["products"]
    assert products["strength_mg"].dtype == "Float64"
    assert bundled["studies"]["n_randomised"].dtype == "Int64"
    assert products["product_id"].dtype == pd.StringDtype()
    assert products["reference_product_id"].isna().sum() == 2
