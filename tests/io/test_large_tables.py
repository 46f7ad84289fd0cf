"""Large tables take a faster road through the loader, and it must lead to the same place.

From ``csv_reader.CATEGORICAL_BYTES`` up, a CSV table is read as categorical columns and
typed once per distinct value; smaller tables (and workbooks) arrive as one string per
cell. These tests force each road in turn on the same files and require the same tables,
dtypes, warnings and problems (file, row, column, message), and check the fast road
against pandas doing it the simple way.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.scale import generate
from denocompare.core import schema as S
from denocompare.core.errors import DataError
from denocompare.io import csv_reader
from denocompare.io.csv_reader import read_csv_bytes
from denocompare.io.readers import Cancelled, read_raw
from denocompare.io.validate import load_dataset
from tests.bad_inputs.cases import CASES
from tests.helpers import DATA, FIXTURES
from tests.io.test_fuzz import FUZZ, NAMES, ORIGINAL, byte_damage, structural_damage

FOLDERS = {"bundled": DATA, "mini": FIXTURES / "mini"}


#: The roads a CSV table may take: one string per cell; categorical columns; and
#: categorical columns parsed as two halves at once (``csv_reader.HALVES_BYTES``).
ROADS = {"strings": (2**62, 2**62), "categorical": (0, 2**62), "halves": (0, 0)}


@contextlib.contextmanager
def road(kind: str):
    """Read every CSV table the way ``kind`` names, whatever its size."""
    saved = csv_reader.CATEGORICAL_BYTES, csv_reader.HALVES_BYTES
    csv_reader.CATEGORICAL_BYTES, csv_reader.HALVES_BYTES = ROADS[kind]
    try:
        yield
    finally:
        csv_reader.CATEGORICAL_BYTES, csv_reader.HALVES_BYTES = saved


def outcome(path: Path, kind: str):
    """What the user gets: the tables and warnings, or every problem."""
    with road(kind):
        try:
            ds = load_dataset(path)
        except DataError as err:
            return None, err.problems
    return ds.tables, list(ds.warnings)


def assert_same_both_ways(path: Path) -> None:
    """The fast roads lead where the plain one does: same tables, warnings, problems."""
    tables, problems = outcome(path, "strings")
    for kind in ("categorical", "halves"):
        fast_tables, fast_problems = outcome(path, kind)
        assert fast_problems == problems, kind
        assert (fast_tables is None) == (tables is None), kind
        for name, frame in (tables or {}).items():
            pd.testing.assert_frame_equal(fast_tables[name], frame, check_exact=True)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A valid dataset whose adverse_reactions.csv (about 1.5 MB) takes the fast road."""
    return generate(tmp_path_factory.mktemp("large") / "dataset", 20_000)


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_valid_folders_load_the_same_both_ways(name):
    assert_same_both_ways(FOLDERS[name])


def test_a_generated_dataset_loads_the_same_both_ways(generated):
    assert_same_both_ways(generated)


def test_every_bad_input_case_reads_the_same_both_ways(tmp_path):
    checked = 0
    for case in CASES:
        copy = tmp_path / case.id / "dataset"
        shutil.copytree(DATA, copy)
        path = case.build(copy)
        if path.is_dir():  # workbooks, and single odd files, never reach the CSV reader
            assert_same_both_ways(path)
            checked += 1
    assert checked > 40


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("roads") / "dataset"
    shutil.copytree(DATA, dest)
    return dest


@settings(FUZZ, max_examples=80)
@given(data=st.data())
def test_damaged_files_read_the_same_both_ways(folder, data):
    name = data.draw(st.sampled_from(NAMES))
    damage = data.draw(st.one_of(structural_damage(name), byte_damage(name)))
    prefix = data.draw(st.sampled_from([b"", b"\n\n", b" \r\n", b"sep=,\r\n", b"\xef\xbb\xbf",
                                        b"\xef\xbb\xbf\n", "\u00a0\n".encode()]))
    target = folder / f"{name}.csv"
    target.write_bytes(prefix + damage)
    try:
        assert_same_both_ways(folder)
    finally:
        target.write_bytes(ORIGINAL[name])


@pytest.mark.parametrize("kind", ["categorical", "halves"])
def test_headings_that_read_as_numbers_keep_every_cell_as_written(kind):
    """pandas 3.1 gives a categorical column of numbers (or booleans) number categories,
    merging '1' with '1.0'; only the heading keeps a column text, so such a file must be
    read the plain way."""
    problems: list = []
    with road(kind):
        tab = read_csv_bytes(b"-0.280,TRUE,007,x\n1.0,true,7,1\n1,True,7.0,1.0\n", "t", "t.csv",
                             problems)
    assert tab is not None and not problems
    assert list(tab.frame.columns) == ["-0.280", "TRUE", "007", "x"]
    assert tab.frame.astype(object).to_numpy().tolist() == [["1.0", "true", "7", "1"],
                                                             ["1", "True", "7.0", "1.0"]]


