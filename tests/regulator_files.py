"""Regulator files for the tests, built from facts already in the dataset.

``purple_book_rows(ds)`` and ``ema_rows(ds)`` give one record per product, with the
values the dataset shows (its preferred rows); a file written from them agrees with
the dataset everywhere, so each test changes one thing and expects one difference.
Where the dataset has no value the cell is 'N/A' (Purple Book) or empty (EMA): no
number, date or name here is made up.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from denocompare.core.dataset import Dataset, _text

PB_HEADER = ["N/R/U", "Applicant", "BLA Number", "Proprietary Name", "Proper Name",
             "License Type", "Strength", "Dosage Form", "Route of Administration",
             "Product Presentation", "Marketing Status", "Licensure", "Approval Date",
             "Inter. Approval Date", "Ref. Product Proper Name",
             "Ref. Product Proprietary Name", "Supplement Number", "Submission Type",
             "Inter. Supplement Number", "License Number", "Product Number", "Center",
             "Date of First Licensure", "Exclusivity Expiration Date",
             "First Interchangeable Exclusivity Exp. Date",
             "Ref. Product Exclusivity Exp. Date", "Orphan Exclusivity Exp. Date",
             "Patent List Provided"]
PB_HEADER_OLD = ["BLA Type" if h == "License Type" else h for h in PB_HEADER]
EMA_HEADER = ["Category", "Name of\nmedicine", "EMA product number", "Medicine status",
              "International non-proprietary name (INN) / common name", "Active substance",
              "Therapeutic indication", "Biosimilar",
              "Marketing authorisation developer / applicant / holder",
              "Marketing authorisation\ndate",
              "Withdrawal / expiry / revocation / lapse of marketing authorisation date",
              "Suspension of marketing authorisation date", "Revision number",
              "Last updated date", "Medicine URL"]


def shown(ds: Dataset, pid: str, region: str, attribute: str) -> dict | None:
    a = ds["attributes"]
    rows = a[(a["product_id"] == pid) & (a["region"] == region) & (a["attribute"] == attribute)
             & (a["preferred"].fillna("yes") != "no")]
    return rows.iloc[0].to_dict() if len(rows) else None


def _value(ds, pid, region, attribute, kind: str | None = None) -> str:
    r = shown(ds, pid, region, attribute)
    if r is None or (kind and _text(r["date_kind"]) not in ("", kind)):
        return ""
    return _text(r["value"])


def pb_date(iso: str) -> str:
    """'2024-03-05' -> '05-Mar-24', the Purple Book's way; '' (or a year alone) -> N/A."""
    if len(iso) != 10:
        return "N/A"
    return dt.date.fromisoformat(iso).strftime("%d-%b-%y")


def _strength(mg, ml) -> str:
    if mg is None or _text(mg) == "":
        return "N/A"
    if ml is None or _text(ml) == "":
        return f"{float(mg):g} mg"
    return f"{float(mg):g} mg/mL" if float(ml) == 1 else f"{float(mg):g} mg/{float(ml):g} mL"


def purple_book_rows(ds: Dataset) -> list[dict[str, str]]:
    """One Purple Book row per product with a US name and no 'no licence' status."""
    rows = []
    p = ds["products"]
    for rec in p.to_dict("records"):
        pid, brand = rec["product_id"], _text(rec["name_us"])
        if not brand or _value(ds, pid, "US", "us_status"):
            continue
        inter = _value(ds, pid, "US", "us_interchangeability")
        original = rec["role"] == "originator"
        licence = "351(a)" if original else (
            "351(k) Interchangeable" if inter == "yes" else "351(k) Biosimilar")
        if not original and inter == "not stated":
            continue  # the dataset does not say which: such a row would be a difference
        ref = _text(rec["reference_product_id"])
        bla = "".join(ch for ch in _value(ds, pid, "US", "us_application_number")
                      if ch.isdigit())
        rows.append({
            "N/R/U": "U", "Applicant": "N/A", "BLA Number": bla or "N/A",
            "Proprietary Name": brand,
            "Proper Name": _value(ds, pid, "US", "us_nonproprietary_name") or _text(rec["inn"]),
            "License Type": licence, "Strength": _strength(rec["strength_mg"], rec["volume_ml"]),
            "Marketing Status": "Rx", "Licensure": "Licensed",
            "Approval Date": pb_date(_value(ds, pid, "US", "us_approval_date", "FDA approval")),
            "Inter. Approval Date": pb_date(_value(ds, pid, "US", "us_interchangeability_date")),
            "Ref. Product Proper Name": "N/A" if original else _text(rec["inn"]),
            "Ref. Product Proprietary Name": "N/A" if original else ds.regional_name(ref, "US"),
            "Center": "CDER"})
    return rows


