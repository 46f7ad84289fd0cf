"""One mistake, one message: a misspelt column hides nothing else and causes no knock-on."""

from __future__ import annotations

import csv
import io

import pytest

from denocompare.core.errors import DataError
from denocompare.io.validate import load_dataset
from tests.helpers import edit_csv


def _set(folder, table, row, column, value):
    """Set one cell (``row`` counted as a spreadsheet counts: header = 1)."""
    def change(text):
        rows = list(csv.reader(io.StringIO(text)))
        rows[row - 1][rows[0].index(column)] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        return out.getvalue()
    edit_csv(folder, table, change)


def _problems(folder):
    with pytest.raises(DataError) as err:
        load_dataset(folder)
    return err.value.problems


def test_a_misspelt_required_column_is_said_once_and_the_rest_is_checked(data_copy):
    _set(data_copy, "study_results", 1, "study_id", "study_idd")
    _set(data_copy, "study_results", 7, "ci_low", "abc")
    problems = _problems(data_copy)
    missing = [p for p in problems if "'study_id' is missing" in p.message]
    assert len(missing) == 1 and "study_idd" in missing[0].message
    assert any(p.row == 7 and p.column == "ci_low" for p in problems)  # still checked
    assert len(problems) == 2, [str(p) for p in problems]


def test_a_missing_id_column_does_not_make_every_link_unknown(data_copy):
    _set(data_copy, "products", 1, "product_id", "produkt_id")
    problems = _problems(data_copy)
    assert len(problems) == 1, [str(p) for p in problems[:5]]


@pytest.mark.parametrize("table, column, value", [
    ("adverse_reactions", "frequency_band", "commn"),
    ("attributes", "attribute", "eu_authorisaton_date"),
])
def test_one_bad_cell_gives_one_message(data_copy, table, column, value):
    _set(data_copy, table, 6, column, value)
    problems = _problems(data_copy)
    assert [(p.row, p.column) for p in problems] == [(6, column)], [str(p) for p in problems]
