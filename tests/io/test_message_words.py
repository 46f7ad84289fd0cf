"""Messages a pharmacist can act on: where to read the format, warnings counted apart
from the problems that stopped a load, and a misspelt heading worded for a failed load."""

from __future__ import annotations

import pytest

from denocompare.core.errors import DataError, Problem, counted
from denocompare.io.validate import load_dataset
from tests.helpers import edit_csv


def _problems(folder) -> DataError:
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    return info.value


def test_an_undeclared_attribute_points_to_the_help_not_a_repository_file(data_copy):
    edit_csv(data_copy, "attributes", lambda s: s.replace(",company,", ",compnay,", 1))
    text = _problems(data_copy).report()
    assert "'compnay' is not an allowed value" in text
    assert "Help > Data format (F1)" in text and "denocompare schema" in text
    assert "README" not in text


def test_a_misspelt_optional_heading_is_worded_for_a_load_that_failed(data_copy):
    edit_csv(data_copy, "products", lambda s: s.replace("reference_product_id",
                                                        "refrence_product_id", 1))
    text = _problems(data_copy).report()
    assert "found 'refrence_product_id' — is it misspelt?" in text
    assert "Rename the heading to 'reference_product_id' so that its values are read" in text
    assert "would be ignored" not in text


def test_warnings_are_counted_apart_and_listed_after_the_problems():
    warn = Problem("a.xlsx", "this sheet is not a table DenoCompare knows", severity="warning")
    errs = [Problem("a.xlsx", "bad one"), Problem("a.xlsx", "bad two")]
    lines = DataError("a.xlsx", [warn, errs[0], warn, errs[1]]).report().splitlines()
    assert lines[0] == "a.xlsx: 2 problems and 2 warnings found; nothing was loaded."
    assert [x.endswith("bad one") for x in lines[1:]] == [True, False, False, False]
    assert lines[2].endswith("bad two") and all("warning:" in x for x in lines[3:])
    assert counted(1) == "1 problem" and counted(1, 1) == "1 problem and 1 warning"
