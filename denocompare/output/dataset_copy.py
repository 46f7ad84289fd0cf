"""A new copy of a dataset (after an import) as a workbook or a folder of CSV files.

Never into the bundled data (``refuse_bundled``), never over a folder that already
holds a dataset, every file written atomically. The CSV tables are written as the
dataset's own files are (plain UTF-8 values, not neutralised for spreadsheets): the
copy is data to be opened again, and a prefixed quote would change its values; the
workbook keeps text exact and safe with Excel's quote prefix.
"""

from __future__ import annotations

import csv
import io
from functools import partial
from pathlib import Path
from typing import IO

import pandas as pd

from denocompare.core.audit import Trail, stamp_metadata
from denocompare.core.dataset import Dataset
from denocompare.core.errors import ExportError
from denocompare.core.schema import TABLES
from denocompare.output.writers import atomic_write, reason, refuse_bundled, write_dataset_workbook


def write_dataset_copy(ds: Dataset, target: str | Path, trail: Trail | None = None) -> Path:
    """``target.xlsx``: one workbook; any other name: a folder of CSV files.

    ``trail`` is the audit trail of the dataset the copy was made from: the copy's
    metadata then records it (``core.audit.stamp_metadata``).
    """
    target = Path(target)
    refuse_bundled(target)
    if target.suffix.lower() in (".xlsx", ".xlsm"):
        return write_dataset_workbook(ds, target, trail)
    if target.suffix.lower() == ".csv":
        raise ExportError(f"{target.name}: a dataset is a folder of CSV files or one .xlsx "
                          "workbook; give a folder name or a name ending in .xlsx")
    if target.exists() and not target.is_dir():
        raise ExportError(f"{target} is a file; give a new folder name, or a .xlsx name")
    if (target / "products.csv").exists():
        raise ExportError(f"{target} already holds a dataset; choose a new folder, so "
                          "that no dataset is overwritten")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot make the folder {target}: {reason(exc, target.parent)}"
                          ) from exc
    for table in TABLES:
        frame = ds[table.name][table.column_names]
        if table.name == "metadata" and trail is not None:
            frame = stamp_metadata(frame, trail)
        data = _csv(frame).encode("utf-8")
        atomic_write(target / table.filename, partial(_put, data))
    return target


def _put(data: bytes, fh: IO[bytes]) -> None:
    fh.write(data)


def _csv(frame: pd.DataFrame) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(frame.columns)
    for row in frame.astype(object).itertuples(index=False, name=None):
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return str(value)
