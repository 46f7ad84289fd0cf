"""A dataset's own attributes (``attribute_labels``): the core keeps only general ones,
a dataset declares the rest; an older dataset without the table loads unchanged."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from denocompare.core import attributes as A
from denocompare.core import compare as C
from denocompare.core import schema as S
from denocompare.core.errors import DataError
from denocompare.core.schema_docs import markdown
from denocompare.core.view import View
from denocompare.io.attribute_labels import EARLIER_NAMES
from denocompare.io.validate import load_dataset
from denocompare.output.dataset_copy import write_dataset_copy
from denocompare.output.writers import write_dataset_workbook
from denocompare.resources import bundled_data_dir
from tests.helpers import DATA

DENOSUMAB_OWN = ("supplementation", "warning_hypocalcaemia", "warning_osteonecrosis_jaw",
                 "warning_vertebral_fractures_after_stopping")
HEADER = "attribute,label,kind,compared,note\n"


def _tables(t: C.CellTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    return t.values, t.states


def _view(_ds=None) -> View:
    return View("prolia", ("xgeva", "obodence", "kefdensis", "jubbonti"))


def test_the_core_holds_none_of_one_molecules_attributes():
    assert not set(DENOSUMAB_OWN) & set(S.ATTRIBUTES)
    assert not set(DENOSUMAB_OWN) & A.COMPARABLE
    assert set(EARLIER_NAMES) == set(DENOSUMAB_OWN)


def test_each_bundled_dataset_declares_its_own_attributes(bundled):
    own = bundled["attribute_labels"]
    assert tuple(own["attribute"]) == DENOSUMAB_OWN
    assert set(DENOSUMAB_OWN) <= A.comparable(bundled)
    names = list(A.labels(bundled))
    # Shown where they were before, after the core's safety attributes.
    assert names[names.index(S.DECLARED_AFTER) + 1:][:4] == list(DENOSUMAB_OWN)
    ust = load_dataset(bundled_data_dir("ustekinumab"))
    assert ust["attribute_labels"].empty
    assert set(ust["attributes"]["attribute"]) <= set(S.ATTRIBUTES)


def test_a_declared_attribute_is_compared_only_when_it_says_so(data_copy):
    (data_copy / "attribute_labels.csv").write_text(
        HEADER + "supplementation,Supplements,text,no,\n"
        "warning_osteonecrosis_jaw,Warning: ONJ,text,yes,\n"
        "warning_vertebral_fractures_after_stopping,Warning: fractures after stopping,text,"
        "yes,\nwarning_hypocalcaemia,Warning: low calcium,text,yes,\n", encoding="utf-8")
    ds = load_dataset(data_copy)
    rows = [r for r in C.attribute_table(ds, _view(ds)).values.index]
    assert "Supplements (US)" in rows and "Warning: ONJ (EU)" in rows
    bundled = C.attribute_table(load_dataset(DATA), _view(ds))
    now = C.attribute_table(ds, _view(ds))
    before = bundled.states.loc["Calcium / vitamin D supplementation (US)"]
    assert C.DIFFERS in set(before)  # the bundled data has a difference here
    after = now.states.loc["Supplements (US)"]
    assert C.DIFFERS not in set(after)
    assert list(after[before != C.DIFFERS]) == list(before[before != C.DIFFERS])


def test_an_older_dataset_without_the_table_loads_and_compares_unchanged(data_copy):
    (data_copy / "attribute_labels.csv").unlink()
    old = load_dataset(data_copy)
    now = load_dataset(DATA)
    assert not [w for w in old.warnings if "attribute" in w.message]
    for a, b in zip(_tables(C.attribute_table(old, _view(now))),
                    _tables(C.attribute_table(now, _view(now))), strict=True):
        pd.testing.assert_frame_equal(a, b)
    # It declares the earlier names it uses, so that a copy of it holds the table.
    used = set(old["attributes"]["attribute"])
    assert set(old["attribute_labels"]["attribute"]) == set(DENOSUMAB_OWN) & used


def test_an_older_workbook_loads_unchanged_and_its_copy_is_migrated(bundled, tmp_path):
    book = write_dataset_workbook(bundled, tmp_path / "old.xlsx")
    wb = load_workbook(book)
    del wb["attribute_labels"]
    wb.save(book)
    old = load_dataset(book)
    for a, b in zip(_tables(C.attribute_table(old, _view(bundled))),
                    _tables(C.attribute_table(bundled, _view(bundled))), strict=True):
        pd.testing.assert_frame_equal(a, b)
    copy = write_dataset_copy(old, tmp_path / "migrated")
    declared = pd.read_csv(copy / "attribute_labels.csv", dtype=str)
    assert set(declared["attribute"]) <= set(DENOSUMAB_OWN)
    assert "supplementation" in set(declared["attribute"])
    assert load_dataset(copy)["attribute_labels"]["label"].notna().all()


def _problems(folder) -> list:
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    return info.value.problems


def test_an_attribute_neither_core_nor_declared_is_an_error_at_its_cell(data_copy):
    path = data_copy / "attributes.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[4, "attribute"] = "warning_infections"
    frame.to_csv(path, index=False)
    found = [p for p in _problems(data_copy) if p.column == "attribute"]
    assert [(p.file, p.row) for p in found] == [("attributes.csv", 6)]
    assert "'warning_infections'" in found[0].message
    assert "declared in attribute_labels" in found[0].message


def test_with_the_table_an_earlier_name_must_be_declared(data_copy):
    path = data_copy / "attribute_labels.csv"
    path.write_text("".join(line for line in path.read_text(encoding="utf-8")
                            .splitlines(keepends=True) if "supplementation" not in line),
                    encoding="utf-8")
    found = [p for p in _problems(data_copy) if p.column == "attribute"]
    assert found and all(p.file == "attributes.csv" for p in found)
    assert all("'supplementation'" in p.message for p in found)


_BAD_LABELS = [
    # (row text, column, words in the message)
    ("company,Company,text,yes,", "attribute", "is a core attribute"),
    ("warning_x,Dose,text,yes,", "label", "already that of dose"),
    ("warning_x,Warning: hypocalcaemia,text,yes,", "label",
     "already that of warning_hypocalcaemia"),
    ("warning_x,Warning x,number,yes,", "kind", "not an allowed value"),
    ("warning_x,Warning x,text,,", "compared", "required cell is empty"),
    ("warning_x,,text,yes,", "label", "required cell is empty"),
    ("warning x,Warning x,text,yes,", "attribute", "not a valid id"),
    ("supplementation,Again,text,yes,", "attribute", "duplicate"),
]


@pytest.mark.parametrize(("line", "column", "words"), _BAD_LABELS)
def test_bad_declarations_are_reported_at_their_row(data_copy, line, column, words):
    path = data_copy / "attribute_labels.csv"
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    found = [p for p in _problems(data_copy) if p.column == column and words in p.message]
    assert found, words
    assert found[0].file == "attribute_labels.csv" and found[0].row == 6


def _add_attribute_row(folder, **cells) -> int:
    path = folder / "attributes.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    row = dict.fromkeys(frame.columns, "")
    row.update(product_id="jubbonti", region="EU", preferred="no", source_id="S30", **cells)
    pd.concat([frame, pd.DataFrame([row])], ignore_index=True).to_csv(path, index=False)
    return len(frame) + 2


def test_a_declared_date_is_checked_as_a_date(data_copy):
    path = data_copy / "attribute_labels.csv"
    path.write_text(path.read_text(encoding="utf-8") + "renewal_date,Renewal,date,no,\n",
                    encoding="utf-8")
    row = _add_attribute_row(data_copy, attribute="renewal_date", value="July 2030")
    found = [p for p in _problems(data_copy) if p.row == row]
    assert [p.column for p in found] == ["value"]
    assert "is not a date for renewal_date" in found[0].message


def test_a_declared_date_takes_no_date_kind(data_copy):
    path = data_copy / "attribute_labels.csv"
    path.write_text(path.read_text(encoding="utf-8") + "renewal_date,Renewal,date,no,\n",
                    encoding="utf-8")
    row = _add_attribute_row(data_copy, attribute="renewal_date", value="2030-07",
                             date_kind="announcement")
    found = [p for p in _problems(data_copy) if p.row == row]
    assert [p.column for p in found] == ["date_kind"]
    assert "the dataset's own date" in found[0].message


def test_a_declared_attribute_is_shown_with_its_label(data_copy):
    path = data_copy / "attribute_labels.csv"
    path.write_text(path.read_text(encoding="utf-8") + "renewal_date,Renewal,date,no,\n",
                    encoding="utf-8")
    _add_attribute_row(data_copy, attribute="renewal_date", value="2030-07")
    ds = load_dataset(data_copy)
    t = C.attribute_table(ds, View("prolia", ("jubbonti",)))
    assert t.values.loc["Renewal (EU)", "Jubbonti"] == "2030-07"
    names = list(A.labels(ds))  # after the core safety ones, in the table's order
    assert names.index("renewal_date") == names.index(S.DECLARED_AFTER) + 5


def test_the_format_documents_the_table():
    text = markdown()
    assert "## `attribute_labels` (attribute_labels.csv)" in text
    assert "| `compared` | yes |" in text
    assert "earlier versions knew are still read" in text



def test_a_change_of_a_declared_attribute_is_named_by_its_label(bundled, data_copy):
    from denocompare.core.dataset_diff import diff_datasets

    path = data_copy / "attributes.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "calcium 1000 mg daily", "calcium 1200 mg daily"), encoding="utf-8")
    diff = diff_datasets(bundled, load_dataset(data_copy))
    assert list(diff["item"]) == ["US / Calcium / vitamin D supplementation"]
