"""Command line: open the window, or validate / export / report without one.

Every command goes the one way through: read -> validate -> Dataset -> compare/plot
-> show or write. Headless commands never import Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from denocompare import __version__, cli_decision, cli_import
from denocompare.cli_decision import COMMANDS as DECISION_COMMANDS
from denocompare.cli_import import COMMANDS as IMPORT_COMMANDS

COMMANDS = ("open", "validate", "export", "report", "budget", "list", "schema",
            *DECISION_COMMANDS, *IMPORT_COMMANDS)
#: PNG resolutions accepted: below 50 the text is unreadable; 1200 is print quality, and
#: a slide at 100000 DPI would need tens of gigabytes.
DPI_RANGE = (50, 1200)


def _dpi(text: str) -> int:
    """argparse type: an exit-2 message with the range, never a traceback."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if not DPI_RANGE[0] <= value <= DPI_RANGE[1]:
        raise argparse.ArgumentTypeError(f"{value} is outside {DPI_RANGE[0]} to "
                                         f"{DPI_RANGE[1]}")
    return value


def _data_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="PATH", help="dataset: a folder of CSV files, an "
                   ".xlsx workbook, or the name of a bundled dataset (see 'denocompare "
                   "list'; default: the first bundled one)")


def _view_args(p: argparse.ArgumentParser) -> None:
    _data_arg(p)
    p.add_argument("--view", metavar="FILE", help="a comparison saved in the window (File > "
                   "Save comparison): its products and filters; --data, --reference and "
                   "--compare override it")
    p.add_argument("--reference", metavar="ID", help="reference product id (see "
                   "'denocompare list'; default: the dataset's starting comparison)")
    p.add_argument("--compare", metavar="ID", nargs="+", default=None,
                   help="comparator product id(s) (default: all of the reference's "
                   "biosimilars)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="denocompare",
        description="Compare an originator biologic with its biosimilars from cited data. "
        "With no command, opens the window (on PATH if given, else the bundled dataset).",
        epilog="Examples:\n  denocompare\n  denocompare my_dataset.xlsx\n"
        "  denocompare validate my_dataset/\n"
        "  denocompare export --out charts --format png,svg --dpi 300\n"
        "  denocompare list\n"
        "  denocompare report --data ustekinumab --out committee.pdf\n"
        "  denocompare report --out committee.pdf --reference ID --compare ID ID\n"
        "  denocompare report --out committee.pdf --since last-year.xlsx\n"
        "  denocompare export --out charts --view committee.denocompare.json",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"denocompare {__version__}")
    parser.add_argument("--data", dest="open_data", metavar="PATH", help="open the window on "
                        "this dataset: a path, or a bundled dataset's name (e.g. ustekinumab)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    p_open = sub.add_parser("open", help="open the window (the default command)")
    p_open.add_argument("path", nargs="?", help="dataset to open (a path, or a bundled "
                        "dataset's name)")
    p_val = sub.add_parser("validate", help="check a dataset; exit 0 if valid, 1 if not")
    p_val.add_argument("path", nargs="?", help="dataset: a path or a bundled dataset's name "
                       "(default: the first bundled one)")
    p_exp = sub.add_parser("export", help="write every chart to files, without a window")
    p_exp.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    p_exp.add_argument("--format", default="png", help="comma-separated: png,svg,pdf "
                       "(default: png)")
    p_exp.add_argument("--dpi", type=_dpi, default=None,
                       help=f"PNG resolution, {DPI_RANGE[0]} to {DPI_RANGE[1]} "
                       "(default: the saved view's, else 300)")
    _view_args(p_exp)
    p_rep = sub.add_parser("report", help="write the committee report (.pdf or .html)")
    p_rep.add_argument("--out", required=True, metavar="FILE", help="FILE.pdf or FILE.html")
    p_rep.add_argument("--paper", choices=("A4", "Letter"), default="A4")
    p_rep.add_argument("--since", metavar="EARLIER", help="the dataset last reviewed (a "
                       "folder, a workbook or a bundled name): the report lists what changed "
                       "since, with both sources")
    _view_args(p_rep)
    _budget_parser(sub)
    p_list = sub.add_parser("list", help="print the product ids, to write --reference and "
                            "--compare")
    _data_arg(p_list)
    sub.add_parser("schema", help="print the data format documentation (Markdown)")
    cli_decision.add_parsers(sub)
    cli_import.add_parsers(sub)
    return parser


def _budget_parser(sub) -> None:
    from denocompare.cli_budget import add_arguments

    add_arguments(sub.add_parser("budget", help="budget impact from an inputs sheet: "
                                 "tables (CSV, XLSX) and charts"))


def _normalise(argv: list[str]) -> list[str]:
    # "denocompare PATH" means "denocompare open PATH".
    if argv and argv[0] not in COMMANDS and not argv[0].startswith("-"):
        return ["open", *argv]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(_normalise(list(sys.argv[1:] if argv is None else argv)))
    command = args.command or "open"
    try:
        if command == "open":
            return cmd_open(getattr(args, "path", None) or args.open_data)
        if command == "validate":
            return cmd_validate(args.path)
        if command == "schema":
            from denocompare.core.schema_docs import markdown

            sys.stdout.write(markdown())
            return 0
        if command == "list":
            return cmd_list(args)
        if command == "export":
            return cmd_export(args)
        if command == "report":
            return cmd_report(args)
        if command == "budget":
            from denocompare.cli_budget import cmd_budget

            return cmd_budget(args)
        if command in DECISION_COMMANDS:
            return cli_decision.run(command, args)
        if command in IMPORT_COMMANDS:
            return cli_import.run(command, args)
    except KeyboardInterrupt:
        return 130
    return 2


def cmd_open(path: str | None) -> int:
    from denocompare import startcheck

    problem = startcheck.preflight()
    if problem is None:
        try:
            from denocompare.ui.app import run  # Qt only for the window
        except ImportError as exc:
            # A bare Debian lacks the libraries Qt loads (libEGL, libGL, libglib...).
            problem = startcheck.diagnose(error=exc)
    if problem is not None:
        print(problem.text(), file=sys.stderr)
        return startcheck.EXIT_NO_WINDOW
    return run(path)


def _load(path: str | None):
    from denocompare.io.validate import load_dataset
    from denocompare.resources import dataset_path

    return load_dataset(dataset_path(path))


def cmd_validate(path: str | None) -> int:
    from denocompare.core.errors import DataError

    try:
        ds = _load(path)
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    counts = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in ds.counts().items())
    print(f"{path or 'bundled dataset'}: valid — {ds.title()}: {counts}.")
    for w in ds.warnings:
        print(f"  - {w}")
    return 0


