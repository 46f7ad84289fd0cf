"""Budget inputs and results as the tables people read, and the inputs as records.

Said once, for the window, the command line's CSV/XLSX files and the report: the
column titles, the currency in them, and the "illustrative prices" mark that every
table of an example's prices carries. Records are the long rows of the inputs sheet
(field, product, year, value): the saved comparison stores them too, so one reader
reads both.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from denocompare.core.budget import BudgetInputs, BudgetResult
from denocompare.core.dataset import Dataset

ILLUSTRATIVE = "illustrative prices"
#: Doses a year for one dose every ``n`` of these units.
_PER_YEAR = {"months": 12.0, "weeks": 52.0, "days": 365.0}
Name = Callable[[str], str]


def doses_from_dataset(ds: Dataset, product_id: str, regions: tuple[str, ...] = ("EU", "US")
                       ) -> tuple[float, str] | None:
    """Doses per patient per year from the dataset's dosing interval, and its source.

    Returns e.g. ``(2.0, "from dataset: interval 6 months, S3;S4")`` for every 6
    months, or None when the dataset gives no structured interval. A row for all
    regions comes first, then the regions in ``regions``' order.
    """
    a = ds["attributes"]
    rows = a[(a["product_id"] == product_id) & (a["attribute"] == "interval")
             & a["value_number"].notna() & a["value_unit"].isin(list(_PER_YEAR))]
    order = {r: i for i, r in enumerate(("all", *regions))}
    rows = rows[rows["region"].isin(list(order))]
    if rows.empty:
        return None
    row = rows.iloc[rows["region"].map(order).argsort(kind="stable")].iloc[0]
    every, unit = float(row["value_number"]), str(row["value_unit"])
    if every <= 0:
        return None
    cited = "" if pd.isna(row["source_id"]) else f", {row['source_id']}"
    return round(_PER_YEAR[unit] / every, 4), f"from dataset: interval {every:g} {unit}{cited}"


def doses_unknown(ds: Dataset, product_id: str, name: Name = str) -> str:
    """Where the doses per year must come from when the dataset gives no interval as a
    number: the user ("enter it"), with the interval in words and its source if the
    dataset has one. Never "entered by user": nobody has entered it yet."""
    a = ds["attributes"]
    rows = a[(a["product_id"] == product_id) & (a["attribute"] == "interval")]
    if rows.empty:
        return f"not in the dataset (no dosing interval for {name(product_id)}): enter it"
    row = rows.iloc[0]
    cited = "" if pd.isna(row["source_id"]) else f" [{row['source_id']}]"
    words = str(row["value"])
    words = words if len(words) <= 70 else words[:69] + "…"
    return f"enter it: the dataset gives the interval in words only, “{words}”{cited}"


def to_records(inputs: BudgetInputs) -> list[dict]:
    """The inputs as the rows of an inputs sheet: ``{field, product, year, value}``."""
    rows: list[dict] = []

    def add(field: str, value: object, product: str = "", year: int | None = None) -> None:
        if value is not None:
            rows.append({"field": field, "product": product, "year": year, "value": value})
    add("illustrative_prices", "yes" if inputs.illustrative else "no")
    add("reference", inputs.reference)
    scalars: tuple[tuple[str, object], ...] = (
        ("existing_patients", inputs.existing_patients),
        ("new_patients_per_year", inputs.new_patients_per_year),
        ("doses_per_patient_per_year", inputs.doses_per_year),
        ("doses_source", inputs.doses_source), ("horizon_years", inputs.horizon),
        ("switching_cost_per_patient", inputs.switching_cost),
        ("sensitivity_percent", inputs.sensitivity_pct), ("uptake_preset", inputs.preset))
    for name, value in scalars:
        add(name, value)
    for p in inputs.prices:
        priced: tuple[tuple[str, object], ...] = (
            ("price_per_dose", p.price_per_dose), ("pack_price", p.pack_price),
            ("doses_per_pack", p.doses_per_pack), ("currency", p.currency),
            ("price_type", p.price_type), ("discount_percent", p.discount_pct),
            ("reimbursement_per_dose", p.reimbursement_per_dose))
        for name, value in priced:
            add(name, value, p.product_id)
    for up in inputs.uptake:
        for name, values in (("new_share_percent", up.new_share),
                             ("switched_share_percent", up.switched_share)):
            for year, value in enumerate(values, start=1):
                add(name, value, up.product_id, year)
    return rows


def _marked(frame: pd.DataFrame, inputs: BudgetInputs) -> pd.DataFrame:
    if inputs.illustrative:
        frame.insert(0, "Prices", ILLUSTRATIVE)
    return frame


def inputs_table(inputs: BudgetInputs, name: Name = str) -> pd.DataFrame:
    """The inputs, one per row: what, for which product, the value."""
    rows = [("Reference", "", name(inputs.reference)),
            ("Patients on the reference today", "", f"{inputs.existing_patients:g}"),
            ("New patients per year", "", f"{inputs.new_patients_per_year:g}"),
            ("Doses per patient per year", "", f"{inputs.doses_per_year:g} "
             f"({inputs.doses_source})"),
            ("Horizon", "", f"{inputs.horizon} year{'s' if inputs.horizon != 1 else ''}"),
            ("One-off cost per switched patient", "", f"{inputs.switching_cost:,.2f}"),
            ("Uptake", "", inputs.preset), ("Sensitivity range", "",
                                            f"±{inputs.sensitivity_pct:g} %")]
    for p in inputs.prices:
        price = (f"{p.price_per_dose:,.2f} per dose" if p.price_per_dose is not None else
                 f"{p.pack_price or 0:,.2f} per pack of {p.doses_per_pack or 0:g}")
        extra = (f", discount {p.discount_pct:g} %" if p.discount_pct else "") + (
            f", reimbursed {p.reimbursement_per_dose:,.2f} per dose"
            if p.reimbursement_per_dose is not None else "")
        rows.append(("Price", name(p.product_id),
                     f"{price} {p.currency} ({p.price_type}){extra}"))
    new, switched = inputs.shares()
    for i, pid in enumerate(inputs.biosimilars):
        rows.append(("New patients started on it, % by year", name(pid),
                     " / ".join(f"{v * 100:g}" for v in new[i])))
        rows.append(("Existing patients switched to it, cumulative % by year", name(pid),
                     " / ".join(f"{v * 100:g}" for v in switched[i])))
    return _marked(pd.DataFrame(rows, columns=["Input", "Product", "Value"]), inputs)


def years_table(result: BudgetResult) -> pd.DataFrame:
    """Year by year, then the total over the horizon (per patient: per patient-year)."""
    cur = result.inputs.currency
    y, t = result.years, result.totals

    def col(name: str, total: float) -> list:
        return [*y[name].tolist(), total]
    frame = pd.DataFrame({
        "Year": [*(str(v) for v in y["year"]), "Total"],
        "Treated patients": col("treated_patients", float(y["treated_patients"].sum())),
        "Switched this year": col("patients_switched", float(y["patients_switched"].sum())),
        f"Status quo ({cur})": col("status_quo", t["status_quo"]),
        f"Scenario ({cur})": col("scenario", t["scenario"]),
        f"Difference ({cur})": col("difference", t["difference"]),
        f"Status quo per patient ({cur})": col("status_quo_per_patient",
                                               t["status_quo_per_patient"]),
        f"Scenario per patient ({cur})": col("scenario_per_patient",
                                             t["scenario_per_patient"])})
    return _marked(frame.round(2), result.inputs)


def break_even_table(result: BudgetResult, name: Name = str) -> pd.DataFrame:
    cur = result.inputs.currency
    b = result.break_even
    frame = pd.DataFrame({
        "Biosimilar": [name(p) for p in b["product_id"]],
        f"Cost per dose ({cur})": b["cost_per_dose"],
        f"Break-even cost per dose ({cur})": b["break_even_cost_per_dose"],
        "Break-even discount off its price (%)": b["break_even_discount_pct"],
        "Break-even cost below the reference's (%)": b["below_reference_pct"]})
    return _marked(frame.round(2), result.inputs)


def sensitivity_label(row: pd.Series | dict, name: Name = str) -> str:
    """'Cost per dose: <brand>', 'Existing patients'."""
    key = row["input"]
    return f"{row['label']}: {name(key)}" if row["label"] == "Cost per dose" else row["label"]


def sensitivity_table(result: BudgetResult, name: Name = str) -> pd.DataFrame:
    cur = result.inputs.currency
    s = result.sensitivity
    pct = f"{result.inputs.sensitivity_pct:g} %"
    frame = pd.DataFrame({
        "Input": [sensitivity_label({"input": i, "label": label}, name)
                  for i, label in zip(s["input"], s["label"], strict=True)],
        "Base value": s["base_value"], f"Value −{pct}": s["low_value"],
        f"Value +{pct}": s["high_value"],
        f"Cumulative difference at −{pct} ({cur})": s["difference_low"],
        f"Cumulative difference at +{pct} ({cur})": s["difference_high"]})
    return _marked(frame.round(2), result.inputs)


def result_tables(result: BudgetResult, name: Name = str) -> dict[str, pd.DataFrame]:
    """Every table, by file stem: inputs, results by year, break-even, sensitivity."""
    return {"budget-inputs": inputs_table(result.inputs, name),
            "budget-by-year": years_table(result),
            "budget-break-even": break_even_table(result, name),
            "budget-sensitivity": sensitivity_table(result, name)}
