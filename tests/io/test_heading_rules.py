"""The rules on a table's headings (io/validate.py ``_check_columns``, ``_report_ignored``,
``_explain_header``), and what validation does once per table: the key, the rules across
columns skipped for a row already refused, progress, the tables a dataset lacks."""

from __future__ import annotations

import pytest

from denocompare.core import schema as S
from denocompare.core.errors import DataError
from denocompare.io.raw import RawDataset
from denocompare.io.validate import load_dataset, validate
from tests.io.validation_tables import BASE, frame_table, problems, raw_table, rows, run, text_of

PRODUCTS = rows("products")


def renamed(old: str, new: str, table: str = "products") -> str:
    grid = rows(table)
    grid[0][grid[0].index(old)] = new
    return text_of(grid)


def with_column(heading: str, values: list[str], table: str = "products") -> str:
    grid = rows(table)
    for row, value in zip(grid, [heading, *values], strict=True):
        row.append(value)
    return text_of(grid)


def test_headings_forgive_case_spaces_and_hyphens():
    grid = rows("products")
    grid[0] = [" Product ID", "NAME-EU", *grid[0][2:]]
    ds, found = run({"products": text_of(grid)})
    assert found == [] and ds["products"]["product_id"].tolist() == ["orig", "bio"]


def test_a_column_that_appears_twice_is_named_with_both_letters_and_stops_the_table():
    text = with_column("Role", ["originator", "biosimilar"])
    text = text.replace(",60,1,", ",x,1,")  # not reported: the table is not read further
    assert problems(products=text) == [
        ("products.csv", "the column 'role' appears twice (columns G and K); delete one of "
         "them", 1, "role", "error")]


@pytest.mark.parametrize("heading, hint", [
    ("inns", "; found 'inns' — is it misspelt?"),
    ("substance", ""),
], ids=["lookalike", "none"])
def test_a_missing_required_column_is_said_once_with_the_nearest_heading(heading, hint):
    found = problems(products=renamed("inn", heading))
    expected = [("products.csv", f"the required column 'inn' is missing{hint}", 1, "inn",
                 "error")]
    if not hint:
        expected.append(("products.csv", "this column is not part of the table; it was "
                         "ignored", 1, "substance", "warning"))
    assert found == expected


def test_a_misspelt_optional_column_is_an_error_not_silence():
    assert problems(products=renamed("reference_product_id", "refrence_product_id")) == [
        ("products.csv", "the column 'reference_product_id' is missing; found "
         "'refrence_product_id' — is it misspelt? Rename the heading to "
         "'reference_product_id' so that its values are read", 1, "reference_product_id",
         "error")]


def test_a_missing_optional_column_with_no_lookalike_is_simply_empty():
    grid = [r[:-1] for r in rows("products")]  # no 'note' column
    ds, found = run({"products": text_of(grid)})
    assert found == [] and ds["products"]["note"].isna().all()


def test_a_missing_column_is_not_checked_cell_by_cell_nor_across_columns():
    # inn is missing: no "required cell is empty" per row, no rule across columns.
    text = renamed("inn", "substance").replace("bio,Bio,", "bio,,")
    assert [(m[:29], c) for _f, m, _r, c, _s in problems(products=text)] == [
        ("the required column 'inn' is ", "inn"), ("this column is not part of th", "substance")]
    assert [c for *_x, c, _s in problems(products=BASE["products"].replace("bio,Bio,", "bio,,"))
            ] == ["name_eu"]


def test_without_its_key_column_a_table_has_no_duplicate_check():
    text = renamed("product_id", "prodid") + "orig,X,,denosumab,60,1,originator,,S1,\n"
    assert [c for *_x, c, _s in problems(products=text)] == ["product_id"]


def test_an_ignored_column_is_a_warning_and_a_blank_one_is_nothing():
    text = with_column("my notes", ["a", ""])
    assert problems(products=text) == [("products.csv", "this column is not part of the "
                                        "table; it was ignored", 1, "my notes", "warning")]
    assert problems(products=with_column("", ["", " "])) == []
    assert problems(products=with_column("", ["", "kept?"])) == [
        ("products.csv", "column K has values but no heading; it was ignored", 1,
         "(no heading, column K)", "warning")]


@pytest.mark.parametrize("extra, more", [(5, None), (6, 1), (7, 2)])
def test_five_ignored_columns_are_named_the_rest_counted(extra, more):
    grid = rows("products")
    for i in range(extra):
        for row, value in zip(grid, [f"extra{i}", "x", "y"], strict=True):
            row.append(value)
    text = text_of(grid)
    found = problems(products=text)
    named = [c for _f, m, _r, c, _s in found if m.startswith("this column")]
    assert named == [f"extra{i}" for i in range(5)]
    tail = [m for _f, m, *_ in found if m.startswith("...")]
    assert tail == ([f"... and {more} more columns that are not part of the table were "
                     "ignored"] if more else [])


def test_a_long_heading_is_echoed_cut_to_sixty_characters():
    found = problems(products=with_column("h" * 61, ["", ""]))
    assert [c for *_x, c, _s in found] == ["h" * 60 + "…"]
    assert [c for *_x, c, _s in problems(products=with_column("h" * 60, ["", ""]))] == [
        "h" * 60]


def test_a_whole_line_in_one_cell_is_explained():
    tab = frame_table("products", [",".join(PRODUCTS[0])], [[",".join(PRODUCTS[1])]])
    assert problems_of(tab) == [
        ("products.csv", "each row is held in a single cell (the whole line is one heading). "
         "The file was probably pasted into one column; in Excel use Data > Text to Columns, "
         "or open the CSV file directly, then save it again", 1, None, "error")]