def cmd_list(args) -> int:
    """Product ids and names: each originator, then its biosimilars, with strength."""
    from denocompare.core.errors import DataError

    try:
        ds = _load(args.data)
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    print(f"{ds.title()}: {len(ds.product_ids())} products")
    listed = ds.originators()
    groups = [(o, ds.family(o)) for o in listed]
    rest = [p for p in ds.product_ids() if p not in listed and
            not any(p in fam for _o, fam in groups)]
    for originator, family in [*groups, *([("", rest)] if rest else [])]:
        print()
        if originator:
            print(_product_line(ds, originator, "originator", ""))
        for pid in family:
            print(_product_line(ds, pid, "biosimilar" if originator else "other", "  "))
    from denocompare.resources import bundled_datasets

    print(f"\nBundled datasets (--data NAME): {', '.join(bundled_datasets())}")
    return 0


def _product_line(ds, pid: str, role: str, indent: str) -> str:
    from denocompare.core.text import cell_text

    mg = cell_text(ds.products.loc[pid, "strength_mg"], "mg") or "strength not reported"
    return f"  {indent}{pid:<{22 - len(indent)}} {role:<11} {ds.display_name(pid)}, {mg}"


def _view(args, ds):
    """The view the arguments ask for, by the one default rule (``core.view``)."""
    from denocompare.core.view import comparison

    saved, options, notices = None, {}, []
    if args.view:
        saved = _read_view(args.view)
        view, notices = saved.open_on(ds)
        reference, comparators, options = view.reference, view.comparators, view.to_dict()
        for key in ("reference", "comparators"):
            options.pop(key)
        # Saved beside the display options, not among them: the committee's own inputs.
        options.update(budget=view.budget, criteria=view.criteria, decisions=view.decisions)
    if args.reference or args.compare:
        reference = args.reference or (saved.view["reference"] if saved else None)
        comparators = args.compare or ()
    elif not saved:
        reference, comparators = None, ()
    if getattr(args, "dpi", None):
        options["dpi"] = args.dpi
    view, missing = comparison(ds, reference, comparators, **options)
    if missing and (args.reference or args.compare):
        raise SystemExit(f"denocompare: unknown product id(s): {', '.join(missing)}. "
                         "'denocompare list' prints the ids.")
    for notice in notices:
        print(f"denocompare: {notice}", file=sys.stderr)
    return view


