"""The committee report: one HTML document, in the order a P&T biosimilar review takes.

Sections: title page, product identity and attributes, indications (EU, US) with
carve-outs, adverse reactions, equivalence studies, what the sources do not report,
and the numbered source list. The HTML is plain enough for Qt's rich-text engine,
which renders it to PDF and prints it (``denocompare.ui.report_pdf``).
"""

from __future__ import annotations

import base64
import datetime as _dt
import html
from collections.abc import Callable
from io import BytesIO

import pandas as pd

from denocompare import __version__
from denocompare.core import compare as C
from denocompare.core.dataset import Dataset
from denocompare.core.text import cell_text
from denocompare.core.view import View
from denocompare.plotting import CHARTS, build_chart
from denocompare.plotting.render import save_figure
from denocompare.report.fragments import study_cards_html

# Rich-text pixels across the printable width of A4 and Letter (Qt lays out a printed
# document at screen resolution inside its own margins).
IMAGE_WIDTH = 470
STATE_MARK = {C.DIFFERS: " ≠", C.CONFLICT: " ‡", C.CARVE_OUT: " ✗"}
CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9pt; color: #111; }
h1 { font-size: 20pt; color: #0b3d6b; } h2 { font-size: 14pt; color: #0b3d6b; }
h3 { font-size: 11pt; } table { border-collapse: collapse; }
th { background: #dde6f0; } td, th { padding: 3px; vertical-align: top; font-size: 8pt; }
.note { color: #444; font-size: 8pt; } .pb { page-break-before: always; }
"""


def chart_png(ds: Dataset, view: View, key: str, dpi: int = 300) -> bytes:
    """A chart as PNG bytes, from the same builder as the window and the exporter."""
    buf = BytesIO()
    save_figure(build_chart(key, ds, view), buf, "png", dpi)
    return buf.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _cell_table(cells: C.CellTable, marks: bool = True) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cells.values.columns)
    rows = []
    for r, label in enumerate(cells.values.index):
        tds = []
        for c in range(cells.values.shape[1]):
            state = cells.states.iat[r, c]
            text = html.escape(str(cells.values.iat[r, c]))
            if state == C.MISSING:
                text = f"<i>{text}</i>"
            cite = cells.sources.iat[r, c]
            cite_html = f" <span class='note'>[{html.escape(cite)}]</span>" if cite else ""
            mark = STATE_MARK.get(state, "") if marks else ""
            fill = C.STATE_COLOURS.get(state, "#ffffff")
            if state == C.CONFLICT:
                # Every source's value, as the window's details pane shows them.
                text += "<br><span class='note'>" + html.escape(
                    str(cells.details.iat[r, c])).replace("\n", "<br>") + "</span>"
            tds.append(f"<td bgcolor='{fill}'>{text}<b>{mark}</b>{cite_html}</td>")
        rows.append(f"<tr><th align='left'>{html.escape(str(label))}</th>{''.join(tds)}</tr>")
    return (f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            f"<tr><th></th>{head}</tr>{''.join(rows)}</table>")


def _reactions_table(ds: Dataset, view: View) -> str:
    ar = C.adverse_reactions(ds, view.products, soc=view.soc, text=view.text)
    if ar.empty:
        return "<p><i>No adverse reactions are reported in the sources for these " \
               f"products{' and filters' if filters_text(view) else ''}.</i></p>"
    cols = {k: C.ADVERSE_COLUMNS[k] for k in ("product", "region", "reaction", "frequency_band",
                                              "product_pct", "comparator_pct", "study",
                                              "source_id")}
    frame = ar[list(cols)].rename(columns=cols).astype(object)
    frame = frame.where(frame.notna(), "")
    widths = (12, 7, 28, 12, 9, 10, 10, 12)
    head = "".join(f"<th width='{w}%'>{h}</th>" for h, w in zip(cols.values(), widths,
                                                                 strict=True))
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_fmt(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False, name=None))
    return f"<table border='1' cellspacing='0' cellpadding='3' width='100%'><tr>{head}</tr>" \
           f"{body}</table>"


def _fmt(v) -> str:
    return cell_text(v)


def cited_sources(ds: Dataset, products: list[str]) -> list[str]:
    """Source ids cited by any row about the chosen products, in dataset order."""
    cited: set[str] = set(ds.source_ids_in(";".join(
        ds.products.loc[products, "source_id"].dropna())))
    for name, col in (("attributes", "product_id"), ("indications", "product_id"),
                      ("adverse_reactions", "product_id"), ("studies", "biosimilar_id")):
        frame = ds[name]
        for cell in frame.loc[frame[col].isin(products), "source_id"]:
            cited.update(ds.source_ids_in(cell))
    res = C.study_results(ds, products)
    for cell in res.get("source_id", pd.Series(dtype=object)):
        cited.update(ds.source_ids_in(cell))
    return [s for s in ds["sources"]["source_id"] if s in cited]


def filters_text(view: View) -> str:
    """The view's adverse-reaction filters in words ('' when none)."""
    parts = ([f"system organ class {view.soc}"] if view.soc else []) + \
        ([f"reactions containing '{view.text}'"] if view.text else [])
    return "; ".join(parts)


def build_html(ds: Dataset, view: View, image: Callable[[str], str] | None = None) -> str:
    """The report of ``view`` as one HTML string; ``image(key)`` gives each chart's ``src``.

    It shows what the window shows for the view: its products, its regions, its
    adverse-reaction filters (said in the text); the tables are complete, whatever
    "only rows with differences" hides on screen.
    """
    products = view.products
    image = image or (lambda key: data_uri(chart_png(ds, view, key)))
    names = [ds.display_name(p) for p in products]
    today = _dt.date.today().isoformat()
    ref = ds.short_name(view.reference)
    comps = ", ".join(ds.short_name(c) for c in view.comparators) or "—"
    parts = [f"<html><head><meta charset='utf-8'><title>Biosimilar comparison: {comps} vs "
             f"{ref}</title><style>{CSS}</style></head><body>",
             f"<h1>Biosimilar comparison</h1><h2>{html.escape(comps)} vs reference "
             f"{html.escape(ref)}</h2>",
             "<p>Products: " + "; ".join(html.escape(n) for n in names) + "</p>",
             f"<p>Prepared {today} with DenoCompare {__version__} from the dataset "
             f"<b>{html.escape(ds.title())}</b>.</p>",
             "<p class='note'>Every value is cited [source id] to the numbered source list "
             "at the end. “Not reported in source” means the dataset's sources do not give "
             "the fact; it does not mean the fact does not exist. Check the current SmPC / "
             "prescribing information before a decision. Marks: ≠ differs from the "
             "reference; ‡ sources disagree (all values in the details); ✗ carve-out.</p>"]
    parts += _sections(ds, view, image)
    parts.append("</body></html>")
    return "".join(parts)


def _sections(ds: Dataset, view: View, image: Callable[[str], str]) -> list[str]:
    products = view.products
    out = ["<h2 class='pb'>1. Product identity and attributes</h2>",
           _cell_table(C.attribute_table(ds, view)),
           "<h2 class='pb'>2. Indications</h2>"]
    for region in view.regions:
        out += [f"<h3>{region}</h3>",
                _cell_table(C.indication_matrix(ds, view.replace(regions=(region,))))]
    out.append("<h2 class='pb'>3. Adverse reactions</h2>")
    if filters_text(view):
        out.append(f"<p class='note'>Shown: {html.escape(filters_text(view))}.</p>")
    for key in (k for k in CHARTS if k.startswith("adverse")):
        out.append(f"<p><img src='{image(key)}' width='{IMAGE_WIDTH}'><br>"
                   f"<span class='note'>{html.escape(CHARTS[key].title)}</span></p>")
    out.append(_reactions_table(ds, view))
    out.append("<h2 class='pb'>4. Comparative equivalence studies</h2>")
    for key in (k for k in CHARTS if not k.startswith("adverse")):
        out.append(f"<p><img src='{image(key)}' width='{IMAGE_WIDTH}'><br>"
                   f"<span class='note'>{html.escape(CHARTS[key].title)}</span></p>")
    out.append(study_cards_html(ds, products))
    gaps = C.gaps(ds, view)
    out.append(f"<h2 class='pb'>5. Not reported in the sources ({len(gaps)})</h2><ul>")
    out += [f"<li>{html.escape(g)}</li>" for g in gaps]
    out.append("</ul><h2 class='pb'>6. Sources</h2><ol>")
    kinds = ds["sources"].set_index("source_id")
    for sid in cited_sources(ds, products):
        kind, note = kinds.loc[sid, "kind"], kinds.loc[sid, "note"]
        extra = f" <i>({html.escape(str(kind))}" + (f"; {html.escape(str(note))}"
                                                    if isinstance(note, str) and note else "")
        out.append(f"<li>{html.escape(ds.source_text(sid))}{extra})</i></li>")
    out.append("</ol>")
    return out
