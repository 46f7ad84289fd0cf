"""``denocompare decision --view FILE``: the committee's criteria ranking and decision
record of a saved comparison, printed (headless; no Qt)."""

from __future__ import annotations

import argparse
import sys

COMMANDS = ("decision",)


def add_parsers(sub) -> None:
    p = sub.add_parser("decision", help="print a saved comparison's criteria ranking and "
                       "decision record")
    p.add_argument("--view", required=True, metavar="FILE",
                   help="the comparison saved in the window (File > Save comparison)")
    p.add_argument("--data", metavar="PATH", help="dataset (default: the one the comparison "
                   "was made on, else the bundled one)")


def run(command: str, args: argparse.Namespace) -> int:
    from denocompare import cli
    from denocompare.core.errors import DataError

    args.reference = args.compare = None
    try:
        ds = cli._load(cli._data_of(args))
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    view = cli._view(args, ds)
    print(text(ds, view))
    return 0


def text(ds, view) -> str:
    """The ranking under the saved weights (defaults if none), then the record."""
    from denocompare.core import criteria as K
    from denocompare.core.decision import History, record_text

    settings = view.criteria or K.default_settings(view.budget is not None)
    labels, weights, policies = settings.labels(), dict(settings.weights), \
        dict(settings.policies)
    values = settings.scores(K.automatic_scores(ds, view), list(view.comparators))
    lines = [f"{ds.short_name(view.reference)} vs "
             f"{', '.join(ds.short_name(p) for p in view.comparators)}", "",
             "Criteria ranking" + ("" if view.criteria else " (default weights)"),
             "  weights: " + ", ".join(f"{labels[k]} {w:g}" for k, w in weights.items()
                                       if k in labels)]
    for i, row in enumerate(K.rank(values, weights, policies), 1):
        gaps = "".join(f"; {what}: {', '.join(labels[k] for k in keys)}"
                       for what, keys in (("gaps scored worst", row.gaps),
                                          ("left out", row.left_out)) if keys)
        lines.append(f"  {i}. {ds.short_name(row.product)}  {100 * row.total:.0f} %{gaps}")
    lines += ["  " + K.robustness_text(K.robustness(values, weights, policies), labels), "",
              "Decision record", record_text(view.decisions or History())]
    return "\n".join(lines)
