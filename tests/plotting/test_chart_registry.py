"""The chart registry, figure reuse, the house style and the Qt-free import rule."""

from __future__ import annotations

import subprocess
import sys

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from denocompare.core.view import View
from denocompare.plotting import CHARTS, ChartSpec, build_chart
from denocompare.plotting import style as St
from tests.plotting.helpers import ALL_MINI, drawn, flat, row_labels, texts

KEYS = ["adverse_bands", "adverse_incidence", "forest", "study_arms"]


def test_registry_keys_and_specs():
    assert list(CHARTS) == KEYS
    for key, spec in CHARTS.items():
        assert isinstance(spec, ChartSpec) and spec.key == key
        assert spec.title and callable(spec.builder)
        assert spec.filename and "." not in spec.filename and " " not in spec.filename
    assert len({s.filename for s in CHARTS.values()}) == len(CHARTS)


@pytest.mark.parametrize("key", KEYS)
def test_build_chart_makes_a_slide_sized_constrained_figure(mini, key):
    fig = drawn(build_chart(key, mini, ALL_MINI))
    assert isinstance(fig, Figure)
    assert tuple(fig.get_size_inches()) == pytest.approx(St.FIGSIZE)
    assert fig.get_layout_engine() is not None
    assert type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    assert fig.get_suptitle()
    footer = flat(fig.get_supxlabel())
    assert footer.startswith("Sources: ") and mini.title() in footer


@pytest.mark.parametrize("key", KEYS)
def test_build_chart_clears_a_reused_figure(mini, key):
    # The Qt canvas keeps one figure: redrawing must replace, never pile up.
    fig = Figure(figsize=St.FIGSIZE, layout="constrained")
    build_chart(key, mini, ALL_MINI, fig=fig)
    first = (len(fig.axes), sorted(texts(drawn(fig))))
    assert build_chart(key, mini, ALL_MINI, fig=fig) is fig
    assert (len(fig.axes), sorted(texts(drawn(fig)))) == first


@pytest.mark.parametrize("key", KEYS)
def test_layout_settles_when_drawn_again_and_again(mini, key):
    # The Qt canvas draws the same figure many times; constrained layout must settle,
    # not shrink the plot a little more on every draw.
    fig = build_chart(key, mini, ALL_MINI)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    canvas.draw()
    settled = fig.axes[0].get_position().bounds
    for _ in range(4):
        canvas.draw()
    assert fig.axes[0].get_position().bounds == pytest.approx(settled, abs=1e-3)


def _pixels(fig: Figure) -> bytes:
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return bytes(canvas.buffer_rgba())


@pytest.mark.parametrize("key", KEYS)
def test_a_reused_figure_draws_what_a_new_one_draws(mini, key):
    # Nothing of the previous chart may survive a redraw: not an artist, a limit or
    # a layout margin. Drawn first for another selection, then for the one compared.
    reused = drawn(build_chart(key, mini, View("prolia", ("kefdensis",))))
    build_chart(key, mini, ALL_MINI, fig=reused)
    assert _pixels(reused) == _pixels(build_chart(key, mini, ALL_MINI))


def test_reused_figure_follows_a_new_selection(mini):
    fig = Figure(figsize=St.FIGSIZE, layout="constrained")
    build_chart("adverse_incidence", mini, View("prolia"), fig=fig)
    build_chart("adverse_incidence", mini, View("kefdensis"), fig=fig)
    assert not [a for a in fig.axes if a.axison]


def test_the_view_options_reach_the_builder(mini):
    filtered = ALL_MINI.replace(soc="Infections and infestations")
    fig = build_chart("adverse_bands", mini, filtered)
    assert row_labels(fig) == ["Cellulitis"]
    # A chart that does not read the filter draws the same for the filtered view.
    assert CHARTS["forest"].drawn_from(filtered) == CHARTS["forest"].drawn_from(ALL_MINI)
    assert CHARTS["adverse_bands"].drawn_from(filtered) != \
        CHARTS["adverse_bands"].drawn_from(ALL_MINI)


def test_unknown_chart_key():
    with pytest.raises(KeyError):
        build_chart("pie", None, ALL_MINI)  # type: ignore[arg-type]


def test_plotting_imports_no_pyplot_and_no_qt():
    code = ("import sys, denocompare.plotting, denocompare.output.figure_export; "
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'matplotlib.pyplot',"
            " 'matplotlib.backends.backend_qt'))]; print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_warm_imports_every_builder_and_no_qt():
    # Rule: warm() imports what drawing any chart would (the window then freezes it
    # out of the collector's passes), and stays Qt-free; it draws nothing.
    code = ("import sys, denocompare.plotting as P; P.warm(); "
            "from denocompare.plotting import CHARTS, CRITERIA_CHART; "
            "want = ['matplotlib.figure', 'matplotlib.backends.backend_agg', "
            "'denocompare.plotting.style'] + ['denocompare.plotting.' + "
            "s.builder_name.split(':')[0] for s in (*CHARTS.values(), CRITERIA_CHART)]; "
            "print([m for m in want if m not in sys.modules], "
            "[m for m in sys.modules if m.startswith(('PySide6', 'matplotlib.pyplot'))])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == ["[]", "[]"], done.stdout + done.stderr


# --- style --------------------------------------------------------------------------
def test_product_styles_stay_distinct_well_past_the_palette():
    styles = [St.product_style(i) for i in range(40)]
    assert len({(s.color, s.marker) for s in styles}) == 40
    assert len({(s.color, s.hatch) for s in styles}) == 40
    assert styles[0].hatch == ""  # the reference is solid and darkest


def test_footer_text_sorts_ids_naturally_and_wraps(mini):
    text = St.footer_text(mini, ["S65", "S9", "S200", "S9", "S4"])
    flat = " ".join(text.split())
    assert flat.startswith("Sources: S4 ") and flat.count("S9 ") == 1
    assert flat.index("S9 ") < flat.index("; S65 ") < flat.index("; S200 ")
    assert mini.title() in text
    long = St.footer_text(mini, [f"S{i}" for i in range(80)], width=100)
    assert all(len(line) <= 100 for line in long.splitlines())
    assert long.splitlines()[-1].startswith("Data: ")


def test_numbers_use_a_typographic_minus_and_no_negative_zero():
    assert St.fmt_number(-0.139, 3) == "\u22120.139"
    assert St.fmt_number(-0.04, 1) == "0.0"
    assert St.fmt_count(3886) == "3,886"


def test_fit_cuts_with_an_ellipsis():
    assert St.fit("Osteonecrosis of the external auditory canal", 20) == "Osteonecrosis of\u2026"
    text = "Osteonecrosis of the external auditory canal"
    assert St.fit(text, 22) == "Osteonecrosis of the\u2026"
    assert St.fit("Short", 20) == "Short"
    assert St.fit("a b c d e f g h", 3, 2).count("\n") == 1
