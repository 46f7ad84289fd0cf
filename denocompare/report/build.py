"""The committee report: one HTML document, in the order a P&T biosimilar review takes.

Sections: title page, product identity and attributes, indications (EU, US) with
carve-outs, adverse reactions, equivalence studies, what the sources do not report,
and the numbered source list. WeasyPrint renders it to PDF (``denocompare.output.
report_pdf``); the same HTML opens in a browser, and is plain enough for Qt's rich-text
engine, which prints it (``denocompare.ui.report_pdf``). Every piece of dataset text is
escaped, in elements and attributes alike.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable
from io import BytesIO

import pandas as pd
from matplotlib.figure import Figure

from denocompare import __version__
from denocompare.core import compare as C
from denocompare.core import indications as I
from denocompare.core import schema as S
from denocompare.core.audit import Trail, trail_of
from denocompare.core.dataset import Dataset
from denocompare.core.text import cell_text
from denocompare.core.view import View
from denocompare.plotting import CHARTS, build_chart
from denocompare.plotting.render import save_figure
from denocompare.report.audit_section import audit_head, audit_section
from denocompare.report.budget_section import budget_section
from denocompare.report.changes_section import since_section
from denocompare.report.decision_section import decision_section
from denocompare.report.fragments import study_cards_html
from denocompare.report.summary import summary_html
from denocompare.report.tables import ReportTables

# Rich-text pixels across the printable width of A4 and Letter (Qt lays out a printed
# document at screen resolution inside its own margins). The PDF sizes charts by CSS.
IMAGE_WIDTH = 470
#: Charts are drawn at this size (inches) for the report, each on a landscape page
#: (the text pages are portrait) across the text width: 267 mm on A4, 249 mm on
#: Letter, so scaled by 1.2 or more and the smallest chart text, 6 pt row labels
#: (``plotting.style.SMALLEST_ROW_FONT``), is at least 7 pt on paper. Across a
#: portrait page it would print at 4.3 pt (slide size), or, drawn 6 in wide, overlap.
CHART_SIZE = (8.2, 5.0)
#: The report's charts, in the registry's order (said once, in ``plotting.CHARTS``).
CHART_ORDER = tuple(CHARTS)
#: Products side by side in one table; more are split into parts, each with the
#: reference again, so that a portrait page never breaks a word inside a cell.
PRODUCTS_PER_TABLE = 5
#: Rows kept together at a table's head and at its foot (``_cell_part``).
KEEP_ROWS = 3
STATE_MARK = {C.DIFFERS: " ≠", C.CONFLICT: " ‡", C.CARVE_OUT: " ✗", C.SAME_WORDING: " ≈"}
CSS = """
@page { size: A4 portrait; margin: 15mm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages);
                   font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 8pt;
                   color: #444; } }
body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9pt; color: #111;
       hyphens: none; overflow-wrap: normal; word-break: keep-all; }
