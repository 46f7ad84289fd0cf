"""Budget impact of switching to biosimilars: the committee's inputs, and a pure model.

The shape follows ISPOR's budget-impact good practice (the decision-maker's
perspective, a 1–5-year horizon, scenarios, one-way sensitivity). The app ships no
prices: every number here is one the committee entered. Each result can be worked out
by hand from the inputs:

- cost per dose of a product = (price per dose, or pack price / doses per pack)
  x (1 - confidential discount) - reimbursement per dose (when given);
- treated patients in year y = existing patients + new patients per year x y (no one
  stops treatment within the horizon; every patient takes a full year of doses);
- status quo: every treated patient on the reference;
- scenario: a cumulative share of the *existing* patients switched to each
  biosimilar by year y, and each year's new patients started on each biosimilar by
  that year's share (they stay on what they started); the rest on the reference; plus
  the one-off switching cost for each patient switched that year;
- difference = scenario - status quo (negative: a saving).

Worked example (README): 100 existing patients, 2 doses a year, reference 300 and
biosimilar 200 per dose, 50 % switched in year 1 -> 60,000 vs 50,000, a saving of
10,000; a switching cost of 20 per switched patient makes it 9,000.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from denocompare.core.budget_presets import PRESETS, preset_shares

PRICE_TYPES = ("list", "contract", "tender", "ASP-based")
MAX_HORIZON = 5
USER_ENTERED = "entered by user"

__all__ = ["MAX_HORIZON", "PRESETS", "PRICE_TYPES", "USER_ENTERED", "BudgetInputs",
           "BudgetResult", "ProductPrice", "Uptake", "compute", "cost_per_dose",
           "preset_shares"]


@dataclass(frozen=True)
class ProductPrice:
    """What one product costs the hospital, as the committee entered it.

    Give ``price_per_dose``, or ``pack_price`` with ``doses_per_pack``.
    ``discount_pct`` is a confidential discount off that price (0–100);
    ``reimbursement_per_dose`` is what the hospital gets back per dose (e.g. ASP + 6 %
    in the US), subtracted from its cost.
    """

    product_id: str
    price_per_dose: float | None = None
    pack_price: float | None = None
    doses_per_pack: float | None = None
    currency: str = ""
    price_type: str = "list"
    discount_pct: float = 0.0
    reimbursement_per_dose: float | None = None

    def base_per_dose(self) -> float:
        """The price per dose before discount and reimbursement."""
        if self.price_per_dose is not None:
            return float(self.price_per_dose)
        return float(self.pack_price or 0.0) / float(self.doses_per_pack or 1.0)


def cost_per_dose(price: ProductPrice) -> float:
    """Net cost per dose: price x (1 - discount) - reimbursement."""
    net = price.base_per_dose() * (1.0 - price.discount_pct / 100.0)
    return net - float(price.reimbursement_per_dose or 0.0)


@dataclass(frozen=True)
class Uptake:
    """One biosimilar's uptake, one value per year of the horizon, in percent.

    ``new_share``: of each year's new patients, the share started on it.
    ``switched_share``: of the existing patients, the share switched to it by that
    year (cumulative: it never falls).
    """

    product_id: str
    new_share: tuple[float, ...] = ()
    switched_share: tuple[float, ...] = ()


@dataclass(frozen=True)
class BudgetInputs:
    """Everything the budget model reads. Immutable: a ``View`` can hold it.

    Parameters
    ----------
    reference : str
        The reference product (the status quo treats everyone with it).
    prices : tuple of ProductPrice
        The reference's price and each biosimilar's.
    uptake : tuple of Uptake
        Each biosimilar's uptake (ignored unless ``preset`` is 'custom').
    existing_patients, new_patients_per_year : float
        Patients on the reference today; patients starting each year.
    doses_per_year : float
        Doses per patient per year; ``doses_source`` says where it came from
        ("from dataset: interval 6 months, S3;S4" or "entered by user").
    horizon : int
        Years, 1 to ``MAX_HORIZON``.
    switching_cost : float
        One-off cost per switched patient (visits, training).
    sensitivity_pct : float
        The one-way sensitivity range, +/- this percentage of each input.
    preset : str
        'custom', or a key of ``PRESETS`` (the uptake then comes from the preset).
    illustrative : bool
        The prices are illustrative, not real: every table, chart and report says so.
    """

    reference: str
    prices: tuple[ProductPrice, ...] = ()
    uptake: tuple[Uptake, ...] = ()
    existing_patients: float = 0.0
    new_patients_per_year: float = 0.0
    doses_per_year: float = 0.0
    doses_source: str = USER_ENTERED
    horizon: int = 1
    switching_cost: float = 0.0
    sensitivity_pct: float = 20.0
    preset: str = "custom"
    illustrative: bool = False

    def replace(self, **changes: Any) -> BudgetInputs:
        return dataclasses.replace(self, **changes)

    def price_of(self, product_id: str) -> ProductPrice | None:
        return next((p for p in self.prices if p.product_id == product_id), None)

    @property
    def biosimilars(self) -> list[str]:
        """The products priced other than the reference, in the order entered."""
        return [p.product_id for p in self.prices if p.product_id != self.reference]

    @property
    def products(self) -> list[str]:
        return [self.reference, *self.biosimilars]

    @property
    def currency(self) -> str:
        found = [p.currency for p in self.prices if p.currency]
        return found[0] if found else ""

    def shares(self) -> tuple[np.ndarray, np.ndarray]:
        """New and switched shares as fractions, (biosimilars x years) each.

        A year not entered counts as 0 % of new patients, and as the year before for
        switched patients (a cumulative share stays where it was).
        """
        names, years = self.biosimilars, self.horizon
        if self.preset != "custom":
            return preset_shares(self.preset, len(names), years)
        new = np.zeros((len(names), years))
        switched = np.zeros((len(names), years))
        for up in self.uptake:
            if up.product_id not in names:
                continue
            i = names.index(up.product_id)
            values = list(up.new_share[:years])
            new[i, :len(values)] = values
            cum = list(up.switched_share[:years])
            if cum:
                cum += [cum[-1]] * (years - len(cum))
                switched[i] = cum
        return new / 100.0, switched / 100.0




# --- the model -------------------------------------------------------------------------
@dataclass(frozen=True)
class _Arrays:
    """The inputs as numbers: cost per dose (reference first), patients, doses, shares."""

    cost: np.ndarray
    existing: float
    new_per_year: float
    doses: float
    new: np.ndarray
    switched: np.ndarray
    switching_cost: float

    @classmethod
    def of(cls, inputs: BudgetInputs) -> _Arrays:
        # Every product is priced: check() has refused a reference without a price.
        costs = [cost_per_dose(p) for pid in inputs.products if (p := inputs.price_of(pid))]
        new, switched = inputs.shares()
        return cls(np.array(costs),
                   float(inputs.existing_patients), float(inputs.new_patients_per_year),
                   float(inputs.doses_per_year), new, switched, float(inputs.switching_cost))

    def run(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Status quo and scenario cost by year, patients by product and year (the
        reference first), and the existing patients switched in each year."""
        years = np.arange(1, self.new.shape[1] + 1)
        treated = self.existing + self.new_per_year * years
        on_biosimilar = (self.existing * self.switched
                         + self.new_per_year * np.cumsum(self.new, axis=1))
        patients = np.vstack([treated - on_biosimilar.sum(axis=0), on_biosimilar])
        # by year (the last axis); a share scaled back is no one switched back
        newly = self.existing * np.diff(self.switched, prepend=0.0).clip(min=0.0)
        switched_now = newly.sum(axis=0)
        scenario = self.doses * (self.cost @ patients) + self.switching_cost * switched_now
        status = self.doses * self.cost[0] * treated
        return status, scenario, patients, switched_now

    def difference(self) -> float:
        status, scenario, _p, _s = self.run()
        return float(scenario.sum() - status.sum())


