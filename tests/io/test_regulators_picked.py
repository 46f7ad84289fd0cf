"""A regulator's file read for a dataset's molecules: only their records are cleaned and
kept; every record is counted, and what a file says of itself (its date) still comes
from all of them."""

from __future__ import annotations

import pytest

from denocompare.core.changes import dataset_molecules, find_differences
from denocompare.core.errors import DataError
from denocompare.io.regulators import read_regulator_file
from tests.regulator_files import (
    EMA_HEADER,
    ema_rows,
    purple_book_rows,
    purple_book_text,
    write_ema_json,
    write_ema_xlsx,
)

NAME = "purplebook-search-november-2026-data-download.csv"


def _other(i: int, **cells) -> dict[str, str]:
    return {"N/R/U": "U", "Applicant": "Maker Inc.", "BLA Number": f"{900000 + i}",
            "Proprietary Name": f"Brand{i}", "Proper Name": f"molecule{i % 3}-abcd",
            "License Type": "351(a)", "Strength": "10 mg/mL", "Marketing Status": "Rx",
            "Licensure": "Licensed", "Approval Date": "01-Jan-20",
            "Ref. Product Proper Name": f"molecule{i % 3}", **cells}


def _write(tmp_path, rows, name=NAME, **kw):
    path = tmp_path / name
    path.write_text(purple_book_text(rows, changes=[], changes_first=False, **kw),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def mine(bundled):
    return purple_book_rows(bundled)


def test_only_the_molecules_records_are_kept_and_every_record_is_counted(
        tmp_path, bundled, mine):
    rows = [_other(i) for i in range(7)] + mine
    path = _write(tmp_path, rows)
    whole = read_regulator_file(path)
    picked = read_regulator_file(path, dataset_molecules(bundled))
    assert whole.only is None and picked.only == ("denosumab",)
    assert whole.listed == picked.listed == len(rows) == len(whole.records)
    assert len(picked.records) == len(mine)
    # the same records, cleaned the same, in the same lines of the file
    assert picked.records.reset_index(drop=True).equals(
        whole.records.iloc[7:].reset_index(drop=True))
    # most listed first (molecule0 three times, molecule1 and molecule2 twice), then by name
    assert picked.molecules == ("denosumab", "molecule0", "molecule1", "molecule2")
    assert find_differences(bundled, picked).changes == find_differences(bundled, whole).changes


def test_a_record_is_kept_by_its_reference_products_molecule(tmp_path, bundled, mine):
    # an unbranded biosimilar whose own proper name is misspelt, but whose reference's is not
    odd = _other(1, **{"Proper Name": "denosumabb-xxxx", "Ref. Product Proper Name": "denosumab"})
    picked = read_regulator_file(_write(tmp_path, [*mine, odd]), ["denosumab"])
    assert "denosumabb-xxxx" in set(picked.records["proper_name"])
    assert len(picked.records) == len(mine) + 1


def test_a_bad_date_is_reported_only_in_a_record_read(tmp_path, bundled, mine):
    rows = [_other(0, **{"Approval Date": "someday"}), *mine]
    rows[-1] = dict(rows[-1], **{"Approval Date": "soon"})
    whole = read_regulator_file(_write(tmp_path, rows))
    picked = read_regulator_file(_write(tmp_path, rows), ["denosumab"])
    said = lambda f: sorted(str(w) for w in f.warnings if "not a date" in str(w))  # noqa: E731
    assert len(said(whole)) == 2
    assert len(said(picked)) == 1 and "'soon'" in said(picked)[0]


def test_the_files_own_date_comes_from_every_record(tmp_path, bundled, mine):
    # no month in the title or the name: the latest date the file lists, here another
    # molecule's, which is not among the records kept
    rows = [*mine, _other(2, **{"Approval Date": "30-Nov-26"})]
    path = _write(tmp_path, rows, name="download.csv", title="Data download")
    picked = read_regulator_file(path, ["denosumab"])
    assert picked.as_of == "2026-11-30" and "latest date" in picked.as_of_basis
    assert read_regulator_file(path).as_of == picked.as_of


def test_a_file_of_other_molecules_names_them_and_counts_every_record(tmp_path, bundled):
    rows = [_other(i) for i in range(5)]
    picked = read_regulator_file(_write(tmp_path, rows), dataset_molecules(bundled))
    assert picked.records.empty and picked.listed == 5
    with pytest.raises(DataError, match=r"lists 5 products, none of them denosumab "
                       r"\(it lists e\.g\. molecule0, molecule1, molecule2\)"):
        find_differences(bundled, picked)


def test_a_file_read_for_other_molecules_is_not_compared(tmp_path, bundled, mine):
    f = read_regulator_file(_write(tmp_path, mine), ["adalimumab"])
    with pytest.raises(ValueError, match="read for"):
        find_differences(bundled, f)
    assert f.holds(["adalimumab"]) and not f.holds(["denosumab"])
    assert read_regulator_file(_write(tmp_path, mine)).holds(["denosumab"])


@pytest.mark.parametrize("kind", ["xlsx", "json"])
def test_the_ema_files_the_same_way(tmp_path, bundled, kind):
    other = dict(ema_rows(bundled)[0])
    for key in list(other):
        if "INN" in key or "Active substance" in key:
            other[key] = "adalimumab"
    name = next(k for k in other if k.startswith("Name of"))
    rows = [*ema_rows(bundled), dict(other, **{name: "Hyrimoz"})]
    write = write_ema_xlsx if kind == "xlsx" else write_ema_json
    path = write(tmp_path / f"e.{kind}", rows, *([EMA_HEADER] if kind == "xlsx" else []))
    whole, picked = read_regulator_file(path), read_regulator_file(path, ["denosumab"])
    assert whole.listed == picked.listed == len(rows)
    assert len(picked.records) == len(rows) - 1 == len(whole.records) - 1
    assert "Hyrimoz" not in set(picked.records["brand"])
    assert set(picked.molecules) == {"denosumab", "adalimumab"}
    assert picked.records.reset_index(drop=True).equals(
        whole.records[whole.records["brand"] != "Hyrimoz"].reset_index(drop=True))


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_header_rows_and_lines_found_whatever_ends_a_line(tmp_path, bundled, mine, end):
    # Windows (CR LF) and old Mac (CR) line ends, a quoted line break before the table's
    # header, and "N/R/U" in a cell of a data row: the same records on the same lines.
    rows = [dict(mine[0], Strength="60 mg/\n1 mL", Applicant="N/R/U Pharma"), *mine[1:]]
    text = purple_book_text(rows, changes=rows[:2], changes_first=True)
    plain = tmp_path / "a.csv"
    plain.write_text(text, encoding="utf-8")
    other = tmp_path / "b.csv"
    other.write_bytes(text.replace("\n", end).encode("utf-8"))
    a, b = read_regulator_file(plain), read_regulator_file(other)
    assert b.records.equals(a.records) and len(a.records) == len(rows)
    assert [str(w) for w in b.warnings] == [str(w).replace("a.csv", "b.csv") for w in a.warnings]
    # the full table's header is the second one; its first record on the line after
    header = [i for i, line in enumerate(text.split("\n")) if line.startswith("N/R/U")][1]
    assert a.records["row"].iloc[0] == header + 2 and a.records["row"].iloc[1] == header + 4


@pytest.mark.parametrize(("name", "expected"), [
    ("denosumab-bbdz", "denosumab"), (" Denosumab-BBDZ ", "denosumab"),
    ("denosumab", "denosumab"), ("x-abcd", "x"), ("-abcd", ""),  # the suffix alone
    ("denosumab-bb1z", "denosumab-bb1z"), ("denosumab-abcde", "denosumab-abcde"),
    ("abcd", "abcd"), (None, ""), (float("nan"), ""),
])
def test_a_proper_names_molecule_drops_the_fdas_four_letter_suffix_only(name, expected):
    from denocompare.core.regulator_file import molecule
    assert molecule(name) == expected
