"""A comparison table as it is shown: cell colours, a sources column, the dataset's name.

The window's Export table writes the Products or Indications table through here, so the
workbook carries what the screen carries: each cell filled in its state's colour (the
one table in ``core.compare``), a "Sources" column naming every cited source of the row,
product by product, a legend, and what the data is ("Data: <dataset label>"), so a table
pasted into a committee paper can be traced. A CSV gets the same sources column; the
audit trail (``core.audit``) is a "Provenance" sheet of the workbook, and a
``<name>.provenance.txt`` file beside a CSV, whose own rows stay the table's.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pandas as pd

from denocompare.core import compare as C
from denocompare.core.audit import Trail
from denocompare.output.writers import (
    FORMULA_PREFIXES,
    add_provenance_sheet,
    atomic_write,
    save_workbook,
    write_table_csv,
)

SOURCES_HEADING = "Sources"


def row_sources(cells: C.CellTable) -> list[str]:
    """Per row, '<brand>: S2; S11 · <brand>: S30' (products citing nothing left out)."""
    out = []
    for r in range(cells.values.shape[0]):
        parts = [f"{name}: {cells.sources.iat[r, c]}"
                 for c, name in enumerate(cells.values.columns) if cells.sources.iat[r, c]]
        out.append(" \u00b7 ".join(parts))
    return out


def _fill(state: object):
    from openpyxl.styles import PatternFill

    colour = C.STATE_COLOURS.get(str(state))
    if not colour:
        return None
    rgb = colour.lstrip("#").upper()
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


def cells_frame(cells: C.CellTable) -> pd.DataFrame:
    """The values as shown, with the sources column the workbook has."""
    frame = cells.values.astype(object).copy()
    frame[SOURCES_HEADING] = row_sources(cells)
    return frame


def write_cells_csv(cells: C.CellTable, target: Path, trail: Trail | None = None) -> Path:
    """Write ``cells`` (rows as shown) to CSV with a sources column (no colours: a CSV
    has none; the states are in the XLSX). The audit trail, if given, goes beside it."""
    return write_table_csv(cells_frame(cells), Path(target), index=True, trail=trail)


def write_cells_xlsx(cells: C.CellTable, target: Path, title: str, data_label: str,
                     trail: Trail | None = None) -> Path:
    """Write ``cells`` (rows as shown) to an XLSX workbook, highlighted, with sources;
    with ``trail``, a "Provenance" sheet after the legend."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = (title or "table")[:31]
    values = cells.values
    ws.append([str(values.index.name or "")] + [str(c) for c in values.columns]
              + [SOURCES_HEADING])
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, sources in enumerate(row_sources(cells)):
        row = [values.index[r]] + [values.iat[r, c] for c in range(values.shape[1])] + [sources]
        ws.append([_cell(v) for v in row])
        for c in range(values.shape[1]):
            cell = ws.cell(row=r + 2, column=c + 2)
            fill = _fill(cells.states.iat[r, c])
            if fill is not None:
                cell.fill = fill
            if cells.states.iat[r, c] == C.MISSING:
                cell.font = Font(italic=True)
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = wrap
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text from the data is never a live formula
                cell.quotePrefix = cell.value.startswith(FORMULA_PREFIXES)
    for c in range(values.shape[1] + 2):
        ws.column_dimensions[_letter(c)].width = 28 if c else 36
    ws.freeze_panes = "C2"  # the row labels and the reference stay in view
    ws.append([])
    ws.append([f"Data: {data_label}"])
    _legend(wb.create_sheet("legend"), cells)
    add_provenance_sheet(wb, trail)
    return atomic_write(Path(target), partial(save_workbook, wb))


def _legend(ws, cells: C.CellTable) -> None:
    ws.append(["Colour", "Meaning"])
    shown = pd.unique(cells.states.to_numpy().ravel())
    for state in [s for s in C.STATE_COLOURS if s in set(shown)]:
        ws.append(["", state])
        fill = _fill(state)
        if fill is not None:
            ws.cell(row=ws.max_row, column=1).fill = fill
    ws.column_dimensions["B"].width = 40


def _cell(value: object) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value if isinstance(value, (int, float)) else str(value)


def _letter(position: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(position + 1)
