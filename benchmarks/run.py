"""DenoCompare benchmarks: every figure as a median of N runs and a ratio to a floor
measured in the same run on the same machine.

    python benchmarks/run.py [--runs 5] [--quick] [--json out.json] [--only start,load]
                             [--against OTHER_CHECKOUT]   (start and selection, both)

Floors: A = a bare PySide6 QMainWindow shown; the data floor = A plus importing pandas,
reading the bundled tables and showing the products in a QTableView; a bare matplotlib
``savefig`` of same-size figures; a bare ``pandas.read_csv`` of the same file. Start-up
figures run in fresh processes (offscreen Qt). Not part of the test suite:
timings never fail a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks import scale  # noqa: E402
from denocompare.resources import bundled_data_dir  # noqa: E402

CHILD_ENV = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))

#: The first paint ends when the window's first burst of paint events does: Qt paints
#: every widget of the frame in one go, then flushes it, then handles the next event.
#: (A zero timer set after ``show()``, the mark before, fires *before* that paint: Qt
#: posts a paint at low priority, behind every timer. A zero timer set from the paint
#: event is no better: it queues behind the timers already set, and on main the
#: panels' two-hop timer built every tab, pandas imported, before it fired.) Watching
#: events from Python costs PySide about 5 ms (it makes ``QEvent``'s enums) and a call
#: per event until the mark, paid by the floor and the app alike.
ON_PAINT = """
from PySide6.QtCore import QEvent, QObject
class FirstPaint(QObject):
    def __init__(self, app, then):
        super().__init__(); self.app = app; self.then = then; self.painting = False
        app.installEventFilter(self)
    def eventFilter(self, _obj, event):
        if event.type() == QEvent.Type.Paint:
            self.painting = True
        elif self.painting:  # the first event after the frame's paint events
            self.app.removeEventFilter(self); self.painting = False; self.then()
        return False
"""
#: With argv[1] "text", A with one label: the first text a window paints costs Qt its
#: font database (fontconfig), the style's polish and text shaping, about 40 ms here,
#: which a bare QMainWindow never pays. Shown beside A, not a target.
FLOOR_A = """
import sys, time; t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication, QMainWindow
from PySide6.QtCore import QTimer
""" + ON_PAINT + """
app = QApplication([]); w = QMainWindow(); w.resize(1280, 820)
if sys.argv[1:] == ["text"]:
    from PySide6.QtWidgets import QLabel
    w.setCentralWidget(QLabel("DenoCompare"))
watch = FirstPaint(app, lambda: (print(time.perf_counter() - t0), app.quit())); w.show()
app.exec()
"""
#: The honest floor for "data shown" (issue 20): a bare window that imports pandas,
#: reads the bundled tables (argv[1]) and shows the products table in a QTableView —
#: what the app must do at the least, without its validation, model or panels.
#: (The old floor B imported matplotlib's QtAgg backend, which the app no longer does
#: before it shows data, and so flattered the app.)
FLOOR_DATA = """
import sys, time; t0 = time.perf_counter()
from pathlib import Path
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtCore import QTimer
app = QApplication([]); w = QMainWindow(); w.resize(1280, 820); w.show()
def load():
    import pandas as pd
    tables = {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False)
              for p in sorted(Path(sys.argv[1]).glob("*.csv"))}
    products = tables["products"]
    model = QStandardItemModel(len(products), len(products.columns))
    model.setHorizontalHeaderLabels(list(products.columns))
    for r, row in enumerate(products.itertuples(index=False)):
        for c, value in enumerate(row):
            model.setItem(r, c, QStandardItem(value))
    view = QTableView(); view.setModel(model); w.setCentralWidget(view)
    app.processEvents()
    print(time.perf_counter() - t0); app.quit()
QTimer.singleShot(0, load)
app.exec()
"""
#: The app's start (argv[1] "data": the bundled data, as ``denocompare`` starts; or a
#: saved comparison file, opened as File > Open comparison does, on the dataset it
#: names): prints the first paint and the moment the data (the comparison) is shown.
#: The load starts as ``ui.app.run`` starts it, once the window has painted.
APP_START = """
import sys, time; t0 = time.perf_counter()
from PySide6.QtCore import QSettings, QTimer
import tempfile
from denocompare.ui import app as A
qa = A.make_app()
from denocompare.ui.main_window import MainWindow
from denocompare.ui.settings_store import SettingsStore
""" + ON_PAINT + """
s = SettingsStore(QSettings(tempfile.mktemp(suffix='.ini'), QSettings.Format.IniFormat))
marks = {}
def painted():
    marks['paint'] = time.perf_counter() - t0
