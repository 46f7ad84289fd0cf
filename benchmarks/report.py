"""The committee report (PDF) against its floor, at three sizes (issue 20).

Cases: the bundled data, Prolia vs Kefdensis (two products) and Prolia with all of its
biosimilars (the whole family); and a synthetic reference with 300 biosimilars
(``benchmarks/scale.py``'s generator: 5,000 adverse-reaction rows, 200 studies; made up,
for timing only). Every run is a fresh process that imports what it needs and loads the
data first, then times only the work:

* ours: ``output.report_pdf.write_pdf`` (the HTML built, the charts drawn, the PDF
  rendered and written);
* the floor, in the same kind of process: (a) exporting the same charts at the report's
  size and resolution through the same render path (``build_chart`` on a figure of
  ``report.build.CHART_SIZE``, ``plotting.render.save_figure`` to a PNG file at 300
  dpi), plus (b) a bare WeasyPrint render (``HTML(string=...).write_pdf()``, written to
  a file) of the report's own HTML, built beforehand, with each chart replaced by an
  empty SVG of the chart's pixel size: the same text, tables and pages, no raster image
  to decode or embed.

Floor and ours alternate run by run (A B, B A, ...), so a slow spell of this shared
machine hits both alike; each figure is the median. Peak memory is ``VmHWM`` (Linux
carries ``ru_maxrss`` over from the parent across ``exec``), with the process's peak
before the timed work (imports and data) as the base; pages are counted by ``pdfinfo``.

    python -m benchmarks.report [--runs 5] [--cases two,family,300] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="Agg")

#: Shared by both children: imports, the data, the view; ``hwm()`` reads VmHWM (MiB).
PRELUDE = """
import json, sys, time
from pathlib import Path
def hwm():
    for line in open('/proc/self/status'):
        if line.startswith('VmHWM:'):
            return int(line.split()[1]) / 1024
import weasyprint
from matplotlib.figure import Figure
from denocompare.core.view import comparison
from denocompare.io.validate import load_dataset
from denocompare.output.report_pdf import write_pdf
from denocompare.plotting import build_chart
from denocompare.plotting.render import save_figure
from denocompare.report import build as B
data, reference, comps, out = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
ds = load_dataset(data)
view, _ = comparison(ds, reference, [c for c in comps.split(',') if c])
assert view.budget is None  # no budget or decision charts in these cases
base = hwm()
"""
OURS = PRELUDE + """
t0, c0 = time.perf_counter(), time.process_time()
write_pdf(ds, view, out / 'report.pdf')
t, cpu = time.perf_counter() - t0, time.process_time() - c0
print(json.dumps({'s': t, 'cpu': cpu, 'base': base, 'peak': hwm()}))
"""
FLOOR = PRELUDE + """
w, h = (round(x * 300) for x in B.CHART_SIZE)
svg = ("data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' "
       f"width='{w}' height='{h}'></svg>")
html = B.build_html(ds, view, image=lambda key: svg)
t0, c0 = time.perf_counter(), time.process_time()
for key in B.CHART_ORDER:
    fig = build_chart(key, ds, view, fig=Figure(figsize=B.CHART_SIZE, layout='constrained'))
    with open(out / f'{key}.png', 'wb') as fh:
        save_figure(fig, fh, 'png', 300)
    del fig
t_charts = time.perf_counter() - t0
t0 = time.perf_counter()
(out / 'bare.pdf').write_bytes(weasyprint.HTML(string=html).write_pdf())
t_text = time.perf_counter() - t0
print(json.dumps({'charts': t_charts, 'text': t_text, 's': t_charts + t_text,
                  'cpu': time.process_time() - c0, 'base': base, 'peak': hwm()}))
