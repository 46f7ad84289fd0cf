"""The EU frequency chart's rows, computed on integer codes, are exactly what the plain
pandas formulation gives (kept here as the oracle): the rows with a band only, each
reaction ranked by its most frequent band, ordered by that rank then by name in any
case (rows equal on both as the table had them), and 'listed by' counted among the
band rows only."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from denocompare.core import compare as C
from denocompare.core.dataset import Dataset
from denocompare.core.schema import FREQUENCY_BANDS
from denocompare.core.view import View
from denocompare.plotting.adverse import _band_rows
from tests.core.test_compare_rules import dataset


def _oracle(ds: Dataset, view: View, soc, text) -> pd.DataFrame:
    rows = C.adverse_reactions(ds, view.products, soc=soc, text=text)
    rows = rows[rows["frequency_band"].notna()].copy()
    if rows.empty:
        return rows.assign(rank=pd.Series(dtype=int))
    order = {band: i for i, band in enumerate(FREQUENCY_BANDS)}
    rows["band_index"] = rows["frequency_band"].map(order)
    rows["rank"] = rows.groupby("reaction")["band_index"].transform("min")
    rows["listed_by"] = rows.groupby("reaction")["product_id"].transform("nunique")
    rows["_name"] = rows["reaction"].str.lower()
    return rows.sort_values(["rank", "_name"], kind="stable").drop(columns="_name")


def _dataset(seed: int, n: int) -> Dataset:
    rng = np.random.default_rng(seed)
    ar = pd.DataFrame({
        "product_id": rng.choice(["ref", "bio", "odd"], n),
        "region": rng.choice(["EU", "US"], n),
        "system_organ_class": rng.choice(["Skin", "Gastro"], n),
        "reaction": rng.choice(["Rash", "rash", "RASH", "Back pain", "back Pain", "Axb",
                                "Ödem"], n),
        "frequency_band": rng.choice([*FREQUENCY_BANDS, None, None], n),
        "note": [f"row {i}" for i in range(n)],  # tells rows equal on both keys apart
    }).astype("string")
    return Dataset({**dataset().tables, "adverse_reactions": ar})


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("comparators", "soc", "text"), [
    (("bio",), None, ""), (("bio", "odd"), "Skin", ""), (("odd",), None, "PAIN"),
    (("bio", "odd"), "Gastro", "not there"),
])
def test_the_band_rows_are_what_pandas_grouping_strings_gives(seed, comparators, soc, text):
    ds = _dataset(seed, 50 + 13 * seed)
    view = View(reference="ref", comparators=comparators)
    got = _band_rows(ds, view, soc, text)
    pd.testing.assert_frame_equal(got, _oracle(ds, view, soc, text), check_dtype=False)
    for column in ("rank", "listed_by", "band_index"):
        assert column not in got or got[column].dtype.kind == "i"