w = MainWindow(s); watch = FirstPaint(qa, painted); w.show()
def start():
    if sys.argv[1] == "data":
        w.open_path(str(A.bundled_data_dir()))
    else:
        assert w.comparisons.open(sys.argv[1])
def shown(_ds):
    # Connected after the window's own slot, so this runs once the window has shown the
    # dataset (and applied a comparison opening on it: the same call); then its paint.
    # (A 1 ms polling timer, before, took the GIL from the load every millisecond.)
    qa.processEvents()
    marks['data'] = time.perf_counter() - t0
    print(marks['paint'], marks['data']); qa.quit()
w.loader.finished.connect(shown)
if hasattr(w, "after_paint"):
    w.after_paint.call(start)
else:  # a checkout from before ui.after_paint (--against): run() used a zero timer
    QTimer.singleShot(0, start)
qa.exec()
"""


#: In the window (offscreen), with a dataset (argv[2]): on each tab, switch the
#: comparators between one product (argv[3]) and the reference's whole family, and
#: time each change until the tab is recomputed and repainted (chart drawn included,
#: on a worker or not), and the longest event-loop stall meanwhile. Prints, per tab,
#: the median time (ms) and the longest stall (ms).
SELECTION_CHANGE = scale.WINDOW + """
show(sys.argv[2])
bar = w.selection_bar
one = [sys.argv[3]]
def settle():
    for _ in range(3):  # draw_idle posts the chart's draw to the next pass
        qa.processEvents()
    while busy():
        qa.processEvents(); time.sleep(0.001)
    for _ in range(3):
        qa.processEvents()
out = []
for tab in range(w.tabs.count()):
    w.tabs.setCurrentIndex(tab); settle()
    bar.select_family(); settle(); bar.set_comparators(one); settle()  # warm
    times, stalls = [], []
    for _ in range(int(sys.argv[1])):
        for change in (bar.select_family, lambda: bar.set_comparators(one)):
            restart(); t0 = time.perf_counter(); change(); settle()
            times.append(1000 * (time.perf_counter() - t0)); stalls.append(stalled())
    out += [statistics.median(times), max(stalls)]