div.summary dt { font-weight: bold; margin-top: 4pt; } div.summary dd { margin-left: 12pt; }
div.summary { break-after: page; }
h1 { font-size: 20pt; color: #0b3d6b; } h2 { font-size: 14pt; color: #0b3d6b; }
h3 { font-size: 11pt; } h2, h3 { break-after: avoid; }
table { border-collapse: collapse; width: 100%; }
thead { display: table-header-group; } tr { break-inside: avoid; }
tbody.keep tr + tr { break-before: avoid; } p.part { break-after: avoid; }
p.counts { break-before: avoid; }
th { background: #dde6f0; } td, th { padding: 3px; vertical-align: top; font-size: 8pt; }
@page chart { size: A4 landscape; }
div.charts { page: chart; break-after: page; } div.charts h2 { margin: 0 0 4pt; }
p.chart { break-inside: avoid; margin: 0; } p.chart + p.chart { break-before: page; }
img.chart { width: 100%; height: auto; }
.note { color: #444; font-size: 8pt; } .pb { page-break-before: always; }
div.audit { break-inside: avoid; }
table.changes { table-layout: fixed; }
table.changes td, table.changes th { border: 1px solid #999; text-align: left; }
@media print { body { margin: 0; } }
"""


#: How to read the tables: before the first one (the summary page has no marks).
MARKS_NOTE = (
    "<p class='note'>Every value is cited [source id] to the numbered source list "
    "at the end. “Not reported in source” means the dataset's sources do not give "
    "the fact; it does not mean the fact does not exist. Check the current SmPC / "
    "prescribing information before a decision. Marks: ≠ differs from the "
    "reference; ≈ same value, worded differently; ‡ sources disagree (all values "
    "in the details); ✗ carve-out. A citation marked <i>(secondary sources only)</i> "
    "or <i>(low-quality source only)</i> has no regulator, registry, journal or "
    "company source under it.</p>")


def chart_png(ds: Dataset, view: View, key: str, dpi: int = 300) -> bytes:
    """A chart as PNG bytes, from the same builder as the window and the exporter."""
    buf = BytesIO()
    fig = Figure(figsize=CHART_SIZE, layout="constrained")
    save_figure(build_chart(key, ds, view, fig=fig), buf, "png", dpi)
    return buf.getvalue()


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _cell_table(cells: C.CellTable, marks: bool = True, ds: Dataset | None = None) -> str:
    """The table, in parts of ``PRODUCTS_PER_TABLE`` columns, the reference in each."""
    n = cells.values.shape[1]
    per = PRODUCTS_PER_TABLE - 1
    parts = [[0, *range(c, min(c + per, n))] for c in range(1, n, per)] or [list(range(n))]
    if len(parts) == 1:
        return _cell_part(cells, parts[0], marks, ds)
    return "".join(f"<p class='note part'>Part {i} of {len(parts)}: the reference, then "
                   f"{len(cols) - 1} of {n - 1} products.</p>"
                   f"{_cell_part(cells, cols, marks, ds)}"
                   for i, cols in enumerate(parts, start=1))


def _cell_part(cells: C.CellTable, columns: list[int], marks: bool,
               ds: Dataset | None) -> str:
    head = "".join(f"<th>{esc(cells.values.columns[c])}</th>" for c in columns)
    rows = []
    for r, label in enumerate(cells.values.index):
        tds = []
        for c in columns:
            state = cells.states.iat[r, c]
            text = esc(cells.values.iat[r, c])
            if state == C.MISSING:
                text = f"<i>{text}</i>"
            cite = cells.sources.iat[r, c]
            weak = ds.weakness(cite) if ds is not None and cite else ""
            cite_html = f" <span class='note'>[{esc(cite)}]" + (
                f" <i>({esc(weak)})</i>" if weak else "") + "</span>" if cite else ""
            mark = STATE_MARK.get(state, "") if marks else ""
            mark = f"<b>{mark}</b>" if mark else ""  # no empty element in every cell
            fill = C.STATE_COLOURS.get(state, "#ffffff")
            if state == C.CONFLICT:
                # Every source's value, as the window's details pane shows them.
                text += "<br><span class='note'>" + esc(
                    cells.details.iat[r, c]).replace("\n", "<br>") + "</span>"
            tds.append(f"<td bgcolor='{esc(fill)}'>{text}{mark}{cite_html}</td>")
        rows.append(f"<tr><th align='left'>{esc(label)}</th>{''.join(tds)}</tr>")
    # The first and the last few rows in groups with no page break between their rows:
    # a part never starts at a page's foot with its header and one row, nor leaves one
    # row behind. (WeasyPrint 70 ignores 'break-inside: avoid' on a row group once any
    # group of the table has it; 'break-before: avoid' between rows it keeps.)
    keep = KEEP_ROWS if len(rows) > 2 * KEEP_ROWS else len(rows)
    tail = max(keep, len(rows) - KEEP_ROWS)
    groups = [("keep", rows[:keep]), ("", rows[keep:tail]), ("keep", rows[tail:])]
    body = "".join(f"<tbody class='{cls}'>{''.join(g)}</tbody>" if cls else
                   f"<tbody>{''.join(g)}</tbody>" for cls, g in groups if g)
    return (f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            f"<thead><tr><th></th>{head}</tr></thead>{body}</table>")


def esc(value: object) -> str:
    """Dataset text made safe in an element or a quoted attribute (quotes escaped)."""
    return html.escape(str(value), quote=True)


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
    head = "".join(f"<th width='{w}%'>{esc(h)}</th>" for h, w in zip(cols.values(), widths,
                                                                      strict=True))
    body = "".join("<tr>" + "".join(f"<td>{esc(_fmt(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False, name=None))
    return f"<table border='1' cellspacing='0' cellpadding='3' width='100%'><thead><tr>" \
           f"{head}</tr></thead><tbody>{body}</tbody></table>"


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


def build_html(ds: Dataset, view: View, image: Callable[[str], str] | None = None,
               trail: Trail | None = None, since: Dataset | None = None) -> str:
    """The report of ``view`` as one HTML string; ``image(key)`` gives each chart's ``src``.

    It shows what the window shows for the view: its products, its regions, its
    adverse-reaction filters (said in the text); the tables are complete, whatever
    "only rows with differences" hides on screen. ``trail`` (by default made now, not
    saved) is said on the first page, in full at the end, and in the document's
    metadata (a PDF's info dictionary). ``since``: the dataset last reviewed; what
    changed from it comes after the summary.
    """
    products = view.products
    image = image or (lambda key: data_uri(chart_png(ds, view, key)))
    names = [ds.display_name(p) for p in products]
    trail = trail_of(ds, view, trail, since)
    today = trail.made_at[:10]
    ref = ds.short_name(view.reference)
    comps = ", ".join(ds.short_name(c) for c in view.comparators) or "—"
    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Biosimilar "
             f"comparison: {esc(comps)} vs {esc(ref)}</title>{audit_head(trail)}"
             f"<style>{CSS}</style></head><body>",
             f"<h1>Biosimilar comparison{': ' + esc(ds.molecule) if ds.molecule else ''}"
             f"</h1><h2>{html.escape(comps)} vs reference "
             f"{html.escape(ref)}</h2>",
             "<p>Products: " + "; ".join(html.escape(n) for n in names) + "</p>",
             f"<p>Prepared {today} with DenoCompare {__version__} from the dataset "
             f"<b>{html.escape(ds.title())}</b> (content hash {esc(trail.short_hash)}; "
             "audit trail at the end).</p>",
             f"<p>{esc(I.summary_sentence(ds, products))}</p>",
             summary_html(ds, view, filters_text(view), tables := ReportTables(ds, view))]
    parts += since_section(since, ds, view) if since is not None else []
    parts += _sections(ds, view, image, tables)
    parts.append(audit_section(trail))
    parts.append("</body></html>")
    return "".join(parts)


def _sections(ds: Dataset, view: View, image: Callable[[str], str],
              tables: ReportTables) -> list[str]:
    products = view.products
    out = ["<h2 class='pb'>1. Product identity and attributes</h2>", MARKS_NOTE,
           _cell_table(tables.attributes, ds=ds),
           "<h2 class='pb'>2. Indications</h2>"]
    for region in view.regions:
        matrix = tables.indications(region)
        out += [f"<h3>{region}</h3>", _cell_table(matrix, ds=ds),
                "<p class='note counts'>Counts: "
                + esc("; ".join(c.text() for c in I.counts(matrix.states))) + "</p>"]
    shown = (f"<p class='note'>Shown: {esc(filters_text(view))}.</p>"
             if filters_text(view) else "")
    out.append(_charts("3. Adverse reactions", tuple(k for k in CHARTS if k.startswith(
        "adverse")), image, shown))
    out.append(_reactions_table(ds, view))
    out.append(_charts("4. Comparative equivalence studies", tuple(
        k for k in CHARTS if not k.startswith("adverse")), image))
    out.append(study_cards_html(ds, products))
    out += budget_section(ds, view, CHART_SIZE)  # none without budget inputs
    out += decision_section(ds, view, CHART_SIZE)  # none without criteria or a decision
    gaps = tables.gaps
    out.append(f"<h2 class='pb'>5. Not reported in the sources ({len(gaps)})</h2><ul>")
    out += [f"<li>{html.escape(g)}</li>" for g in gaps]
    out.append("</ul><h2 class='pb'>6. Sources</h2><ol>")
    kinds = ds["sources"].set_index("source_id")
    for sid in cited_sources(ds, products):
        kind, note = kinds.loc[sid, "kind"], kinds.loc[sid, "note"]
        strength = S.SOURCE_STRENGTH.get(str(kind), "")
        extra = f" <i>({html.escape(str(kind))}" + (f", {html.escape(strength)}"
                                                    if strength else "") + (
            f"; {html.escape(str(note))}"
                                                    if isinstance(note, str) and note else "")
        out.append(f"<li>{html.escape(ds.source_text(sid))}{extra})</i></li>")
    out.append("</ol>")
    return out


def _charts(heading: str, keys: tuple[str, ...], image: Callable[[str], str],
            note: str = "") -> str:
    """A section's heading (and ``note``), then its charts, each on a landscape page."""
    # No caption under a chart: its title, subtitle and footer are drawn in it.
    charts = "".join(
        f"<p class='chart'><img class='chart' src='{esc(image(key))}' "
        f"alt='{esc(CHARTS[key].title)}' width='{IMAGE_WIDTH}'></p>" for key in keys)
    return f"<div class='charts'><h2 class='pb'>{esc(heading)}</h2>{note}{charts}</div>"
