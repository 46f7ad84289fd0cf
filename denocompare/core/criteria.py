"""Weighted criteria: what the data scores, what the committee scores, and the ranking.

Every automatic score is a number from 0 (worst) to 1 (best) with the rule it followed
and the values and sources it used. A fact no source gives is a *gap*
(``Score.value is None``), never a favourable score: the committee chooses, per
criterion, to score gaps as the worst value or to leave the criterion out for that
product, and the result says which products a criterion was left out for.

Scores by hand (supply reliability, patient support, anything the committee adds) are
given on the same 0-1 scale. Weights are points (any non-negative numbers); a
product's total is the weighted mean of its scores, so it stays on 0-1.

Qt-free and pure: the Decision tab, the report and ``denocompare decision`` use it the
same way. The equivalence-evidence criterion's tiers are in ``core.criteria_evidence``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

import numpy as np

from denocompare.core import compare as C
from denocompare.core import criteria_evidence as EV
from denocompare.core.dataset import Dataset
from denocompare.core.view import View

WORST, LEAVE_OUT = "score as worst", "leave out for that product"
GAP_POLICIES = (WORST, LEAVE_OUT)


@dataclass(frozen=True)
class Score:
    value: float | None  # 0-1; None: a gap, the source does not report it
    used: str  # the values the rule read, in words
    sources: str = ""


class Tables:
    """The dataset and view a scoring reads, with the comparison tables built once."""

    def __init__(self, ds: Dataset, view: View):
        self.ds, self.view = ds, view

    @cached_property
    def attributes(self) -> C.CellTable:
        return C.attribute_table(self.ds, self.view)

    @cached_property
    def indications(self) -> C.CellTable:
        return C.indication_matrix(self.ds, self.view)


Scorer = Callable[[Tables, str], Score]


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    rule: str
    score: Scorer | None = None  # None: scored by hand


def _attr(ds: Dataset, pid: str, attribute: str) -> tuple[str, str]:
    """(value, sources) of the product's preferred row of ``attribute``, or ('', '')."""
    a = ds["attributes"]
    rows = a[(a["product_id"] == pid) & (a["attribute"] == attribute)]
    if rows.empty:
        return "", ""
    pref = rows[rows["preferred"].fillna("") != "no"] if "preferred" in rows else rows
    rec = (pref if not pref.empty else rows).iloc[0]
    return str(rec["value"]), str(rec["source_id"])


_STATUS_SCORE = {"authorised": 1.0, "CHMP positive opinion": 0.5}
_LICENCE_DATE = {"EU": "eu_authorisation_date", "US": "us_approval_date"}


def _status(t: Tables, pid: str, region: str) -> Score:
    ds = t.ds
    value, src = _attr(ds, pid, f"{region.lower()}_status")
    if not value:
        date, src = _attr(ds, pid, _LICENCE_DATE[region])
        if date:
            return Score(1.0, f"{region} authorisation dated {date}", src)
    if not value or value == "not reported":
        return Score(None, f"{region} status not reported in source", src)
    # A word not in _STATUS_SCORE (refused, withdrawn, suspended, one added to the
    # vocabulary later) scores 0: never favourable unless scored on purpose here.
    return Score(_STATUS_SCORE.get(value, 0.0), f"{region} status: {value}", src)


_INTERCHANGEABLE = {"yes": 1.0, "provisional": 0.5, "no": 0.0}


def _interchangeability(t: Tables, pid: str) -> Score:
    value, src = _attr(t.ds, pid, "us_interchangeability")
    if value not in _INTERCHANGEABLE:
        return Score(None, "US interchangeability not reported in source"
                     + (f" ('{value}')" if value else ""), src)
    return Score(_INTERCHANGEABLE[value], f"US interchangeability: {value}", src)


def _launched(t: Tables, pid: str) -> Score:
    values = [(r, *_attr(t.ds, pid, f"{r.lower()}_market_status")) for r in t.view.regions]
    # Any word but "launched" (not launched, discontinued, one this version does not
    # know) counts as not launched: a status word is never favourable by default.
    known = [(r, v, s) for r, v, s in values if v and v != "not reported"]
    if not known:
        return Score(None, "market status not reported in source")
    launched = [r for r, v, _s in known if v == "launched"]
    return Score(len(launched) / len(known),
                 "; ".join(f"{r}: {v}" for r, v, _s in known),
                 ";".join(s for _r, _v, s in known if s))


