"""The band chart's keys and marks, and the incidence bars' edges, read from the artists.

What a pharmacist reads off the EU frequency chart: each product's key is that product's
marker in its colour, a marker and not a line; the markers carry the same look and a
white edge that parts touching marks; they lie over the grid, the 'not known' shade and
its dashed rule; the shade is light grey and behind the grid; every row has its grid
line; the markers of one band stay inside its column. No rendering: the Figure's
artists are read as built.
"""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.colors import same_color

from denocompare.core.view import View
from denocompare.plotting import adverse as A
from denocompare.plotting import build_chart
from denocompare.plotting import style as St
from tests.plotting.helpers import by_gid, with_table

PROLIA_KEF = View("prolia", ("kefdensis",))
WHITE = "white"


def _eu(product: str, reaction: str, band: str, source: str = "S200") -> dict:
    return {"product_id": product, "region": "EU", "reaction": reaction,
            "system_organ_class": "Nervous system disorders", "frequency_band": band,
            "source_id": source}


def _added(ds, *rows: dict):
    ar = ds["adverse_reactions"]
    return with_table(ds, "adverse_reactions",
                      pd.concat([ar, pd.DataFrame(list(rows))], ignore_index=True))


@pytest.fixture
def bands(mini):
    return build_chart("adverse_bands", mini, PROLIA_KEF)


def _shade(ax):
    (shade,) = [p for p in ax.patches if p.get_x() == pytest.approx(A._GAP_AT)]
    return shade


def _rule(ax):
    (rule,) = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    return rule


# --- the legend -----------------------------------------------------------------------
def test_each_products_key_is_its_marker_in_its_colour_not_a_line(bands, mini):
    styles = St.product_styles(PROLIA_KEF.products)
    keys = bands.axes[0].get_legend().legend_handles
    assert [k.get_label() for k in keys] == [mini.short_name(p) for p in PROLIA_KEF.products]
    for key, pid in zip(keys, PROLIA_KEF.products, strict=True):
        assert key.get_linestyle() == "None"  # a marker, never a line through it
        assert key.get_marker() == styles[pid].marker
        assert same_color(key.get_color(), styles[pid].color)
        assert same_color(key.get_markerfacecolor(), styles[pid].color)
        # The key looks like the chart's marks: the same white edge.
        assert same_color(key.get_markeredgecolor(), WHITE)


# --- the markers ----------------------------------------------------------------------
def test_markers_have_their_products_colour_and_a_white_edge(bands):
    styles = St.product_styles(PROLIA_KEF.products)
    for pid in PROLIA_KEF.products:
        (line,) = by_gid(bands, f"band-markers-{pid}")
        assert same_color(line.get_markerfacecolor(), styles[pid].color)
        assert same_color(line.get_markeredgecolor(), WHITE)
        assert 0 < line.get_markeredgewidth() < 1  # a hairline, not a frame


def test_markers_lie_over_the_grid_the_shade_and_the_dashed_rule(bands):
    ax = bands.axes[0]
    (grid,) = by_gid(bands, "row-grid")
    under = max(_rule(ax).get_zorder(), _shade(ax).get_zorder(), grid.get_zorder(),
                ax.xaxis.get_zorder())
    for pid in PROLIA_KEF.products:
        (line,) = by_gid(bands, f"band-markers-{pid}")
        assert line.get_zorder() > under  # a mark on the rule is drawn over it


def _xs_in_row(fig, ds, chosen, reaction):
    y = list(A.band_rows(ds, chosen)["reaction"].unique()).index(reaction)
    return sorted(x for line in by_gid(fig, "band-markers-")
                  for x, yy in zip(line.get_xdata(), line.get_ydata(), strict=True) if yy == y)


def test_seven_products_in_one_band_stay_inside_its_column(bundled):
    chosen = View("prolia", tuple(p for p in bundled.family("prolia") if p != "prolia")[:6])
    assert len(chosen.products) == 7
    ds = _added(bundled, *(_eu(p, "Zz test reaction", "uncommon") for p in chosen.products))
    xs = _xs_in_row(build_chart("adverse_bands", ds, chosen), ds, chosen, "Zz test reaction")
    assert len(xs) == 7
    band = A.BAND_X["uncommon"]
    # Side by side, in order, the group no wider than 0.8 of the band's column.
    assert xs[0] < band < xs[-1] and xs[-1] - xs[0] <= 0.8
    assert xs[0] - band == pytest.approx(band - xs[-1])