@dataclass(frozen=True)
class BudgetResult:
    """What ``compute`` gives; every frame's numbers in the inputs' currency.

    ``years``: one row per year (treated patients, patients switched that year, status
    quo, scenario, difference, and each per treated patient). ``totals``: the same over
    the horizon (per treated patient per year). ``by_product``: the scenario's cost of
    each product by year. ``break_even``: per biosimilar, the cost per dose at which
    the scenario saves nothing over the horizon (others unchanged), and the discount
    off its price that gives it. ``sensitivity``: the cumulative difference with each
    input at -/+ ``sensitivity_pct``, widest first.
    """

    inputs: BudgetInputs
    years: pd.DataFrame
    totals: dict[str, float]
    by_product: pd.DataFrame
    break_even: pd.DataFrame
    sensitivity: pd.DataFrame


def compute(inputs: BudgetInputs) -> BudgetResult:
    """The budget impact of ``inputs``: a pure function, every number reproducible.

    Raises
    ------
    ValueError
        When the inputs break a rule (``budget_checks.check``): nothing is computed
        from a half-valid input.
    """
    from denocompare.core.budget_checks import check  # it imports this module

    problems = check(inputs)
    if problems:
        raise ValueError("; ".join(f"{k[0]}: {m}" for k, m in problems))
    arrays = _Arrays.of(inputs)
    status, scenario, patients, switched_now = arrays.run()
    treated = patients.sum(axis=0)
    years = pd.DataFrame({
        "year": np.arange(1, inputs.horizon + 1), "treated_patients": treated,
        "patients_switched": switched_now, "status_quo": status, "scenario": scenario,
        "difference": scenario - status, "status_quo_per_patient": status / _nonzero(treated),
        "scenario_per_patient": scenario / _nonzero(treated)})
    patient_years = float(treated.sum()) or np.nan
    totals = {"status_quo": float(status.sum()), "scenario": float(scenario.sum()),
              "difference": float(scenario.sum() - status.sum()),
              "status_quo_per_patient": float(status.sum()) / patient_years,
              "scenario_per_patient": float(scenario.sum()) / patient_years}
    by_product = pd.DataFrame(arrays.doses * arrays.cost[:, None] * patients,
                              index=inputs.products, columns=years["year"])
    return BudgetResult(inputs, years, totals, by_product,
                        _break_even(inputs, arrays, patients, totals["difference"]),
                        sensitivity(inputs, arrays))


