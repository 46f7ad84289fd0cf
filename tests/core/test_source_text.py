"""How a cell's sources are named (core/dataset.py ``source_text``, ``describe_sources``),
on a sources table in memory.

Rules: one line per source, 'id — title (document number). publisher, date. url', the
number and the date only when given; an id not in the table is named as it is; the
first row of an id is the one read; each line of a cell's sources carries its kind
('kind unknown' when the table gives none), after an 'Evidence:' line when every source
is weak.
"""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core.dataset import Dataset


def _ds(*rows: dict) -> Dataset:
    base = {"source_id": "S1", "title": "EPAR", "document_number": "EMA/1/2025",
            "publisher": "EMA", "date": "2025-06-01", "url": "https://x.eu/a", "kind": ""}
    return Dataset({"sources": pd.DataFrame([{**base, **r} for r in rows], dtype=object)})


@pytest.mark.parametrize("row, text", [
    ({}, "S1 — EPAR (EMA/1/2025). EMA, 2025-06-01. https://x.eu/a"),
    ({"document_number": pd.NA}, "S1 — EPAR. EMA, 2025-06-01. https://x.eu/a"),
    ({"document_number": "  "}, "S1 — EPAR. EMA, 2025-06-01. https://x.eu/a"),
    ({"date": ""}, "S1 — EPAR (EMA/1/2025). EMA. https://x.eu/a"),
    ({"date": pd.NA, "document_number": ""}, "S1 — EPAR. EMA. https://x.eu/a"),
])
def test_a_source_is_named_on_one_line_with_what_it_gives(row, text):
    assert _ds(row).source_text("S1") == text


def test_an_unknown_id_is_named_as_it_is_and_the_first_row_of_an_id_is_read():
    ds = _ds({"source_id": "S1", "title": "First"}, {"source_id": "S1", "title": "Second"},
             {"source_id": "S2", "title": "Other"})
    assert ds.source_text("S9") == "S9"
    assert ds.source_text("S1").startswith("S1 — First (")
    assert ds.source_text("S2").startswith("S2 — Other (")


def test_each_source_of_a_cell_on_its_line_with_its_kind():
    ds = _ds({"source_id": "S1", "kind": "regulator"}, {"source_id": "S2", "kind": ""},
             {"source_id": "S3", "kind": "secondary copy", "title": "Review"})
    assert ds.describe_sources("S1; S2").split("\n") == [
        "S1 — EPAR (EMA/1/2025). EMA, 2025-06-01. https://x.eu/a [regulator]",
        "S2 — EPAR (EMA/1/2025). EMA, 2025-06-01. https://x.eu/a [kind unknown]"]
    assert ds.describe_sources("S3").split("\n") == [
        "Evidence: secondary sources only",
        "S3 — Review (EMA/1/2025). EMA, 2025-06-01. https://x.eu/a [secondary copy]"]
    assert ds.describe_sources("") == ""
