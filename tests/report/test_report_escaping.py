"""Product names are text in the report's HTML: in every element and attribute."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from denocompare.core.view import View
from denocompare.report.build import build_html

EVIL = "K<b>ef</b> & \"Co\" 'x' $a^b$ =1+1 <script>alert(1)</script>"


class Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text, self._in = set(), [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += attrs
        self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        self.text.append((self._in[-1] if self._in else "", data))


@pytest.fixture(scope="module")
def parsed(bundled):
    tables = dict(bundled.tables)
    products = tables["products"].copy()
    row = products["product_id"] == "kefdensis"
    products.loc[row, "name_eu"] = EVIL
    products.loc[row, "name_us"] = EVIL + " (US)"
    tables["products"] = products
    ds = type(bundled)(tables)
    page = build_html(ds, View("prolia", ("kefdensis",)), image=lambda k: f"{k}.png")
    parser = Collect()
    parser.feed(page)
    return parser


def test_the_title_is_the_name_as_text(parsed):
    title = "".join(d for tag, d in parsed.text if tag == "title")
    assert title == f"Biosimilar comparison: {EVIL} vs Prolia"


def test_no_markup_from_a_name(parsed):
    assert "script" not in parsed.tags and "b" in parsed.tags  # <b> is the report's own
    texts = "".join(d for _tag, d in parsed.text)
    assert EVIL in texts and "alert(1)" in texts  # shown, never run
    assert all(k in ("charset", "lang", "class", "src", "alt", "width", "border",
                     "cellspacing", "cellpadding", "bgcolor", "align", "style",
                     "name", "content")  # <meta>: the audit trail
               for k, _v in parsed.attrs), {k for k, _v in parsed.attrs}