def _nonzero(values: np.ndarray) -> np.ndarray:
    return np.where(values == 0, np.nan, values)


def _break_even(inputs: BudgetInputs, arrays: _Arrays, patients: np.ndarray,
                difference: float) -> pd.DataFrame:
    # The scenario's cost is linear in each biosimilar's cost per dose: its doses over
    # the horizon are the slope, so the break-even is one division.
    with np.errstate(all="ignore"):  # a cost of 1e-300 divides to inf, said as such
        return _break_even_rows(inputs, arrays, patients, difference)


def _break_even_rows(inputs: BudgetInputs, arrays: _Arrays, patients: np.ndarray,
                     difference: float) -> pd.DataFrame:
    rows = []
    for i, pid in enumerate(inputs.biosimilars, start=1):
        doses = arrays.doses * float(patients[i].sum())
        price = inputs.price_of(pid)
        assert price is not None
        even = arrays.cost[i] - difference / doses if doses > 0 else np.nan
        base = price.base_per_dose()
        gross = even + float(price.reimbursement_per_dose or 0.0)
        rows.append({"product_id": pid, "cost_per_dose": arrays.cost[i],
                     "break_even_cost_per_dose": even,
                     "break_even_discount_pct": (1 - gross / base) * 100 if base else np.nan,
                     "below_reference_pct": (1 - even / arrays.cost[0]) * 100
                     if arrays.cost[0] else np.nan})
    return pd.DataFrame(rows)  # never empty: check() refuses a budget with no biosimilar


def _varied(inputs: BudgetInputs, arrays: _Arrays) -> list[tuple[str, str, float, Any]]:
    """(input, label, its value, how to set it) for every input the sensitivity varies."""
    def cost(i: int):
        return lambda a, f: dataclasses.replace(a, cost=np.where(
            np.arange(len(a.cost)) == i, a.cost * f, a.cost))

    def uptake(a: _Arrays, f: float) -> _Arrays:
        new, switched = a.new * f, a.switched * f
        # A share pushed past 100 % in total is scaled back to 100 %.
        new = new / np.maximum(new.sum(axis=0), 1.0)
        switched = switched / np.maximum(switched.sum(axis=0), 1.0)
        return dataclasses.replace(a, new=new, switched=switched)

    items = [(p, "Cost per dose", float(arrays.cost[i]), cost(i))
             for i, p in enumerate(inputs.products)]
    items += [(name, label, float(getattr(arrays, name)),
               lambda a, f, n=name: dataclasses.replace(a, **{n: getattr(a, n) * f}))
              for name, label in (("doses", "Doses per patient per year"),
                                  ("existing", "Existing patients"),
                                  ("new_per_year", "New patients per year"),
                                  ("switching_cost", "Switching cost per patient"))]
    items.append(("uptake", "Uptake (every share)", 1.0, uptake))
    return items


def sensitivity(inputs: BudgetInputs, arrays: _Arrays | None = None) -> pd.DataFrame:
    """One-way sensitivity of the cumulative difference: each input at -/+ the range.

    An input at 0 cannot vary by a percentage and is left out.
    """
    arrays = arrays or _Arrays.of(inputs)
    step = inputs.sensitivity_pct / 100.0
    base = arrays.difference()
    columns: dict[str, list] = {name: [] for name in _SENSITIVITY_COLUMNS}
    for key, label, value, setter in _varied(inputs, arrays):
        if value == 0:
            continue
        low = setter(arrays, 1 - step).difference()
        high = setter(arrays, 1 + step).difference()
        for name, item in zip(_SENSITIVITY_COLUMNS, (
                key, label, value, value * (1 - step), value * (1 + step), low, high,
                abs(high - low), base), strict=True):
            columns[name].append(item)
    # Sorted before the frame is made: a frame's sort_values costs more than the model.
    order = np.argsort(-np.asarray(columns["swing"]), kind="stable")
    return pd.DataFrame({k: [v[i] for i in order] for k, v in columns.items()})


_SENSITIVITY_COLUMNS = ("input", "label", "base_value", "low_value", "high_value",
                        "difference_low", "difference_high", "swing", "base_difference")
