"""The verdict rule of ``core/compare.py``, stated once per branch.

Written against the mutants that the older tests let live (docs/mutation.md). The
boundary cases on a CI and its margins are in ``test_rules.py``; these pin what a
verdict is when a number is absent, when the source's words are empty, and that
numbers of any type (text from a CSV, numpy, Decimal-like) are compared as numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from denocompare.core import compare as C
from denocompare.core import equivalence as Q
from denocompare.core.view import View

NUMBERS = {"ci_low": -1.0, "ci_high": 1.0, "margin_low": -1.5, "margin_high": 1.5}


@pytest.mark.parametrize("absent", [None, np.nan, pd.NA, float("nan")])
@pytest.mark.parametrize("key", list(NUMBERS))
def test_any_one_missing_number_means_no_computed_verdict(key, absent):
    row = {**NUMBERS, key: absent}
    assert C.verdict(row) == C.VERDICT_UNKNOWN
    assert C.verdict({**row, "reported_conclusion": "equivalent"}) == C.VERDICT_UNKNOWN
    assert C.verdict({**row, "reported_conclusion": "not equivalent"}) == C.VERDICT_UNKNOWN


def test_a_key_absent_from_the_row_is_a_missing_number():
    row = dict(NUMBERS)
    del row["margin_high"]
    assert C.verdict(row) == C.VERDICT_UNKNOWN


@pytest.mark.parametrize("said", ["", None, pd.NA, np.nan])
def test_empty_words_are_no_conclusion(said):
    row = {**NUMBERS, "ci_low": None, "reported_conclusion": said}
    assert C.verdict(row) == C.VERDICT_UNKNOWN


@pytest.mark.parametrize("said", ["not equivalent", "Equivalent", "equivalent?", "unclear"])
def test_the_words_are_quoted_as_the_source_gives_them(said):
    row = {**NUMBERS, "ci_high": None, "reported_conclusion": said}
    assert C.verdict(row) == C.VERDICT_UNKNOWN
    assert Q.stated(row) == f"source states: {said}"
    quoted = {**row, "stated_conclusion": " well within the margin "}
    assert Q.stated(quoted) == "source states: \u201cwell within the margin\u201d"


def test_the_numbers_win_over_the_words_both_ways():
    assert C.verdict({**NUMBERS, "reported_conclusion": "not equivalent"}) == C.VERDICT_WITHIN
    crossing = {**NUMBERS, "ci_high": 2.0, "reported_conclusion": "equivalent"}
    assert C.verdict(crossing) == C.VERDICT_CROSSES


def test_numbers_given_as_text_or_numpy_are_compared_as_numbers():
    # "10" < "9" as text; as numbers 9 <= 10 is within
    row = {"ci_low": "9", "ci_high": np.float64(9.5), "margin_low": np.int64(-10),
           "margin_high": "10"}
    assert C.verdict(row) == C.VERDICT_WITHIN


@pytest.mark.parametrize("ci, expected", [
    ((-1.5, 1.5), C.VERDICT_WITHIN),
    ((-1.5, 1.5 + 1e-9), C.VERDICT_CROSSES),
    ((-1.5 - 1e-9, 1.5), C.VERDICT_CROSSES),
    ((-1.6, 1.6), C.VERDICT_CROSSES),
    ((0.0, 0.0), C.VERDICT_WITHIN),
])
def test_within_needs_both_ends_inside_or_on_the_margin(ci, expected):
    row = {**NUMBERS, "ci_low": ci[0], "ci_high": ci[1]}
    assert C.verdict(row) == expected


def test_a_row_of_a_frame_is_read_like_a_mapping():
    frame = pd.DataFrame([{**NUMBERS, "reported_conclusion": pd.NA},
                          {**NUMBERS, "ci_low": np.nan, "reported_conclusion": "equivalent"}])
    assert [C.verdict(r) for _i, r in frame.iterrows()] == \
        [C.VERDICT_WITHIN, C.VERDICT_UNKNOWN]


# --- gaps(): every fact not given, for every chosen product, with the study's set --------
def test_gaps_read_the_first_product_as_the_reference_and_keep_it(bundled):
    from denocompare.io.validate import load_dataset
    from tests.helpers import FIXTURES

    rules = load_dataset(FIXTURES / "rules")
    # Kefdensis gives no US brand name; as the first product it must still be listed
    assert "Kefdensis: US brand name — not reported in source" in \
        C.gaps(rules, View("kefdensis", ("prolia",)))


def test_a_gap_names_the_analysis_set_when_the_source_states_it(bundled):
    lines = C.gaps(bundled, View("prolia", ("obodence",)))
    assert f"Obodence — SB16-3001 (month 12, per-protocol set): {C.VERDICT_UNKNOWN}" in lines


# --- indication_matrix: each cell cites its source, its details are the label's words ---
def test_each_indication_cell_cites_its_row_and_shows_its_wording(bundled):
    from denocompare.core import schema as S
    from denocompare.core.dataset import _text
    from denocompare.core.vocabulary import ALL_INDICATIONS
    from tests.helpers import INDICATIONS

    m = C.indication_matrix(bundled, View("prolia", ("stoboclo", "xgeva"), regions=S.REGIONS))
    assert m.values.index.name == "Indication"
    ind = bundled["indications"].set_index(["product_id", "region", "indication"])
    cols = [(pid, reg) for reg in S.REGIONS for pid in ("prolia", "stoboclo", "xgeva")]
    checked = 0
    for r, code in enumerate(INDICATIONS):
        for c, (pid, reg) in enumerate(cols):
            if (pid, reg, code) not in ind.index:
                assert m.sources.iat[r, c] == "" and m.states.iat[r, c] == C.MISSING
                continue
            rec = ind.loc[(pid, reg, code)]
            assert m.sources.iat[r, c] == _text(rec["source_id"]) != ""
            if _text(rec.get("basis")) == ALL_INDICATIONS:
                # an "all indications" statement says so and quotes the source's words
                assert m.details.iat[r, c].startswith("Authorised: all of Prolia's")
                assert f"“{_text(rec['wording'])}”" in m.details.iat[r, c]
                checked += 1
                continue
            # the label's wording, else the curator's note, else the bare status
            assert m.details.iat[r, c] == (_text(rec["wording"]) or _text(rec["note"])
                                           or str(rec["status"]))
            checked += 1
    assert checked > 10