@pytest.mark.parametrize("n", [4, 5, 7])
def test_every_not_known_marker_is_right_of_the_dashed_rule(bundled, n):
    # With five or more products the first marker used to sit left of the rule,
    # outside the shaded column it belongs to (seven: x = 5.257, the rule at 5.3).
    chosen = View("prolia", tuple(p for p in bundled.family("prolia") if p != "prolia")[:n - 1])
    assert len(chosen.products) == n
    ds = _added(bundled, *(_eu(p, "Zz test reaction", A.NOT_KNOWN) for p in chosen.products))
    fig = build_chart("adverse_bands", ds, chosen)
    xs = _xs_in_row(fig, ds, chosen, "Zz test reaction")
    assert len(xs) == n
    assert min(xs) > A._GAP_AT
    assert max(xs) < A.BAND_X[A.NOT_KNOWN] + 0.7  # and inside the axis on the right
    # As far apart as that allows: 0.17 between centres up to four, then 0.56 in all.
    assert xs[-1] - xs[0] == pytest.approx(min(0.17 * (n - 1), A._SPREAD))


# --- the 'not known' column -------------------------------------------------------------
def test_not_known_shade_is_light_grey_behind_the_grid(bands):
    ax = bands.axes[0]
    shade = _shade(ax)
    assert same_color(shade.get_facecolor(), A._SHADE)
    (grid,) = by_gid(bands, "row-grid")
    # Behind the rows' grid lines and the band grid, so they run on across the column.
    assert shade.get_zorder() < grid.get_zorder()
    assert shade.get_zorder() < ax.xaxis.get_zorder()


def test_not_known_rule_is_dashed_and_grey(bands):
    rule = _rule(bands.axes[0])
    assert same_color(rule.get_color(), St.MUTED)
    assert rule.get_xdata()[0] == pytest.approx(A._GAP_AT)


# --- the rows ---------------------------------------------------------------------------
def test_every_row_has_a_grid_line_from_its_label(bands):
    (grid,) = by_gid(bands, "row-grid")
    n = len(by_gid(bands, "row-label-"))
    ys = sorted({round(float(seg[0][1]), 6) for seg in grid.get_segments()})
    assert n > 1 and ys == list(range(n))
    assert same_color(grid.get_colors()[0], St.GRID)


def test_names_of_one_rank_sort_ignoring_case_as_a_dictionary_does(mini):
    # '[' falls between the capitals and the small letters: only lower case puts it
    # before every letter, as a dictionary puts punctuation.
    names = ["Rash erythematous", "rash [generalised]", "RASH pruritic"]
    ds = _added(mini, *(_eu("prolia", n, "very rare", "S4") for n in names))
    rows = A.band_rows(ds, View("prolia"))
    rare = list(dict.fromkeys(rows.loc[rows["frequency_band"] == "very rare", "reaction"]))
    assert [n for n in rare if n.lower().startswith("rash")] == sorted(names, key=str.lower)
    assert rare.index("rash [generalised]") < rare.index("Rash erythematous")


def test_a_limit_without_to_wraps_to_lines_of_16_characters(monkeypatch):
    monkeypatch.setitem(A.FREQUENCY_BAND_LIMITS, "not known", "cannot be judged")  # 16
    assert A.band_tick_label("not known") == "not known\ncannot be judged"
    monkeypatch.setitem(A.FREQUENCY_BAND_LIMITS, "not known", "unknown frequency")  # 17
    assert A.band_tick_label("not known") == "not known\nunknown\nfrequency"


# --- the incidence bars -----------------------------------------------------------------
def test_incidence_bars_are_parted_by_a_white_edge(mini):
    fig = build_chart("adverse_incidence", mini, PROLIA_KEF)
    bars = by_gid(fig, "incidence-bar-")
    assert len(bars) >= 2
    for bar in bars:
        assert same_color(bar.get_edgecolor(), WHITE)
        assert 0 < bar.get_linewidth() < 1  # a hairline between the touching arms
