"""Read the budget inputs a committee filled in: a CSV file or an XLSX sheet, or records.

The sheet is long, one input a row, so that any spreadsheet can hold it:

    field,product,year,value,note
    reference,,,originator_id,
    price_per_dose,originator_id,,300,
    switched_share_percent,biosimilar_id,1,50,

Files go through the dataset's own readers (encodings, BOM, semicolons, FIFOs and
size limits, formulas without values); the records of a saved comparison through the
same parser. Every problem is reported at once, by file, row and column (or field);
``DataError`` is raised when there is any, so nothing is computed from a half-valid
input. The rules themselves are ``core.budget_checks``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from denocompare.core.budget import USER_ENTERED, BudgetInputs, ProductPrice, Uptake
from denocompare.core.budget_checks import Key, check
from denocompare.core.budget_tables import doses_from_dataset
from denocompare.core.dataset import Dataset
from denocompare.core.errors import DataError, Problem
from denocompare.io.csv_reader import open_utf8, read_csv_stream
from denocompare.io.raw import RawTable, not_regular

#: An inputs sheet is a few dozen rows; anything this large is another file.
MAX_BYTES = 1_000_000
COLUMNS = ("field", "product", "year", "value")
#: field -> kind of value: a number, a whole number, text, yes/no.
SCALARS = {"reference": "text", "existing_patients": "number",
           "new_patients_per_year": "number", "doses_per_patient_per_year": "number",
           "doses_source": "text", "horizon_years": "int",
           "switching_cost_per_patient": "number", "sensitivity_percent": "number",
           "uptake_preset": "text", "illustrative_prices": "bool", "currency": "text"}
PER_PRODUCT = {"price_per_dose": "number", "pack_price": "number", "doses_per_pack": "number",
               "currency": "text", "price_type": "text", "discount_percent": "number",
               "reimbursement_per_dose": "number"}
PER_YEAR = {"new_share_percent": "number", "switched_share_percent": "number"}
REQUIRED = ("existing_patients", "horizon_years")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
Record = tuple[int | None, dict[str, Any]]  # (spreadsheet row or None, the row's cells)


def read_budget_inputs(path: str | Path, products: Sequence[str] | None = None,
                       ds: Dataset | None = None) -> BudgetInputs:
    """Read an inputs file (.csv, .xlsx): the inputs, or ``DataError`` listing every problem.

    Parameters
    ----------
    path : path-like
        The CSV file or workbook (its sheet 'budget', else its first sheet).
    products : sequence of str, optional
        The products of the comparison, the reference first; the inputs may name no
        other, and the reference is the comparison's.
    ds : Dataset, optional
        Where doses per year come from when the sheet leaves them out (the
        reference's dosing interval).
    """
    target = Path(path)
    label = target.name or str(target)
    problems: list[Problem] = []
    table = _read_table(target, label, problems)
    if table is None or any(p.severity == "error" for p in problems):
        raise DataError(label, problems or [Problem(label, "nothing could be read")])
    records = _records(table, problems)
    return inputs_from_records(records, table.label, products, ds, problems,
                               decimal_comma=table.delimiter == ";")


def _read_table(target: Path, label: str, problems: list[Problem]) -> RawTable | None:
    if not target.exists():
        problems.append(Problem(label, f"no such file: {target}"))
        return None
    special = not_regular(target)
    if special:
        problems.append(Problem(label, special))
        return None
    if target.stat().st_size > MAX_BYTES:
        problems.append(Problem(label, f"the file is {target.stat().st_size:,} bytes; a "
                                "budget inputs sheet is a few dozen rows. Check that this "
                                "is the right file."))
        return None
    suffix = target.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_sheet(target, label, problems)
        if suffix != ".csv":
            problems.append(Problem(label, "budget inputs are a .csv file or an .xlsx "
                                    "workbook"))
            return None
        with open(target, "rb") as fh:
            found = open_utf8(fh, label, problems)
            return None if found is None else read_csv_stream(found[0], "budget", label,
                                                               problems, start=found[1])
    except OSError as exc:
        problems.append(Problem(label, f"the file could not be read ({exc.strerror or exc})"))
        return None


def _read_sheet(path: Path, label: str, problems: list[Problem]) -> RawTable | None:
    """The sheet 'budget' (else the first), read as the dataset reader reads a table."""
    from openpyxl import load_workbook

    # The workbook reader's own checks and sheet reader, so that a budget sheet meets
    # the same handling of damaged files, formulas and merged cells as a dataset.
    from denocompare.io.xlsx_reader import _not_a_workbook, _read_one_sheet, _scan_sheet_xml

    why = _not_a_workbook(path)
    if why:
        problems.append(Problem(label, why))
        return None
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises anything on a damaged file
        problems.append(Problem(label, f"the workbook could not be opened ({exc})"))
        return None
    try:
        named = [ws for ws in wb.worksheets if ws.title.strip().lower() == "budget"]
        ws = (named or wb.worksheets)[0]
        has_formulas, _merges, _cells = _scan_sheet_xml(path, ws)
        return _read_one_sheet(path, ws, "budget", f"{label}, sheet '{ws.title}'", problems,
                               has_formulas, lambda _done: None)
    finally:
        wb.close()


def _records(table: RawTable, problems: list[Problem]) -> list[Record]:
    heads = {str(c).strip().lower(): i for i, c in enumerate(table.frame.columns)}
    missing = [c for c in ("field", "value") if c not in heads]
    if missing:
        problems.append(Problem(table.label, f"the header row needs the columns "
                                f"{', '.join(COLUMNS)} (missing: {', '.join(missing)})",
                                table.header_row))
        return []
    out: list[Record] = []
    for row, cells in zip(table.frame.index, table.frame.itertuples(index=False), strict=True):
        record = {c: str(cells[heads[c]]).strip() for c in COLUMNS if c in heads}
        if record.get("field", "").startswith("#") or not any(record.values()):
            continue  # a comment row, or a blank one
        out.append((int(row), record))
    return out


def inputs_from_records(records: Iterable[Record] | Iterable[dict], label: str,
                        products: Sequence[str] | None = None, ds: Dataset | None = None,
                        problems: list[Problem] | None = None,
                        decimal_comma: bool = False) -> BudgetInputs:
    """The inputs from their rows (an inputs sheet's, or a saved comparison's), or
    ``DataError`` listing every problem, the parser's and the rules' alike."""
    problems = [] if problems is None else problems
    rows = [r if isinstance(r, tuple) else (None, r) for r in records]
    parser = _Parser(label, problems, decimal_comma)
    values = parser.collect(rows)
    inputs = parser.build(values, products, ds) if not _errors(problems) else None
    if inputs is not None:
        for (field, product, year), message in check(inputs, products):
            problems.append(parser.problem(field, product, year, message))
    if inputs is None or _errors(problems):
        raise DataError(label, problems)
    return inputs


def _errors(problems: list[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


class _Parser:
    """Turns rows into typed values, remembering each one's row for the problems."""

    def __init__(self, label: str, problems: list[Problem], decimal_comma: bool):
        self.label, self.problems, self.decimal_comma = label, problems, decimal_comma
        self.rows: dict[Key, int | None] = {}

    def problem(self, field: str, product: str, year: int, message: str) -> Problem:
        where = field + (f" ({product}" + (f", year {year}" if year else "") + ")"
                         if product else f" (year {year})" if year else "")
        row = self.rows.get((field, product, year))
        if row is None and product:  # e.g. a pack price where a price per dose is named
            row = next((r for (_f, p, _y), r in self.rows.items() if p == product), None)
        return Problem(self.label, f"{where}: {message}", row, "value" if row else None)

    def collect(self, rows: list[Record]) -> dict[Key, Any]:
        values: dict[Key, Any] = {}
        for row, record in rows:
            key = self._key(row, record)
            if key is None:
                continue
            if key in self.rows:
                first = self.rows[key]
                self.problems.append(Problem(self.label, f"{key[0]} is given twice"
                                             + (f" (first in row {first})" if first else ""),
                                             row, "field"))
                continue
            self.rows[key] = row
            value = self._value(key, record.get("value"), row)
            if value is not None:
                values[key] = value
        return values

    def _key(self, row: int | None, record: dict[str, Any]) -> Key | None:
        field = str(record.get("field") or "").strip().lower()
        product = str(record.get("product") or "").strip()
        year_text = str(record.get("year") if record.get("year") is not None else "").strip()
        known = {**SCALARS, **PER_PRODUCT, **PER_YEAR}
        if field not in known:
            self.problems.append(Problem(self.label, f"'{field}' is not a budget input (known: "
                                         f"{', '.join(sorted(known))})", row, "field"))
            return None
        if field in PER_YEAR or field in PER_PRODUCT and field not in SCALARS:
            if not product:
                self.problems.append(Problem(self.label, f"{field} needs the product it is "
                                             "for", row, "product"))
                return None
        if product and field in SCALARS and field not in PER_PRODUCT:
            self.problems.append(Problem(self.label, f"{field} is for the whole budget: leave "
                                         f"the product empty (not '{product}')", row,
                                         "product"))
            return None
        year = 0
        if field in PER_YEAR:
            if not re.fullmatch(r"[1-9]\d*", year_text):
                self.problems.append(Problem(self.label, f"{field} needs its year (1, 2, …), "
                                             f"not '{year_text}'", row, "year"))
                return None
            year = int(year_text)
        return field, product, year

    def _value(self, key: Key, raw: object, row: int | None) -> Any:
        kind = {**SCALARS, **PER_PRODUCT, **PER_YEAR}[key[0]]
        if key[0] in PER_PRODUCT and key[1]:
            kind = PER_PRODUCT[key[0]]
        if isinstance(raw, bool) or raw is None or str(raw).strip() == "":
            return raw if isinstance(raw, bool) else None
        if isinstance(raw, (int, float)):
            return raw
        text = str(raw).strip()
        if kind == "text":
            return text
        if kind == "bool":
            lowered = text.lower()
            if lowered in ("yes", "true", "1", "no", "false", "0"):
                return lowered in ("yes", "true", "1")
            return self._bad(key, row, f"'{text}' is not yes or no")
        number = text.replace("\u00a0", "").replace(" ", "").removesuffix("%")
        if self.decimal_comma and re.fullmatch(r"[+-]?\d+,\d+", number):
            number = number.replace(",", ".")
        if not _NUMBER.fullmatch(number):
            return self._bad(key, row, f"'{text}' is not a number (write e.g. 1200.50, with "
                             "no thousands separator)")
        value = float(number)
        if kind == "int":
            if not value.is_integer():
                return self._bad(key, row, f"'{text}' is not a whole number")
            return int(value)
        return value

    def _bad(self, key: Key, row: int | None, message: str) -> None:
        self.problems.append(self.problem(*key, message))
        return None

    def build(self, v: dict[Key, Any], products: Sequence[str] | None,
              ds: Dataset | None) -> BudgetInputs | None:
        """The inputs from typed values; None (with problems) when one is missing."""
        def get(field: str, product: str = "", year: int = 0, default: Any = None) -> Any:
            return v.get((field, product, year), default)
        reference = get("reference") or (products[0] if products else "")
        if not reference:
            self.problems.append(self.problem("reference", "", 0, "missing: name the "
                                              "reference product"))
        for field in REQUIRED:
            if get(field) is None:
                self.problems.append(self.problem(field, "", 0, "missing"))
        doses, source = self._doses(get("doses_per_patient_per_year"),
                                    get("doses_source") or USER_ENTERED, reference, ds)
        priced = list(dict.fromkeys(p for (f, p, _y) in v if f in PER_PRODUCT and p))
        for pid in priced:
            for field in ("price_type",):
                if get(field, pid) is None:
                    self.problems.append(self.problem(field, pid, 0, "missing: list, contract, "
                                                      "tender or ASP-based"))
        preset = str(get("uptake_preset", default="custom")).lower()
        if preset != "custom" and any(f in PER_YEAR for (f, _p, _y) in v):
            self.problems.append(self.problem("uptake_preset", "", 0, f"is '{preset}', so the "
                                              "shares come from it: leave the share rows out, "
                                              "or set it to custom"))
        if _errors(self.problems) or doses is None:
            return None
        return BudgetInputs(
            reference, tuple(self._price(v, pid) for pid in priced),
            self._uptake(v), float(get("existing_patients")),
            float(get("new_patients_per_year", default=0.0)), float(doses), str(source),
            int(get("horizon_years")), float(get("switching_cost_per_patient", default=0.0)),
            float(get("sensitivity_percent", default=20.0)),
            preset,
            bool(get("illustrative_prices", default=False)))

    def _doses(self, doses: float | None, source: str, reference: str, ds: Dataset | None
               ) -> tuple[float | None, str]:
        """Doses per year as entered, else from the reference's dosing interval."""
        if doses is not None or not reference:
            return doses, source
        found = doses_from_dataset(ds, reference) if ds is not None else None
        if found is None:
            self.problems.append(self.problem(
                "doses_per_patient_per_year", "", 0, "missing, and the dataset gives no "
                f"dosing interval for '{reference}': enter the doses a year"))
            return None, source
        return found

    def _price(self, v: dict[Key, Any], pid: str) -> ProductPrice:
        def get(field: str) -> Any:
            return v.get((field, pid, 0))
        return ProductPrice(pid, get("price_per_dose"), get("pack_price"), get("doses_per_pack"),
                            str(get("currency") or v.get(("currency", "", 0)) or ""),
                            str(get("price_type")), float(get("discount_percent") or 0.0),
                            get("reimbursement_per_dose"))

    def _uptake(self, v: dict[Key, Any]) -> tuple[Uptake, ...]:
        """Shares by product; a year left out is 0 % of new patients, and the year
        before for the switched (a cumulative share stays where it was)."""
        shares = [(p, f, y, x) for (f, p, y), x in v.items() if f in PER_YEAR]
        out = []
        for pid in dict.fromkeys(s[0] for s in shares):
            lists: dict[str, list[float]] = {}
            for field in PER_YEAR:
                years = {y: float(x) for p, f, y, x in shares if p == pid and f == field}
                values: list[float] = []
                for y in range(1, max(years, default=0) + 1):
                    carried = values[-1] if values and field == "switched_share_percent" else 0.0
                    values.append(years.get(y, carried))
                lists[field] = values
            out.append(Uptake(pid, tuple(lists["new_share_percent"]),
                              tuple(lists["switched_share_percent"])))
        return tuple(out)
