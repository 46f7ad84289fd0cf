"""Adverse-reaction charts, checked by structure on the cited fixture dataset."""

from __future__ import annotations

import pytest

from denocompare.core.schema import FREQUENCY_BAND_LIMITS, FREQUENCY_BANDS
from denocompare.core.view import View
from denocompare.plotting import adverse as A
from denocompare.plotting import build_chart
from tests.plotting.helpers import (
    ALL_MINI,
    by_gid,
    drawn,
    flat,
    legend_texts,
    texts,
    ytick_labels,
)

PROLIA_KEF = View("prolia", ("kefdensis",))


# --- EU frequency bands -------------------------------------------------------------
def test_bands_one_row_per_reaction_sorted_by_frequency_then_name(mini):
    fig = drawn(build_chart("adverse_bands", mini, PROLIA_KEF))
    labels = ytick_labels(fig)
    assert labels == [
        "Musculoskeletal pain", "Pain in extremity",
        "Constipation (not listed in S200)", "Sciatica (not listed in S200)",
        "Cellulitis",
        "Hypocalcaemia", "Osteonecrosis of the jaw",
        "Osteonecrosis of the external auditory canal (not listed in S200)",
    ]


def test_bands_one_marker_per_product_and_reaction(mini):
    fig = build_chart("adverse_bands", mini, PROLIA_KEF)
    (prolia,) = by_gid(fig, "band-markers-prolia")
    (kef,) = by_gid(fig, "band-markers-kefdensis")
    assert len(prolia.get_xdata()) == 8
    assert len(kef.get_xdata()) == 5
    assert prolia.get_marker() != kef.get_marker()  # tells them apart in grey print
    assert prolia.get_color() != kef.get_color()


def test_bands_markers_sit_in_their_band_column(mini):
    rows = A.band_rows(mini, PROLIA_KEF)
    bands = list(rows.loc[rows["product_id"] == "prolia", "frequency_band"])
    fig = build_chart("adverse_bands", mini, PROLIA_KEF)
    (prolia,) = by_gid(fig, "band-markers-prolia")
    for x, band in zip(prolia.get_xdata(), bands, strict=True):
        assert abs(x - A.BAND_X[band]) < 0.3  # side by side within the column
    assert bands[-1] == "not known"


def test_bands_axis_shows_every_band_with_its_limits_and_not_known_apart(mini):
    fig = build_chart("adverse_bands", mini, PROLIA_KEF)
    ax = fig.axes[0]
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert [t.split("\n")[0] for t in ticks] == list(FREQUENCY_BANDS)
    assert "\u2265 1/10" in ticks[0]
    assert "\u2265 1/100 to" in ticks[1] and "< 1/10" in ticks[1]
    assert flat(ticks[-1]).endswith(flat(FREQUENCY_BAND_LIMITS["not known"]))
    gaps = list(ax.get_xticks())
    # The 'not known' column stands further from 'very rare' than bands from each other.
    assert gaps[-1] - gaps[-2] > 1.2 * (gaps[1] - gaps[0])


def test_bands_legend_footer_and_only_note(mini):
    fig = drawn(build_chart("adverse_bands", mini, ALL_MINI))
    assert legend_texts(fig) == ["Prolia", "Kefdensis"]
    every = " ".join(flat(t) for t in texts(fig))
    assert "none in the sources for Stoboclo, Obodence" in every
    assert "'not listed in <source>': that source does not list the reaction, which is " \
        "not a difference in safety" in every
    footer = fig.get_supxlabel()
    assert "S4" in footer and "S200" in footer and mini.title() in flat(footer)


def test_reaction_listed_by_one_product_is_kept_and_marked(mini):
    rows = A.band_rows(mini, PROLIA_KEF)
    only = set(rows.loc[rows["listed_by"] == 1, "reaction"])
    assert only == {"Constipation", "Sciatica", "Osteonecrosis of the external auditory canal"}
    fig = build_chart("adverse_bands", mini, PROLIA_KEF)
    marked = [t for t in ytick_labels(fig) if A.NOT_LISTED in t]
    # Named by the source that does not list it (Kefdensis's), never as a difference.
    assert len(marked) == 3 and all(t.endswith("(not listed in S200)") for t in marked)


