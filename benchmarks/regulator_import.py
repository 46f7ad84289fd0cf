"""Regulator imports at full size: ours against a bare pandas read of the same file.

Synthetic files, for timing only (never shipped): a Purple Book download of 5,000 rows
(the real database lists some 1,000-2,000 products) under its title lines and two
tables, and the EMA medicines data as XLSX and JSON, 2,500 medicines each. The
dataset's own US/EU products are among them (``tests/regulator_files.py``); the rest
are other molecules, which the import reads and leaves out. Each figure is the median
of N runs, ours (read + differences with the bundled dataset) and the floor
(``pandas.read_csv`` / ``read_excel`` / ``json`` + ``DataFrame`` of the same file)
interleaved, so a slow spell hits both alike.

    python -m benchmarks.regulator_import [--runs 5] [--rows 5000] [--ema 2500]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.regulator_files import (  # noqa: E402
    EMA_HEADER,
    ema_rows,
    purple_book_rows,
    purple_book_text,
    write_ema_json,
    write_ema_xlsx,
)


def _other_pb(i: int) -> dict[str, str]:
    return {"N/R/U": "U", "Applicant": f"Maker {i % 97} Inc.", "BLA Number": f"{100000 + i}",
            "Proprietary Name": f"Brand{i}", "Proper Name": f"molecule{i % 400}-abcd",
            "License Type": "351(k) Biosimilar" if i % 3 else "351(a)",
            "Strength": "40 mg/\n0.8 mL" if i % 7 == 0 else "100 mg/mL",
            "Marketing Status": "Rx", "Licensure": "Licensed", "Approval Date": "31-Dec-02",
            "Inter. Approval Date": "N/A", "Ref. Product Proper Name": f"molecule{i % 400}",
            "Ref. Product Proprietary Name": f"Brand{i % 400}", "Center": "CDER"}


def _other_ema(i: int) -> dict[str, str]:
    return {"Category": "Human", "Name of\nmedicine": f"Medicine{i}",
            "EMA product number": f"EMEA/H/C/{i:06d}", "Medicine status": "Authorised",
            "International non-proprietary name (INN) / common name": f"substance{i % 900}",
            "Active substance": f"substance{i % 900}", "Therapeutic indication": "x " * 60,
            "Marketing authorisation developer / applicant / holder": f"Holder {i % 300}",
            "Marketing authorisation\ndate": "14/07/2011", "Revision number": "3",
            "Last updated date": "28/11/2026"}


def make_files(folder: Path, ds, rows: int, ema: int) -> tuple[Path, Path, Path, int]:
    mine = purple_book_rows(ds)
    pb_rows = [*(_other_pb(i) for i in range(rows - len(mine))), *mine]
    pb = folder / "purplebook-search-november-2026-data-download.csv"
    # The full database first: the bare read then skips only the title lines (and also
    # reads the month's 150 changes after it: a little more than its share of work).
    text = purple_book_text(pb_rows, changes=pb_rows[:150], changes_first=False)
    pb.write_text(text, encoding="utf-8")
    header_line = text[:text.index("N/R/U,")].count("\n")
    eu = [*(_other_ema(i) for i in range(ema - len(ema_rows(ds)))), *ema_rows(ds)]
    xlsx = write_ema_xlsx(folder / "medicines-output-medicines-report_en.xlsx", eu, EMA_HEADER)
    js = write_ema_json(folder / "medicines-output-medicines_json-report_en.json", eu)
    return pb, xlsx, js, header_line


def _ours(path: Path, ds) -> float:
    from denocompare.core.changes import dataset_molecules, find_differences
    from denocompare.io.regulators import read_regulator_file

    t0 = time.perf_counter()  # as the import dialog and `denocompare import` do
    find_differences(ds, read_regulator_file(path, dataset_molecules(ds)))
    return time.perf_counter() - t0


def _floor(kind: str, path: Path, header_line: int) -> float:
    t0 = time.perf_counter()
    if kind == "csv":
        pd.read_csv(path, skiprows=header_line, dtype=str, keep_default_na=False)
    elif kind == "xlsx":
        pd.read_excel(path, header=8, dtype=str, engine="openpyxl")
    else:
        pd.DataFrame(json.loads(path.read_text(encoding="utf-8"))["data"])
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--ema", type=int, default=2500)
    args = parser.parse_args()
    from denocompare.io.validate import load_dataset
    from denocompare.resources import bundled_data_dir

    ds = load_dataset(bundled_data_dir())
    with tempfile.TemporaryDirectory() as tmp:
        pb, xlsx, js, header_line = make_files(Path(tmp), ds, args.rows, args.ema)
        print(f"Purple Book {args.rows:,} rows ({pb.stat().st_size / 2**20:.1f} MB); "
              f"EMA {args.ema:,} medicines (XLSX {xlsx.stat().st_size / 2**20:.1f} MB, "
              f"JSON {js.stat().st_size / 2**20:.1f} MB); median of {args.runs} runs")
        for label, path, kind in (("Purple Book CSV", pb, "csv"), ("EMA XLSX", xlsx, "xlsx"),
                                  ("EMA JSON", js, "json")):
            _ours(path, ds)  # warm: imports, the dataset's lookups
            ours, floor = [], []
            for _ in range(args.runs):
                ours.append(_ours(path, ds))
                floor.append(_floor(kind, path, header_line))
            o, f = statistics.median(ours), statistics.median(floor)
            print(f"  {label:<16} import + differences {o * 1000:7.1f} ms   bare pandas "
                  f"{f * 1000:7.1f} ms   ratio {o / f:4.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
