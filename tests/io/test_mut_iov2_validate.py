"""Rules of io/validate.py at their limits that no faster test stated: a byte-order mark
before a heading, how alike a heading must be to count as a misspelling, the ignored
columns past a blank one and the line that counts the rest, a table stopped by its
headings, what a loaded dataset carries (origin, version, the schema's columns only), the
name a refused load gives, and how ``load_dataset`` splits its progress."""

from __future__ import annotations

import pytest

from denocompare.core import schema as S
from denocompare.core.errors import DataError
from denocompare.io.raw import RawDataset
from denocompare.io.readers import read_raw
from denocompare.io.validate import load_dataset, validate
from tests.io.test_heading_rules import renamed, with_column
from tests.io.validation_tables import BASE, frame_table, problems, raw_table, rows, run, text_of

PRODUCTS = rows("products")
IGNORED = "this column is not part of the table; it was ignored"


def test_a_byte_order_mark_is_dropped_from_the_start_of_a_heading_only():
    """A workbook heading may begin with an invisible byte-order mark: it is the same
    heading. Nothing else is stripped from its start: 'Xnote' is not 'note'."""
    header = ["\ufeffproduct_id", *PRODUCTS[0][1:]]
    ds, found = run({"products": frame_table("products", header, PRODUCTS[1:])})
    assert found == [] and ds["products"]["product_id"].tolist() == ["orig", "bio"]
    found = problems(products=renamed("note", "Xnote"))
    assert found == [("products.csv", "the column 'note' is missing; found 'Xnote' — is it "
                      "misspelt? Rename the heading to 'note' so that its values are read", 1,
                      "note", "error")]


@pytest.mark.parametrize("heading, lookalike", [("innxx", True), ("innxxx", False)],
                         ids=["three-quarters-alike", "less"])
def test_a_heading_three_quarters_alike_is_named_as_the_misspelt_column(heading, lookalike):
    """'innxx' is 0.75 alike to 'inn' (2 x 3 letters shared / 8 letters): named as the
    misspelling, and not also reported as ignored. 'innxxx' (6 / 9) is only ignored."""
    found = problems(products=renamed("inn", heading))
    if lookalike:
        assert found == [("products.csv", f"the required column 'inn' is missing; found "
                          f"'{heading}' — is it misspelt?", 1, "inn", "error")]
    else:
        assert found == [("products.csv", "the required column 'inn' is missing", 1, "inn",
                          "error"),
                         ("products.csv", IGNORED, 1, heading, "warning")]


def test_a_blank_column_does_not_hide_the_ignored_columns_after_it():
    grid = rows("products")
    for row, extra in zip(grid, ["my notes", "a", ""], strict=True):
        row.extend(["", extra])  # a column with no heading and no value, then one kept
    ds, found = run({"products": text_of(grid)})
    assert ds is not None and found == [("products.csv", IGNORED, 1, "my notes", "warning")]


def test_the_count_of_further_ignored_columns_is_a_warning_on_the_heading_row():
    grid = rows("products")
    for i in range(6):
        for row, value in zip(grid, [f"extra{i}", "x", "y"], strict=True):
            row.append(value)
    ds, found = run({"products": text_of(grid)})
    assert ds is not None, found  # warnings only: the dataset loads
    assert found[-1] == ("products.csv", "... and 1 more columns that are not part of the "
                         "table were ignored", 1, None, "warning")
    assert len(found) == 6


def test_a_table_stopped_by_its_headings_does_not_stop_the_tables_after_it():
    """A column twice stops products; adverse_reactions, checked later, is still checked."""
    twice = with_column("Role", ["originator", "biosimilar"])
    bad_band = BASE["adverse_reactions"].replace(",common,", ",commn,")
    found = problems(products=twice, adverse_reactions=bad_band)
    assert ("products.csv", 1, "role") in [(f, r, c) for f, _m, r, c, _s in found]
    assert ("adverse_reactions.csv", 2, "frequency_band") in [
        (f, r, c) for f, _m, r, c, _s in found]


def test_a_loaded_dataset_keeps_its_origin_version_and_only_the_schema_columns():
    ds, found = run({"metadata": BASE["metadata"], "products": BASE["products"]})
    assert found == []
    assert ds.origin == "set.csv"
    assert ds.label == "Test set 1"  # name and version from the metadata table
    assert list(ds["products"].columns) == S.PRODUCTS.column_names
    assert ds["products"].index.tolist() == [0, 1]


def test_a_refused_load_is_named_by_its_folder_not_the_whole_path():
    bad = BASE["products"].replace(",60,", ",6O,", 1)
    raw = RawDataset("/home/pharmacist/my data", {"products": raw_table("products", bad)})
    with pytest.raises(DataError) as err:
        validate(raw)
    assert err.value.source == "my data"


def test_loading_reports_reading_from_0_to_0_7_then_checking_from_0_7_to_1(tmp_path):
    """load_dataset's progress is the reader's scaled into 0-0.7, then validation's into
    0.7-1 (two tables only: the load is refused, but every step was reported first)."""
    for name in ("metadata", "products"):
        (tmp_path / f"{name}.csv").write_text(BASE[name], encoding="utf-8")
    seen: list[tuple[float, str]] = []
    with pytest.raises(DataError):
        load_dataset(tmp_path, lambda f, m: seen.append((f, m)))
    reading: list[tuple[float, str]] = []
    raw = read_raw(tmp_path, lambda f, m: reading.append((f, m)))
    checking: list[tuple[float, str]] = []
    with pytest.raises(DataError):
        validate(raw, lambda f, m: checking.append((f, m)))
    assert reading[0][0] == 0.0 and reading[-1][0] == 1.0
    assert len(checking) > len(S.TABLES)  # a step per table and per column
    expected = [(0.7 * f, m) for f, m in reading] + [(0.7 + 0.3 * f, m) for f, m in checking]
    assert [m for _f, m in seen] == [m for _f, m in expected]
    assert [f for f, _m in seen] == pytest.approx([f for f, _m in expected])