"""


def pages(pdf: Path) -> int | None:
    """The page count ``pdfinfo`` (poppler-utils) reads; None without it."""
    if shutil.which("pdfinfo") is None:
        return None
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return next((int(line.split()[1]) for line in info.splitlines()
                 if line.startswith("Pages:")), None)


def child(code: str, data: str, reference: str, comps: str, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([sys.executable, "-c", code, data, reference, comps, str(out)],
                          capture_output=True, text=True, env=ENV, timeout=3600)
    if done.returncode:
        raise RuntimeError(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(data: str, reference: str, comps: str, runs: int, tmp: Path) -> dict:
    ours, floor = [], []
    for i in range(runs):
        pair = [(FLOOR, floor, tmp / "floor"), (OURS, ours, tmp / "ours")]
        for code, into, out in (pair if i % 2 == 0 else pair[::-1]):
            into.append(child(code, data, reference, comps, out))
    med = {k: statistics.median(r[k] for r in ours) for k in ("s", "cpu", "base", "peak")}
    fmed = {k: statistics.median(r[k] for r in floor)
            for k in ("s", "cpu", "charts", "text", "base", "peak")}
    n_ours, n_floor = pages(tmp / "ours" / "report.pdf"), pages(tmp / "floor" / "bare.pdf")
    ratios = sorted(o["s"] / f["s"] for o, f in zip(ours, floor, strict=True))
    grown = med["peak"] - med["base"]
    return {"runs": runs, "report_s": med["s"], "floor_s": fmed["s"],
            "floor_charts_s": fmed["charts"], "floor_text_s": fmed["text"],
            "ratio": med["s"] / fmed["s"], "ratio_per_run": [round(r, 3) for r in ratios],
            "report_cpu_s": med["cpu"], "floor_cpu_s": fmed["cpu"],
            "cpu_ratio": med["cpu"] / fmed["cpu"],
            "pages": n_ours, "floor_pages": n_floor,
            "peak_MiB": med["peak"], "base_MiB": med["base"], "grown_MiB": grown,
            "floor_peak_MiB": fmed["peak"], "floor_grown_MiB": fmed["peak"] - fmed["base"],
            "MiB_per_page": grown / n_ours if n_ours else None,
            "floor_MiB_per_page": (fmed["peak"] - fmed["base"]) / n_floor if n_floor
            else None,
            "report_s_all": [round(r["s"], 3) for r in ours],
            "floor_s_all": [round(r["s"], 3) for r in floor]}


def cases(tmp: Path, wanted: list[str]) -> dict[str, tuple[str, str, str]]:
    from denocompare.resources import bundled_data_dir

    bundled = str(bundled_data_dir())
    out = {"two": (bundled, "prolia", "kefdensis"), "family": (bundled, "prolia", "")}
    if "300" in wanted:
        from benchmarks import scale

        big = scale.generate(tmp / "big", 5_000, n_products=301)
        out["300"] = (str(big), "ref", "")
    return {k: v for k, v in out.items() if k in wanted}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cases", default="two,family,300")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    tmp = Path(tempfile.mkdtemp(prefix="denocompare-report-bench-"))
    results = {}
    try:
        for name, (data, reference, comps) in cases(tmp, args.cases.split(",")).items():
            results[name] = measure(data, reference, comps, args.runs, tmp / name)
            r = results[name]
            print(f"{name}: report {r['report_s']:.2f} s, floor {r['floor_s']:.2f} s "
                  f"(charts {r['floor_charts_s']:.2f} + text {r['floor_text_s']:.2f}), "
                  f"ratio {r['ratio']:.2f} (runs {r['ratio_per_run']}; CPU time "
                  f"{r['report_cpu_s']:.2f} / {r['floor_cpu_s']:.2f} s = "
                  f"{r['cpu_ratio']:.2f}); pages "
                  f"{r['pages']} (floor {r['floor_pages']}); peak {r['peak_MiB']:.0f} MiB, "
                  f"base {r['base_MiB']:.0f}, floor peak {r['floor_peak_MiB']:.0f}",
                  flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
