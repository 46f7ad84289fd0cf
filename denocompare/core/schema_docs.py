"""Generate the data-format documentation from the schema.

``data/README.md`` is this function's output; a test checks that they match, so the
documentation cannot drift from what the loader enforces.
"""

from __future__ import annotations

from denocompare.core import schema as S

_HEAD = """# The DenoCompare data format

*Generated from `denocompare/core/schema.py` by `denocompare schema`; do not edit by hand.*

A dataset is either a folder of CSV files, one per table (`products.csv`, ...), or one
Excel workbook (`.xlsx`) with one sheet per table, named like the tables. The first row
holds the column names. CSV files may be UTF-8 (with or without a byte-order mark),
UTF-16 or Windows-1252, delimited by commas, semicolons or tabs. In a semicolon-delimited
file, numbers may use the decimal comma (`5,3`).

Every row cites the document(s) its facts come from in `source_id` (several ids are
separated by `;`), and every id must be a row of `sources`. A fact that no source gives
is left empty; the app shows it as "not reported in source". Empty cells may also be
written `n/a`, `NR` or `-`. Column names are matched ignoring case and spaces; columns
the schema does not know are ignored with a warning.

Rows are counted as a spreadsheet counts them: the header is row 1.

What the loader accepts and refuses:

- `metadata`, `sources` and `products` must have rows; every other table may hold only
  its header row (nothing reported).
- Files over {max_mb} MB are refused (about a million rows fit well below that); a cell
  may hold at most {max_chars:,} characters.
- In a workbook, a formula counts with the value Excel or LibreOffice last computed; a
  formula saved without a computed value is an error (open and save the workbook in
  Excel/LibreOffice, or type the value). Merged cells are reported, since only their
  first cell holds the value. Hidden sheets are read, with a warning. A number formatted
  as a percentage (typed `5.3%`) is read as 5.3.
- Excel's `sep=;` first line is understood. Invisible control characters pasted from
  other programs are removed, with a warning.
- Dates are written `YYYY-MM-DD` (or `YYYY-MM` / `YYYY` when the source gives no day);
  `17/11/2025` is refused with the date it probably means, since `05/11/2025` could be
  either 5 November or 11 May.
"""


def markdown() -> str:
    """The whole data-format documentation as Markdown."""
    parts = [_HEAD.format(max_mb=S.MAX_FILE_BYTES // 2**20, max_chars=S.MAX_CELL_CHARS)]
    for table in S.TABLES:
        parts.append(f"\n## `{table.name}` ({table.filename})\n\n{table.description}\n")
        if table.key:
            parts.append(f"\nEach row is unique by: {', '.join(f'`{k}`' for k in table.key)}.\n")
        parts.append("\n| column | required | type | unit | meaning |\n"
                     "|---|---|---|---|---|\n")
        for col in table.columns:
            rng = _range(col)
            parts.append(f"| `{col.name}` | {'yes' if col.required else 'no'} | "
                         f"{col.type_text()}{rng} | {col.unit} | {col.description} |\n")
        for note in table.notes:
            parts.append(f"\n- {note}")
        if table.notes:
            parts.append("\n")
    return "".join(parts)


def _range(col: S.Column) -> str:
    if col.minimum is None and col.maximum is None:
        return ""
    lo = "" if col.minimum is None else f"{col.minimum:g}"
    hi = "" if col.maximum is None else f"{col.maximum:g}"
    return f" ({lo} to {hi})" if lo and hi else (f" (at least {lo})" if lo else f" (at most {hi})")


def columns_frame():
    """The column documentation as a frame: the workbook's 'columns' sheet."""
    import pandas as pd

    rows = [{"table": t.name, "column": c.name, "required": "yes" if c.required else "no",
             "type": c.type_text() + _range(c), "unit": c.unit, "meaning": c.description}
            for t in S.TABLES for c in t.columns]
    return pd.DataFrame(rows)
