"""The optional columns of format 2026.12 (date kind, status date, structured values):
a dataset without them opens and compares as before; bad values in them are reported
with file, row, column and a message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from denocompare.core import compare as C
from denocompare.core.errors import DataError
from denocompare.core.view import View
from denocompare.io.validate import load_dataset

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


def test_a_dataset_without_the_new_columns_opens_and_compares_text_as_before():
    ds = load_dataset(MINI)
    assert "value_number" not in pd.read_csv(MINI / "attributes.csv").columns
    assert not [w for w in ds.warnings if "value_" in w.message or "date_kind" in w.message]
    t = C.attribute_table(ds, View("prolia", ("kefdensis",)))
    # No structured values: the wording is compared, as in 2026.11.
    assert t.states.loc["Dosing interval (EU)", "Kefdensis"] == C.DIFFERS


def test_source_kinds_of_the_earlier_format_are_still_read(tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(MINI, folder)
    path = folder / "sources.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "peer-reviewed publication", "regulator label"), encoding="utf-8")
    ds = load_dataset(folder)
    assert set(ds["sources"]["kind"]) <= {"secondary copy", "regulator document or record",
                                          "peer-reviewed", "trial registry",
                                          "company release", "low quality"}
    assert "regulator document or record" in set(ds["sources"]["kind"])


_BAD_ROWS = [
    # (attribute, value, column: value, expected column, words in the message)
    ("eu_authorisation_date", "2025-02-18", {"date_kind": "FDA approval"}, "date_kind",
     "not a kind of date eu_authorisation_date"),
    ("company", "Sandoz", {"date_kind": "announcement"}, "date_kind", "neither"),
    ("dose", "60 mg", {"as_of": "2025-10-29"}, "as_of", "takes no as_of"),
    ("dose", "60 mg", {"value_number": "60", "value_unit": "weeks"}, "value_unit",
     "'weeks' is not a unit of dose"),
    ("dose", "60 mg", {"value_number": "60"}, "value_unit", "needs its unit"),
    ("dose", "60 mg", {"value_number": "120", "value_unit": "mg"}, "value_number",
     "does not appear in the wording"),
    ("presentation", "60 mg syringe", {"value_code": "syringe"}, "value_code",
     "not a value_code of presentation"),
    ("company", "Sandoz", {"value_code": "x"}, "value_number", "takes no structured value"),
    ("us_status", "approved", {}, "value", "not allowed for us_status"),
    ("eu_authorisation_date", "2025-02-18", {"date_kind": "soon"}, "date_kind",
     "not an allowed value"),
]


@pytest.mark.parametrize(("attribute", "value", "extra", "column", "words"), _BAD_ROWS)
def test_bad_values_in_the_new_columns_are_reported(data_copy, attribute, value, extra,
                                                    column, words):
    path = data_copy / "attributes.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = dict.fromkeys(frame.columns, "")
    row.update(product_id="jubbonti", region="EU", attribute=attribute, value=value,
               preferred="no", source_id="S30", **extra)
    frame = pd.concat([frame, pd.DataFrame([row])], ignore_index=True)
    frame.to_csv(path, index=False)
    with pytest.raises(DataError) as info:
        load_dataset(data_copy)
    found = [p for p in info.value.problems if p.column == column and words in p.message]
    assert found, [str(p) for p in info.value.problems]
    assert found[0].file.startswith("attributes") and found[0].row == len(frame) + 1
