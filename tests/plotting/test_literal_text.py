"""Text from the data is drawn as written, in every chart (issue 19).

With matplotlib's maths text on, a name holding ``$...$`` with a backslash or a caret
crashed every chart, the export and the report in the maths parser, and
"Kefdensis (US$ 1,200; EU$ 900)" was drawn as "Kefdensis (US1, 200; EU 900)".
"""

from __future__ import annotations

import shutil

import pytest
from matplotlib.text import Text

from denocompare.io.validate import load_dataset
from denocompare.output.figure_export import export_all
from denocompare.plotting import CHARTS, build_chart
from tests.helpers import edit_csv
from tests.plotting.helpers import ALL_MINI, MINI, drawn, flat

#: Names that maths text, or a markup-minded renderer, would not draw as written.
NAMES = {
    "kefdensis": "Kefdensis (US$ 1,200; EU$ 900)",
    "stoboclo": "Stoboclo $x^2$",
    "obodence": r"Obodence $\frac{1}{2}$ <b>",
}
REACTIONS = {
    "Pain in extremity": r"Pain $\alpha^2$ = 1",
    "Back pain": "Back pain < 5% & $$",
    "Cellulitis": r"Cellulitis $\sqrt{x}$",
}
STUDY = r"SB16 $\mathbf{3001}$ = x^2"


def _replace_cells(text: str, old_new: dict[str, str]) -> str:
    for old, new in old_new.items():
        text = text.replace(f",{old},", f',"{new}",')
    return text


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("literal") / "mini"
    shutil.copytree(MINI, folder)
    edit_csv(folder, "products", lambda t: "\n".join(
        _with_name(line) for line in t.splitlines()) + "\n")
    edit_csv(folder, "adverse_reactions", lambda t: _replace_cells(t, REACTIONS))
    edit_csv(folder, "studies", lambda t: t.replace(",SB16-3001,", f',"{STUDY}",'))
    return load_dataset(folder)


def _with_name(line: str) -> str:
    cells = line.split(",")
    if cells[0] in NAMES:
        cells[1] = f'"{NAMES[cells[0]]}"'
    return ",".join(cells)


def _drawn_texts(fig) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


@pytest.mark.parametrize("key", list(CHARTS))
def test_every_text_is_drawn_as_written(marked, key):
    fig = drawn(build_chart(key, marked, ALL_MINI))  # maths text would raise here
    found = _drawn_texts(fig)
    assert all(not t.get_parse_math() for t in found)
    shown = " ".join(flat(t.get_text()) for t in found)
    wanted = {
        "adverse_bands": [NAMES["kefdensis"], REACTIONS["Pain in extremity"]],
        "adverse_incidence": [REACTIONS["Back pain"]],
        "study_arms": [NAMES["kefdensis"]],
        "forest": [NAMES["kefdensis"]],
    }[key]
    for text in wanted:
        assert text in shown, (text, shown)


def test_names_with_dollars_reach_the_charts_unchanged(marked):
    texts = " ".join(flat(t.get_text()) for key in CHARTS
                     for t in _drawn_texts(drawn(build_chart(key, marked, ALL_MINI))))
    for text in (*NAMES.values(), *REACTIONS.values()):
        assert text in texts, text


def test_the_export_writes_every_chart(marked, tmp_path):
    written = export_all(marked, ALL_MINI, tmp_path / "charts", formats=("png", "svg"),
                         dpi=60)
    assert len(written) == 2 * len(CHARTS)
    assert all(p.stat().st_size > 1000 for p in written)