def _quote(v: str) -> str:
    return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\n') else v


def purple_book_text(rows: list[dict], *, header: list[str] = PB_HEADER,
                     changes: list[dict] | None = None, changes_first: bool = True,
                     title: str = "Data Download for November 2026") -> str:
    """The download: title lines, then the month's changes and the full database
    (in either order), each under the same header."""
    def table(caption: str, recs: list[dict]) -> list[str]:
        lines = [_quote(caption), ",".join(_quote(h) for h in header)]
        for r in recs:
            r = {("BLA Type" if k == "License Type" and "BLA Type" in header else k): v
                 for k, v in r.items()}
            lines.append(",".join(_quote(r.get(h, "")) for h in header))
        return lines + [""]
    full = table("All Products", rows)
    monthly = table("Monthly Changes", changes if changes is not None else rows[:2])
    body = monthly + full if changes_first else full + monthly
    return "\n".join(["Purple Book: Database of Licensed Biological Products", title, "",
                      *body])


def ema_rows(ds: Dataset) -> list[dict[str, str]]:
    """One EMA record per product with an EU name, holding the dataset's EU facts."""
    rows = []
    for rec in ds["products"].to_dict("records"):
        pid, brand = rec["product_id"], _text(rec["name_eu"])
        if not brand or _value(ds, pid, "EU", "eu_status"):
            continue
        rows.append({
            "Category": "Human", "Name of\nmedicine": brand,
            "EMA product number": _value(ds, pid, "EU", "eu_procedure_number"),
            "Medicine status": "Authorised",
            "International non-proprietary name (INN) / common name": _text(rec["inn"]),
            "Active substance": _text(rec["inn"]),
            "Biosimilar": "Yes" if rec["role"] == "biosimilar" else "",
            "Marketing authorisation developer / applicant / holder":
                _value(ds, pid, "EU", "marketing_authorisation_holder"),
            "Marketing authorisation\ndate": _dmy(
                _value(ds, pid, "EU", "eu_authorisation_date", "EC decision")),
            "Revision number": "1", "Last updated date": "28/11/2026"})
    return rows


def _dmy(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y") if len(iso) == 10 else ""


def write_ema_xlsx(path: Path, rows: list[dict], header: list[str] = EMA_HEADER,
                   stamp: str = "Report generated on 30/11/2026") -> Path:
    """The workbook: a title block in rows 1-8, the header in row 9."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Medicines"
    ws.append(["European Medicines Agency"])
    ws.append(["Medicines output: medicines report"])
    ws.append([stamp])
    for _ in range(5):
        ws.append([])
    ws.append(header)
    for r in rows:
        ws.append([r.get(h, "") or None for h in header])
    wb.save(path)
    return path


def json_key(heading: str) -> str:
    return "_".join("".join(c if c.isalnum() else " " for c in heading.lower()).split())


def write_ema_json(path: Path, rows: list[dict], meta: dict | None = None) -> Path:
    data = [{json_key(k): v for k, v in r.items()} for r in rows]
    doc = {"data": data, "meta": meta if meta is not None else
           {"total_records": len(data), "last_updated": "30/11/2026 06:00"}}
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path
