"""Budget impact: recompute after one input changes, against a bare numpy floor.

    python -m benchmarks.budget [--runs 200] [--no-qt]

Ours: ``core.budget.compute`` of the inputs with one input changed (rules checked,
5 years, 6 biosimilars, the one-way sensitivity of every input included), then also
the tables the tab shows; and, with Qt (offscreen), one edit on the Budget tab until its
tables show, and its chart rebuilt (once typing pauses; the canvas paints later). Floor: the
same arithmetic (status quo, scenario and each sensitivity run) in bare numpy, measured
in the same run, interleaved. Target: 16 ms (one frame at 60 Hz) for the recompute.
Median and 95th percentile of N runs; timings never fail a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from denocompare.core.budget import BudgetInputs, ProductPrice, Uptake, compute  # noqa: E402
from denocompare.core.budget_tables import result_tables  # noqa: E402

YEARS, BIOSIMILARS = 5, 6


def inputs() -> BudgetInputs:
    """Synthetic inputs (for timing only; not prices of anything)."""
    names = [f"bio{i}" for i in range(BIOSIMILARS)]
    prices = (ProductPrice("ref", 300, currency="EUR"),
              *(ProductPrice(n, 200 + 10 * i, currency="EUR", discount_pct=5)
                for i, n in enumerate(names)))
    uptake = tuple(Uptake(n, (10,) * YEARS, tuple(5.0 + y for y in range(YEARS)))
                   for n in names)
    return BudgetInputs("ref", prices, uptake, existing_patients=1000,
                        new_patients_per_year=100, doses_per_year=2, horizon=YEARS,
                        switching_cost=20)


def floor(existing: float) -> float:
    """The same arithmetic in bare numpy: one run, then 2 per varied input."""
    cost = np.array([300.0, *(0.95 * (200 + 10 * i) for i in range(BIOSIMILARS))])
    new = np.full((BIOSIMILARS, YEARS), 0.10)
    switched = np.tile((5.0 + np.arange(YEARS)) / 100, (BIOSIMILARS, 1))
    years = np.arange(1, YEARS + 1)

    def run(c, e, n, d, nw, sw, sc):
        treated = e + n * years
        on_b = e * sw + n * np.cumsum(nw, axis=1)
        patients = np.vstack([treated - on_b.sum(0), on_b])
        newly = e * np.diff(sw, axis=1, prepend=0.0).clip(min=0).sum(0)
        return float((d * (c @ patients) + sc * newly).sum() - (d * c[0] * treated).sum())
    base = (cost, existing, 100.0, 2.0, new, switched, 20.0)
    total = run(*base)
    for f in (0.8, 1.2):
        for i in range(len(cost)):
            total += run(np.where(np.arange(len(cost)) == i, cost * f, cost), *base[1:])
        total += run(cost, existing * f, *base[2:]) + run(cost, existing, 100 * f, *base[3:])
        total += run(*base[:3], 2 * f, new, switched, 20.0)
        total += run(*base[:6], 20 * f) + run(*base[:4], new * f, switched * f, 20.0)
    return total


def timed(fn, runs: int) -> list[float]:
    out = []
    for i in range(runs):
        t0 = time.perf_counter()
        fn(i)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def qt_edit(runs: int) -> tuple[list[float], list[float]]:
    from PySide6.QtWidgets import QApplication, QTableWidgetItem

    from denocompare.core.view import View
    from denocompare.io.validate import load_dataset
    from denocompare.resources import bundled_data_dir
    from denocompare.ui.panels.budget import BudgetPanel

    app = QApplication.instance() or QApplication([])
    panel = BudgetPanel()
    panel.resize(1280, 760)
    panel.show()
    panel.set_dataset(load_dataset(bundled_data_dir()))
    views = [View("prolia", ("kefdensis", "obodence"), tab="budget")]
    panel.edited.connect(lambda ch: (views.append(views[-1].replace(**ch)),
                                     panel.update_view(views[-1])))
    panel.update_view(views[0])
    for row, price in enumerate(("300", "200", "210")):
        panel.prices.setItem(row, 0, QTableWidgetItem(price))
    panel.existing.setValue(100)
    app.processEvents()
    edit = timed(lambda i: panel.existing.setValue(100 + i % 2), runs)
    chart = timed(lambda _i: panel._draw_chart(), max(runs // 5, 5))
    panel.close()
    return edit, chart


def summary(name: str, values: list[float]) -> str:
    p95 = sorted(values)[int(0.95 * (len(values) - 1))]
    return f"{name:<44} median {statistics.median(values):8.3f} ms   p95 {p95:8.3f} ms"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--no-qt", action="store_true")
    args = parser.parse_args(argv)
    base = inputs()
    compute(base)  # imports and first-call costs out of the way
    ours, tables, bare = [], [], []
    for i in range(args.runs):  # interleaved: a slow spell hits all alike
        changed = base.replace(existing_patients=1000 + i)
        ours += timed(lambda _i, c=changed: compute(c), 1)
        tables += timed(lambda _i, c=changed: result_tables(compute(c)), 1)
        bare += timed(lambda _i, i=i: floor(1000.0 + i), 1)
    print(f"budget recompute, {YEARS} years, {BIOSIMILARS} biosimilars, {args.runs} runs")
    print(summary("floor: the arithmetic in bare numpy", bare))
    print(summary("compute (rules, results, sensitivity)", ours))
    print(summary("compute + the tables the tab shows", tables))
    ratio = statistics.median(ours) / statistics.median(bare)
    print(f"compute / floor: {ratio:.1f}x   target: 16 ms -> "
          f"{'met' if statistics.median(ours) <= 16 else 'NOT met'}")
    if not args.no_qt:
        edit, chart = qt_edit(min(args.runs, 50))
        print(summary("Budget tab: one edit until its tables show", edit))
        print(summary("Budget tab: its chart rebuilt (typing paused)", chart))


if __name__ == "__main__":
    main()
