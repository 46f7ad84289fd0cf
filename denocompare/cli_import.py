"""``denocompare import`` and ``denocompare changes``: keeping the dataset current.

``import FILE [--data DATASET]`` prints what a regulator's file (the FDA Purple Book
download, the EMA medicines data) says that the dataset does not; ``--accept all|KIND…
--out NEW`` writes the accepted differences into a new copy. ``changes OLD NEW
[--out FILE.csv|.xlsx]`` lists what changed between two datasets: the memo for a
committee's re-review. Neither imports Qt.
"""

from __future__ import annotations

import sys
from pathlib import Path

from denocompare.core.change_kinds import KINDS

COMMANDS = ("import", "changes")


def add_parsers(sub) -> None:
    """The two sub-commands, on the main parser's subparsers."""
    p = sub.add_parser("import", help="show what a regulator's file (FDA Purple Book, EMA "
                       "medicines data) says that the dataset does not; --accept writes a copy")
    p.add_argument("file", help="the Purple Book data download (.csv) or the EMA medicines "
                   "data (.xlsx or .json), as downloaded")
    p.add_argument("--data", metavar="PATH", help="dataset to compare with (default: the "
                   "bundled one)")
    p.add_argument("--accept", nargs="+", metavar="KIND", help="accept 'all' the "
                   "differences, or those of these kinds: " + ", ".join(
                       k.replace(" ", "-") for k in KINDS))
    p.add_argument("--out", metavar="NEW", help="with --accept: the new copy, a folder of "
                   "CSV files or a .xlsx workbook (never the dataset itself)")
    c = sub.add_parser("changes", help="list what changed between two datasets (added, "
                       "removed, changed values per product, with sources)")
    c.add_argument("old", help="the dataset last reviewed")
    c.add_argument("new", help="the dataset now")
    c.add_argument("--out", metavar="FILE", help="write the list to FILE.csv or FILE.xlsx, "
                   "or as a page of the report to FILE.html")


def run(command: str, args) -> int:
    from denocompare.cli import reported

    return reported(lambda: cmd_import(args) if command == "import" else cmd_changes(args))


def _load(path: str | None):
    from denocompare.io.validate import load_dataset
    from denocompare.resources import dataset_path

    return load_dataset(dataset_path(path))  # a path, or a bundled dataset's name


def kinds_of(words: list[str]) -> list[str] | None:
    """'all' or kind names (spaces or hyphens) -> the kinds; None if one is unknown."""
    if any(w.lower() == "all" for w in words):
        return list(KINDS)
    wanted = [" ".join(w.lower().replace("-", " ").replace("_", " ").split()) for w in words]
    known = {k.lower(): k for k in KINDS}
    if any(w not in known for w in wanted):
        return None
    return [known[w] for w in wanted]


def cmd_import(args) -> int:
    from denocompare.core.changes import dataset_molecules, find_differences
    from denocompare.io.regulators import read_regulator_file

    if bool(args.accept) != bool(args.out):
        print("denocompare: --accept and --out go together: --accept all --out NEW.xlsx",
              file=sys.stderr)
        return 2
    kinds = kinds_of(args.accept) if args.accept else []
    if kinds is None:
        print("denocompare: unknown kind in --accept; use 'all' or: "
              + ", ".join(k.replace(" ", "-") for k in KINDS), file=sys.stderr)
        return 2
    ds = _load(args.data)
    rfile = read_regulator_file(args.file, dataset_molecules(ds))
    diffs = find_differences(ds, rfile)
    sys.stdout.write(differences_text(ds, diffs))
    if not args.out:
        return 0
    return _accept(ds, diffs, kinds, args)