print(*out)
qa.quit()
"""

TABS = ("products", "indications", "adverse_reactions", "equivalence", "budget", "decision")


def child(code: str, *args: str, root: Path = ROOT) -> list[float]:
    """Run ``code`` in a fresh process on the checkout at ``root``; the numbers it prints."""
    env = dict(CHILD_ENV, PYTHONPATH=str(root))
    # cwd too: ``python -c`` puts the working directory first on the path.
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                         env=env, cwd=root, check=True, timeout=300).stdout.split()
    return [float(x) for x in out]


def compile_checkout(root: Path) -> None:
    # An installed wheel carries compiled bytecode (pip compiles it); a checkout run
    # with PYTHONDONTWRITEBYTECODE set would compile every module on every start.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "denocompare")],
                   check=True, capture_output=True)


def median_of(runs: int, fn) -> float:
    return statistics.median(fn() for _ in range(runs))


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def saved_comparison(folder: Path) -> Path:
    """A comparison file of the bundled data showing what a start shows (the starting
    view), so that opening it differs from opening the dataset only by the file."""
    from denocompare.core.view import starting_view
    from denocompare.io.validate import load_dataset
    from denocompare.output.comparison_file import save_comparison

    ds = load_dataset(bundled_data_dir())
    return save_comparison(ds, starting_view(ds), folder / "start.denocompare.json")[0]


def bench_start(runs: int, against: Path | None = None) -> dict:
    """Start-up against its floors; with ``against`` (another checkout, e.g. main's),
    its start too, interleaved with ours: a before and after of the same minutes."""
    compile_checkout(ROOT)
    if against is not None:
        compile_checkout(against)
    saved = str(saved_comparison(Path(tempfile.mkdtemp())))
    # Interleaved, so that a slow spell of this shared machine hits floors and app alike.
    a, text, b, app, comp, other = [], [], [], [], [], []
    for _ in range(runs):
        a.append(child(FLOOR_A)[0])
        text.append(child(FLOOR_A, "text")[0])
        b.append(child(FLOOR_DATA, str(bundled_data_dir()))[0])
        app.append(child(APP_START, "data"))
        comp.append(child(APP_START, saved))
        if against is not None:
            other.append(child(APP_START, "data", root=against))
    fa, fb = statistics.median(a), statistics.median(b)
    paint = statistics.median(x[0] for x in app)
    data = statistics.median(x[1] for x in app)
    opened = statistics.median(x[1] for x in comp)
    out = {"floor_A_s": fa, "floor_data_s": fb, "first_paint_s": paint,
           "data_shown_s": data, "first_paint_vs_A": paint / fa,
           "data_shown_vs_floor": data / fb, "comparison_shown_s": opened,
           "comparison_vs_data_shown": opened / data,
           "targets": "first paint <= 1.3x A; data shown <= 1.2x the data floor; "
                      "a saved comparison shown <= 1.2x the dataset alone",
           "floor_A_text_s": statistics.median(text),
           "first_paint_vs_A_text": paint / statistics.median(text),
           "each_run": {"floor_A": a, "floor_A_text": text, "floor_data": b, "app": app}}
    if other:
        out.update({"against": str(against), "against_each_run": other,
                    "against_first_paint_vs_A": statistics.median(x[0] for x in other) / fa,
                    "against_data_shown_vs_floor": statistics.median(x[1] for x in other) / fb})
    return out


def bench_charts(runs: int) -> dict:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from denocompare.core.view import View
    from denocompare.io.validate import load_dataset
    from denocompare.output.figure_export import export_all
    from denocompare.plotting import CHARTS, build_chart
    from denocompare.resources import bundled_data_dir

    ds = load_dataset(bundled_data_dir())
    sel = View("prolia", tuple(ds.family("prolia")))
    out: dict = {}
    # A redraw is what the window does on a change: rebuild on its figure, then draw.
    # Measured for the whole Prolia family (the heaviest charts) and for the default
    # selection, Prolia vs Kefdensis.
    for name, chosen in (("family", sel), ("default", View("prolia", ("kefdensis",)))):
        for key in CHARTS:
            fig = build_chart(key, ds, chosen)
            canvas = FigureCanvasAgg(fig)

            def redraw(key=key, fig=fig, canvas=canvas, chosen=chosen):
                build_chart(key, ds, chosen, fig=fig)
                canvas.draw()
            out[f"redraw_{name}_{key}_ms"] = 1000 * median_of(runs, lambda: timed(redraw))
    tmp = Path(tempfile.mkdtemp())

    # Sizes are taken before timing: the floor must not pay for building our charts.
    sizes = [build_chart(key, ds, sel).get_size_inches() for key in CHARTS]

    def bare():
        for i, size in enumerate(sizes):
            fig = Figure(figsize=size)
            ax = fig.add_subplot()
            ax.barh(range(20), range(20))
            ax.set_title("floor")
            FigureCanvasAgg(fig)
            fig.savefig(tmp / f"bare{i}.png", dpi=300)
    floors, exports = [], []
    for _ in range(runs):  # interleaved, like the floors above
        floors.append(timed(bare))
        exports.append(timed(lambda: export_all(ds, sel, tmp, ("png",), 300)))
    floor, ours = statistics.median(floors), statistics.median(exports)
    out.update({"export_all_png300_s": ours, "bare_savefig_s": floor,
                "export_vs_bare": ours / floor, "target": "redraw <= 100 ms; export <= 1.3x"})
    from denocompare.output.report_html import write_html

    out["report_html_s"] = median_of(max(1, runs // 2), lambda: timed(
        lambda: write_html(ds, sel, tmp / "r.html")))
    return out


def bench_selection(runs: int, against: Path | None = None, rounds: int = 3) -> dict:
    """The window's change of selection, tab by tab (the bundled data, Kefdensis and the
    whole family in turn; the scale dataset, p1 and all 30), each process ``2 × runs``
    changes: the median time to settle and the longest stall, per round. With
    ``against`` (another checkout), its window too, interleaved round by round."""
    compile_checkout(ROOT)
    roots = {"": ROOT}
    if against is not None:
        compile_checkout(against)
        roots["against_"] = against
    scale_data = scale.generate(Path(tempfile.mkdtemp()) / "scale", 5_000)
    out: dict = {"rounds": rounds, "target": "no stall > 50 ms"}
    for _ in range(rounds):
        for size, args in (("", (str(bundled_data_dir()), "kefdensis")),
                           ("_at_scale", (str(scale_data), "p1"))):
            for who, root in roots.items():
                tabs = child(SELECTION_CHANGE, str(runs), *args, root=root)
                for i, tab in enumerate(TABS):
                    for what, value in (("ms", tabs[2 * i]), ("max_stall_ms", tabs[2 * i + 1])):
                        out.setdefault(f"{who}selection_change{size}_{tab}_tab_{what}",
                                       []).append(value)
    return out


def bench_load(runs: int) -> dict:
    """Loading the bundled data (what every fuzz example pays for), and refusing a
    200 MB workbook, against the bare reads of the same files (moved here from the test
    suite, which only checks that the big file is never opened)."""
    import pandas as pd

    from denocompare.core.errors import DataError
    from denocompare.io.validate import load_dataset
    from denocompare.resources import bundled_data_dir

    data = bundled_data_dir()
    huge = Path(tempfile.mkdtemp()) / "huge.xlsx"
    with open(huge, "wb") as fh:
        fh.truncate(200 * 2**20)  # sparse: no disk space

    def refuse():
        try:
            load_dataset(huge)
        except DataError:
            return
        raise AssertionError("the 200 MB workbook was not refused")

    def bare():
        for csv in sorted(data.glob("*.csv")):
            pd.read_csv(csv, dtype=str, keep_default_na=False)
    from denocompare.io.release import bundled_releases, identify, table_files

    ds = load_dataset(data)  # warm: imports and the page cache
    files = table_files(data)
    # The bundled release's content hash is made at every load of the bundled data (the
    # start's): naming it costs a stat per file, and SHA-256 of its files when their
    # sizes are a release's. Timed alone, with its manifest read (cached) again.
    def name_release():
        bundled_releases.cache_clear()
        identify(files, ds.name, ds.version, str(data))
    loads, floors, refusals, names = [], [], [], []
    for _ in range(runs):  # interleaved, like the other floors
        floors.append(timed(bare))
        loads.append(timed(lambda: load_dataset(data)))
        refusals.append(timed(refuse))
        names.append(timed(name_release))
    load, floor = statistics.median(loads), statistics.median(floors)
    return {"load_bundled_s": load, "bare_read_csv_bundled_s": floor,
            "load_vs_bare": load / floor, "refuse_200mb_workbook_s": statistics.median(refusals),
            "release_hash_s": statistics.median(names),
            "release_hash_share_of_load": statistics.median(names) / load,
            "stat_200mb_workbook_s": median_of(runs, lambda: timed(huge.stat)),
            "targets": "load bundled < 0.5 s; refuse 200 MB < 1 s"}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="small scale table (100k rows)")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--only", default="start,load,charts,selection,scale",
                    help="the figures to measure, of start,load,charts,selection,scale "
                         "(default all)")
    ap.add_argument("--against", type=Path, metavar="CHECKOUT",
                    help="another checkout (e.g. `git worktree add` of main): its start and "
                         "its selection change are measured too, interleaved with this one's")
    args = ap.parse_args()
    only = set(args.only.split(","))
    results = {"machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, "
                          f"Python {platform.python_version()}",
               "date": time.strftime("%Y-%m-%d %H:%M"), "runs": args.runs}
    for name, fn in (("start", lambda runs: bench_start(runs, args.against)),
                     ("load", bench_load), ("charts", bench_charts),
                     ("selection", lambda runs: bench_selection(runs, args.against)),
                     ("scale", lambda runs: scale.run(
                         runs, rows=100_000 if args.quick else 1_000_000))):
        if name in only:
            results[name] = fn(args.runs)
            print(json.dumps({name: results[name]}, indent=1), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
