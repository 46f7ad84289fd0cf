"""The general equivalence model at its boundaries: ratios, one-sided CIs, any CI level,
margins per regulator that disagree, and a study waived. Synthetic rows (source T1) are
added to a copy of ``fixtures/rules``."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from matplotlib.colors import same_color

from denocompare.core import compare as C
from denocompare.core import equivalence as Q
from denocompare.core.dataset import Dataset
from denocompare.core.errors import DataError
from denocompare.core.view import View
from denocompare.io.validate import load_dataset
from denocompare.plotting import build_chart
from denocompare.plotting import style as St
from tests.helpers import FIXTURES
from tests.plotting.helpers import by_gid, flat

W, X, U = Q.WITHIN, Q.CROSSES, Q.NOT_COMPUTABLE


@pytest.mark.parametrize("ci, margin, sides, expected", [
    ((0.8, 1.25), (0.8, 1.25), "", W),  # a ratio CI exactly on both margins is within
    ((1.0, 1.2), (0.8, 1.25), "", W),  # touching 1: no matter for equivalence
    ((0.7999, 1.0), (0.8, 1.25), "", X),  # one step past the lower margin
    ((0.9, 1.2501), (0.8, 1.25), "", X),
    ((None, 1.1576), (None, 2.873), "one-sided, upper", W),  # ABP 959-like NI test
    ((None, 2.873), (None, 2.873), "one-sided, upper", W),  # on the margin
    ((None, 2.8731), (None, 2.873), "one-sided, upper", X),
    ((-1.45, None), (-1.45, None), "one-sided, lower", W),
    ((-1.4501, 5.0), (-1.45, None), "one-sided, lower", X),  # judged on its lower limit
    ((-1.0, None), (None, 1.0), "one-sided, lower", U),  # no margin on its side
    ((None, 1.1), (0.8, 1.25), "", U),  # two-sided needs both limits
    ((-0.5, 0.5), (-1.0, None), "two-sided", U),  # ... and both margins
])
def test_judge_at_the_boundaries(ci, margin, sides, expected):
    assert Q.judge(*ci, *margin, sides) == expected


def test_the_words_name_the_regulator_and_keep_the_kind():
    assert Q.worded(W, "FDA") == "CI within FDA margin"
    assert Q.worded(X, "EMA") == "CI crosses EMA margin"
    assert Q.worded(U, "EMA") == U and Q.worded(W, "not stated") == W
    assert Q.kind_of("CI within FDA margin") == W and Q.kind_of("CI crosses EMA margin") == X
    assert len({Q.kind_of(v) for v in (W, X, U)}) == 3


_MARGINS = "study_id,endpoint,regulator,ci_level,ci_sides,analysis_set,timepoint," \
    "margin_low,margin_high,source_id,note\n" \
    "r-reg,PASI,FDA,90,,,,-10,10,T1,synthetic\n" \
    "r-reg,PASI,EMA,95,,,,-3,3,T1,synthetic\n" \
    "r-reg,PASI,other,90.4,,,,-15,15,T1,synthetic: no result at 90.4 %\n"
_STUDIES = ["r-reg,Rule study R,,kefdensis,prolia,,,,100,,,,,,T1,synthetic",
            "r-rat,Rule study Q,,kefdensis,prolia,,,,100,,,,,,T1,synthetic",
            "r-wai,Rule study W,,obodence,prolia,,,,,,,,,waived,T1,synthetic: waived"]
_RESULTS = [
    "r-reg,PASI,week 12,,% improvement,,,,,,0.5,90,,-2.6,2.9,,,,,T1,synthetic",
    "r-reg,PASI,week 12,,% improvement,,,,,,0.5,95,,-3.78,3.1,,,equivalent,"
    "\"well within the margin\",T1,synthetic",
    "r-rat,AUC,week 4,,ratio of AUC,,,,,ratio,1.06,90,,0.95,1.18,0.8,1.25,,,T1,synthetic",
    "r-rat,AUC NI,week 4,,ratio of AUC,,,,,ratio,1.0628,97.5,one-sided, upper,,1.1576,,"
    "2.873,,,T1,synthetic",
]


def _with_rows(tmp_path, results=_RESULTS, studies=_STUDIES, margins=_MARGINS):
    folder = tmp_path / "model"
    shutil.copytree(FIXTURES / "rules", folder)
    st = pd.read_csv(folder / "studies.csv", dtype=str, keep_default_na=False)
    st.insert(len(st.columns) - 2, "status", "")
    st.to_csv(folder / "studies.csv", index=False)
    with open(folder / "studies.csv", "a", encoding="utf-8") as f:
        f.write("\n".join(studies) + "\n")
    res = pd.read_csv(folder / "study_results.csv", dtype=str, keep_default_na=False)
    for i, col in ((9, "measure"), (12, "ci_sides")):
        res.insert(i, col, "")
    res.insert(len(res.columns) - 2, "stated_conclusion", "")
    res.to_csv(folder / "study_results.csv", index=False)
    with open(folder / "study_results.csv", "a", encoding="utf-8") as f:
        f.write("\n".join(r.replace("one-sided, upper", '"one-sided, upper"')
                          for r in results) + "\n")
    (folder / "study_margins.csv").write_text(margins, encoding="utf-8")
    return folder


@pytest.fixture
def model(tmp_path):
    return load_dataset(_with_rows(tmp_path))


def test_per_regulator_verdicts_disagree_and_each_is_computed(model):
    res = C.study_results(model, ["kefdensis"])
    reg = res[res["study_id"] == "r-reg"].set_index("ci_level")
    # 90 % CI -2.6..2.9: within FDA +-10 (judged at 90 %); the EMA margin is judged at 95 %
    assert reg.loc[90, "verdict"] == "CI within FDA margin"
    # 95 % CI -3.78..3.1 against EMA +-3: crosses, whatever the source says in words
    assert reg.loc[95, "verdict"] == "CI crosses EMA margin"
    assert reg.loc[95, "stated"] == "source states: \u201cwell within the margin\u201d"
    rows = C.forest_rows(model, ["kefdensis"])
    rows = rows[rows["study_id"] == "r-reg"]
    assert list(zip(rows["regulator"], rows["verdict"], strict=True)) == [
        ("FDA", "CI within FDA margin"), ("EMA", "CI crosses EMA margin"),
        ("other", U)]  # no 90.4 % result: named, not computable


def test_a_ratio_is_judged_on_its_scale_and_drawn_on_a_log_axis_around_1(model):
    res = C.study_results(model, ["kefdensis"])
    rat = res[res["study_id"] == "r-rat"].set_index("endpoint")
    assert rat.loc["AUC", "verdict"] == W
    assert rat.loc["AUC NI", "verdict"] == W  # one-sided upper 1.1576 <= 2.873
    fig = build_chart("forest", model, View("prolia", ("kefdensis",)))
    ratio_axes = [ax for ax in fig.axes if ax.get_xscale() == "log"]
    assert len(ratio_axes) == 1 and len(fig.axes) == 2  # differences apart, linear
    lo, hi = ratio_axes[0].get_xlim()
    assert lo * hi == pytest.approx(1.0)  # symmetric around 1 on the log scale
    ticks = [t.get_text() for t in ratio_axes[0].get_xticklabels()]
    assert {"0.8", "1", "1.25"} <= set(ticks)


def test_three_kinds_look_different_and_stated_words_are_grey(model):
    fig = build_chart("forest", model, View("prolia", ("kefdensis",)))
    looks = {flat(t.get_text()).split(" ", 1)[1]: (flat(t.get_text())[0], t.get_color())
             for t in by_gid(fig, "verdict-")}
    assert looks["CI within FDA margin"][0] == "\u2713"
    assert same_color(looks["CI within FDA margin"][1], St.VERDICT_COLOURS["within"])
    assert looks["CI crosses EMA margin"][0] == "\u2717"
    assert same_color(looks["CI crosses EMA margin"][1], St.VERDICT_COLOURS["crosses"])
    assert looks[U][0] == "?" and same_color(looks[U][1], St.VERDICT_COLOURS["unknown"])
    stated = by_gid(fig, "stated-")
    assert stated and all(same_color(t.get_color(), St.MUTED) for t in stated)
    assert not any(same_color(t.get_color(), St.VERDICT_COLOURS["within"]) for t in stated)


def test_a_waived_study_is_named_with_its_source(model):
    rows = C.forest_rows(model, ["obodence"])
    wai = rows[rows["study_id"] == "r-wai"]
    assert list(wai["verdict"]) == [Q.WAIVED] and list(wai["source_id"]) == ["T1"]
    fig = build_chart("forest", model, View("prolia", ("obodence",)))
    assert any("waived" in flat(t.get_text()) for t in fig.texts + fig.axes[0].texts)
    gaps = C.gaps(model, View("prolia", ("obodence",)))
    assert "Obodence \u2014 Rule study W: comparative efficacy study waived [T1]" in gaps


def test_a_waived_study_with_results_is_refused(tmp_path):
    rows = [*_RESULTS, "r-wai,PASI,week 12,,%,,,,,,,,,,,,,,,T1,synthetic"]
    with pytest.raises(DataError) as err:
        load_dataset(_with_rows(tmp_path, results=rows))
    assert any("waived or not performed" in p.message for p in err.value.problems)


@pytest.mark.parametrize("bad, column", [
    ("r-rat,AUC,week 4,,x,,,,,ratio,1.06,90,,0,1.18,0.8,1.25,,,T1,s", "ci_low"),
    ("r-rat,AUC,week 8,,x,,,,,ratio,1.06,90,,0.9,1.18,-0.8,1.25,,,T1,s", "margin_low"),
    ("r-rat,AUC,week 9,,x,,,,,,1.06,101,,0.9,1.18,,,,,T1,s", "ci_level"),
])
def test_impossible_ratio_or_level_is_refused(tmp_path, bad, column):
    with pytest.raises(DataError) as err:
        load_dataset(_with_rows(tmp_path, results=[*_RESULTS, bad]))
    assert any(p.column == column for p in err.value.problems)


def test_a_dataset_without_the_new_columns_or_table_loads_unchanged():
    ds = load_dataset(FIXTURES / "rules")  # written before measure, sides and margins
    assert ds["study_margins"].empty and not ds.warnings


def test_a_study_not_performed_is_named_as_such_not_as_results_not_reported(model):
    tables = dict(model.tables)
    studies = tables["studies"].copy()
    studies.loc[studies["study_id"] == "r-wai", "status"] = "not performed"
    tables["studies"] = studies
    gaps = C.gaps(Dataset(tables), View("prolia", ("obodence",)))
    assert "Obodence \u2014 Rule study W: comparative efficacy study not performed [T1]" in gaps


def test_forest_rows_follow_the_studies_order_within_a_product(model):
    # r-wai (waived, no results) listed before r-obo: it comes first, though rows of
    # studies with results are gathered first
    tables = dict(model.tables)
    s = tables["studies"]
    tables["studies"] = pd.concat([s[s["study_id"] == "r-wai"], s[s["study_id"] != "r-wai"]],
                                  ignore_index=True)
    rows = C.forest_rows(Dataset(tables), ["obodence"])
    assert list(dict.fromkeys(rows["study_id"])) == ["r-wai", "r-obo"]
    assert "index" not in rows.columns and list(rows.index) == list(range(len(rows)))
