"""``core.dataset.records``: the rows of a frame as dicts, as ``to_dict("records")``
gives them (the matcher and the lookups read them that way), only faster."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from denocompare.core.dataset import records
from denocompare.io.validate import load_dataset
from denocompare.resources import bundled_data_dir, bundled_datasets


def _same(a: list[dict], b: list[dict]) -> bool:
    """Equal row for row, key for key, value and type (NaN equal to NaN)."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        if list(x) != list(y):
            return False
        for k in x:
            u, v = x[k], y[k]
            if type(u) is not type(v):
                return False
            if isinstance(u, float) and math.isnan(u):
                if not math.isnan(v):
                    return False
            elif u != v:
                return False
    return True


@pytest.mark.parametrize("name", bundled_datasets())
def test_every_bundled_table_reads_as_to_dict_does(name):
    ds = load_dataset(bundled_data_dir(name))
    for table, frame in ds.tables.items():
        assert _same(records(frame), frame.to_dict("records")), table


def test_each_kind_of_column_and_missing_cell():
    # A missing cell of a text or nullable column is None (not pd.NA: `if value:` on
    # pd.NA raises); a NaN of a float or `str` column stays NaN; a sliced frame keeps
    # its own rows.
    frame = pd.DataFrame({
        "text": pd.array(["a", None, "c"], dtype="string"),
        "num": pd.array([1.5, None, 3.0], dtype="Float64"),
        "int": pd.array([1, None, 3], dtype="Int64"),
        "flag": pd.array([True, None, False], dtype="boolean"),
        "float": [np.nan, 2.0, 3.0],
        "plain": [1, 2, 3],
        "obj": pd.Series(["x", None, "z"], dtype=object),
        "str": pd.Series(["x", None, "z"], dtype="str"),
    }, index=[10, 11, 12])
    got = records(frame)
    assert _same(got, frame.to_dict("records"))
    assert got[1]["text"] is None and got[1]["num"] is None and got[1]["flag"] is None
    assert math.isnan(got[0]["float"]) and got[2]["plain"] == 3
    assert _same(records(frame.iloc[1:]), frame.iloc[1:].to_dict("records"))


def test_no_rows_and_no_columns():
    assert records(pd.DataFrame({"a": pd.array([], dtype="string")})) == []
    assert records(pd.DataFrame(index=range(2))) == [{}, {}]
