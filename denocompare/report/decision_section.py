"""The committee report's section on weighted criteria and the decision record.

Present when the comparison carries the committee's criteria or a decision (the
Decision tab, or a saved comparison with ``--view``); nothing otherwise. The ranking is
``core.criteria``'s, the chart ``plotting.criteria``'s, the record ``core.decision``'s:
the report computes nothing of its own.
"""

from __future__ import annotations

from io import BytesIO

from matplotlib.figure import Figure

from denocompare.core import criteria as K
from denocompare.core.dataset import Dataset
from denocompare.core.decision import Entry
from denocompare.core.view import View
from denocompare.plotting.criteria import draw_weighted_scores
from denocompare.plotting.render import save_figure


def ranking(ds: Dataset, view: View) -> tuple[K.Settings, dict, list[K.Ranked]]:
    settings = view.criteria or K.Settings()
    values = settings.scores(K.automatic_scores(ds, view), list(view.comparators))
    return settings, values, K.rank(values, dict(settings.weights), dict(settings.policies))


def decision_section(ds: Dataset, view: View,
                     chart_size: tuple[float, float] = (8.2, 5.0)) -> list[str]:
    from denocompare.report.build import data_uri, esc

    if view.criteria is None and not (view.decisions and view.decisions.entries):
        return []
    out = ["<h2 class='pb'>Weighted criteria and the committee's decision</h2>"]
    if view.criteria is not None:
        settings, values, ranked = ranking(ds, view)
        labels, policies = settings.labels(), dict(settings.policies)
        rules = {c.key: c.rule for c in K.AUTOMATIC}
        rows = "".join(f"<tr><td>{esc(labels[k])}</td><td>{w:g}</td>"
                       f"<td>{esc(policies.get(k, K.WORST))}</td>"
                       f"<td>{esc(rules.get(k, 'scored by the committee'))}</td></tr>"
                       for k, w in settings.weights if k in labels)
        out.append("<table border='1' cellspacing='0' cellpadding='3' width='100%'><thead>"
                   "<tr><th>Criterion</th><th>Weight</th><th>A gap (not reported) is</th>"
                   f"<th>Rule</th></tr></thead><tbody>{rows}</tbody></table>")
        ranks = "".join(
            f"<tr><td>{i}</td><td>{esc(ds.short_name(r.product))}</td>"
            f"<td>{100 * r.total:.0f} %</td><td>{esc(_gaps(r, labels))}</td></tr>"
            for i, r in enumerate(ranked, 1))
        out.append("<h3>Ranking</h3><table border='1' cellspacing='0' cellpadding='3' "
                   "width='100%'><thead><tr><th>#</th><th>Product</th><th>Score</th>"
                   f"<th>Gaps</th></tr></thead><tbody>{ranks}</tbody></table>")
        weights = dict(settings.weights)
        out.append("<p>" + esc(K.robustness_text(
            K.robustness(values, weights, dict(settings.policies)), labels)) + "</p>")
        fig = Figure(figsize=chart_size, layout="constrained")
        draw_weighted_scores(fig, ranked, {p: ds.short_name(p) for p in view.products},
                             {k: labels[k] for k, _w in settings.weights if k in labels})
        buf = BytesIO()
        save_figure(fig, buf, "png", 200)
        out.append(f"<p class='chart'><img class='chart' src='{data_uri(buf.getvalue())}' "
                   "alt='Weighted criteria: score per product' width='470'></p>")
    if view.decisions and view.decisions.entries:
        out.append("<h3>Decision record (newest first)</h3>")
        out += [_entry_html(ds, e) for e in reversed(view.decisions.entries)]
    return out


def _gaps(r: K.Ranked, labels: dict[str, str]) -> str:
    parts = []
    if r.gaps:
        parts.append("scored worst: " + ", ".join(labels[k] for k in r.gaps))
    if r.left_out:
        parts.append("left out: " + ", ".join(labels[k] for k in r.left_out))
    return "; ".join(parts)


def _entry_html(ds: Dataset, e: Entry) -> str:
    from denocompare.report.build import esc

    preferred = ", ".join(ds.short_name(p) if p in ds.product_ids() else p
                          for p in e.preferred) or "—"
    members = "; ".join(f"{m.name} ({m.conflicts or 'no declaration recorded'})"
                        for m in e.members) or "—"
    rows = (("Question", e.question), ("Decision", e.decision),
            ("Preferred", preferred), ("Conditions", e.conditions or "—"),
            ("Effective", e.effective), ("Re-review by", e.rereview),
            ("Members present (conflicts of interest)", members),
            ("Notes", e.notes or "—"),
            ("Recorded", e.recorded_at + (f" by {e.recorded_by}" if e.recorded_by else "")))
    body = "".join(f"<tr><th align='left' width='28%'>{esc(k)}</th><td>{esc(v)}</td></tr>"
                   for k, v in rows)
    return f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>{body}</table><br>"


def summary_items(ds: Dataset, view: View) -> list[tuple[str, str]]:
    """The committee's own results for the report's summary page (HTML, escaped): the
    budget result, the criteria ranking and the latest decision, where they exist."""
    from denocompare.core.budget import compute
    from denocompare.core.budget_checks import check
    from denocompare.report.build import esc

    items = []
    if view.budget is not None and not check(view.budget, view.products):
        totals, b = compute(view.budget).totals, view.budget
        mark = " (illustrative prices)" if b.illustrative else ""
        saving = -totals["difference"]
        items.append(("Budget impact", esc(
            f"over {b.horizon} year{'s' if b.horizon != 1 else ''}: "
            f"{'saves' if saving >= 0 else 'costs'} {abs(saving):,.0f} {b.currency} "
            f"({totals['scenario']:,.0f} under the scenario vs {totals['status_quo']:,.0f} "
            f"on the reference alone){mark}; section 'Budget impact'")))
    if view.criteria is not None:
        settings, values, ranked = ranking(ds, view)
        top = "; ".join(f"{i}. {ds.short_name(r.product)} {100 * r.total:.0f} %"
                        for i, r in enumerate(ranked[:3], 1))
        robust = K.robustness_text(K.robustness(values, dict(settings.weights),
                                                dict(settings.policies)), settings.labels())
        items.append(("Weighted criteria", esc(f"{top}. {robust}")))
    latest = view.decisions.latest if view.decisions else None
    if latest is not None:
        preferred = ", ".join(ds.short_name(p) if p in ds.product_ids() else p
                              for p in latest.preferred)
        items.append(("Decision", esc(
            f"{latest.decision.upper()} ({latest.effective}; re-review by {latest.rereview})"
            + (f"; preferred: {preferred}" if preferred else "")
            + (f"; conditions: {latest.conditions}" if latest.conditions else "")
            + f". Question: {latest.question}")))
    return items
