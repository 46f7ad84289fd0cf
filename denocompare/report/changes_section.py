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


#: What each table's rows are, in a committee's words (the table names are the files').
_TABLE_WORD = {"products": "Product entry", "indications": "Indication",
               "adverse_reactions": "Adverse reaction", "studies": "Study",
               "study_results": "Study result"}


def what(table: str, item: str) -> str:
    """The row's "What": 'US interchangeability effective' (the attribute's label, its
    region said once), 'Indication (EU): …', 'Product entry'."""
    region, sep, rest = item.partition(" / ")
    regional = bool(sep) and region in ("EU", "US")
    if table == "attributes":
        if not regional:
            return item
        return rest if rest.startswith(f"{region} ") else f"{rest} ({region})"
    word = _TABLE_WORD.get(table, table)
    if table == "products":
        return word
    return f"{word} ({region}): {rest}" if regional else f"{word}: {item}"


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
            f"<tr><td>{_e(what(r['table'], r['item']))}</td><td>{_CHANGE_WORD[r['change']]}"
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
    body = changes_section_html(diff[mine], earlier.title(), ds.title())
    return [f"<div class='changes pb'>{body}{_not_listed(diff[~mine])}</div>"]


def _not_listed(rest: pd.DataFrame) -> str:
    """The changes left out, said plainly: to which products, and how many belong to
    none (a study result of a study the dataset ties to no product)."""
    if rest.empty:
        return ""
    named = rest[rest["product_id"] != ""]
    parts = []
    if len(named):
        names = list(dict.fromkeys(named["product"]))
        parts.append(f"{_count(len(named))} to {_and(names)}, "
                     f"{'which are' if len(names) > 1 else 'which is'} not in this comparison")
    if len(named) < len(rest):
        parts.append(f"{_count(len(rest) - len(named))} tied to no product")
    return (f"<p class='note'>Not listed above: {'; '.join(_e(p) for p in parts)}. "
            "<code>denocompare changes EARLIER NOW</code> lists every change.</p>")


def _count(n: int) -> str:
    return f"{n} change{'s' if n != 1 else ''}"


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
