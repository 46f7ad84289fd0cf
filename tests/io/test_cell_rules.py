"""Each rule validation applies to one cell, at its limit and one past it: the message,
file, row and column (io/validate.py ``_clean``, ``_number``, ``_date``, ``_choice``,
``_ident``). The same rules over a whole bundled copy are in tests/bad_inputs."""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core import schema as S
from denocompare.io.checks import Collector
from denocompare.io.dates import date_message
from denocompare.io.validate import _Cells, _choice
from tests.io.validation_tables import BASE, frame_table, problems, run, with_cell, with_cells

OK = None  # the value loads with no problem at all

# (table, column, value, the one message, severity) -- the cell is in row 2.
CELL_CASES = [
    # empty required cells, and what counts as empty
    ("products", "inn", "", "this required cell is empty", "error"),
    ("products", "inn", "n/a", "this required cell is empty ('n/a' counts as empty)", "error"),
    ("products", "inn", " NR ", "this required cell is empty ('NR' counts as empty)", "error"),
    # the longest marker, "not reported", is still a marker
    ("products", "inn", "Not Reported", "this required cell is empty ('Not Reported' counts "
     "as empty)", "error"),
    ("products", "inn", "not reportedx", OK, None),
    ("products", "source_id", ";;", "this required cell is empty (';;' counts as empty)",
     "error"),
    ("products", "source_id", " ; ", "this required cell is empty (';' counts as empty)",
     "error"),
    ("products", "note", "n/a", OK, None),  # an optional cell may be empty
    # invisible characters: a warning, and removed
    ("products", "name_eu", "Or\u200big", "the cell contains control characters (invisible "
     "characters pasted from another program); they were removed", "warning"),
    ("products", "name_eu", "Or\x08ig", "the cell contains control characters (invisible "
     "characters pasted from another program); they were removed", "warning"),
    ("products", "name_eu", "Or\tig", OK, None),
    # length: at most S.MAX_CELL_CHARS
    ("products", "note", "x" * S.MAX_CELL_CHARS, OK, None),
    ("products", "note", "x" * (S.MAX_CELL_CHARS + 1), f"the cell has {S.MAX_CELL_CHARS + 1:,} "
     f"characters; at most {S.MAX_CELL_CHARS:,} are allowed. Shorten it, or put the full "
     "text in the source document", "error"),
    # numbers
    ("products", "strength_mg", "#N/A", "'#N/A' is an Excel error value: the formula that "
     "filled this cell failed. Type the number, or leave the cell empty", "error"),
    ("products", "strength_mg", "#div/0!", "'#div/0!' is an Excel error value: the formula "
     "that filled this cell failed. Type the number, or leave the cell empty", "error"),
    ("adverse_reactions", "product_events", "1,234", "'1,234' has a thousands separator; "
     "write 1234", "error"),
    ("products", "strength_mg", "1,234,567", "'1,234,567' has a thousands separator; write "
     "1234567", "error"),
    ("products", "strength_mg", "1,234", "'1,234' has a comma: write 1234 if it separates "
     "thousands, or 1.234 if it is a decimal comma", "error"),
    ("products", "strength_mg", "12,5", "'12,5' uses a decimal comma; write 12.5 (or save "
     "the CSV with ';' as the delimiter)", "error"),
    ("products", "strength_mg", "1.234,5", "'1.234,5' groups thousands with '.' or a space "
     "(European style); write 1234.5", "error"),
    ("products", "strength_mg", "1 234", "'1 234' groups thousands with '.' or a space "
     "(European style); write 1234", "error"),
    ("products", "strength_mg", "1.234.567", "'1.234.567' groups thousands with '.' or a "
     "space (European style); write 1234567", "error"),
    ("products", "strength_mg", "1.234", OK, None),  # a decimal point, read as such
    ("products", "strength_mg", "60%", "'60%' should be a plain number without '%'", "error"),
    ("products", "strength_mg", "60 mg", "'60 mg' should be a plain number without a unit or "
     "words (e.g. 60); put any comment in the note column", "error"),
    ("products", "strength_mg", "12,5 mg", "'12,5 mg' should be a plain number without a "
     "unit or words (e.g. 12.5); put any comment in the note column", "error"),
    ("products", "strength_mg", "sixty", "'sixty' is not a number", "error"),
    ("products", "strength_mg", "\u22125", "'−5' is below the smallest allowed value, 0",
     "error"),
    ("products", "strength_mg", "0", OK, None),
    ("products", "strength_mg", "-0.001", "'-0.001' is below the smallest allowed value, 0",
     "error"),
    ("studies", "n_randomised", "1", OK, None),
    ("studies", "n_randomised", "0", "'0' is below the smallest allowed value, 1", "error"),
    ("adverse_reactions", "product_pct", "100", OK, None),
    ("adverse_reactions", "product_pct", "100.01", "'100.01' is above the largest allowed "
     "value, 100", "error"),
    ("study_results", "ci_level", "99.99", OK, None),
    ("study_results", "ci_level", "100", "'100' is above the largest allowed value, 99.99",
     "error"),
    ("study_results", "ci_level", "50", OK, None),
    ("study_results", "ci_level", "49.9", "'49.9' is below the smallest allowed value, 50",
     "error"),
    ("adverse_reactions", "product_events", "2.5", "'2.5' should be a whole number (a count "
     "of patients)", "error"),
    ("adverse_reactions", "product_events", "5.0", OK, None),
    ("studies", "n_randomised", str(2**53 - 1), OK, None),
    ("studies", "n_randomised", str(2**53), f"'{2**53}' is too large for a "
     "count of patients", "error"),
    # dates
    ("sources", "date", "2025", OK, None),
    ("sources", "date", "17/11/2025", date_message("17/11/2025"), "error"),
    ("sources", "date", "2025-02-30", "'2025-02-30' is not a real date; check the month and "
     "day", "error"),
    # choices: case and runs of spaces forgiven; earlier spellings read
    ("products", "role", "Originator", OK, None),
    ("adverse_reactions", "frequency_band", "very  Common", OK, None),
    ("sources", "kind", "regulator label", OK, None),
    ("products", "role", "biosimiler", "'biosimiler' is not an allowed value (allowed: "
     "originator, biosimilar). Did you mean 'biosimilar'?", "error"),
    ("products", "role", "generic", "'generic' is not an allowed value (allowed: originator, "
     "biosimilar).", "error"),
    ("metadata", "key", "molecul", "'molecul' is not an allowed value (allowed: 12 values, "
     f"listed in {S.FORMAT_HELP}). Did you mean 'molecule'?", "error"),
    ("attributes", "attribute", "dsoe", f"'dsoe' is not an allowed value (allowed: "
     f"{S.ATTRIBUTES_TABLE.column('attribute').allowed_text}). Did you mean 'dose'?", "error"),
    ("products", "role", "y" * 61, f"'{'y' * 60}…' is not an allowed value (allowed: "
     "originator, biosimilar).", "error"),
    ("products", "role", "y" * 60, f"'{'y' * 60}' is not an allowed value (allowed: "
     "originator, biosimilar).", "error"),
    # ids
    ("sources", "source_id", "S1.a_b-2", OK, None),
    ("sources", "source_id", "S 1", "'S 1' is not a valid id (letters, digits, '_', '-', '.'; "
     "no spaces)", "error"),
    ("sources", "source_id", "_S1", "'_S1' is not a valid id (letters, digits, '_', '-', '.'; "
     "no spaces)", "error"),
]