def _accept(ds, diffs, kinds: list[str], args) -> int:
    from denocompare.core.apply_changes import apply_changes
    from denocompare.core.audit import trail
    from denocompare.io.validate import load_dataset
    from denocompare.output.dataset_copy import write_dataset_copy
    from denocompare.resources import dataset_path

    source = dataset_path(args.data).resolve()
    out = Path(args.out)
    if out.resolve() == source:
        print("denocompare: --out must be a new copy, not the dataset itself", file=sys.stderr)
        return 2
    chosen = [c for c in diffs.changes if c.kind in kinds]
    written = [c for c in chosen if c.applicable]
    new = apply_changes(ds, diffs, written)
    path = write_dataset_copy(new, out, trail(ds))  # the copy names what it was made from
    check = load_dataset(path)  # the copy opens as any dataset does, or this says why
    skipped = len(chosen) - len(written)
    print(f"\nWrote {path}: {check.title()}, {len(written)} accepted difference"
          f"{'s' if len(written) != 1 else ''}"
          + (f"; {skipped} not written (see their notes)" if skipped else "") + ".")
    return 0


def differences_text(ds, diffs) -> str:
    """The differences as the terminal shows them: one block each, both sources."""
    f = diffs.file
    lines = [f"{f.name}: {f.layout}, as of {f.as_of or '?'} ({f.as_of_basis}); "
             f"{f.listed:,} records, {diffs.records:,} of {' / '.join(diffs.molecules)}.",
             f"Compared with {ds.title()}: {len(diffs.changes)} difference"
             f"{'s' if len(diffs.changes) != 1 else ''}, {len(diffs.unmatched)} could not "
             "be matched.", ""]
    for c in diffs.changes:
        what = f" — {c.attribute}" if c.attribute else ""
        lines.append(f"[{c.kind}] {c.product} ({c.region}){what}"
                     + (f"  (matched by {c.matched_by})" if c.matched_by else ""))
        lines.append(f"    dataset: {c.old or '(none)'}"
                     + (f"   [{c.old_source}]" if c.old_source else ""))
        lines.append(f"    file:    {c.new}   [{c.new_source}]")
        if c.note or not c.applicable:
            lines.append(f"    {'cannot be written: ' if not c.applicable else ''}{c.note}")
    if diffs.unmatched:
        lines += ["", "Could not match (check these by hand):"]
        lines += [f"  - {c.new}, {c.new_source}: {c.note}" for c in diffs.unmatched]
    if f.warnings:
        lines += ["", "Warnings:"] + [f"  - {w}" for w in f.warnings]
    return "\n".join(lines) + "\n"


def cmd_changes(args) -> int:
    from denocompare.core.audit import trail
    from denocompare.core.dataset_diff import diff_datasets
    from denocompare.output.writers import write_table

    old, new = _load(args.old), _load(args.new)
    diff = diff_datasets(old, new)
    print(f"From {old.title()} to {new.title()}: {len(diff)} value"
          f"{'s' if len(diff) != 1 else ''} added, removed or changed.")
    for r in diff.to_dict("records"):
        print(f"  {r['product']} — {r['table']}: {r['item']} — {r['change']}")
        if r["old_value"] or r["old_source"]:
            print(f"      was: {r['old_value']}   [{r['old_source']}]")
        if r["new_value"] or r["new_source"]:
            print(f"      now: {r['new_value']}   [{r['new_source']}]")
    if args.out:
        out = Path(args.out)
        audit = trail(new, compared_with=old)
        if out.suffix.lower() in (".html", ".htm"):
            from denocompare.output.writers import atomic_write
            from denocompare.report.audit_section import with_trail
            from denocompare.report.changes_section import changes_page_html

            page = with_trail(changes_page_html(diff, old.title(), new.title()),
                              audit).encode("utf-8")
            print(atomic_write(out, lambda fh: fh.write(page)))
            return 0
        if out.suffix.lower() not in (".csv", ".xlsx"):
            print("denocompare: --out must end in .csv, .xlsx or .html", file=sys.stderr)
            return 2
        print(write_table(diff, out, index=False, trail=audit))
    return 0
