"""Cell typing at its edges (io/validate.py ``_Cells``, ``_clean``, ``_date`` and the
typed frame ``_type_table`` builds): what a cell reads as, and what a refused cell
leaves behind for the rules across rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from denocompare.core import schema as S
from denocompare.io.checks import Collector
from denocompare.io.validate import _Cells
from tests.io.validation_tables import BASE, problems, rows, run, text_of


def test_a_workbook_column_reads_a_missing_cell_as_empty_and_any_value_as_its_text():
    """A column that is not categorical is factorized: a missing cell (None or NaN)
    reads as the empty string, never as another row's value, and a value that is not
    text reads as its text."""
    cells = _Cells.of(pd.Series(["a", None, 60, "a"], index=[2, 3, 4, 5], dtype=object))
    assert cells.raw == ["a", "", "60"]
    assert [cells.value(r) for r in (2, 3, 4, 5)] == ["a", "", "60", "a"]
    numbers = _Cells.of(pd.Series([60.5, np.nan], index=[2, 3]))
    assert [numbers.raw_value(r) for r in (2, 3)] == ["60.5", ""]


def test_a_cell_of_the_longest_allowed_length_passes_beside_a_longer_one():
    """At most S.MAX_CELL_CHARS characters: a cell on the limit is not reported even
    when a cell one past it, in the same column, is."""
    grid = rows("products")
    grid[1][-1] = "x" * S.MAX_CELL_CHARS
    grid.append([*grid[2][:-1], "y" * (S.MAX_CELL_CHARS + 1)])
    grid[-1][0] = "bio2"
    assert problems(products=text_of(grid)) == [
        ("products.csv", f"the cell has {S.MAX_CELL_CHARS + 1:,} characters; at most "
         f"{S.MAX_CELL_CHARS:,} are allowed. Shorten it, or put the full text in the source "
         "document", 4, "note", "error")]


def test_a_refused_date_reads_as_empty_for_the_rules_past_the_listed_rows():
    """Only Collector.LIMIT refused dates are listed; the row past them is not dropped
    from the rules across columns, so its refused as_of must read as empty there:
    no 'takes no as_of date' for a dose row whose as_of was already refused."""
    grid = rows("attributes")
    head, dose = grid[0], grid[1]
    status = dict(zip(head, dose, strict=True)) | {"attribute": "eu_market_status",
                                                    "value": "marketed",
                                                    "date_kind": "", "as_of": "2025-13"}
    body = [[status[c] for c in head] for _ in range(Collector.LIMIT)]
    dose = [*dose]
    dose[head.index("as_of")] = "2025-13"
    found = problems(attributes=text_of([head, *body, dose]))
    last = Collector.LIMIT + 2  # the dose row, after the header and the status rows
    assert [(r, c) for _f, _m, r, c, _s in found] == [
        *((r, "as_of") for r in range(2, last)), (None, "as_of")]
    assert found[-1][1] == "... and 1 more rows with the same problem"


def test_a_text_column_left_blank_in_every_row_is_still_a_string_column():
    """Every text column of a loaded table is of dtype 'string' with <NA> for an empty
    cell, also when no row fills it (the bundled tables leave whole columns blank)."""
    ds, found = run({"products": BASE["products"]})
    assert found == [] and ds is not None
    note = ds["products"]["note"]
    assert str(note.dtype) == "string" and note.isna().all() and len(note) == 2
    assert str(ds["products"]["name_eu"].dtype) == "string"


def test_a_table_read_categorical_with_no_data_rows_loads_as_an_empty_table():
    """A table of a megabyte or more comes back from the CSV reader categorical; with
    its heading and nothing under it (blank lines only), its columns have no codes at
    all, and it loads as an empty table, as a small one does."""
    tables = {**BASE, "study_margins": BASE["study_margins"].splitlines()[0] + "\n"}
    ds, found = run(tables, categorical=True)
    assert found == []
    assert ds is not None and ds.tables["study_margins"].empty
    assert list(ds.tables["study_margins"].columns) == S.STUDY_MARGINS.column_names


def test_a_column_left_out_of_a_table_reads_as_empty_cells_for_the_rules():
    """frequency_band is optional: a table without the column reads it as empty in
    every row, so a row with no percentage in the product arm needs a band, and a row
    with one loads."""
    grid = rows("adverse_reactions")
    band = grid[0].index("frequency_band")
    grid = [r[:band] + r[band + 1:] for r in grid]
    grid.append(list(grid[1]))
    grid[2][grid[0].index("product_pct")] = ""
    grid[2][grid[0].index("reaction")] = "Rash"
    assert problems(adverse_reactions=text_of(grid)) == [
        ("adverse_reactions.csv", "the row needs a frequency band or a percentage in the "
         "product arm", 3, "frequency_band", "error")]
