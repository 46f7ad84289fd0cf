"""Reading the budget inputs sheet: every problem at once, by row and column."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from denocompare.core.budget import compute
from denocompare.core.errors import DataError
from denocompare.io.budget_inputs import inputs_from_records, read_budget_inputs

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "budget_illustrative.csv"
COMPARISON = ["prolia", "kefdensis", "obodence"]
WORKED = """field,product,year,value
reference,,,prolia
existing_patients,,,100
doses_per_patient_per_year,,,2
horizon_years,,,1
currency,,,EUR
price_per_dose,prolia,,300
price_type,prolia,,list
price_per_dose,kefdensis,,200
price_type,kefdensis,,tender
switched_share_percent,kefdensis,1,50
"""


def write(tmp_path: Path, text: str, name: str = "inputs.csv", encoding="utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def problems(path: Path, products=COMPARISON, ds=None) -> list[str]:
    with pytest.raises(DataError) as err:
        read_budget_inputs(path, products, ds)
    return [str(p) for p in err.value.errors]


def test_the_example_reads_and_is_marked_illustrative(bundled):
    inputs = read_budget_inputs(EXAMPLE, COMPARISON, bundled)
    assert inputs.illustrative and inputs.horizon == 3
    # doses left empty: from the reference's dosing interval in the dataset
    assert (inputs.doses_per_year, inputs.doses_source) == (
        2.0, "from dataset: interval 6 months, S3;S4")
    assert compute(inputs).years.loc[0, "scenario"] == pytest.approx(62_680)


def test_the_worked_example_from_a_sheet(tmp_path):
    inputs = read_budget_inputs(write(tmp_path, WORKED), ["prolia", "kefdensis"])
    assert compute(inputs).totals["difference"] == -10_000
    assert inputs.doses_source == "entered by user"


def test_excel_semicolons_bom_and_decimal_commas(tmp_path):
    text = WORKED.replace(",", ";").replace("300", "299,5")
    inputs = read_budget_inputs(write(tmp_path, text, encoding="utf-8-sig"),
                                ["prolia", "kefdensis"])
    assert inputs.price_of("prolia").price_per_dose == 299.5


def test_every_problem_at_once_with_its_row(tmp_path):
    bad = WORKED.replace("price_per_dose,prolia,,300", "price_per_dose,prolia,,-1") \
        .replace("kefdensis,1,50", "kefdensis,1,abc") + "colour,,,red\n"
    found = problems(write(tmp_path, bad))
    assert any("row 12" in p and "'colour' is not a budget input" in p for p in found)
    assert any("row 11" in p and "'abc' is not a number" in p for p in found)
    # the parser stops before the rules: a half-read input is not checked or computed
    assert len(found) == 2


def test_the_rules_are_reported_by_row(tmp_path):
    bad = WORKED.replace("300", "-1").replace("currency,,,EUR", "currency,,,EUR\n"
                                               "currency,kefdensis,,GBP")
    found = problems(write(tmp_path, bad), ["prolia", "kefdensis"])
    assert any("row 8" in p and "must not be negative" in p for p in found)
    assert any("currencies are mixed (EUR, GBP)" in p for p in found)


@pytest.mark.parametrize("share, ok", [("100", True), ("100.01", False), ("0", True),
                                       ("-0.01", False)])
def test_a_share_at_its_boundary(tmp_path, share, ok):
    path = write(tmp_path, WORKED.replace("kefdensis,1,50", f"kefdensis,1,{share}"))
    if ok:
        read_budget_inputs(path, ["prolia", "kefdensis"])
    else:
        assert any("row 11" in p and "0 to 100" in p for p in problems(path))


def test_a_missing_price_a_product_outside_the_comparison(tmp_path):
    text = WORKED.replace("price_per_dose,prolia,,300\n", "")
    found = problems(write(tmp_path, text), ["prolia", "obodence"])
    assert any("price_per_dose (prolia): missing" in p for p in found)
    assert any("row 8" in p and "'kefdensis' is not in the comparison" in p for p in found)


def test_missing_doses_without_a_dataset_interval(tmp_path, bundled):
    text = WORKED.replace("doses_per_patient_per_year,,,2\n", "").replace("prolia", "stoboclo")
    found = problems(write(tmp_path, text), ["stoboclo", "kefdensis"], bundled)
    assert any("no dosing interval for 'stoboclo'" in p for p in found)


def test_a_field_given_twice_and_a_year_missing(tmp_path):
    text = WORKED + "horizon_years,,,2\nnew_share_percent,kefdensis,,10\n"
    found = problems(write(tmp_path, text))
    assert any("row 12" in p and "given twice (first in row 5)" in p for p in found)
    assert any("row 13" in p and "needs its year" in p for p in found)


def test_a_preset_with_shares_is_refused(tmp_path):
    found = problems(write(tmp_path, WORKED + "uptake_preset,,,fast\n"))
    assert any("uptake_preset" in p and "leave the share rows out" in p for p in found)


def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "inputs.csv"
    os.mkfifo(fifo)
    assert any("named pipe" in p for p in problems(fifo))


def test_a_workbook_sheet(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "notes"
    ws = wb.create_sheet("Budget")
    for line in WORKED.splitlines():
        ws.append([float(c) if c.replace(".", "").isdigit() else c for c in line.split(",")])
    wb.save(tmp_path / "inputs.xlsx")
    inputs = read_budget_inputs(tmp_path / "inputs.xlsx", ["prolia", "kefdensis"])
    assert compute(inputs).totals["difference"] == -10_000


def test_records_of_a_saved_comparison_go_through_the_same_parser():
    with pytest.raises(DataError, match="not a number"):
        inputs_from_records([{"field": "existing_patients", "value": "many"}], "saved")