def _read_view(path: str):
    from denocompare.core.errors import ComparisonFileError
    from denocompare.io.comparison_file import read_comparison

    try:
        return read_comparison(path)
    except ComparisonFileError as err:
        raise SystemExit(f"denocompare: {err}") from err


def _data_of(args) -> str | None:
    """--data, else the dataset a saved view was made on if it is still there."""
    if args.data or not getattr(args, "view", None):
        return args.data
    saved = _read_view(args.view).dataset.path
    return saved if saved and Path(saved).exists() else None


def reported(run: Callable[[], int]) -> int:
    """``run()``, with bad data and unwritable paths (expected) said plainly: exit 1."""
    from denocompare.core.errors import DataError, ExportError

    try:
        return run()
    except DataError as err:
        print(err.report(), file=sys.stderr)
        return 1
    except ExportError as err:
        print(f"denocompare: {err}", file=sys.stderr)
        return 1


def chart_formats(text: str) -> tuple[str, ...] | None:
    """``--format png,svg``: the formats, or None after saying which are unknown."""
    formats = tuple(f.strip().lower().lstrip(".") for f in text.split(",") if f.strip())
    bad = [f for f in formats if f not in ("png", "svg", "pdf")]
    if bad:
        print(f"denocompare: unknown format(s): {', '.join(bad)} (use png, svg, pdf)",
              file=sys.stderr)
        return None
    return formats


def _write(args, write) -> int:
    """Load the dataset, call ``write(ds, view)``, print what was written."""

    def run() -> int:
        ds = _load(_data_of(args))
        written = write(ds, _view(args, ds))
        for path in written if isinstance(written, list) else [written]:
            print(path)
        return 0

    return reported(run)


def audit_trail(args, ds, view=None):
    """The audit trail of what a command writes: ``--view FILE`` is the saved file."""
    from denocompare.core.audit import trail

    return trail(ds, view, getattr(args, "view", None))


def cmd_export(args) -> int:
    from denocompare.output.figure_export import export_all

    formats = chart_formats(args.format)
    if formats is None:
        return 2
    return _write(args, lambda ds, view: export_all(ds, view, Path(args.out), formats=formats,
                                                    trail=audit_trail(args, ds, view)))


def cmd_report(args) -> int:
    out = Path(args.out)
    if out.suffix.lower() not in (".pdf", ".html", ".htm"):
        print("denocompare: --out must end in .pdf or .html", file=sys.stderr)
        return 2
    # PDF by WeasyPrint, HTML as is: neither imports Qt nor needs a display.
    from denocompare.output.report_html import write_report as write

    # The earlier dataset is loaded before anything is drawn: a bad one is said as any
    # dataset's problems are (exit 1), and no report is written.
    return _write(args, lambda ds, view: write(ds, view, out, paper=args.paper,
                                               trail=audit_trail(args, ds, view),
                                               since=_load(args.since) if args.since else None))
