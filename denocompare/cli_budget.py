"""``denocompare budget``: the budget impact of an inputs sheet, without a window.

Reads the inputs (checked against the comparison: ``--view FILE``'s, else the one the
inputs name), computes, prints the yearly and cumulative results and writes the tables
and charts. Bad inputs are listed, every one, and nothing is written (exit 1).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--inputs", required=True, metavar="FILE", help="the budget inputs: a "
                   ".csv file or .xlsx workbook (see examples/budget_illustrative.csv)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    p.add_argument("--view", metavar="FILE", help="a saved comparison: the inputs may name "
                   "only its products (default: the products the inputs name)")
    p.add_argument("--data", metavar="PATH", help="dataset (default: the saved view's, else "
                   "the bundled one)")
    p.add_argument("--format", default="png,svg,pdf", help="chart formats, comma-separated "
                   "(default: png,svg,pdf)")


def cmd_budget(args) -> int:
    from denocompare.cli import _data_of, _load, _read_view, audit_trail, chart_formats, reported
    from denocompare.core.budget import compute
    from denocompare.io.budget_inputs import read_budget_inputs
    from denocompare.output.budget_export import export_budget, summary_text

    formats = chart_formats(args.format)
    if formats is None:
        return 2

    def run() -> int:
        ds = _load(_data_of(args))
        products, view = None, None
        if args.view:
            view, notices = _read_view(args.view).open_on(ds)
            for notice in notices:
                print(f"denocompare: {notice}", file=sys.stderr)
            products = view.products
        inputs = read_budget_inputs(args.inputs, products, ds)
        if products is None:  # the comparison is the one the inputs name: in the dataset?
            inputs = read_budget_inputs(args.inputs, _known(ds, inputs.products), ds)
        result = compute(inputs)
        print(summary_text(result, ds.short_name))
        for path in export_budget(result, Path(args.out), ds, ds.short_name, formats,
                                  trail=audit_trail(args, ds, view)):
            print(path)
        return 0

    return reported(run)


def _known(ds, products: list[str]) -> list[str]:
    """``products`` as a comparison: the reference first, the dataset's products only
    (so that one it lacks is named as not in the comparison)."""
    ids = set(ds.product_ids())
    return [products[0], *(p for p in products[1:] if p in ids)] if products[0] in ids \
        else [p for p in ds.product_ids() if p in products] or ["(none in the dataset)"]
