"""Fixtures of the writer tests (the cases themselves are in ``writer_cases``)."""

from __future__ import annotations

import functools

import pytest

from denocompare.io.validate import load_dataset
from denocompare.output import report_html, report_pdf
from denocompare.plotting import build_chart
from tests.output.writer_cases import MINI, SELECTION, Context, table


@pytest.fixture(scope="module")
def ctx():
    # The report's HTML and PDF are made once and reused: each case tests the
    # writing, which stays real, and rendering the same report 16 times would not
    # test more (a PDF takes seconds).
    ds = load_dataset(MINI)
    build = report_html.build_html
    html = functools.cache(lambda: build(ds, SELECTION))
    with pytest.MonkeyPatch.context() as mp:
        for module in (report_html, report_pdf):
            mp.setattr(module, "build_html", lambda *args: html())
        mp.setattr(report_pdf, "render_pdf", functools.cache(report_pdf.render_pdf))
        yield Context(ds, build_chart("forest", ds, SELECTION), table())
