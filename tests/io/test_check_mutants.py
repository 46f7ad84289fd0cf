"""The rules of ``io/checks.py``, one test each, at their limits: message, file, row, column.

Called on small typed frames (index = spreadsheet row), so that a mutation run can
afford them per mutant; the same rules through a whole load are in test_readers_validate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from denocompare.io import checks as K
from denocompare.io.raw import RawTable


def _tab(name: str) -> RawTable:
    return RawTable(name, f"{name}.csv", pd.DataFrame())


def _run(name: str, frame: pd.DataFrame) -> list[tuple]:
    out = K.Collector()
    frame.index = range(2, 2 + len(frame))  # row 2 is the first data row
    K.check_rows(name, _tab(name), frame, out)
    return [(p.file, p.message, p.row, p.column, p.severity) for p in out.problems]


def _results(**cols) -> pd.DataFrame:
    base = {"ci_low": [np.nan], "ci_high": [np.nan], "margin_low": [np.nan],
            "margin_high": [np.nan], "ci_level": [np.nan], "difference": [np.nan]}
    return pd.DataFrame({**base, **{k: [v] for k, v in cols.items()}}, dtype=float)


# --- Collector: at most LIMIT problems per rule and column, then one summary line -------
@pytest.mark.parametrize("n, shown, more", [(20, 20, None), (21, 20, 1), (19, 19, None)])
def test_repeats_are_capped_at_the_limit(n, shown, more):
    out = K.Collector()
    out.cells(_tab("t"), "c", range(2, 2 + n), "bad")
    rows = [p for p in out.problems if p.row is not None]
    assert len(rows) == shown and [p.row for p in rows] == list(range(2, 2 + shown))
    tail = [p.message for p in out.problems if p.row is None]
    assert tail == ([f"... and {more} more rows with the same problem"] if more else [])
    assert all(p.file == "t.csv" and p.column == "c" for p in out.problems)


def test_a_message_function_gets_the_value_or_the_row():
    out = K.Collector()
    out.cells(_tab("t"), "c", [3], lambda v: f"got {v}", lambda r: r * 10, severity="warning")
    out.cells(_tab("t"), "c", [4], lambda r: f"row {r}")
    assert [(p.message, p.row, p.severity) for p in out.problems] == [
        ("got 30", 3, "warning"), ("row 4", 4, "error")]


# --- study_results ------------------------------------------------------------------------
@pytest.mark.parametrize("low, high, bad", [(1.0, 1.0, False), (1.0, 0.999, True),
                                            (-2.0, 2.0, False)])
def test_margins_in_the_wrong_order(low, high, bad):
    found = _run("study_results", _results(margin_low=low, margin_high=high))
    expected = [("study_results.csv", "the lower limit of the equivalence margin is above the "
                 "upper limit", 2, "margin_low", "error")]
    assert found == (expected if bad else [])


@pytest.mark.parametrize("low, high, bad", [(0.5, 0.5, False), (0.5, 0.4, True)])
def test_a_ci_in_the_wrong_order(low, high, bad):
    found = _run("study_results", _results(ci_low=low, ci_high=high, ci_level=95,
                                           difference=np.nan))
    expected = [("study_results.csv", "the lower limit of the confidence interval is above "
                 "the upper limit", 2, "ci_low", "error")]
    assert found == (expected if bad else [])


@pytest.mark.parametrize("cols", [{"ci_low": -1.0}, {"ci_high": 1.0},
                                  {"ci_low": -1.0, "ci_high": 1.0}])
def test_a_ci_without_its_level(cols):
    assert _run("study_results", _results(**cols)) == [
        ("study_results.csv", "a confidence interval needs its level (e.g. 90 or 95)", 2,
         "ci_level", "error")]
    assert _run("study_results", _results(**cols, ci_level=90)) == []


@pytest.mark.parametrize("diff, bad", [(-1.0, False), (1.0, False), (0.0, False),
                                       (-1.001, True), (1.001, True)])
def test_the_difference_inside_its_own_ci_ends_included(diff, bad):
    found = _run("study_results", _results(ci_low=-1.0, ci_high=1.0, ci_level=95,
                                           difference=diff))
    expected = [("study_results.csv", "the difference lies outside its own confidence "
                 "interval", 2, "difference", "error")]
    assert found == (expected if bad else [])


# --- adverse_reactions -----------------------------------------------------------------
def _reactions(**cols) -> pd.DataFrame:
    base = {"frequency_band": ["common"], "product_pct": [np.nan],
            "product_events": [np.nan], "product_arm_n": [np.nan],
            "comparator_events": [np.nan], "comparator_arm_n": [np.nan]}
    frame = pd.DataFrame({**base, **{k: [v] for k, v in cols.items()}})
    return frame.astype({c: float for c in frame.columns if c != "frequency_band"})


@pytest.mark.parametrize("arm", ["product", "comparator"])
@pytest.mark.parametrize("events, bad", [(10, False), (11, True), (0, False)])
def test_events_may_equal_the_arm_size_not_exceed_it(arm, events, bad):
    found = _run("adverse_reactions", _reactions(**{f"{arm}_events": events,
                                                    f"{arm}_arm_n": 10}))
    expected = [("adverse_reactions.csv", f"more patients with the reaction than in the {arm} "
                 "arm", 2, f"{arm}_events", "error")]
    assert found == (expected if bad else [])


@pytest.mark.parametrize("band, pct, bad", [(None, np.nan, True), ("rare", np.nan, False),
                                            (None, 0.0, False)])
def test_a_reaction_needs_a_band_or_a_percentage(band, pct, bad):
    found = _run("adverse_reactions", _reactions(frequency_band=band, product_pct=pct))
    expected = [("adverse_reactions.csv", "the row needs a frequency band or a percentage in "
                 "the product arm", 2, "frequency_band", "error")]
    assert found == (expected if bad else [])


# --- metadata, products, indications -------------------------------------------------------
@pytest.mark.parametrize("missing", ["name", "version", "date"])
def test_each_metadata_key_is_required(missing):
    keys = [k for k in ("name", "version", "date", "licence") if k != missing]
    found = _run("metadata", pd.DataFrame({"key": keys, "value": ["x"] * len(keys)}))
    assert found == [("metadata.csv", f"the metadata key '{missing}' is missing; add a row "
                      f"with key '{missing}'", None, "key", "error")]


def _products(rows: list[tuple]) -> pd.DataFrame:
    cols = ["product_id", "name_eu", "name_us", "role", "reference_product_id"]
    return pd.DataFrame(rows, columns=cols, dtype=object).replace({None: np.nan})


def test_the_product_rules_each_at_its_row():
    found = _run("products", _products([
        ("orig", "Orig", None, "originator", None),          # 2: fine
        ("bio", None, "Bio", "biosimilar", "orig"),           # 3: fine (US name only)
        ("noname", None, None, "biosimilar", "orig"),         # 4: no name
        ("noref", "NoRef", None, "biosimilar", None),         # 5: no reference
        ("origref", "OR", None, "originator", "orig"),        # 6: originator with reference
        ("selfref", "SR", None, "biosimilar", "selfref"),     # 7: its own reference
        ("onbio", "OB", None, "biosimilar", "bio"),           # 8: reference is a biosimilar
    ]))
    assert [(m, r, c) for _f, m, r, c, _s in found] == [
        ("the product needs an EU or a US name", 4, "name_eu"),
        ("a biosimilar needs the id of its reference product", 5, "reference_product_id"),
        ("an originator has no reference product; leave this empty", 6,
         "reference_product_id"),
        ("a product cannot be its own reference", 7, "reference_product_id"),
        ("the reference product 'bio' is itself a biosimilar; a reference must be an "
         "originator", 8, "reference_product_id"),
    ]


def test_a_cycle_of_references_is_spelt_out():
    found = _run("products", _products([("a", "A", None, "biosimilar", "b"),
                                        ("b", "B", None, "biosimilar", "a")]))
    assert [m for _f, m, *_ in found] == [
        "the reference product 'b' is itself a biosimilar; a reference must be an originator "
        "(the references go round in a cycle: a → b → a)",
        "the reference product 'a' is itself a biosimilar; a reference must be an originator "
        "(the references go round in a cycle: b → a → b)"]


def test_an_authorised_indication_needs_its_wording():
    frame = pd.DataFrame({"status": ["authorised", "authorised", "not authorised"],
                          "wording": [np.nan, "Treatment of ...", np.nan]})
    assert _run("indications", frame) == [
        ("indications.csv", "an authorised indication needs the label's wording", 2,
         "wording", "error")]


@pytest.mark.parametrize("name", sorted(K.NEEDS_ROWS))
def test_a_required_table_with_only_a_header_is_refused(name):
    assert _run(name, pd.DataFrame()) == [(f"{name}.csv", K.NEEDS_ROWS[name], None, None,
                                           "error")]