@pytest.mark.parametrize("middle", ["in a quoted cell with line breaks", "between rows"])
def test_a_table_cut_in_halves_reads_as_one(middle, monkeypatch):
    # The file is cut at the first line break past its middle: inside a quoted cell,
    # that half ends in an open quote and the table must be read whole instead.
    rows = [f"r{i},{i}.5,plain" for i in range(40)]
    cell = '"a cell\nwith, line\nbreaks, and ""quotes"""' if middle.startswith("in") else "c"
    rows[20] = f"r20,{'x' * 300},{cell}"
    data = ("id,value,note\n" + "\n".join(rows) + "\n").encode()
    got = {}
    halves = csv_reader._parse_halves
    cut: list = []
    monkeypatch.setattr(csv_reader, "_parse_halves",
                        lambda *a: cut.append(halves(*a) is not None) or halves(*a))
    for kind in ("strings", "halves"):
        with road(kind):
            tab = read_csv_bytes(data, "t", "t.csv", [])
        assert tab is not None
        got[kind] = tab.frame.astype(object)
    pd.testing.assert_frame_equal(got["halves"], got["strings"])
    quoted = cell.startswith('"')
    assert got["halves"].loc[22, "note"] == (cell[1:-1].replace('""', '"') if quoted else cell)
    assert cut == [middle == "between rows"]  # cut in two, or read whole


def test_a_large_table_takes_the_fast_road(generated):
    frame = read_raw(generated).tables["adverse_reactions"].frame
    assert (generated / "adverse_reactions.csv").stat().st_size >= csv_reader.CATEGORICAL_BYTES
    assert all(isinstance(t, pd.CategoricalDtype) for t in frame.dtypes)


def test_a_large_table_is_typed_as_pandas_would_type_it(generated):
    """Against an independent, slow path: one Python conversion per cell."""
    typed = load_dataset(generated)["adverse_reactions"]
    text = pd.read_csv(generated / "adverse_reactions.csv", dtype=str, keep_default_na=False)
    assert list(typed.columns) == list(text.columns)
    for col in S.ADVERSE_REACTIONS.columns:
        cells = list(text[col.name])
        if col.kind == S.INTEGER:
            expected = pd.array([int(v) if v else None for v in cells], dtype="Int64")
        elif col.kind == S.NUMBER:
            expected = pd.array([float(v) if v else None for v in cells], dtype="Float64")
        else:
            expected = pd.array([v or None for v in cells], dtype=pd.StringDtype())
        assert typed[col.name].dtype == expected.dtype, col.name
        pd.testing.assert_extension_array_equal(typed[col.name].array, expected,
                                                check_exact=True)


def test_cancel_is_heard_between_the_columns_of_a_large_table(generated):
    calls: list[str] = []

    def progress(_fraction: float, message: str) -> None:
        calls.append(message)
        if calls.count("Checking adverse_reactions") == 3:
            raise Cancelled()
    with pytest.raises(Cancelled):
        load_dataset(generated, progress)


@settings(max_examples=300, deadline=None, database=None)
@given(text=st.text(alphabet=st.sampled_from("ab,\n é€😀\x00"), max_size=60),
       damage=st.one_of(st.none(), st.tuples(st.integers(0, 80), st.binary(min_size=1,
                                                                           max_size=3))),
       size=st.integers(1, 9))
def test_utf8_is_checked_across_slice_boundaries(text, damage, size):
    """A character split between two slices is whole; a broken one is caught anywhere."""
    data = text.encode("utf-8")
    if damage:
        at = min(damage[0], len(data))
        data = data[:at] + damage[1] + data[at:]
    try:
        data.decode("utf-8")
        expected = None
    except UnicodeDecodeError as exc:
        expected = exc.start  # where the first bad byte is, whatever the slices
    saved = csv_reader._SLICE
    csv_reader._SLICE = size
    try:
        assert csv_reader._first_bad_utf8(io.BytesIO(data)) == expected
    finally:
        csv_reader._SLICE = saved


@settings(max_examples=200, deadline=None, database=None)
@given(cells=st.lists(st.sampled_from(["a", "b", "c", "", "d", "e", None]), max_size=40),
       flagged=st.sets(st.sampled_from(["a", "b", "c", "", "d", "e", "heading"])),
       categorical=st.booleans())
def test_rows_of_flagged_values_are_the_rows_holding_them(cells, flagged, categorical):
    # validate names a problem's rows from flags on the distinct values; whichever way
    # they are found (few flags compared as codes, many looked up), the rows must be
    # those whose cell holds a flagged value. A missing cell (None) reads as empty, and
    # a categorical column may hold a value no row has (a CSV column's heading).
    from denocompare.io.validate import _Cells

    series = pd.Series(cells, index=range(2, 2 + len(cells)), dtype=object)
    if categorical:
        series = series.astype(pd.CategoricalDtype([*"abcde", "", "heading"]))
    cells_ = _Cells.of(series)
    rows = cells_.rows([v in flagged for v in cells_.uniq])
    assert list(rows) == [i for i, v in series.items()
                          if (v if isinstance(v, str) else "") in flagged]