@pytest.mark.parametrize("heading", ["Products", "a,b"])
def test_one_heading_is_a_pasted_line_only_with_a_delimiter_in_it(heading):
    found = problems_of(frame_table("products", [heading], [["x"]]))
    pasted = [m for _f, m, *_ in found if m.startswith("each row is held in a single cell")]
    assert len(pasted) == (heading == "a,b")


def test_several_headings_are_no_pasted_line_even_with_a_comma_in_the_first():
    tab = frame_table("products", ["a,b", "c"], [["x", "y"]])
    assert not any(m.startswith("each row") for _f, m, *_ in problems_of(tab))


@pytest.mark.parametrize("heading_row, told", [(6, True), (7, False)])
def test_headings_found_lower_down_are_pointed_to_within_the_first_five_rows(heading_row,
                                                                            told):
    width = len(PRODUCTS[0])
    body = [["Table 1"] + [""] * (width - 1)] * (heading_row - 2) + PRODUCTS
    tab = frame_table("products", ["Products"] + [""] * (width - 1), body)
    found = problems_of(tab)
    message = (f"the column headings must be in row 1; they seem to be in row {heading_row}. "
               "Delete the rows above them")
    assert (found == [("products.csv", message, 1, None, "error")]) is told
    if not told:
        assert any("the required column 'product_id' is missing" in m for _f, m, *_ in found)


@pytest.mark.parametrize("known, told", [(2, True), (1, False)])
def test_two_known_headings_in_a_row_make_it_the_heading_row(known, told):
    width = len(PRODUCTS[0])
    headings = PRODUCTS[0][:known] + ["?"] * (width - known)
    tab = frame_table("products", ["Products"] + [""] * (width - 1), [headings])
    assert any("seem to be in row 2" in m for _f, m, *_ in problems_of(tab)) is told


def problems_of(tab) -> list[tuple]:
    return run({"products": tab})[1]


# --- once per table ------------------------------------------------------------------------
def test_a_duplicate_key_names_the_first_row():
    text = BASE["products"] + "orig,X,,denosumab,60,1,originator,,S1,\n"
    assert problems(products=text) == [
        ("products.csv", "duplicate product_id 'orig' (already used in row 2)", 4,
         "product_id", "error")]


def test_a_row_already_refused_gets_no_knock_on_from_the_rules_across_columns():
    text = BASE["adverse_reactions"].replace(",common,5,10,50,", ",commn,5,10,,")
    found = problems(adverse_reactions=text)
    assert [(m[:13], r, c) for _f, m, r, c, _s in found] == [
        ("'commn' is no", 2, "frequency_band")]
    # the same rule on another row is still told
    text += "orig,EU,Rash,,,,,,,S1\n"
    assert [(r, c) for _f, _m, r, c, _s in problems(adverse_reactions=text)] == [
        (2, "frequency_band"), (3, "frequency_band")]


def test_a_warning_does_not_hide_the_rules_across_columns_of_its_row():
    text = BASE["products"].replace("bio,Bio,", "bio,B\u200bio,").replace(",orig,S1", ",,S1")
    found = problems(products=text)
    assert sorted((r, c, s) for _f, _m, r, c, s in found) == [
        (3, "name_eu", "warning"), (3, "reference_product_id", "error")]


def test_progress_runs_from_0_to_1_table_by_table():
    seen: list[tuple[float, str]] = []
    data = RawDataset("set.csv", {t: raw_table(t, BASE[t]) for t in ("metadata", "products")})
    validate(data, lambda f, m: seen.append((f, m)))
    fractions = [f for f, _m in seen]
    assert fractions == sorted(fractions) and seen[-1] == (1.0, "Checked")
    assert 0.0 <= fractions[0] and all(0 <= f <= 1 for f in fractions)
    index = {t.name: i for i, t in enumerate(S.TABLES)}
    n = len(S.TABLES)
    for name in ("metadata", "products"):
        mine = [f for f, m in seen if m == f"Checking {name}"]
        lo, hi = index[name] / n, (index[name] + 1) / n
        assert mine[0] == pytest.approx(lo)
        assert all(lo - 1e-9 <= f <= hi + 1e-9 for f in mine)
        assert len(mine) > 2  # a step per column


def test_a_table_the_dataset_lacks_is_empty_with_its_columns():
    ds, found = run({"products": BASE["products"]})
    assert found == []
    for table in S.TABLES:
        frame = ds[table.name]
        if table.name != "products" and table.name != S.ATTRIBUTE_LABELS.name:
            assert len(frame) == 0 and list(frame.columns) == table.column_names
            assert all(str(t) == "string" for t in frame.dtypes), table.name
    assert ds["products"].index.tolist() == [0, 1]


def test_loading_a_folder_reads_then_validates_with_progress_in_two_parts(tmp_path):
    for name, text in BASE.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
    seen: list[tuple[float, str]] = []
    ds = load_dataset(tmp_path, lambda f, m: seen.append((f, m)))
    assert ds.product_ids() == ["orig", "bio"] and ds.version == "1"
    reading = [f for f, m in seen if not m.startswith("Check")]
    checking = [f for f, m in seen if m.startswith("Check")]
    assert reading and all(0 <= f <= 0.7 + 1e-9 for f in reading)
    assert checking[0] == pytest.approx(0.7) and all(0.7 - 1e-9 <= f <= 1 for f in checking)
    assert seen[-1] == (1.0, "Checked")
    (tmp_path / "products.csv").write_text(BASE["products"].replace(",60,", ",6O,", 1))
    with pytest.raises(DataError) as err:
        load_dataset(tmp_path)
    assert [(p.file, p.row, p.column) for p in err.value.errors] == [
        ("products.csv", 2, "strength_mg")]
    assert err.value.source == tmp_path.name