def _like_reference(t: Tables, pid: str, label: str) -> Score:
    table = t.attributes
    rows = [i for i, name in enumerate(table.values.index)
            if name == label or name.startswith(f"{label} (")]
    col = t.ds.short_name(pid)
    # A region where the product holds no licence is scored under its regulatory
    # status, not again here as a presentation "different" from the reference's.
    unlicensed = [table.values.index[i] for i in rows
                  if table.states[col].iloc[i] == C.NO_LICENCE]
    rows = [i for i in rows if table.states[col].iloc[i] != C.NO_LICENCE]
    if unlicensed and not rows:
        return Score(None, f"{label}: no licence where the reference's is given "
                     f"({'; '.join(unlicensed)})")
    states = [table.states[col].iloc[i] for i in rows]
    shown = [table.values[col].iloc[i] for i in rows]
    srcs = ";".join(s for i in rows if (s := table.sources[col].iloc[i]))
    if not states:  # no row at all (rows without a licence returned above): no sources
        return Score(None, f"{label} not reported in source")
    if C.MISSING in states:
        gone = [table.values.index[i] for i in rows if table.states[col].iloc[i] == C.MISSING]
        return Score(None, f"{'; '.join(gone)}: not reported in source", srcs)
    if C.CONFLICT in states:
        return Score(None, f"{label}: the sources differ ({'; '.join(shown)})", srcs)
    same = all(s in (C.SAME, C.SAME_WORDING) for s in states)
    left = f" ({'; '.join(unlicensed)}: no licence there, scored under its status)" \
        if unlicensed else ""
    return Score(1.0 if same else 0.0, f"{label}: {'; '.join(shown)} — "
                 + ("as the reference" if same else "differs from the reference") + left,
                 srcs)


def _indications(t: Tables, pid: str) -> Score:
    table, ids = t.indications, t.view.products
    states = table.states.to_numpy()  # columns: the view's products, region by region
    n, i = len(ids), ids.index(pid)
    held = total = 0
    regions = []
    for r, region in enumerate(t.view.regions):
        # A region's columns start with the reference's: the view's first product.
        pairs = states[:, [r * n, r * n + i]]  # (the reference's state, the product's)
        if C.NO_LICENCE in pairs[:, 1]:
            continue  # no licence there: the regulatory status criterion says so
        regions.append(region)
        for ref_state, state in pairs:
            if ref_state != C.AUTHORISED:
                continue
            if state == C.MISSING:
                return Score(None, f"one of the reference's {region} indications is not "
                             "reported in source for this product")
            total += 1
            held += state != C.CARVE_OUT
    if not regions:
        return Score(0.0, "no licence in the regions compared")
    if not total:
        return Score(None, "the reference's indications are not reported in source")
    return Score(held / total, f"{held} of the reference's {total} authorised indications "
                 f"({', '.join(regions)})")


def _price(t: Tables, pid: str) -> Score:
    from denocompare.core.budget import cost_per_dose

    budget = t.view.budget
    if budget is None:
        return Score(None, "no prices: enter them on the Budget tab")
    mine, ref = budget.price_of(pid), budget.price_of(t.view.reference)
    if mine is None or ref is None:
        return Score(None, "no price entered for "
                     + ("this product" if mine is None else "the reference"))
    cost, ref_cost = cost_per_dose(mine), cost_per_dose(ref)
    if ref_cost <= 0:
        return Score(None, "the reference's net cost per dose is 0: nothing to compare with")
    saved = min(max(1 - cost / ref_cost, 0.0), 1.0)
    mark = " (illustrative prices)" if budget.illustrative else ""
    return Score(saved, f"net cost per dose {cost:,.2f} vs the reference's {ref_cost:,.2f} "
                 f"{budget.currency}{mark}: {100 * saved:.0f} % less")


# Scorers bound with partial rather than built as closures at import: their code runs
# when a product is scored, where a test (and the mutation run) can reach it.
AUTOMATIC = (
    Criterion("indications", "Indications (vs reference)",
              "share of the reference's authorised indications also authorised, in the "
              "regions where the product holds a licence (a carve-out counts against)",
              _indications),
    Criterion("eu_status", "EU regulatory status",
              "authorised 1; CHMP positive opinion 0.5; refused, withdrawn, no licence 0",
              partial(_status, region="EU")),
    Criterion("us_status", "US regulatory status",
              "approved 1; refused, complete response letter, no licence 0",
              partial(_status, region="US")),
    Criterion("interchangeability", "US interchangeability",
              "yes 1; provisional 0.5; no 0", _interchangeability),
    Criterion("presentation", "Presentation (vs reference)",
              "1 if the same as the reference (wording aside), else 0",
              partial(_like_reference, label="Presentation")),
    Criterion("latex", "Latex (vs reference)", "1 if the same as the reference, else 0",
              partial(_like_reference, label="Latex")),
    Criterion("room_temperature", "Room temperature (vs reference)",
              "1 if the same as the reference, else 0",
              partial(_like_reference, label="Room-temperature allowance")),
    Criterion("evidence", "Equivalence evidence", EV.RULE,
              lambda t, pid: Score(*EV.evidence(t.ds, pid))),
    Criterion("launch", "Launched", "share of the view's regions where it is launched",
              _launched),
    Criterion("price", "Net price per dose", "the share of the reference's net cost per "
              "dose it saves (0 if not cheaper), from the Budget tab's prices", _price),
)


