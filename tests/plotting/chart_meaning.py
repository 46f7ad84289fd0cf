"""What each baseline chart of the mini fixture must *mean*, stated from the fixture's rows.

The image tests compare pixels; these checks say what the pixels are for: which rows,
margins, intervals, estimates, verdicts (mark and colour) and legend entries each
chart shows, and what it must not show. The numbers are written out from
``tests/fixtures/mini`` by hand, not read back from the data, so a chart that draws
the wrong number fails even when it draws it neatly.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from matplotlib.colors import same_color
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from denocompare.core import compare as C
from denocompare.plotting import adverse as A
from denocompare.plotting import style as St
from tests.plotting.helpers import by_gid, flat, legend_texts, texts, ytick_labels

NOTHING_REPORTED = "no difference, CI or margin reported"
WITHIN = ("\u2713", St.VERDICT_COLOURS["within"])
UNKNOWN = ("?", St.VERDICT_COLOURS["unknown"])

#: The forest plot of Prolia vs Kefdensis, Stoboclo, Obodence, top row first:
#: (label start, margin (low, high), CI (low, high), estimate, verdict, (mark, colour)).
FOREST_ROWS = [
    ("Kefdensis vs Prolia (EMA overview)", None, None, None, C.VERDICT_UNKNOWN, UNKNOWN),
    ("CT-P41 3.1: Stoboclo vs Prolia", (-1.503, 1.503), (-0.826, 0.548), -0.139,
     C.VERDICT_WITHIN, WITHIN),
    ("CT-P41 3.1: Stoboclo vs Prolia", (-1.503, 1.503), (-0.973, 0.414), -0.280,
     C.VERDICT_WITHIN, WITHIN),
    ("SB16-3001: Obodence vs Prolia", None, (-0.25, 0.91), 0.33, C.VERDICT_UNKNOWN, UNKNOWN),
]


def _one(fig: Figure, gid: str):
    found = by_gid(fig, gid)
    assert len(found) <= 1, gid
    return found[0] if found else None


def forest(fig: Figure) -> None:
    ax = fig.axes[0]
    labels = ytick_labels(fig)
    assert len(labels) == len(FOREST_ROWS)
    notes = [t for t in ax.texts if t.get_text() == NOTHING_REPORTED]
    for y, (label, margin, ci, estimate, verdict, (mark, colour)) in enumerate(FOREST_ROWS):
        assert labels[y].startswith(label), (y, labels[y])
        band = _one(fig, f"margin-{y}")
        if margin is None:
            assert band is None and not by_gid(fig, f"margin-bound-{y}"), f"row {y}: margin"
        else:
            assert isinstance(band, Rectangle), f"row {y}: no margin band"
            assert (band.get_x(), band.get_x() + band.get_width()) == pytest.approx(margin), y
        whisker = _one(fig, f"ci-{y}")
        if ci is None:
            assert whisker is None, f"row {y}: a CI where none is reported"
        else:
            assert whisker is not None and tuple(whisker.get_xdata()) == pytest.approx(ci), y
        point = _one(fig, f"estimate-{y}")
        if estimate is None:
            assert point is None, f"row {y}: an estimate where none is reported"
        else:
            assert point is not None and point.get_xdata()[0] == pytest.approx(estimate), y
        text = _one(fig, f"verdict-{y}")
        assert flat(text.get_text()) == f"{mark} {verdict}", (y, text.get_text())
        assert same_color(text.get_color(), colour), (y, text.get_color())
    # "Nothing reported" is written over the rows that have nothing, and only there.
    assert [round(t.get_position()[1]) for t in notes] == \
        [y for y, row in enumerate(FOREST_ROWS) if row[1:4] == (None, None, None)]
    assert any(list(line.get_xdata()) == [0, 0] for line in ax.get_lines()), "zero line"
    assert legend_texts(fig) == ["Equivalence margin", "Confidence interval",
                                 "Difference (point estimate)"]  # no 'one limit only'


def study_arms(fig: Figure) -> None:
    bars = by_gid(fig, "arm-bar")
    # Kefdensis 5.3 left of Prolia 5.2, each in its product's colour.
    assert [(round(b.get_x() + b.get_width() / 2, 2), b.get_height()) for b in bars] == \
        [(-0.19, pytest.approx(5.3)), (0.19, pytest.approx(5.2))]
    styles = St.product_styles(["prolia", "kefdensis", "stoboclo", "obodence"])
    assert same_color(bars[0].get_facecolor(), St.style_for(styles, "kefdensis").color)
    assert same_color(bars[1].get_facecolor(), St.style_for(styles, "prolia").color)
    shown = [flat(t) for t in texts(fig)]
    assert {"5.3 %", "5.2 %", "n = 532 randomised (both arms)"} <= set(shown)
    assert legend_texts(fig) == ["Kefdensis", "Prolia"]  # not the products without bars
    (panel,) = by_gid(fig, "arms-not-reported")
    assert flat(panel.get_text()) == ("Arm results not reported in source for: "
                                      "\u2022 Stoboclo: CT-P41 3.1 \u2022 Obodence: SB16-3001")


#: EU bands in the fixture, by reaction (top row first): Prolia's band, Kefdensis'.
BANDS = {
    "Musculoskeletal pain": ("very common", "very common"),
    "Pain in extremity": ("very common", "very common"),
    "Constipation (not listed in S200)": ("common", None),
    "Sciatica (not listed in S200)": ("common", None),
    "Cellulitis": ("uncommon", "uncommon"),
    "Hypocalcaemia": ("rare", "rare"),
    "Osteonecrosis of the jaw": ("rare", "rare"),
    "Osteonecrosis of the external auditory canal (not listed in S200)": ("not known", None),
}


def _bands(fig: Figure, expected: dict[str, tuple[str | None, str | None]]) -> None:
    assert ytick_labels(fig) == list(expected)
    for i, pid in enumerate(("prolia", "kefdensis")):
        (markers,) = by_gid(fig, f"band-markers-{pid}")
        placed = {int(y): x for x, y in zip(markers.get_xdata(), markers.get_ydata(),
                                            strict=True)}
        wanted = {y: bands[i] for y, bands in enumerate(expected.values()) if bands[i]}
        assert set(placed) == set(wanted), pid
        for y, band in wanted.items():
            assert abs(placed[y] - A.BAND_X[band]) < 0.3, (pid, y, band)
    assert legend_texts(fig) == ["Prolia", "Kefdensis"]  # Stoboclo/Obodence list none


def adverse_bands(fig: Figure) -> None:
    _bands(fig, BANDS)
    assert "none in the sources for Stoboclo, Obodence" in " ".join(flat(t) for t in texts(fig))


def adverse_bands_filtered(fig: Figure) -> None:
    _bands(fig, {k: v for k, v in BANDS.items() if "osteo" in k.lower()})
    assert "filtered by reaction contains 'osteo'" in " ".join(flat(t) for t in texts(fig))


#: FREEDOM (US label), Prolia vs placebo: reaction, % Prolia, % placebo, difference.
INCIDENCE = [("Back pain", 34.7, 34.6, "+0.1 pp"), ("Pain in extremity", 11.7, 11.1, "+0.6 pp"),
             ("Musculoskeletal pain", 7.6, 7.5, "+0.1 pp"),
             ("Hypercholesterolemia", 7.2, 6.1, "+1.1 pp"), ("Cystitis", 5.9, 5.8, "+0.1 pp")]


def adverse_incidence(fig: Figure) -> None:
    assert ytick_labels(fig) == [r[0] for r in INCIDENCE]
    shown = [flat(t) for t in texts(fig)]
    for y, (_reaction, prolia, placebo, diff) in enumerate(INCIDENCE):
        ours, theirs = sorted(by_gid(fig, f"incidence-bar-{y}"), key=lambda b: b.get_y())
        assert (ours.get_width(), theirs.get_width()) == pytest.approx((prolia, placebo))
        assert same_color(ours.get_facecolor(), St.product_styles(["prolia"])["prolia"].color)
        assert same_color(theirs.get_facecolor(), St.COMPARATOR_ARM)
        assert diff in shown
    assert legend_texts(fig) == ["Prolia (FREEDOM, n = 3,886)", "placebo (FREEDOM, n = 3,876)"]


MEANING: dict[str, Callable[[Figure], None]] = {
    "forest": forest, "study_arms": study_arms, "adverse_bands": adverse_bands,
    "adverse_bands_filtered": adverse_bands_filtered, "adverse_incidence": adverse_incidence,
}
