"""Helpers the tests import by name (fixtures stay in conftest.py)."""

from __future__ import annotations

import csv
from pathlib import Path

from denocompare.resources import bundled_data_dir

DATA = bundled_data_dir()
#: The bundled denosumab dataset's indication codes and labels (the matrix's rows).
INDICATIONS = {r[0]: r[1] for r in csv.reader(
    (DATA / "indication_codes.csv").read_text(encoding="utf-8").splitlines()[1:])}
FIXTURES = Path(__file__).parent / "fixtures"
#: A few real, cited rows: the charts and comparisons are tested against it, so a data
#: update cannot break a layout test.
MINI = FIXTURES / "mini"


def edit_csv(folder: Path, table: str, fn) -> None:
    """Apply ``fn`` to the text of ``folder/table.csv`` and write it back (UTF-8)."""
    path = folder / f"{table}.csv"
    path.write_text(fn(path.read_text(encoding="utf-8")), encoding="utf-8")
