"""The FDA Purple Book download: both table orders, old and new headers, by name only."""

from __future__ import annotations

import random

import pytest

from denocompare.core.errors import DataError
from denocompare.core.regulator_file import PURPLE_BOOK
from denocompare.io.regulators import read_regulator_file
from denocompare.io.regulators.common import parse_date, two_digit_year
from tests.regulator_files import PB_HEADER, PB_HEADER_OLD, purple_book_rows, purple_book_text


def _read(tmp_path, text, name="purplebook-search-november-2026-data-download.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_regulator_file(path)


@pytest.fixture(scope="module")
def rows(bundled):
    return purple_book_rows(bundled)


@pytest.mark.parametrize("changes_first", [True, False])
def test_the_full_table_is_read_whichever_comes_first(tmp_path, rows, changes_first):
    f = _read(tmp_path, purple_book_text(rows, changes=rows[:2], changes_first=changes_first))
    assert f.layout == PURPLE_BOOK
    assert list(f.records["brand"]) == [r["Proprietary Name"] for r in rows]
    assert any("2 tables found" in str(w) and "All Products" in str(w) for w in f.warnings)


def test_untitled_tables_read_the_last(tmp_path, rows):
    text = purple_book_text(rows, changes=rows[:2], changes_first=True)
    text = text.replace('All Products', '').replace('Monthly Changes', '')
    assert list(_read(tmp_path, text).records["brand"]) == [r["Proprietary Name"] for r in rows]


def test_old_header_bla_type_reads_as_the_licence_type(tmp_path, rows):
    new = _read(tmp_path, purple_book_text(rows)).records
    old = _read(tmp_path, purple_book_text(rows, header=PB_HEADER_OLD), "old.csv").records
    assert "351(k) Interchangeable" in set(new["licence_type"])
    assert list(old["licence_type"]) == list(new["licence_type"])


def test_columns_are_matched_by_name_never_by_position(tmp_path, rows):
    shuffled = PB_HEADER[:]
    random.Random(4).shuffle(shuffled)
    assert shuffled != PB_HEADER
    a = _read(tmp_path, purple_book_text(rows)).records.drop(columns="row")
    b = _read(tmp_path, purple_book_text(rows, header=shuffled), "b.csv").records
    assert a.equals(b.drop(columns="row"))


def test_values_dates_missing_and_a_strength_over_two_lines(tmp_path, bundled, rows):
    jub = next(r for r in rows if r["Proprietary Name"] == "Jubbonti")
    wyost = dict(next(r for r in rows if r["Proprietary Name"] == "Wyost"),
                 Strength="120 mg/\n1.7 mL")
    f = _read(tmp_path, purple_book_text([jub, wyost]))
    rec = f.records.set_index("brand")
    assert rec.loc["Jubbonti", "approval_date"] == "2024-03-05"  # from '05-Mar-24'
    assert rec.loc["Jubbonti", "number"] == "761362"  # 'BLA 761362' in attributes.csv
    assert rec.loc["Jubbonti", "proper_name"] == "denosumab-bbdz"
    assert rec.loc["Wyost", "strength"] == "120 mg/ 1.7 mL"
    assert rec["holder"].isna().all()  # 'N/A'
    assert f.as_of == "2026-11" and "title" in f.as_of_basis
    # the line a record starts on, counting the line break inside Wyost's strength
    lines = purple_book_text([jub, wyost]).split("\n")
    start = max(i for i, ln in enumerate(lines) if ln.startswith("U,N/A,N/A,Wyost"))
    assert f.records["row"].max() == start + 1


def test_purple_book_dates():
    assert parse_date("31-Dec-02", day_first_slashes=False) == "2002-12-31"
    assert parse_date("01-Jun-1955", day_first_slashes=False) == "1955-06-01"
    assert parse_date("12/31/2002", day_first_slashes=False) == "2002-12-31"
    assert parse_date("31-Feb-02", day_first_slashes=False) is None
    assert parse_date("N/A", day_first_slashes=False) is None
    import datetime as dt

    assert two_digit_year(55, dt.date(2026, 1, 1)) == 1955
    assert two_digit_year(27, dt.date(2026, 1, 1)) == 2027
    assert two_digit_year(28, dt.date(2026, 1, 1)) == 1928


def test_an_unknown_column_is_ignored_with_a_warning(tmp_path, rows):
    header = [*PB_HEADER, "Biosimilar Score"]
    f = _read(tmp_path, purple_book_text([dict(rows[0], **{"Biosimilar Score": "9"})],
                                          header=header))
    assert any("'Biosimilar Score'" in str(w) and "ignored" in str(w) for w in f.warnings)
    assert "9" not in set(f.records.drop(columns="row").stack().astype(str))


def test_as_of_from_the_file_name_then_its_own_dates(tmp_path, rows):
    text = purple_book_text(rows, title="Data download")
    assert _read(tmp_path, text).as_of == "2026-11"  # purplebook-search-november-2026-…
    f = _read(tmp_path, text, "download.csv")
    dates = [*f.records["approval_date"].dropna(), *f.records["interchangeable_date"].dropna()]
    assert f.as_of == max(dates)
    assert "latest date" in f.as_of_basis


def test_a_renamed_column_names_what_was_expected_and_found(tmp_path, rows):
    header = ["Propietary Name" if h == "Proprietary Name" else h for h in PB_HEADER]
    text = purple_book_text(rows, header=header).replace("Proprietary Name", "Propietary Name")
    with pytest.raises(DataError) as err:
        _read(tmp_path, text)
    msg = str(err.value)
    assert "expected a column 'Proprietary name'" in msg
    assert "found 'Propietary Name' instead" in msg and "columns found:" in msg


@pytest.mark.parametrize("changes_first", [True, False])
def test_a_truncated_download_says_so(tmp_path, rows, changes_first):
    text = purple_book_text(rows, changes_first=changes_first)
    cut = text[:len(text.rstrip()) - 40]
    with pytest.raises(DataError, match="cut short"):
        _read(tmp_path, cut)
    # cut inside a quoted strength: the rest of the file falls into one cell
    quoted = purple_book_text([*rows[:3], dict(rows[3], Strength="60 mg/\nmL")],
                              changes=[], changes_first=False)
    with pytest.raises(DataError, match="cut short"):
        _read(tmp_path, quoted[:quoted.rindex("60 mg/") + 3])


def _dirty_download(rows) -> str:
    """Both tables, a strength over two lines, blank full-width rows (commas; no-break
    spaces), a short row with two cells filled (a warning), a row with a stray quote
    (the csv module's path)."""
    text = purple_book_text([*rows[:3], dict(rows[3], Strength="60 mg/\nmL"), *rows[4:]],
                            changes=rows[:2])
    lines = text.split("\n")
    at = next(i for i, ln in enumerate(lines) if "All Products" in ln) + 3
    lines[at:at] = ["," * (len(PB_HEADER) - 1), "U,stray", "  ,  ,",
                    "\xa0" + ",\u3000" * (len(PB_HEADER) - 1)]  # no-break spaces only
    return "\n".join(lines)


@pytest.mark.parametrize("variant", ["lf", "crlf", "stray quote"])
def test_the_count_and_the_csv_module_read_a_download_alike(tmp_path, rows, monkeypatch,
                                                            variant):
    from denocompare.io.regulators import csvgrid, purplebook

    text = _dirty_download(rows)
    if variant == "crlf":
        text = text.replace("\n", "\r\n")
    if variant == "stray quote":
        text = text.replace("U,stray", 'U,12" stray')
    seen = []

    class Spy(csvgrid.Grid):
        def __init__(self, text, tokenizer="pandas"):
            super().__init__(text, tokenizer)
            seen.append(self)

    monkeypatch.setattr(purplebook, "Grid", Spy)
    fast = _read(tmp_path, text)
    monkeypatch.setattr(purplebook, "Grid", lambda t: Spy(t, tokenizer="csv"))
    slow = _read(tmp_path, text)
    assert [g.tokenizer for g in seen] == [
        "csv" if variant == "stray quote" else "pandas", "csv"]
    assert fast.records.equals(slow.records)
    assert [str(w) for w in fast.warnings] == [str(w) for w in slow.warnings]
    assert any("has 2 of the" in str(w) for w in fast.warnings)
    assert (fast.as_of, fast.listed) == (slow.as_of, slow.listed)
    assert "60 mg/ mL" in set(fast.records["strength"])
