"""The heavy work of a change runs off the GUI thread, at any size (even the bundled
data's default view holds matplotlib 80-110 ms, over the 50 ms a window may stall): the
charts are built and drawn (Agg) on a worker and handed to the canvas, the Decision
tab's scores and the Equivalence tab's study cards are computed there; a later change
overtakes an earlier one.
"""

from __future__ import annotations

import pytest

from benchmarks.scale import generate
from denocompare.core import criteria as K
from denocompare.core.view import View
from denocompare.io.validate import load_dataset
from denocompare.plotting import build_chart
from denocompare.report.fragments import study_cards_html
from denocompare.ui.plot_canvas import ChartView


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """30 products, 2,000 reaction rows, 200 studies; synthetic."""
    return load_dataset(generate(tmp_path_factory.mktemp("offthread") / "dataset", 2_000))


def _texts(fig) -> list[str]:
    return sorted(t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))
                  if t.get_text())


@pytest.mark.parametrize("products", [("kefdensis",), ()])
def test_the_bundled_data_is_drawn_on_a_worker_too(qtbot, products):
    """Two products of the bundled data (what a new user sees) and the reference alone:
    ``set_content`` returns before the chart is built, the canvas says "Drawing…", and
    the picture handed over is the one the builder makes."""
    from denocompare.resources import bundled_data_dir

    ds = load_dataset(bundled_data_dir())
    chart = _settled_chart(qtbot, ds, View("prolia", ("jubbonti",)))
    view = View("prolia", products)
    chart.set_content(ds, view)
    assert chart.is_drawing() and chart.status.text() == "Drawing…"
    qtbot.waitUntil(lambda: not chart.is_drawing(), timeout=60000)
    assert chart.status.text() == ""
    assert _texts(chart.figure) == _texts(_drawn(build_chart("forest", ds, view,
                                                             fig=_like(chart.figure))))


def test_a_chart_drawn_on_a_worker_is_the_chart_the_builder_makes(qtbot, large):
    chart = _settled_chart(qtbot, large)
    view = View("ref", tuple(p for p in large.family("ref") if p != "ref"))
    chart.set_content(large, view)
    assert chart.is_drawing()  # returned before the chart was built
    qtbot.waitUntil(lambda: not chart.is_drawing(), timeout=60000)
    assert chart.canvas.figure is chart.figure
    assert chart.figure.canvas is chart.canvas
    assert chart.figure.axes
    assert _texts(chart.figure) == _texts(_drawn(build_chart("forest", large, view,
                                                             fig=_like(chart.figure))))
    assert chart.status.text() == ""


def _settled_chart(qtbot, ds, first: View = View("ref", ("p2",))) -> ChartView:
    """A shown chart whose canvas has its size from the layout (the first picture is
    built at the slide size, then again for the canvas's size once resized)."""
    chart = ChartView("forest")
    qtbot.addWidget(chart)
    chart.resize(1000, 600)
    chart.show()
    chart.set_content(ds, first)
    qtbot.waitUntil(lambda: not chart.is_drawing(), timeout=60000)
    qtbot.wait(400)  # the resize timer (200 ms) builds it again for the canvas's size
    qtbot.waitUntil(lambda: not chart.is_drawing(), timeout=60000)
    return chart


def _like(fig):
    from matplotlib.figure import Figure

    return Figure(figsize=fig.get_size_inches(), dpi=fig.dpi, layout="constrained")


def _drawn(fig):
    """``fig`` drawn with Agg, as the worker drew its figure (ticks exist once drawn)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    return fig


def test_a_later_change_overtakes_a_chart_still_being_drawn(qtbot, large):
    chart = _settled_chart(qtbot, large)
    family = View("ref", tuple(p for p in large.family("ref") if p != "ref"))
    one = View("ref", ("p1",))
    chart.set_content(large, family)
    chart.set_content(large, one)
    qtbot.waitUntil(lambda: not chart.is_drawing(), timeout=60000)
    qtbot.wait(200)  # a stale picture, were it delivered, would come now
    assert _texts(chart.figure) == _texts(_drawn(build_chart("forest", large, one,
                                                             fig=_like(chart.figure))))


def test_a_chart_starts_drawing_once_the_change_has_been_shown(qtbot, large, monkeypatch):
    # Rule: the worker starts on the event loop's next pass, after the GUI thread has
    # done and painted what the change asked of it (a worker building meanwhile takes the
    # interpreter from it); two changes in one pass start one drawing, of the later.
    from denocompare.ui import plot_canvas

    chart = _settled_chart(qtbot, large)
    drawn, render = [], plot_canvas.render
    monkeypatch.setattr(plot_canvas, "render",
                        lambda spec, ds, view, *a: drawn.append(view) or render(spec, ds, view,
                                                                                *a))
    family = View("ref", tuple(p for p in large.family("ref") if p != "ref"))
    one = View("ref", ("p1",))
    chart.set_content(large, family)
    chart.set_content(large, one)
    assert chart.is_drawing() and chart.status.text() == "Drawing…"
    assert not chart._runner.running()  # nothing started before the event loop runs
    qtbot.waitUntil(lambda: not chart.is_drawing(), timeout=60000)
    assert drawn == [one]


def test_decision_scores_and_study_cards_come_from_the_worker(qtbot, large):
    from denocompare.ui.panels.decision import DecisionPanel
    from denocompare.ui.panels.equivalence import EquivalencePanel

    view = View("ref", tuple(p for p in large.family("ref") if p != "ref"))
    decision, equivalence = DecisionPanel(), EquivalencePanel()
    for panel in (decision, equivalence):
        qtbot.addWidget(panel)
        panel.set_dataset(large)
        panel.update_view(view)
        assert panel.is_busy()
    qtbot.waitUntil(lambda: not decision.is_busy() and not equivalence.is_busy(),
                    timeout=60000)
    assert decision.scores.columnCount() == len(view.comparators)
    assert decision._automatic == K.automatic_scores(large, view)
    probe = type(equivalence.cards)()
    qtbot.addWidget(probe)
    probe.setHtml(study_cards_html(large, view.products))
    assert equivalence.cards.toPlainText() == probe.toPlainText()
    for panel in (decision, equivalence):
        panel.stop_work()


def test_the_figure_shown_before_is_freed_once_the_new_one_is_painted(qtbot, large):
    """A replaced figure is cyclic garbage (thousands of objects): the canvas collects
    it itself right after the swap, so no full pass of the collector frees several at
    once in the middle of a later change (45-73 ms at this scale). With the collector's
    own passes off, only the canvas's collection can free it."""
    import gc
    import weakref

    chart = _settled_chart(qtbot, large)
    gone = weakref.ref(chart.figure)
    gc.disable()
    try:
        chart.set_content(large, View("ref", ("p3",)))
        qtbot.waitUntil(lambda: not chart.is_drawing(), timeout=60000)
        assert chart.figure is not gone()
        qtbot.waitUntil(lambda: gone() is None, timeout=5000)
    finally:
        gc.enable()
