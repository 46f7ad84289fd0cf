"""A chart recoloured for a dark window: dark face, text that reads, products unchanged."""

from __future__ import annotations

import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.text import Text

from denocompare.core.view import View
from denocompare.plotting import CHARTS, build_chart
from denocompare.plotting.style import product_styles
from denocompare.plotting.theme import FACE, MIN_CONTRAST, contrast, luminance, make_dark
from tests.plotting.helpers import drawn


def _unreadable(fig: Figure) -> list[str]:
    bad = []
    face = fig.get_facecolor()
    for t in fig.findobj(Text):
        if not (t.get_visible() and t.get_text().strip()):
            continue
        box = t.get_bbox_patch()
        under = box.get_facecolor() if box is not None else face
        ratio = contrast(t.get_color(), under)
        if ratio < MIN_CONTRAST:
            bad.append(f"{t.get_text()[:40]!r} {to_hex(t.get_color())} on "
                       f"{to_hex(under)}: {ratio:.2f}")
    return bad


def test_contrast_is_wcag():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert luminance("#FFFFFF") == pytest.approx(1.0)


@pytest.mark.parametrize("key", list(CHARTS))
def test_a_dark_chart_has_a_dark_face_and_text_that_reads(bundled, key):
    family = View("prolia", tuple(bundled.family("prolia")))
    for view in (View("prolia", ("kefdensis",)), family):
        fig = drawn(make_dark(build_chart(key, bundled, view)))
        assert to_hex(fig.get_facecolor()) == FACE.lower()
        assert all(to_hex(ax.get_facecolor()) == FACE.lower() for ax in fig.axes
                   if ax.axison)
        assert not _unreadable(fig), (key, _unreadable(fig))
        texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
        # The title and footer are light on the dark face, not merely passable.
        assert luminance(fig._suptitle.get_color()) > 0.6, key
        assert texts


def test_products_keep_their_colours_in_the_dark(bundled):
    view = View("prolia", tuple(bundled.family("prolia")))
    light = build_chart("adverse_bands", bundled, view)
    dark = make_dark(build_chart("adverse_bands", bundled, view))

    def colours(fig):
        return sorted({to_hex(line.get_markerfacecolor()) for ax in fig.axes
                       for line in ax.lines if line.get_marker() not in (None, "None", "")})

    assert colours(dark) == colours(light)
    styles = product_styles(view.products)
    assert to_hex(styles["prolia"].color) in colours(dark)
    # The reference stays its own colour: no comparator shares it.
    assert sum(s.color == styles["prolia"].color for s in styles.values()) == 1


def test_every_products_dark_colour_is_its_own_and_not_the_comparator_arms():
    from denocompare.plotting import style as St
    from denocompare.plotting.theme import _swap

    dark = [to_hex(_swap(St.product_style(i).color)) for i in range(7)]
    assert len(set(dark)) == 7, dark
    arm = to_hex(_swap(St.COMPARATOR_ARM))
    assert arm not in dark
    # The black-on-white product turns near white: the arm stays well apart from it.
    assert contrast(arm, to_hex(_swap(St.BLACK))) >= 3.0
    assert contrast(arm, FACE) >= 3.0  # and visible on the face (non-text, WCAG 1.4.11)
