"""The EMA medicines data: the workbook with its title block, and the JSON."""

from __future__ import annotations

import json

import pytest

from denocompare.core.errors import DataError
from denocompare.core.regulator_file import EMA_JSON, EMA_XLSX
from denocompare.io.regulators import read_regulator_file
from tests.regulator_files import EMA_HEADER, ema_rows, write_ema_json, write_ema_xlsx


@pytest.fixture(scope="module")
def rows(bundled):
    return ema_rows(bundled)


def test_workbook_with_title_block_and_broken_headings(tmp_path, rows):
    f = read_regulator_file(write_ema_xlsx(tmp_path / "medicines-output-medicines-report_en.xlsx",
                                           rows))
    assert f.layout == EMA_XLSX and f.region == "EU"
    rec = f.records.set_index("brand")
    assert len(rec) == len(rows)
    assert rec.loc["Prolia", "approval_date"] == "2010-05-26"  # attributes.csv, EC decision
    assert rec.loc["Xgeva", "number"] == "EMEA/H/C/002173"
    assert rec.loc["Prolia", "proper_name"] == "denosumab"
    assert f.records["row"].min() == 10  # the header is row 9
    assert f.as_of == "2026-11-30" and "title block" in f.as_of_basis
    assert not f.warnings


def test_json_reads_the_same_records(tmp_path, rows):
    x = read_regulator_file(write_ema_xlsx(tmp_path / "a.xlsx", rows)).records
    j = read_regulator_file(write_ema_json(tmp_path / "a.json", rows))
    assert j.layout == EMA_JSON and j.as_of == "2026-11-30" and "meta" in j.as_of_basis
    assert x.drop(columns="row").equals(j.records.drop(columns="row"))


def test_json_as_of_falls_back_to_its_last_updated_dates(tmp_path, rows):
    f = read_regulator_file(write_ema_json(tmp_path / "a.json", rows, meta={}))
    assert f.as_of == "2026-11-28" and "Last updated" in f.as_of_basis


def test_the_file_name_does_not_decide(tmp_path, rows):
    path = write_ema_json(tmp_path / "looks-like.xlsx", rows)
    assert read_regulator_file(path).layout == EMA_JSON


def test_unknown_columns_are_ignored_with_a_warning(tmp_path, rows):
    header = [*EMA_HEADER, "Shoe size"]
    f = read_regulator_file(write_ema_xlsx(tmp_path / "a.xlsx",
                                           [dict(r, **{"Shoe size": "9"}) for r in rows], header))
    assert [w.column for w in f.warnings] == ["Shoe size"]


def test_a_missing_column_says_what_was_expected(tmp_path, rows):
    header = [h for h in EMA_HEADER if h != "EMA product number"]
    with pytest.raises(DataError, match="expected a column 'Ema product number'"):
        read_regulator_file(write_ema_xlsx(tmp_path / "a.xlsx", rows, header))


def test_no_header_row(tmp_path, rows):
    header = ["Medicine" if h == "Name of\nmedicine" else h for h in EMA_HEADER]
    with pytest.raises(DataError, match="header row naming 'Name of medicine'"):
        read_regulator_file(write_ema_xlsx(tmp_path / "a.xlsx", rows, header))


def test_truncated_downloads(tmp_path, rows):
    j = write_ema_json(tmp_path / "a.json", rows)
    j.write_bytes(j.read_bytes()[:-300])
    with pytest.raises(DataError, match="cut short"):
        read_regulator_file(j)
    x = write_ema_xlsx(tmp_path / "a.xlsx", rows)
    x.write_bytes(x.read_bytes()[:-500])
    with pytest.raises(DataError, match="cut short|damaged"):
        read_regulator_file(x)


def test_json_of_another_shape(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"results": []}))
    with pytest.raises(DataError, match="'data' list.*found an object with keys results"):
        read_regulator_file(path)
    path.write_text("{not json at all, really}" + " " * 50)
    with pytest.raises(DataError, match="not valid JSON"):
        read_regulator_file(path)