def test_single_product_is_not_marked_only(mini):
    fig = build_chart("adverse_bands", mini, View("prolia"))
    assert len(ytick_labels(fig)) == 8
    assert not [t for t in ytick_labels(fig) if A.NOT_LISTED in t]


@pytest.mark.parametrize("options, expected", [
    (dict(soc="Infections and infestations"), ["Cellulitis"]),
    (dict(text="osteo"), ["Osteonecrosis of the jaw",
                          "Osteonecrosis of the external auditory canal (not listed in S200)"]),
])
def test_bands_follow_the_table_filters(mini, options, expected):
    fig = build_chart("adverse_bands", mini, PROLIA_KEF.replace(**options))
    assert ytick_labels(fig) == expected
    assert "filtered by" in " ".join(texts(fig))


def test_bands_nothing_to_show_is_said_not_drawn_empty(mini):
    fig = build_chart("adverse_bands", mini, PROLIA_KEF.replace(text="no such reaction"))
    assert A.NO_BANDS in texts(fig)
    assert all(not ax.axison for ax in fig.axes)
    assert fig.get_supxlabel()


# --- trial incidence ----------------------------------------------------------------
def test_incidence_grouped_bars_with_values_and_differences(mini):
    fig = drawn(build_chart("adverse_incidence", mini, PROLIA_KEF))
    ax = fig.axes[0]
    assert ytick_labels(ax.figure) == ["Back pain", "Pain in extremity",
                                       "Musculoskeletal pain", "Hypercholesterolemia",
                                       "Cystitis"]
    bars = by_gid(fig, "incidence-bar-")
    assert len(bars) == 10
    assert sorted(round(b.get_width(), 1) for b in bars)[-2:] == [34.6, 34.7]
    shown = texts(fig)
    for value in ("34.7 %", "34.6 %", "7.2 %", "6.1 %"):
        assert value in [t.strip() for t in shown]
    diffs = [t for t in shown if t.endswith(" pp")]
    assert diffs == ["+0.1 pp", "+0.6 pp", "+0.1 pp", "+1.1 pp", "+0.1 pp"]


def test_incidence_legend_names_each_arm_with_n(mini):
    fig = build_chart("adverse_incidence", mini, PROLIA_KEF)
    assert legend_texts(fig) == ["Prolia (FREEDOM, n = 3,886)", "placebo (FREEDOM, n = 3,876)"]
    assert "S9" in fig.get_supxlabel()


def test_incidence_placebo_arm_is_grey_not_a_product_colour(mini):
    fig = build_chart("adverse_incidence", mini, PROLIA_KEF)
    colours = {tuple(b.get_facecolor()) for b in by_gid(fig, "incidence-bar-")}
    assert len(colours) == 2


def test_incidence_message_when_no_percentages(mini):
    fig = build_chart("adverse_incidence", mini, View("kefdensis", ("stoboclo",)))
    assert A.NO_INCIDENCE == "No trial percentages in the sources for the chosen products"
    assert A.NO_INCIDENCE in texts(fig)
    assert not by_gid(fig, "incidence-bar-")
    assert fig.get_supxlabel()


def test_difference_keeps_the_sources_precision():
    assert A._decimals(34.7) == 1 and A._decimals(7.65) == 2 and A._decimals(5) == 1


def test_each_product_keeps_its_look_in_every_chart_and_the_reference_its_own(bundled):
    from denocompare.plotting import style as St

    family = View("prolia", tuple(bundled.family("prolia")))
    styles = St.product_styles(family.products)
    assert [s.color for s in styles.values()].count(styles["prolia"].color) == 1
    bands = build_chart("adverse_bands", bundled, family)
    for line in by_gid(bands, "band-markers-kefdensis"):
        assert line.get_color() == styles["kefdensis"].color
        assert line.get_marker() == styles["kefdensis"].marker