def default_settings(has_prices: bool) -> Settings:
    """Weights a comparison starts with: 10 points each; price only with prices."""
    return Settings(weights=tuple((c.key, 10.0 if c.key != "price" or has_prices else 0.0)
                                  for c in AUTOMATIC))


def settings_for(view: View) -> Settings:
    """The committee's settings of ``view``, or the defaults when it set none."""
    return view.criteria or default_settings(view.budget is not None)


def automatic_scores(ds: Dataset, view: View) -> dict[str, dict[str, Score]]:
    """criterion key -> comparator id -> Score: the comparators are scored against the
    reference (which would score 1 on every "as the reference" criterion)."""
    tables = Tables(ds, view)
    return {c.key: {pid: c.score(tables, pid) for pid in view.comparators}
            for c in AUTOMATIC if c.score is not None}


@dataclass(frozen=True)
class Ranked:
    product: str
    total: float
    left_out: tuple[str, ...]  # criteria left out for this product (gaps, by choice)
    #: criterion -> its share of ``total`` (they add up to it); a gap scored as worst
    #: is there with 0, and listed in ``gaps``.
    parts: tuple[tuple[str, float], ...] = ()
    gaps: tuple[str, ...] = ()


def rank(scores: Mapping[str, Mapping[str, float | None]], weights: Mapping[str, float],
         policies: Mapping[str, str] | None = None) -> list[Ranked]:
    """Products by weighted mean score, best first (ties: in the order given).

    A gap counts as 0 under ``WORST`` (the default) and drops the criterion from that
    product's mean under ``LEAVE_OUT``. A criterion of weight 0 plays no part.
    """
    policies = policies or {}
    products = list(dict.fromkeys(p for per in scores.values() for p in per))
    return sorted((_total(pid, scores, weights, policies) for pid in products),
                  key=lambda r: -r.total)


def _total(pid: str, scores: Mapping[str, Mapping[str, float | None]],
           weights: Mapping[str, float], policies: Mapping[str, str]) -> Ranked:
    used: list[tuple[str, float, float]] = []
    left, gaps = [], []
    for key, per in scores.items():
        w = float(weights.get(key, 0.0))
        if w <= 0:
            continue
        value = per.get(pid)
        if value is None:
            if policies.get(key) == LEAVE_OUT:  # WORST unless said
                left.append(key)
                continue
            gaps.append(key)
        used.append((key, w, value or 0.0))
    den = sum(w for _k, w, _v in used)
    parts = tuple((k, w * v / den) for k, w, v in used)  # den > 0 if any is used
    return Ranked(pid, sum(p for _k, p in parts), tuple(left), parts, tuple(gaps))


