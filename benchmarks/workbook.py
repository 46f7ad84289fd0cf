"""A million-row workbook: DenoCompare's load against a bare pandas read of the sheet.

The workbook is the scale benchmark's dataset (``benchmarks/scale.py``, synthetic, for
timing only) written as one .xlsx file, its adverse-reaction sheet 100,000 rows (within
the workbook limits) or a million (past them: refused, and how soon). Each
figure is the median of N runs, each in a fresh process that reports its time and peak
memory; the floor, ``pandas.read_excel(..., engine="calamine")`` of that one sheet, is
measured in the same run, interleaved with ours, so a slow spell hits both alike.

    python -m benchmarks.workbook [--runs 5] [--rows 100000 1000000]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd

from benchmarks.scale import _child, generate

LOAD = """
import sys, time
t0 = time.perf_counter()
from denocompare.core.errors import DataError
from denocompare.io.validate import load_dataset
try:
    rows = len(load_dataset(sys.argv[1])['adverse_reactions'])
except DataError:
    rows = -1  # refused (past a workbook limit)
t = time.perf_counter() - t0
peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))
print(t, peak / 1024, rows)
"""
BARE = """
import sys, time
t0 = time.perf_counter()
import pandas as pd
frame = pd.read_excel(sys.argv[1], sheet_name='adverse_reactions', dtype=str,
                      engine='calamine')
t = time.perf_counter() - t0
peak = next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))
print(t, peak / 1024, len(frame))
"""

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/'
    'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
    '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{sheets}</Types>')
_SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
               'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
         '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="xl/workbook.xml"/></Relationships>')
_NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://'
       'schemas.openxmlformats.org/officeDocument/2006/relationships"')


def _cell(value: str) -> str:
    try:
        float(value)
    except ValueError:
        return f'<c t="inlineStr"><is><t>{escape(value)}</t></is></c>' if value else "<c/>"
    return f"<c><v>{value}</v></c>"


def write_workbook(folder: Path, target: Path) -> Path:
    """Every CSV table of ``folder`` as a sheet of ``target``, written as plain XML
    (openpyxl takes minutes to write a million rows)."""
    tables = sorted(folder.glob("*.csv"))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheets="".join(
            _SHEET_TYPE.format(i=i) for i in range(1, len(tables) + 1))))
        zf.writestr("_rels/.rels", _RELS)
        sheets = "".join(f'<sheet name="{p.stem}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, p in enumerate(tables, start=1))
        zf.writestr("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8"?><workbook '
                    f'{_NS}><sheets>{sheets}</sheets></workbook>')
        rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/'
                       f'officeDocument/2006/relationships/worksheet" Target="worksheets/'
                       f'sheet{i}.xml"/>' for i in range(1, len(tables) + 1))
        zf.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?>'
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                    f'relationships">{rels}</Relationships>')
        for i, path in enumerate(tables, start=1):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, header=None)
            with zf.open(f"xl/worksheets/sheet{i}.xml", "w") as fh:
                fh.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>'
                         "<sheetData>".encode())
                for row in frame.itertuples(index=False):
                    fh.write(("<row>" + "".join(map(_cell, row)) + "</row>").encode())
                fh.write(b"</sheetData></worksheet>")
    return target


def measure(book: Path, runs: int) -> dict:
    ours, bare = [], []
    for _ in range(runs):  # interleaved
        ours.append(_child(LOAD, str(book)))
        bare.append(_child(BARE, str(book)))
    t, b = statistics.median(x[0] for x in ours), statistics.median(x[0] for x in bare)
    return {"workbook_MB": round(book.stat().st_size / 1e6, 1),
            "refused": ours[0][2] < 0,
            "load_validate_s": t, "bare_read_excel_calamine_s": b, "ratio": t / b,
            "peak_rss_MiB": statistics.median(x[1] for x in ours),
            "bare_peak_rss_MiB": statistics.median(x[1] for x in bare)}


def run(runs: int, sizes: tuple[int, ...]) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="denocompare-bench-"))
    try:
        out = {}
        for rows in sizes:
            book = write_workbook(generate(tmp / f"r{rows}", rows), tmp / f"r{rows}.xlsx")
            out[f"{rows}_reaction_rows"] = measure(book, runs)
            print(json.dumps({f"{rows}_reaction_rows": out[f"{rows}_reaction_rows"]}),
                  file=sys.stderr, flush=True)  # each size as it is done: the 1M one is slow
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    print(json.dumps(run(args.runs, tuple(args.rows)), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
