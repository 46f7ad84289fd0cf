"""The EU frequency chart: what has no band stays off its scale, and every product drawn
can be told by its key.

A trial percentage is not an EU frequency band: a reaction the sources give only as a
trial's incidence has no place on the SmPC scale, so the band chart says it has nothing
to show rather than draw a row with no band. And a committee comparing the whole
biosimilar family must find each product's marker in the key: none is dropped while the
key has room for it. Read from the artists of the built figure; no rendering.
"""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core.view import View
from denocompare.plotting import adverse as A
from denocompare.plotting import build_chart
from tests.plotting.helpers import by_gid, flat, legend_texts, texts, with_table


def _added(ds, *rows: dict):
    ar = ds["adverse_reactions"]
    return with_table(ds, "adverse_reactions",
                      pd.concat([ar, pd.DataFrame(list(rows))], ignore_index=True))


def _trial_only(product: str, reaction: str) -> dict:
    return {"product_id": product, "region": "US", "reaction": reaction,
            "system_organ_class": "Infections and infestations", "product_pct": 5.9,
            "product_arm_n": 100, "comparator": "placebo", "comparator_pct": 5.8,
            "comparator_arm_n": 90, "study": "T1", "source_id": "S65"}


def _trial_rows_only(mini):
    """Stoboclo given two reactions from a trial table, and no EU band at all."""
    ds = _added(mini, _trial_only("stoboclo", "Cystitis"), _trial_only("stoboclo", "Rash"))
    return ds, View("stoboclo")


def _prolia_cystitis(mini):
    """Prolia filtered to Cystitis: its sources give it only as FREEDOM's incidence."""
    return mini, View("prolia", text="Cystitis")


@pytest.mark.parametrize("case", [_trial_rows_only, _prolia_cystitis])
def test_a_reaction_known_only_from_a_trial_has_no_place_on_the_eu_scale(mini, case):
    ds, view = case(mini)
    # The trial rows are there (the incidence chart shows them) ...
    assert not A.incidence_rows(ds, view, view.soc, view.text).empty
    # ... but none has a band: the band chart has no row, no marker, and says why.
    assert A.band_rows(ds, view, view.soc, view.text).empty
    fig = build_chart("adverse_bands", ds, view)
    assert A.NO_BANDS in " ".join(flat(t) for t in texts(fig))
    assert not by_gid(fig, "band-markers-")
    assert not by_gid(fig, "row-label-")


def test_the_whole_family_in_one_band_chart_has_a_key_for_every_product(bundled):
    family = [p for p in bundled.family("prolia") if p != "prolia"]
    chosen = View("prolia", tuple(family))
    assert len(chosen.products) >= 9  # more than two columns of four keys hold
    ds = _added(bundled, *({"product_id": p, "region": "EU", "reaction": "Zz test reaction",
                            "system_organ_class": "Nervous system disorders",
                            "frequency_band": "uncommon", "source_id": "S200"}
                           for p in chosen.products))
    fig = build_chart("adverse_bands", ds, chosen)
    # Every product has markers on the chart, so every product needs its key, in the
    # order chosen; none is folded into an '... and N more' entry.
    assert {line.get_gid() for line in by_gid(fig, "band-markers-")} == {
        f"band-markers-{p}" for p in chosen.products}
    assert legend_texts(fig) == [ds.short_name(p) for p in chosen.products]
