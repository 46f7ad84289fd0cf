"""The report section "What changed since our last review": the dataset-vs-dataset
list (``core.dataset_diff``) as HTML, one table per product, both sources per row.

In the committee report when it is given the dataset last reviewed (``denocompare
report --since EARLIER``, or File > Report: what changed since… in the window): the
changes of the comparison's products, the others counted. ``denocompare changes OLD
NEW --out memo.html`` writes every product's on a page of its own.
"""

from __future__ import annotations

import html

import pandas as pd

from denocompare.core.dataset import Dataset
from denocompare.core.dataset_diff import diff_datasets
from denocompare.core.view import View

_CHANGE_WORD = {"added": "Added", "removed": "Removed", "changed": "Changed"}


def _e(value: object) -> str:
    return html.escape("" if value is None or value is pd.NA else str(value))


def changes_section_html(diff: pd.DataFrame, old_title: str, new_title: str) -> str:
    """The section: a heading, a one-line summary, then a table per product."""
    head = (f"<h2>What changed since our last review</h2><p>From <b>{_e(old_title)}</b> to "
            f"<b>{_e(new_title)}</b>: ")
    if diff.empty:
        return head + "no value was added, removed or changed.</p>"
    counts = diff["change"].value_counts()
    head += ", ".join(f"{int(counts[k])} {k}" for k in ("added", "changed", "removed")
                      if k in counts)
    n = diff["product"].nunique()
    head += f", in {n} product{'s' if n != 1 else ''}.</p>"
    parts = [head]
    for product, rows in diff.groupby("product", sort=False):
        body = "".join(
            f"<tr><td>{_e(r['table'])}: {_e(r['item'])}</td><td>{_CHANGE_WORD[r['change']]}"
            f"</td><td>{_e(r['old_value'])}<br><small>{_e(r['old_source'])}</small></td>"
            f"<td>{_e(r['new_value'])}<br><small>{_e(r['new_source'])}</small></td></tr>"
            for r in rows.to_dict("records"))
        parts.append(f"<h3>{_e(product) or '(no product)'}</h3><table class='changes'>"
                     "<thead><tr><th style='width:24%'>What</th><th style='width:9%'>Change"
                     "</th><th style='width:30%'>Before (source)</th><th style='width:30%'>"
                     f"Now (source)</th></tr></thead><tbody>{body}</tbody></table>")
    return "".join(parts)


def changes_page_html(diff: pd.DataFrame, old_title: str, new_title: str) -> str:
    """The section on a page of its own (the memo ``denocompare changes`` writes)."""
    style = ("body{font-family:sans-serif;font-size:10pt;margin:2em}table{border-collapse:"
             "collapse;width:100%}th,td{border:1px solid #999;padding:3px 6px;text-align:"
             "left;vertical-align:top}small{color:#444}")
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>What "
            f"changed since our last review</title><style>{style}</style></head><body>"
            f"{changes_section_html(diff, old_title, new_title)}</body></html>")


def since_section(earlier: Dataset, ds: Dataset, view: View) -> list[str]:
    """The report's section: what changed from ``earlier`` to ``ds`` in the products of
    ``view``; the changes of other products are counted, not listed.

    Parameters
    ----------
    earlier : Dataset
        The dataset the committee last reviewed.
    ds : Dataset
        The dataset the report is made from.
    view : View
        The comparison reported: its products are the ones listed.

    Returns
    -------
    list of str
        HTML parts, starting on a new page.
    """
    diff = diff_datasets(earlier, ds)
    mine = diff["product_id"].isin(view.products)
    others = diff.loc[~mine, "product_id"]
    note = ""
    if len(others):
        n = others.replace("", pd.NA).nunique()
        many = len(others) != 1
        note = (f"<p class='note'>{len(others)} further change{'s' if many else ''} "
                f"concern{'' if many else 's'} {n} product{'s' if n != 1 else ''} outside this "
                "comparison (or no product); <code>denocompare changes</code> lists every "
                "one.</p>")
    body = changes_section_html(diff[mine], earlier.title(), ds.title())
    return [f"<div class='changes pb'>{body}{note}</div>"]