def _case_id(case) -> str:
    # Plain ASCII: mutmut stores test ids and hands them back to pytest, and an escaped
    # character (\u200b) in an id no longer names the test.
    value = "".join(c if c.isalnum() or c in ".,-" else "_" for c in case[2][:20])
    return f"{case[0]}.{case[1]}={value}" if value.isascii() else f"{case[0]}.{case[1]}"


@pytest.mark.parametrize("table, column, value, message, severity", CELL_CASES,
                         ids=[_case_id(c) for c in CELL_CASES])
def test_each_cell_rule_names_its_file_row_and_column(table, column, value, message,
                                                      severity):
    found = problems(**{table: with_cell(table, 2, column, value)})
    if message is OK:
        assert found == []
    else:
        assert found == [(f"{table}.csv", message, 2, column, severity)]


@pytest.mark.parametrize("categorical", [False, True])
def test_the_rules_hold_for_a_large_tables_categorical_columns(categorical):
    text = with_cell("adverse_reactions", 3, "product_arm_n", "0")
    _ds, found = run({"adverse_reactions": text}, categorical=categorical)
    assert found == [("adverse_reactions.csv", "'0' is below the smallest allowed value, 1", 3,
                      "product_arm_n", "error")]


def test_a_problem_is_reported_at_every_row_that_holds_the_value():
    grid = BASE["products"] + "x1,X,,denosumab,abc,1,originator,,S1,\n" \
        + "x2,X,,denosumab,60,1,originator,,S1,\n" + "x3,X,,denosumab,abc,1,originator,,S1,\n"
    assert [(r, c) for _f, _m, r, c, _s in problems(products=grid)] == [
        (4, "strength_mg"), (6, "strength_mg")]


