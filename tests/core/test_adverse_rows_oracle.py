"""The adverse-reaction rows of a choice, computed on integer codes, are exactly what the
plain pandas formulation gives (kept here as the oracle): rows of the chosen products
only, filtered by region, organ class and text, ordered by the product's place in the
choice then by reaction (rows equal on both in the order the table has them), numbered
from 0, with the product's name and how many chosen products list the reaction."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from denocompare.core import compare as C
from denocompare.core.dataset import Dataset
from tests.core.test_compare_rules import dataset


def _oracle(ds: Dataset, products, region, soc, text) -> pd.DataFrame:
    ar = ds["adverse_reactions"]
    ar = ar[ar["product_id"].isin(products)].copy()
    if region:
        ar = ar[ar["region"] == region]
    if soc:
        ar = ar[ar["system_organ_class"] == soc]
    if text:
        ar = ar[ar["reaction"].str.contains(text, case=False, regex=False, na=False)]
    order = pd.Categorical(ar["product_id"], categories=list(dict.fromkeys(products))).codes
    ar["product"] = pd.array([ds.short_name(p) for p in ar["product_id"]], dtype="string")
    ar["listed_by"] = ar.groupby("reaction")["product_id"].transform("nunique")
    ar["_order"] = order
    return ar.sort_values(["_order", "reaction"], kind="stable").drop(columns="_order") \
        .reset_index(drop=True)


def _random_reactions(seed: int, n: int) -> Dataset:
    rng = np.random.default_rng(seed)
    ar = pd.DataFrame({
        "product_id": rng.choice(["ref", "bio", "odd", "gone"], n),
        "region": rng.choice(["EU", "US", None], n),
        "system_organ_class": rng.choice(["Skin", "Gastro", None], n),
        "reaction": rng.choice(["Rash", "rash", "Back pain", "Pain", "Ästhesie", "Axb"], n),
        "note": [f"row {i}" for i in range(n)],  # tells rows equal on both keys apart
    }).astype("string")
    return Dataset({**dataset().tables, "adverse_reactions": ar})


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize(("products", "region", "soc", "text"), [
    (["bio", "ref"], None, None, ""),
    (["ref", "bio", "odd", "bio"], "EU", None, ""),
    (["odd"], None, "Skin", ""),
    (["bio", "odd", "ref"], "US", "Gastro", "PAIN"),
    (["ref", "bio"], None, None, "nothing like it"),
    (["gone"], None, None, ""),
])
def test_the_rows_are_what_pandas_sorting_strings_gives(seed, products, region, soc, text):
    ds = _random_reactions(seed, 60 + 17 * seed)
    got = C._adverse_reactions(ds, products, region, soc, text)
    want = _oracle(ds, products, region, soc, text)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert got["listed_by"].dtype.kind == "i"


def test_no_rows_chosen_gives_the_table_s_columns_and_text_names():
    ds = _random_reactions(0, 10)
    got = C._adverse_reactions(ds, ["nobody"], None, None, "")
    assert got.empty and list(got.columns) == [*ds["adverse_reactions"].columns,
                                                 "product", "listed_by"]
    assert got["product"].dtype == "string"


def test_a_row_with_no_reaction_name_comes_last_in_its_product_and_is_its_own_reaction():
    """Loading refuses an empty reaction; a table built in memory may still hold one:
    it does not break the ordering or the count."""
    ar = pd.DataFrame({"product_id": ["bio", "bio", "ref"], "region": "EU",
                       "system_organ_class": None,
                       "reaction": [None, "Rash", None]}).astype("string")
    ds = Dataset({**dataset().tables, "adverse_reactions": ar})
    got = C._adverse_reactions(ds, ["bio", "ref"], None, None, "")
    assert list(got["reaction"].fillna("-")) == ["Rash", "-", "-"]
    assert list(got["listed_by"]) == [1, 2, 2]
