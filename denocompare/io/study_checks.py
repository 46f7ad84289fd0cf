"""Rules of the study tables: intervals in order, a CI with its level and limits, a ratio
above 0, a margin with a bound, and no results for a study that was not run."""

from __future__ import annotations

import pandas as pd

from denocompare.io.raw import RawTable

#: The numbers of a ratio: all must be above 0 (a log axis has no 0 or below).
_RATIO_NUMBERS = ("difference", "ci_low", "ci_high", "margin_low", "margin_high")


def check_results(tab: RawTable, f: pd.DataFrame, out) -> None:
    """Per-row rules of ``study_results``; ``out`` is the validation's Collector."""
    # Columns a dataset of an earlier format lacks are simply empty.
    f = f.reindex(columns=list(dict.fromkeys([*f.columns, "ci_sides", "measure"])))
    _check_bounds(tab, f, out, (("ci_low", "ci_high", "confidence interval"),
                                ("margin_low", "margin_high", "equivalence margin")))
    nolevel = (f["ci_low"].notna() | f["ci_high"].notna()) & f["ci_level"].isna()
    out.cells(tab, "ci_level", nolevel[nolevel].index,
              "a confidence interval needs its level (e.g. 90 or 95)")
    sides = f["ci_sides"]
    for side, limit in (("one-sided, lower", "ci_low"), ("one-sided, upper", "ci_high")):
        other = "ci_high" if limit == "ci_low" else "ci_low"
        lacks = sides.eq(side).fillna(False) & f[limit].isna() & f[other].notna()
        out.cells(tab, limit, lacks[lacks].index,
                  f"a '{side}' CI gives its {'lower' if limit == 'ci_low' else 'upper'} "
                  "limit; the other limit is filled instead")
    outside = ((f["difference"] < f["ci_low"]) | (f["difference"] > f["ci_high"])).fillna(False)
    out.cells(tab, "difference", outside[outside].index,
              "the difference lies outside its own confidence interval")
    ratio = f["measure"].eq("ratio").fillna(False)
    for col in _RATIO_NUMBERS:
        bad = ratio & (f[col] <= 0).fillna(False)
        out.cells(tab, col, bad[bad].index, "a ratio and its limits and margins are above 0 "
                  "(write a difference with measure 'difference')")


def check_margins(tab: RawTable, f: pd.DataFrame, out) -> None:
    """Per-row rules of ``study_margins``."""
    _check_bounds(tab, f, out, (("margin_low", "margin_high", "equivalence margin"),))
    none = f["margin_low"].isna() & f["margin_high"].isna()
    out.cells(tab, "margin_low", none[none].index,
              "a margin row needs a lower or an upper margin (or both)")


def check_not_run(tabs: dict[str, RawTable], frames: dict[str, pd.DataFrame], out) -> None:
    """A study recorded as waived or not performed has no result rows."""
    if "studies" not in frames or "study_results" not in frames:
        return
    st = frames["studies"]
    not_run = set(st.loc[st["status"].isin(["waived", "not performed"]).fillna(False),
                         "study_id"].dropna())
    res = frames["study_results"]
    bad = res["study_id"].isin(not_run).fillna(False).astype(bool)
    out.cells(tabs["study_results"], "study_id", bad[bad].index,
              "the study is recorded as waived or not performed in studies.csv, so it "
              "has no results; correct its status or remove the row")


def _check_bounds(tab: RawTable, f: pd.DataFrame, out, pairs) -> None:
    for low, high, what in pairs:
        bad = (f[low] > f[high]).fillna(False)
        out.cells(tab, low, bad[bad].index, f"the lower limit of the {what} is above "
                  "the upper limit")
