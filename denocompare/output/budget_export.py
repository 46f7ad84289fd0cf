"""Write a budget's tables (CSV and XLSX) and charts (PNG, SVG, PDF) into a folder.

Tables go through the atomic, formula-safe table writers, charts through the chart
exporter: the same files, and the same guarantees, as every other export.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from matplotlib.figure import Figure

from denocompare.core.audit import Trail
from denocompare.core.budget import BudgetResult
from denocompare.core.budget_tables import Name, result_tables
from denocompare.core.dataset import Dataset
from denocompare.core.errors import ExportError
from denocompare.output.figure_export import export_figure
from denocompare.output.writers import reason, refuse_bundled, write_table_csv, write_table_xlsx
from denocompare.plotting.budget import BUDGET_CHARTS
from denocompare.plotting.style import FIGSIZE


def export_budget(result: BudgetResult, out_dir: str | os.PathLike, ds: Dataset | None = None,
                  name: Name = str, formats: Iterable[str] = ("png", "svg", "pdf"),
                  dpi: int = 300, trail: Trail | None = None) -> list[Path]:
    """Every budget table as ``.csv`` and ``.xlsx``, every budget chart in ``formats``.

    Each file carries ``trail`` (the audit trail) when given: a "Provenance" sheet, a
    ``.provenance.txt`` beside each CSV, the charts' metadata. Returns the files
    written (sidecars not listed); raises ``ExportError`` saying which and why not.
    """
    folder = Path(out_dir)
    refuse_bundled(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ExportError(f"Could not create the folder {folder}: "
                          f"{reason(err, folder.parent)}.") from err
    written = []
    for stem, table in result_tables(result, name).items():
        written.append(write_table_csv(table, folder / f"{stem}.csv", index=False,
                                       trail=trail))
        written.append(write_table_xlsx(table, folder / f"{stem}.xlsx", sheet=stem,
                                        index=False, trail=trail))
    for chart in BUDGET_CHARTS.values():
        fig = chart.draw(Figure(figsize=FIGSIZE, layout="constrained"), result, name, ds)
        written += [export_figure(fig, folder / f"{chart.filename}.{fmt}", fmt, dpi, trail)
                    for fmt in formats]
    return written


def summary_text(result: BudgetResult, name: Name = str) -> str:
    """The yearly and cumulative results as plain text, for the terminal."""
    inputs = result.inputs
    cur = inputs.currency
    lines = [f"Budget impact: {', '.join(name(p) for p in inputs.biosimilars)} vs "
             f"{name(inputs.reference)} ({cur})"
             + (" — ILLUSTRATIVE PRICES" if inputs.illustrative else ""),
             f"Doses per patient per year: {inputs.doses_per_year:g} ({inputs.doses_source})",
             f"{'year':<8}{'status quo':>16}{'scenario':>16}{'difference':>16}"
             f"{'per patient':>14}"]
    for row in result.years.itertuples():
        lines.append(f"{row.year:<8}{row.status_quo:>16,.2f}{row.scenario:>16,.2f}"
                     f"{row.difference:>16,.2f}{row.scenario_per_patient:>14,.2f}")
    t = result.totals
    lines.append(f"{'total':<8}{t['status_quo']:>16,.2f}{t['scenario']:>16,.2f}"
                 f"{t['difference']:>16,.2f}{t['scenario_per_patient']:>14,.2f}")
    for row in result.break_even.itertuples():
        lines.append(f"Break-even cost per dose of {name(row.product_id)}: "
                     f"{row.break_even_cost_per_dose:,.2f} {cur}")
    return "\n".join(lines)
