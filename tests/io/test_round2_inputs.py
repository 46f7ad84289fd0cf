"""Input details of issue 19 the corpus states only in part: a problem reported once
(no line per row after it), warning lines that stay short, the workbook cell limit
counted across sheets and as read, and the bad byte of a UTF-8 file named."""

from __future__ import annotations

import pytest

from denocompare.core.errors import DataError
from denocompare.core.schema import MAX_UNPACKED_BYTES, MAX_WORKBOOK_CELLS
from denocompare.io import xlsx_reader
from denocompare.io.raw import Cancelled
from denocompare.io.validate import load_dataset
from denocompare.output.writers import write_dataset_workbook
from tests.helpers import edit_csv


def problems_of(path) -> list:
    with pytest.raises(DataError) as info:
        load_dataset(path)
    return info.value.problems


def test_the_limits_are_the_schema_constants():
    assert xlsx_reader.MAX_WORKBOOK_CELLS is MAX_WORKBOOK_CELLS
    assert xlsx_reader.MAX_UNPACKED_BYTES is MAX_UNPACKED_BYTES
    # a few hundred MB at about 100 bytes a cell as read
    assert MAX_WORKBOOK_CELLS * 100 <= 400 * 2**20 and MAX_UNPACKED_BYTES <= 400 * 2**20


@pytest.mark.parametrize("old,new", [("ci_level", "ci_levl"), ("product_pct", "product_%"),
                                     ("frequency_band", "frequency band x")])
def test_a_misspelt_column_is_one_problem(data_copy, old, new):
    table = "study_results" if old == "ci_level" else "adverse_reactions"
    edit_csv(data_copy, table, lambda t: t.replace(old, new, 1))
    found = problems_of(data_copy)
    assert [(p.row, p.column) for p in found] == [(1, old)], found


def test_twenty_thousand_columns_are_six_short_lines(data_copy):
    def widen(text: str) -> str:
        lines = text.split("\n")
        extra = [",".join(f"col{i}" for i in range(20_000))] + \
            [",".join("1" * 20_000)] * (len(lines) - 1)
        return "\n".join(f"{a},{b}" if a else a for a, b in zip(lines, extra, strict=True))
    edit_csv(data_copy, "products", widen)
    warnings = load_dataset(data_copy).warnings
    assert len(warnings) == 6
    assert warnings[-1].message.startswith("... and 19,995 more columns")
    assert max(len(str(w)) for w in warnings) < 200


def test_a_heading_of_a_megabyte_is_echoed_short(data_copy):
    edit_csv(data_copy, "products", lambda t: t.replace("\n", "," + "h" * 2**20 + "\n", 1))
    (warning,) = load_dataset(data_copy).warnings
    assert len(str(warning)) < 200 and warning.column == "h" * 60 + "…"


@pytest.fixture
def workbook(tmp_path, bundled):
    return write_dataset_workbook(bundled, tmp_path / "dataset.xlsx")


def test_the_cell_limit_counts_every_sheet(workbook, monkeypatch, bundled):
    cells = sum(df.shape[0] * df.shape[1] for df in bundled.tables.values())
    monkeypatch.setattr(xlsx_reader, "MAX_WORKBOOK_CELLS", cells // 2)
    found = problems_of(workbook)
    assert [p.message.split(";")[0].split(".")[0] for p in found] == \
        [f"the workbook holds more than {cells // 2:,} cells, the most DenoCompare reads "
         "from a workbook"]
    monkeypatch.setattr(xlsx_reader, "MAX_WORKBOOK_CELLS", cells * 3)
    load_dataset(workbook)


def test_the_cell_limit_holds_when_the_xml_count_is_not_there(workbook, monkeypatch):
    monkeypatch.setattr(xlsx_reader, "_scan_sheet_xml", lambda path, ws: (True, [], 0))
    monkeypatch.setattr(xlsx_reader, "MAX_WORKBOOK_CELLS", 200)
    found = problems_of(workbook)
    assert any("the workbook holds more than 200 cells" in p.message for p in found)


def test_a_bad_byte_in_utf8_is_named_and_the_rest_kept(data_copy):
    path = data_copy / "sources.csv"
    data = path.read_bytes()
    assert not data.isascii()
    kept = data.rstrip(b"\r\n") + b" "
    path.write_bytes(kept + b"\xff\r\n")
    ds = load_dataset(data_copy)
    (warning,) = ds.warnings
    assert f"byte {len(kept) + 1:,} of the file (0xFF" in warning.message
    # Every accented letter before it is read as UTF-8, not as Windows-1252 mojibake.
    text = " ".join(ds["sources"]["title"].dropna())
    assert "Ã" not in text and "\ufffd" not in text


def test_a_cancel_stops_a_large_sheet_part_way(tmp_path):
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("adverse_reactions")
    for i in range(10_000):
        ws.append([f"p{i}", "EU", "reaction"])
    wb.save(tmp_path / "big.xlsx")
    calls = []

    def progress(fraction, message):
        if message == "Reading sheet adverse_reactions":
            calls.append(fraction)
            if len(calls) == 2:  # the first tick inside the sheet
                raise Cancelled
    with pytest.raises(Cancelled):
        xlsx_reader.read_workbook(tmp_path / "big.xlsx", progress)
    assert calls[0] < calls[1] < 1