def robustness(scores: Mapping[str, Mapping[str, float | None]],
               weights: Mapping[str, float], policies: Mapping[str, str] | None = None,
               step: float = 1.0, limit: float = 100.0) -> tuple[str, float] | None:
    """The smallest change of one weight (in steps of ``step`` points, up to ``limit``)
    that puts another product first or level with it: (criterion, signed change), or
    None if none does. Smaller changes are tried first, a decrease before an increase."""
    ranked = rank(scores, weights, policies)
    if len(ranked) < 2:
        return None
    # Every trial at once, as ``rank`` would total it (a trial a change of one weight,
    # in the order tried): one by one, a lead no change takes tried 1,800 rankings of
    # the family (0.2 s on the GUI thread at each edit of a weight).
    policies = policies or {}
    keys, products = list(scores), [r.product for r in ranked]  # the first place first
    values = np.array([[scores[k].get(p) or 0.0 for p in products] for k in keys])  # a gap: 0
    counted = np.array([[scores[k].get(p) is not None or policies.get(k) != LEAVE_OUT
                         for p in products] for k in keys])
    n, base = len(keys), np.array([float(weights.get(k, 0.0)) for k in keys])
    changes = np.arange(1, int(limit / step) + 1) * step
    deltas = np.stack([-changes, changes], axis=1)[:, None, :]  # change, key, down/up
    trial = base + deltas[..., None] * np.eye(n)[:, None, :]  # (change, key, down/up, weights)
    changed = (base[:, None] + deltas).ravel()  # the changed weight of each trial
    used = np.maximum(trial, 0.0).reshape(changed.size, n)
    num, den = used @ values, used @ counted  # a gap adds 0; its weight only if counted
    totals = num / np.where(den > 0, den, 1.0)  # no weight left: 0 / 0, a total of 0
    # A tie for first is a change: the first place is no longer clear.
    moved = (changed >= 0) & (totals[:, 1:] >= totals[:, :1] - 1e-12).any(axis=1)
    if not moved.any():
        return None
    at = int(np.argmax(moved))  # the first trial that moves it: the smallest change
    return keys[(at // 2) % n], float(deltas[at // (2 * n), 0, at % 2])


def robustness_text(result: tuple[str, float] | None, labels: Mapping[str, str]) -> str:
    if result is None:
        return "No single change of one weight (up to 100 points) changes the first place."
    key, delta = result
    points = f"{abs(delta):g} point{'s' if abs(delta) != 1 else ''}"
    return (f"The first place changes if {labels.get(key, key)} weighs {points} "
            f"{'less' if delta < 0 else 'more'}.")


@dataclass(frozen=True)
class Settings:
    """The committee's side of the criteria: weights (points), the criteria it scores
    by hand (key -> label) with their scores (criterion -> product -> 0-1), and how a
    gap is scored per criterion. Saved with the comparison."""

    weights: tuple[tuple[str, float], ...] = ()
    manual: tuple[tuple[str, str], ...] = ()
    manual_scores: tuple[tuple[str, str, float], ...] = ()  # (criterion, product, score)
    policies: tuple[tuple[str, str], ...] = ()

    def labels(self) -> dict[str, str]:
        return {**{c.key: c.label for c in AUTOMATIC}, **dict(self.manual)}

    def scores(self, automatic: Mapping[str, Mapping[str, Score]],
               products: list[str]) -> dict[str, dict[str, float | None]]:
        """Every criterion's scores (automatic and by hand); a product not yet scored by
        hand is a gap."""
        out = {k: {p: s.value for p, s in per.items()} for k, per in automatic.items()}
        given = {(c, p): v for c, p, v in self.manual_scores}
        for key, _label in self.manual:
            out[key] = {p: given.get((key, p)) for p in products}
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"weights": dict(self.weights), "manual": dict(self.manual),
                "manual_scores": [list(t) for t in self.manual_scores],
                "gaps": dict(self.policies)}

    @classmethod
    def from_dict(cls, data: Any) -> Settings:
        """Read saved settings; ``ValueError`` listing every problem."""
        if not isinstance(data, dict):
            raise ValueError("criteria: not a set of weights and scores")
        problems: list[str] = []
        weights = _weights(data.get("weights") or {}, problems)
        manual = data.get("manual") or {}
        if not isinstance(manual, dict):
            problems.append("criteria scored by hand: not a list of names")
            manual = {}
        scores = []
        for item in data.get("manual_scores") or []:
            ok = isinstance(item, list) and len(item) == 3 and item[0] in manual
            value = _number(item[2], f"score of {item[0]} for {item[1]}", problems, 1.0) \
                if ok else None
            if not ok:
                problems.append(f"score by hand {item!r}: not [criterion, product, score]")
            elif value is not None:
                scores.append((str(item[0]), str(item[1]), value))
        gaps = data.get("gaps") or {}
        bad = {k: v for k, v in gaps.items() if v not in GAP_POLICIES} \
            if isinstance(gaps, dict) else {"gaps": gaps}
        problems += [f"gaps of {k}: '{v}' is not one of {', '.join(GAP_POLICIES)}"
                     for k, v in bad.items()]
        if problems:
            raise ValueError("; ".join(problems))
        return cls(tuple(weights.items()), tuple((str(k), str(v)) for k, v in manual.items()),
                   tuple(scores), tuple(gaps.items()))


def _number(value: Any, what: str, problems: list[str], upper: float | None) -> float | None:
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        problems.append(f"{what}: '{value}' is not a number")
        return None
    if not 0 <= number < math.inf or (upper is not None and number > upper):
        bound = f"from 0 to {upper:g}" if upper is not None else "0 or more"
        problems.append(f"{what}: {value} must be {bound}")
        return None
    return number


def _weights(values: Any, problems: list[str]) -> dict[str, float]:
    if not isinstance(values, dict):
        problems.append("weights: not a list of criteria with numbers")
        return {}
    out = {}
    for key, value in values.items():
        number = _number(value, f"weight of {key}", problems, None)
        if number is not None:
            out[str(key)] = number
    return out