def test_an_empty_cell_in_a_large_table_reads_as_empty():
    # A categorical column marks a missing cell with code -1: read as the empty string.
    cells = _Cells.of(pd.Series(pd.Categorical(["a", None, "b"]), index=[2, 3, 4]))
    assert [cells.value(r) for r in (2, 3, 4)] == ["a", "", "b"]
    assert list(cells.rows([False, False, True])) == [3]
    assert list(cells.rows([True, False, False])) == [2]
    assert list(cells.rows([True, True, True, True])) == [2, 3, 4]
    assert list(cells.rows([False] * 3)) == []


def test_flagged_values_find_their_rows_however_many_values_are_flagged():
    values = ["a", "b", "c", "d", "e", "a", "e"]
    cells = _Cells.of(pd.Series(values, index=range(2, 9)))
    for flags, expected in (([1, 0, 0, 0, 0], [2, 7]), ([0, 1, 1, 0, 1], [3, 4, 6, 8]),
                            ([1, 1, 1, 1, 0], [2, 3, 4, 5, 7]), ([1, 1, 1, 1, 1], list(
                                range(2, 9)))):
        assert list(cells.rows([bool(f) for f in flags])) == expected


def test_values_are_typed_by_kind_and_empty_cells_are_missing():
    ds, found = run({"adverse_reactions": BASE["adverse_reactions"] +
                     "orig,EU,Rash,,,,1.5,,,S1\n"})
    assert found == [] and ds is not None
    ar = ds["adverse_reactions"]
    assert str(ar["product_events"].dtype) == "Int64" and ar["product_events"].tolist()[0] == 5
    assert str(ar["product_pct"].dtype) == "Float64"
    assert ar["product_pct"].tolist() == [50.0, 1.5]
    assert ar["frequency_band"].tolist()[0] == "common" and pd.isna(ar["frequency_band"][1])
    assert ar["product_arm_n"].isna().tolist() == [False, True]
    assert str(ar["reaction"].dtype) == "string"


def test_refused_and_cleaned_values_are_what_the_dataset_holds():
    text = with_cells("products", name_eu="Or\u200big", role="ORIGINATOR")
    ds, found = run({"products": text, "sources": with_cell("sources", 2, "kind",
                                                            "regulator label")})
    assert [m for _f, m, *_ in found] == ["the cell contains control characters (invisible "
                                          "characters pasted from another program); they "
                                          "were removed"]
    assert ds["products"]["name_eu"][0] == "Orig" and ds["products"]["role"][0] == "originator"
    assert ds["sources"]["kind"][0] == "regulator document or record"


def test_a_number_column_left_blank_is_all_missing():
    grid = BASE["products"].replace(",60,1,", ",,,")
    ds, found = run({"products": grid})
    assert found == [] and ds["products"]["strength_mg"].isna().all()
    assert str(ds["products"]["strength_mg"].dtype) == "Float64"


def test_a_semicolon_csv_reads_the_decimal_comma():
    text = BASE["products"].replace(",", ";").replace(";60;1;", ";12,5;1;", 1)
    ds, found = run({"products": text})
    assert found == [] and ds["products"]["strength_mg"].tolist() == [12.5, 60.0]


@pytest.mark.parametrize("n, shown", [(10, "a0, a1, a2, a3, a4, a5, a6, a7, a8, a9"),
                                      (11, f"11 values, listed in {S.FORMAT_HELP}")])
def test_up_to_ten_allowed_values_are_listed_more_are_counted(n, shown):
    col = S.Column("c", S.CHOICE, "", allowed=tuple(f"a{i}" for i in range(n)))
    out = Collector()
    cells = _Cells.of(pd.Series(["zzz"], index=[2]))
    _choice(cells, frame_table("t", ["c"], [["zzz"]]), col, out)
    assert [p.message for p in out.problems] == [
        f"'zzz' is not an allowed value (allowed: {shown})."]
