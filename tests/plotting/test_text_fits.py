"""Every text a chart draws lies inside its figure, measured, at window and slide sizes."""

from __future__ import annotations

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

from denocompare.core.view import View, comparison
from denocompare.io.validate import load_dataset
from denocompare.plotting import CHARTS, build_chart
from denocompare.plotting.render import settle_layout
from denocompare.plotting.style import FIGSIZE
from denocompare.report.build import CHART_SIZE
from denocompare.resources import bundled_data_dir

#: (width, height) in inches: the window's chart area at 1366x768 (about 9.3 x 4.6 in at
#: 100 dpi), a 16:9 slide, and the committee report's charts.
SIZES = {"window": (9.3, 4.6), "slide": FIGSIZE, "report": CHART_SIZE}


@pytest.fixture(scope="module")
def ustekinumab():
    """The second bundled dataset: more arms and longer names than denosumab's."""
    return load_dataset(bundled_data_dir("ustekinumab"))


def _outside(fig: Figure) -> list[str]:
    renderer = FigureCanvasAgg(fig).get_renderer()
    box = fig.bbox
    bad = []
    for t in fig.findobj(Text):
        if not (t.get_visible() and t.get_text().strip()):
            continue
        ext = t.get_window_extent(renderer)
        if ext.x0 < box.x0 - 1 or ext.x1 > box.x1 + 1 or ext.y0 < box.y0 - 1 \
                or ext.y1 > box.y1 + 1:
            bad.append(f"{t.get_text()[:60]!r} at {ext.x0:.0f}..{ext.x1:.0f} of "
                       f"{box.x1:.0f} px")
    return bad


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", list(CHARTS))
def test_every_label_verdict_and_footer_is_inside_the_figure(bundled, key, size):
    for view in (View("prolia", ("kefdensis",)),
                 View("prolia", tuple(bundled.family("prolia")))):
        fig = build_chart(key, bundled, view, fig=Figure(figsize=SIZES[size], dpi=100,
                                                         layout="constrained"))
        settle_layout(fig, 100)
        assert not _outside(fig), (key, size, view.comparators[:2], _outside(fig))


def _overlapping(fig: Figure) -> list[str]:
    """Pairs of texts drawn over each other (the title and the axis titles, which
    constrained layout places around the rest, aside)."""
    renderer = FigureCanvasAgg(fig).get_renderer()
    axes = [a for ax in fig.axes for a in (ax.xaxis, ax.yaxis)]
    # The title keeps blank lines the subtitle is pinned into; a tick outside the
    # axis's limits keeps a visible label that is never drawn.
    drawn = {id(lab) for a in axes for t in a._update_ticks() for lab in (t.label1, t.label2)}
    aside = {id(fig._suptitle)} | {id(a.label) for a in axes} | {
        id(lab) for a in axes for t in (*a.get_major_ticks(), *a.get_minor_ticks())
        for lab in (t.label1, t.label2) if id(lab) not in drawn}
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and id(t) not in aside]
    bad = []
    for i, (a, ea) in enumerate(boxes):
        for b, eb in boxes[i + 1:]:
            if min(ea.x1, eb.x1) - max(ea.x0, eb.x0) > 1 and \
                    min(ea.y1, eb.y1) - max(ea.y0, eb.y0) > 1:
                bad.append(f"{a[:30]!r} over {b[:30]!r}")
    return bad


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", list(CHARTS))
def test_no_text_is_drawn_over_another(bundled, ustekinumab, key, size):
    # At the report's 8.2 x 5 in, 14 studies squeezed the forest's plot to 0.5 in ('not
    # reported' over each verdict), a legend ran over 'Difference', '5.0 %' printed
    # over '5.0 %' and the EU bands' limits ran into each other.
    for ds, view in ((bundled, View("prolia", ("kefdensis",))),
                     (bundled, View("prolia", tuple(bundled.family("prolia")))),
                     (ustekinumab, comparison(ustekinumab, None, ())[0])):
        fig = build_chart(key, ds, view, fig=Figure(figsize=SIZES[size], dpi=100,
                                                    layout="constrained"))
        settle_layout(fig, 100)
        assert not _overlapping(fig), (key, size, view.comparators[:2], _overlapping(fig))


def test_the_forest_keeps_a_plot_at_the_report_size(bundled):
    view = View("prolia", tuple(bundled.family("prolia")))
    fig = build_chart("forest", bundled, view, fig=Figure(figsize=CHART_SIZE, dpi=100,
                                                          layout="constrained"))
    settle_layout(fig, 100)
    # 0.47 in of 8.2 before the font was fitted to the width too (ticks '\u221210 1').
    assert fig.axes[0].get_position().width * CHART_SIZE[0] >= 0.3 * CHART_SIZE[0]


def test_an_empty_chart_says_so_in_its_body(bundled):
    view = View("prolia", ("kefdensis",), text="no reaction is called this")
    for key in ("adverse_bands", "adverse_incidence"):
        fig = build_chart(key, bundled, view)
        body = [t.get_text() for ax in fig.axes for t in ax.texts]
        assert any(t.startswith("No ") for t in body), (key, body)


@pytest.mark.parametrize("size", SIZES)
def test_reaction_names_beside_a_not_listed_mark_are_whole(bundled, size):
    # A fixed 44-character label cut 'Upper respiratory tract infection' to 'Upper
    # respiratory…' beside its '(not listed in SEED-KEF)'; names up to 40 characters
    # now stay whole, at no less than 7 pt on a slide.
    from denocompare.plotting.adverse import NOT_LISTED, band_rows

    view = View("prolia", ("kefdensis",))
    fig = build_chart("adverse_bands", bundled, view, fig=Figure(figsize=SIZES[size], dpi=100,
                                                                 layout="constrained"))
    labels = sorted((t for t in fig.findobj(Text)
                     if (t.get_gid() or "").startswith("row-label-")),
                    key=lambda t: int(t.get_gid().rsplit("-", 1)[1]))
    reactions = list(band_rows(bundled, view)["reaction"].unique())
    marked = [(r, t.get_text()) for r, t in zip(reactions, labels, strict=False)
              if NOT_LISTED in t.get_text()]
    assert len(marked) >= 10
    for name, text in marked:
        assert len(name) > 40 or text.startswith(f"{name}  ("), text
    if size == "slide":
        assert min(t.get_fontsize() for t in labels) >= 7.0


#: A window made small: Copy image takes the chart as the window shows it. There the
#: footer's last line (the dataset's title) and the forest plot's title ran 3-40 px past
#: the right edge; wrapped by counted characters, now measured.
SMALL = (5.5, 4.0)


@pytest.mark.parametrize("key", list(CHARTS))
def test_the_titles_and_the_footer_fit_a_small_window(bundled, key):
    for view in (View("prolia", ("kefdensis",)),
                 View("prolia", tuple(bundled.family("prolia")))):
        fig = build_chart(key, bundled, view, fig=Figure(figsize=SMALL, dpi=100,
                                                         layout="constrained"))
        settle_layout(fig, 100)
        renderer = FigureCanvasAgg(fig).get_renderer()
        framing = [t for t in (fig._suptitle, fig._supxlabel, *fig.findobj(Annotation))
                   if t is not None and t.get_visible() and t.get_text().strip()
                   and t.figure is fig and t.axes is None]
        assert fig._supxlabel is not None and fig._suptitle is not None
        for t in framing:
            ext = t.get_window_extent(renderer)
            assert fig.bbox.x0 - 1 <= ext.x0 and ext.x1 <= fig.bbox.x1 + 1, \
                (key, view.comparators[:2], t.get_text()[:60], ext.x1)
