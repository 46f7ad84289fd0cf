"""What the adverse-reaction charts mean, read from the artists of the built figure.

Each test states one rule: a reaction's rank is its most frequent band, products in one
band sit side by side in the chosen order, a reaction a source does not list is marked
with that source (never as a difference), the 'not known' column stands apart, a trial's
difference keeps the source's precision and sign, a comparator that is not a product is
grey. Edge cases are made by editing copies of the cited fixture rows.
"""

from __future__ import annotations

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import same_color
from matplotlib.figure import Figure

from denocompare.core.view import View
from denocompare.plotting import adverse as A
from denocompare.plotting import build_chart
from denocompare.plotting import style as St
from tests.plotting.helpers import (
    by_gid,
    flat,
    legend_texts,
    row_labels,
    texts,
    with_table,
    ytick_labels,
)

PROLIA_KEF = View("prolia", ("kefdensis",))


def _reactions(ds, edit):
    return with_table(ds, "adverse_reactions", edit(ds["adverse_reactions"].copy()))


def _eu(ds, product: str, reaction: str, band: str, source: str = "S200") -> dict:
    return {"product_id": product, "region": "EU", "reaction": reaction,
            "system_organ_class": "Nervous system disorders", "frequency_band": band,
            "source_id": source}


def _added(ds, *rows: dict):
    return _reactions(ds, lambda ar: pd.concat([ar, pd.DataFrame(list(rows))],
                                               ignore_index=True))


# --- EU frequency bands -------------------------------------------------------------
def test_a_reactions_rank_is_its_most_frequent_band_then_its_name_ignoring_case(mini):
    ds = _added(mini, _eu(mini, "kefdensis", "Sciatica", "very common"),
                _eu(mini, "kefdensis", "abdominal pain", "very common"))
    rows = A.band_rows(ds, PROLIA_KEF)
    first = list(dict.fromkeys(rows["reaction"]))[:4]
    # Sciatica: 'common' for Prolia, 'very common' for Kefdensis: ranked very common.
    assert first == ["abdominal pain", "Musculoskeletal pain", "Pain in extremity", "Sciatica"]
    sciatica = rows[rows["reaction"] == "Sciatica"]
    assert set(sciatica["rank"]) == {0} and set(sciatica["listed_by"]) == {2}
    assert set(rows.loc[rows["reaction"] == "abdominal pain", "listed_by"]) == {1}
    assert "_name" not in rows.columns


def test_no_band_rows_is_an_empty_table_with_a_rank(mini):
    rows = A.band_rows(mini, View("stoboclo"))
    assert rows.empty and rows["rank"].dtype.kind == "i"  # an integer rank, as when full


def test_products_in_one_band_sit_side_by_side_in_the_chosen_order(mini):
    fig = build_chart("adverse_bands", mini, PROLIA_KEF)
    ax = fig.axes[0]
    (prolia,) = by_gid(fig, "band-markers-prolia")
    (kef,) = by_gid(fig, "band-markers-kefdensis")
    band = A.BAND_X["very common"]
    left, right = prolia.get_xdata()[0] - band, kef.get_xdata()[0] - band
    assert left < 0 < right and left == pytest.approx(-right)
    assert right - left <= 0.8  # both inside the band's column
    styles = St.product_styles(PROLIA_KEF.products)
    for line, pid in ((prolia, "prolia"), (kef, "kefdensis")):
        assert line.get_marker() == styles[pid].marker and line.get_linestyle() == "None"
        assert same_color(line.get_color(), styles[pid].color)
        assert line.get_label() == mini.short_name(pid)
    assert ax.get_ylim() == (7.5, -0.5)  # eight reactions, the most frequent at the top


def test_one_product_is_centred_on_its_band(mini):
    fig = build_chart("adverse_bands", mini, View("prolia"))
    (prolia,) = by_gid(fig, "band-markers-prolia")
    assert list(prolia.get_xdata()[:2]) == [A.BAND_X["very common"]] * 2


def test_many_products_in_one_band_stay_inside_its_column(bundled):
    family = View("prolia", tuple(bundled.family("prolia")))
    fig = build_chart("adverse_bands", bundled, family)
    xs = [x - round(x) for line in by_gid(fig, "band-markers-") for x in line.get_xdata()
          if x < A.BAND_X["not known"] - 0.5]
    assert xs and max(abs(x) for x in xs) < 0.45


def test_band_axis_puts_not_known_apart_behind_a_dashed_rule(mini):
    fig = build_chart("adverse_bands", mini, PROLIA_KEF)
    ax = fig.axes[0]
    assert list(ax.get_xticks()) == list(A.BAND_X.values())
    very_rare, not_known = A.BAND_X["very rare"], A.BAND_X["not known"]
    lo, hi = ax.get_xlim()
    assert lo == -0.5 and not_known < hi <= not_known + 1  # every column whole
    rules = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    (rule,) = rules
    gap = rule.get_xdata()[0]
    assert very_rare < gap < not_known and list(rule.get_xdata()) == [gap, gap]
    (shade,) = [p for p in ax.patches if p.get_x() == pytest.approx(gap)]
    assert shade.get_x() + shade.get_width() == pytest.approx(hi)
    assert shade.get_zorder() < prolia_zorder(fig)


def prolia_zorder(fig: Figure) -> float:
    return by_gid(fig, "band-markers-prolia")[0].get_zorder()


def test_tick_labels_print_the_limits_with_signs_and_break_after_to(monkeypatch):
    assert A.band_tick_label("common") == "common\n\u2265 1/100 to\n< 1/10"
    assert A.band_tick_label("very common") == "very common\n\u2265 1/10"
    monkeypatch.setitem(A.FREQUENCY_BAND_LIMITS, "very rare", "<= 1/10,000")
    assert A.band_tick_label("very rare") == "very rare\n\u2264 1/10,000"
    long = A.band_tick_label("not known").split("\n")
    assert long[0] == "not known" and max(len(x) for x in long[1:]) <= 16


def test_not_listed_names_the_source_or_counts_the_products(mini):
    ds = _added(mini, _eu(mini, "stoboclo", "Pain in extremity", "very common", "S65"),
                _eu(mini, "stoboclo", "Headache", "common", "S65"))
    fig = build_chart("adverse_bands", ds, View("prolia", ("kefdensis", "stoboclo")))
    labels = ytick_labels(fig)
    assert "Headache (not listed for 2 products)" in labels
    assert "Musculoskeletal pain (not listed in S65)" in labels
    assert "Pain in extremity" in labels  # all three list it: no mark
    every = " ".join(flat(t) for t in texts(fig))
    assert "'not listed in <source>': that source does not list the reaction, which is " \
        "not a difference in safety" in every


def test_not_listed_cites_at_most_two_sources_of_the_product(mini):
    ds = _added(mini, _eu(mini, "kefdensis", "Headache", "common", "S56"),
                _eu(mini, "kefdensis", "Rash", "common", "S65"))
    labels = ytick_labels(build_chart("adverse_bands", ds, PROLIA_KEF))
    assert "Constipation (not listed in S200; S56)" in labels


def test_a_long_name_gives_way_to_its_mark(mini):
    name = "A reaction with a very long name " * 4
    ds = _added(mini, _eu(mini, "prolia", name.strip(), "common", "S4"))
    fig = build_chart("adverse_bands", ds, PROLIA_KEF)
    (label,) = [t for t in ytick_labels(fig) if t.startswith("A reaction")]
    assert label.endswith("\u2026 (not listed in S200)") and label.count("\u2026") == 1


def test_band_notes_say_the_scale_who_has_none_and_the_filters(mini):
    fig = build_chart("adverse_bands", mini, View("prolia", ("stoboclo",),
                                                   soc="Infections and infestations",
                                                   text="cell"))
    every = " ".join(flat(t) for t in texts(fig))
    assert "EU SmPC / package-leaflet frequency categories; none in the sources for " \
        "Stoboclo; filtered by system organ class: Infections and infestations; " \
        "reaction contains 'cell'" in every
    assert A.NOT_LISTED not in every  # one product: nothing to be missing from
    assert legend_texts(fig) == ["Prolia"]
    assert ytick_labels(fig) == ["Cellulitis"]


def test_the_bands_say_nothing_matches_and_why(mini):
    fig = build_chart("adverse_bands", mini, View("stoboclo", text="zzz"))
    every = " ".join(flat(t) for t in texts(fig))
    assert A.NO_BANDS in every and "Chosen: Stoboclo; filtered by reaction contains 'zzz'" \
        in every


def _cut_bands(mini) -> tuple[Figure, int]:
    """Prolia's bands with 12 reactions added (20 in all) on a figure too short for them."""
    extra = [_eu(mini, "prolia", f"Reaction {i:02d}", "very rare", "S4") for i in range(12)]
    fig = Figure(figsize=(10, 4))
    build_chart("adverse_bands", _added(mini, *extra), View("prolia"), fig=fig)
    return fig, St.row_limit(fig)


def test_more_reactions_than_fit_are_cut_and_the_cut_is_said(mini):
    fig, limit = _cut_bands(mini)
    assert len(ytick_labels(fig)) == limit < 20
    every = " ".join(flat(t) for t in texts(fig))
    assert f"showing the first {limit} of 20 reactions, most frequent first" in every
    (markers,) = by_gid(fig, "band-markers-prolia")
    assert len(markers.get_xdata()) == limit


# --- trial incidence ----------------------------------------------------------------
def _trial(product: str, reaction: str, pct: float, comparator: object, comp_pct: object,
           study: object = "T1") -> dict:
    return {"product_id": product, "region": "US", "reaction": reaction,
            "system_organ_class": "Infections and infestations", "product_pct": pct,
            "product_arm_n": 100, "comparator": comparator, "comparator_pct": comp_pct,
            "comparator_arm_n": 90, "study": study, "source_id": "S65"}


def test_incidence_rows_in_product_order_then_study_then_most_frequent(mini):
    ds = _added(mini, _trial("kefdensis", "Zeta", 9.0, "prolia", 8.0),
                _trial("kefdensis", "Alpha", 9.0, "prolia", 8.0),
                _trial("kefdensis", "Beta", 5.0, "prolia", 8.0, study=pd.NA))
    rows = A.incidence_rows(ds, View("kefdensis", ("prolia",)))
    assert list(zip(rows["product_id"], rows["reaction"], strict=True))[:4] == [
        ("kefdensis", "Beta"), ("kefdensis", "Alpha"), ("kefdensis", "Zeta"),
        ("prolia", "Back pain")]
    assert not {"_order", "_study", "index"} & set(rows.columns)
    assert list(rows.index) == list(range(len(rows)))


def test_a_product_comparator_arm_has_the_products_look_and_placebo_is_grey(mini):
    ds = _added(mini, _trial("kefdensis", "Cold", 9.0, "prolia", 8.5))
    fig = build_chart("adverse_incidence", ds, View("kefdensis", ("prolia",)))
    styles = St.product_styles(["kefdensis", "prolia"])
    ours, theirs = sorted(by_gid(fig, "incidence-bar-0"), key=lambda b: b.get_y())
    assert same_color(ours.get_facecolor(), styles["kefdensis"].color)
    assert same_color(theirs.get_facecolor(), styles["prolia"].color)
    assert theirs.get_hatch() == (styles["prolia"].hatch or None)
    # The product's arm above the comparator's, each half the row, centred on it.
    assert ours.get_y() + ours.get_height() == pytest.approx(0, abs=1e-9)
    assert theirs.get_y() == pytest.approx(0, abs=1e-9)
    assert ours.get_height() == pytest.approx(theirs.get_height())
    placebo = [b for b in by_gid(fig, "incidence-bar-") if b.get_width() == 34.6]
    assert same_color(placebo[0].get_facecolor(), St.COMPARATOR_ARM)
    assert placebo[0].get_hatch() in (None, "")
    legend = legend_texts(fig)
    assert "Kefdensis (T1, n = 100)" in legend and "Prolia (T1, n = 90)" in legend
    every = " ".join(flat(t) for t in texts(fig))
    assert "(Kefdensis vs Prolia, Prolia vs placebo)" in every


@pytest.mark.parametrize("pct, comp, shown", [(7.65, 7.6, "+0.05 pp"), (5.0, 5.0, "0.0 pp"),
                                              (5.0, 6.25, "\u22121.25 pp"),
                                              (12, 11, "+1.0 pp")])
def test_difference_keeps_the_sources_precision_and_sign(mini, pct, comp, shown):
    ds = _reactions(mini, lambda ar: ar[ar["product_pct"].isna()])
    ds = _added(ds, _trial("prolia", "Cold", pct, "placebo", comp))
    fig = build_chart("adverse_incidence", ds, View("prolia"))
    (label,) = [t for t in fig.axes[0].texts if t.get_text().endswith(" pp")]
    assert label.get_text() == shown and label.get_position()[1] == 0
    assert label.get_fontweight() == "bold" and same_color(label.get_color(), St.INK)


def test_a_row_without_a_comparator_arm_says_so_in_grey(mini):
    ds = _added(mini, _trial("kefdensis", "Cold", 9.0, pd.NA, pd.NA, study=pd.NA))
    fig = build_chart("adverse_incidence", ds, View("kefdensis", ("prolia",)))
    ax = fig.axes[0]
    (bar,) = by_gid(fig, "incidence-bar-0")
    assert bar.get_width() == 9.0
    (note,) = [t for t in ax.texts if t.get_text() == "no comparator arm"]
    assert note.get_position()[1] == 0 and same_color(note.get_color(), St.MUTED)
    assert "Kefdensis (n = 100)" in legend_texts(fig)
    label = ytick_labels(fig)[0]
    assert label == "Cold \u00b7 Kefdensis vs comparator" or \
        label == "Cold Kefdensis vs comparator"


def test_each_arm_value_beside_its_bar_while_rows_are_tall(mini):
    fig = build_chart("adverse_incidence", mini, View("prolia"))
    ax = fig.axes[0]
    values = [t for t in ax.texts if t.get_text().endswith(" %")]
    assert [(t.get_text(), t.get_position()) for t in values[:2]] == [
        (" 34.7 %", (34.7, -0.19)), (" 34.6 %", (34.6, 0.19))]
    for value in values:  # centred on its bar, in ink, no larger than the small size
        assert value.get_va() == "center" and same_color(value.get_color(), St.INK)
        assert value.get_fontsize() <= St.FONT["small"] < 10  # 10: matplotlib's default
    lo, hi = ax.get_xlim()
    assert lo == 0 and hi > 34.7  # room for the value right of the longest bar
    assert ax.get_ylim() == (4.5, -0.5)


def test_many_rows_show_both_values_once_per_row(mini):
    many = [_trial("prolia", f"R{i:02d}", 10 + i, "placebo", 9 + i) for i in range(30)]
    ds = _reactions(mini, lambda ar: ar[ar["product_pct"].isna()])
    fig = build_chart("adverse_incidence", _added(ds, *many), View("prolia"))
    ax = fig.axes[0]
    (first,) = by_gid(fig, "incidence-values-0")
    assert first.get_text() == " 39.0 % / 38.0 %" and first.get_position() == (39.0, 0)
    assert not [t for t in ax.texts if t.get_text() == " 39.0 %"]


def test_incidence_says_when_nothing_is_there_and_who_has_none(mini):
    fig = build_chart("adverse_incidence", mini, View("prolia", ("kefdensis",), text="pain"))
    every = " ".join(flat(t) for t in texts(fig))
    assert "none in the sources for Kefdensis; filtered by reaction contains 'pain'" in every
    empty = build_chart("adverse_incidence", mini, View("kefdensis", text="zzz"))
    every = " ".join(flat(t) for t in texts(empty))
    assert A.NO_INCIDENCE in every and "Chosen: Kefdensis; filtered by reaction contains " \
        "'zzz'" in every
    assert "none in the sources" not in every


@pytest.mark.parametrize("value, name", [("prolia", "Prolia"), ("placebo", "placebo"),
                                         (pd.NA, "comparator"), ("", "comparator")])
def test_a_comparator_is_named_by_its_product_or_its_own_words(mini, value, name):
    assert A._comparator_name(mini, value) == name


@pytest.mark.parametrize("study, n, label", [("T1", 1200, "Arm (T1, n = 1,200)"),
                                             (pd.NA, 5, "Arm (n = 5)"),
                                             ("T1", pd.NA, "Arm (T1)"), (pd.NA, pd.NA, "Arm")])
def test_an_arm_is_named_with_its_study_and_n(study, n, label):
    assert A._arm_label("Arm", study, n) == label


def test_filters_are_said_as_the_table_applies_them():
    assert A._filters_text(None, "") == ""
    assert A._filters_text("Infections", "") == "filtered by system organ class: Infections"
    assert A._filters_text(None, "osteo") == "filtered by reaction contains 'osteo'"


def test_incidence_follows_the_tables_filters(mini):
    ds = _added(mini)  # a fresh dataset: its rows are computed here, not cached
    fig = build_chart("adverse_incidence", ds,
                      View("prolia", soc="Infections and infestations"))
    assert ytick_labels(fig) == ["Cystitis"]
    every = " ".join(flat(t) for t in texts(fig))
    assert "filtered by system organ class: Infections and infestations" in every
    fig = build_chart("adverse_incidence", _added(mini), View("prolia", text="pain"))
    assert ytick_labels(fig) == ["Back pain", "Pain in extremity", "Musculoskeletal pain"]


def test_a_label_keeps_at_least_44_characters_however_narrow():
    assert A.label_room(Figure(figsize=(3, 3)), 9.0) == 44
    assert A.label_room(Figure(figsize=St.FIGSIZE), 7.0) > 44


def test_an_unnamed_comparator_arm_is_grey_and_called_comparator(mini):
    ds = _added(mini, _trial("kefdensis", "Cold", 9.0, pd.NA, 8.0))
    fig = build_chart("adverse_incidence", ds, View("kefdensis", ("prolia",)))
    _ours, theirs = sorted(by_gid(fig, "incidence-bar-0"), key=lambda b: b.get_y())
    assert theirs.get_width() == 8.0 and same_color(theirs.get_facecolor(), St.COMPARATOR_ARM)
    assert "comparator (T1, n = 90)" in legend_texts(fig)


def test_listed_by_counts_band_rows_only(mini):
    # Kefdensis reports constipation in a trial table only: on the EU scale only
    # Prolia lists it.
    ds = _added(mini, _trial("kefdensis", "Constipation", 3.0, "prolia", 2.0))
    rows = A.band_rows(ds, PROLIA_KEF)
    assert set(rows.loc[rows["reaction"] == "Constipation", "listed_by"]) == {1}
    assert set(rows.loc[rows["reaction"] == "Cellulitis", "listed_by"]) == {2}


def test_a_product_whose_rows_cite_nothing_is_not_listed_in_its_source(mini):
    ds = _reactions(mini, lambda ar: ar.assign(source_id=ar["source_id"].where(
        ar["product_id"] != "kefdensis")))
    labels = ytick_labels(build_chart("adverse_bands", ds, PROLIA_KEF))
    assert "Constipation (not listed in its source)" in labels


# --- trial incidence: the keys, the texts beside the bars, the axis -------------------
def _only_trials(ds, *rows: dict):
    """``ds`` with these trial rows as its only ones (the EU band rows kept)."""
    return _added(_reactions(ds, lambda ar: ar[ar["product_pct"].isna()]), *rows)


def _many_trials(n: int = 30) -> list[dict]:
    return [_trial("kefdensis", f"R{i:02d}", 10 + i, "prolia", 9 + i) for i in range(n)]


def test_each_arms_key_has_its_bars_colour_hatch_and_white_edge(mini):
    ds = _only_trials(mini, _trial("kefdensis", "Cold", 9.0, "prolia", 8.5),
                      _trial("kefdensis", "Flu", 4.0, "placebo", 3.0, study="T2"))
    fig = build_chart("adverse_incidence", ds, View("kefdensis", ("prolia",)))
    keys = fig.axes[0].get_legend().legend_handles
    bars = sorted(by_gid(fig, "incidence-bar-0"), key=lambda b: b.get_y())
    placebo = [b for b in by_gid(fig, "incidence-bar-1") if b.get_width() == 3.0]
    assert legend_texts(fig)[:4] == ["Kefdensis (T1, n = 100)", "Prolia (T1, n = 90)",
                                     "Kefdensis (T2, n = 100)", "placebo (T2, n = 90)"]
    assert St.product_styles(["kefdensis", "prolia"])["prolia"].hatch  # a hatch to carry
    for key, bar in zip([keys[0], keys[1], keys[3]], [*bars, *placebo], strict=True):
        assert same_color(key.get_facecolor(), bar.get_facecolor())
        assert (key.get_hatch() or "") == (bar.get_hatch() or "")
        assert same_color(key.get_edgecolor(), "white")  # as the bars: a white edge


def test_each_value_keeps_the_sources_precision():
    assert A._pct(7.65) == "7.65 %" and A._pct(34.7) == "34.7 %" and A._pct(5) == "5.0 %"


def test_value_and_difference_texts_shrink_with_the_row_labels(mini):
    few = build_chart("adverse_incidence", mini, View("prolia"))
    (value, *_) = [t for t in few.axes[0].texts if t.get_text().endswith(" %")]
    (diff, *_) = [t for t in few.axes[0].texts if t.get_text().endswith(" pp")]
    assert value.get_fontsize() == St.FONT["small"]
    assert diff.get_fontsize() == St.FONT["annotation"]
    fig = build_chart("adverse_incidence", _only_trials(mini, *_many_trials()),
                      View("kefdensis"))
    font = by_gid(fig, "row-label-0")[0].get_fontsize()
    assert font < St.FONT["small"]  # 30 rows: smaller than the small size
    (values,) = by_gid(fig, "incidence-values-0")
    assert values.get_fontsize() == font
    assert values.get_va() == "center" and same_color(values.get_color(), St.INK)
    (diff, *_) = [t for t in fig.axes[0].texts if t.get_text().endswith(" pp")]
    assert diff.get_fontsize() == pytest.approx(
        St.FONT["annotation"] * font / St.FONT["small"])


def test_the_differences_stand_in_a_column_right_of_the_axes_under_their_heading(mini):
    fig = build_chart("adverse_incidence", mini, View("prolia"))
    ax = fig.axes[0]
    diffs = [t for t in ax.texts if t.get_text().endswith(" pp")]
    xs = {float(t.get_transform().transform(t.get_position())[0]) for t in diffs}
    ys = [t.get_position()[1] for t in diffs]
    assert len(xs) == 1 and ax.bbox.x1 < xs.pop() < fig.bbox.x1  # one column, outside
    assert ys == list(range(len(diffs)))  # one per row, on its row
    for t in diffs:
        assert t.get_va() == "center" and not t.get_clip_on()
    (heading,) = [t for t in ax.texts if t.get_text() == "Difference"]
    renderer = FigureCanvasAgg(fig).get_renderer()
    head = heading.get_window_extent(renderer)
    first = diffs[0].get_window_extent(renderer)
    assert head.x0 == pytest.approx(first.x0)  # left-aligned over the column
    assert head.y0 == pytest.approx(ax.bbox.y1)  # standing on the axes' top edge
    assert same_color(heading.get_color(), St.MUTED)
    assert heading.get_fontsize() == St.FONT["small"]
    assert ax.get_xlabel() == "Patients with the reaction (% of the arm)"
    assert ax.xaxis.label.get_fontsize() == St.FONT["label"]


@pytest.mark.parametrize("pct, comp, right", [(0.0, 0.0, 1.0), (1.0, 0.5, 1.15),
                                              (0.5, 1.0, 1.15), (34.7, 20.0, 34.7 * 1.15)])
def test_the_axis_runs_from_0_past_the_longest_arm(mini, pct, comp, right):
    # Room for the value right of the longest arm, of either arm; all at 0 %: 0 to 1.
    ds = _only_trials(mini, _trial("prolia", "Cold", pct, "placebo", comp))
    ax = build_chart("adverse_incidence", ds, View("prolia")).axes[0]
    assert ax.get_xlim() == pytest.approx((0, right))


def test_a_row_of_several_pairs_names_its_pair_under_the_reaction_while_rows_are_tall(mini):
    ds = _added(mini, _trial("kefdensis", "Cold", 9.0, "prolia", 8.5))
    tall = build_chart("adverse_incidence", ds, View("kefdensis", ("prolia",)))
    assert row_labels(tall)[:2] == ["Cold\nKefdensis vs Prolia, T1",
                                    "Back pain\nProlia vs placebo, FREEDOM"]


def test_a_row_of_several_pairs_names_its_pair_after_the_reaction_when_rows_are_many(mini):
    ds = _added(mini, *_many_trials(20))  # 25 rows, all drawn: one line each
    many = build_chart("adverse_incidence", ds, View("kefdensis", ("prolia",)))
    assert row_labels(many)[0] == "R19 \u00b7 Kefdensis vs Prolia, T1"


def test_one_pairs_long_reaction_takes_two_lines_while_rows_are_tall(mini):
    name = "Upper respiratory tract infection, severe"  # 41 characters
    ds = _only_trials(mini, _trial("prolia", name, 5.0, "placebo", 4.0))
    fig = build_chart("adverse_incidence", ds, View("prolia"))
    assert row_labels(fig) == ["Upper respiratory tract infection,\nsevere"]


def test_the_axis_leaves_more_room_when_a_rows_values_share_one_label(mini):
    many = [_trial("prolia", f"R{i:02d}", 10 + i, "placebo", 9 + i) for i in range(30)]
    fig = build_chart("adverse_incidence", _only_trials(mini, *many), View("prolia"))
    assert by_gid(fig, "incidence-values-0")  # 'a % / b %' right of the longer arm
    assert fig.axes[0].get_xlim() == pytest.approx((0, 39 * 1.4))


# --- the titles and notes -----------------------------------------------------------
def _subtitle(fig: Figure, start: str) -> str:
    (sub,) = [flat(t) for t in texts(fig) if flat(t).startswith(start)]
    return sub


def test_the_band_title_names_the_products_and_a_cut_says_how_to_see_the_rest(mini):
    fig, limit = _cut_bands(mini)
    assert flat(fig.get_suptitle()) == "EU frequency of adverse reactions: Prolia"
    assert _subtitle(fig, "EU SmPC") == (
        f"EU SmPC / package-leaflet frequency categories; showing the first {limit} of 20 "
        f"reactions, most frequent first: {A._FILTER_ADVICE}")


def test_band_notes_say_only_the_scale_when_every_product_lists_every_row(mini):
    ds = _added(mini)  # fresh: its rows are computed here
    rows = A.band_rows(ds, PROLIA_KEF, text="extremity")
    assert set(rows["product_id"]) == {"prolia", "kefdensis"}
    assert A._band_notes(ds, rows, PROLIA_KEF.products, "") == \
        "EU SmPC / package-leaflet frequency categories"


def test_the_incidence_title_names_the_pairs_and_the_subtitle_the_difference(mini):
    fig = build_chart("adverse_incidence", mini, View("prolia"))
    assert flat(fig.get_suptitle()) == \
        "Adverse reactions in trials: % of patients in each arm (Prolia vs placebo)"
    assert _subtitle(fig, "Difference =") == \
        "Difference = product arm \u2212 comparator arm, in percentage points (pp)"
    empty = build_chart("adverse_incidence", mini, View("kefdensis"))
    assert flat(empty.get_suptitle()) == \
        "Adverse reactions in trials: % of patients in each arm"


def test_the_incidence_title_names_two_pairs_then_counts_the_rest(mini):
    ds = _added(mini, _trial("kefdensis", "Cold", 9.0, "prolia", 8.5),
                _trial("kefdensis", "Flu", 4.0, "placebo", 3.0))
    fig = build_chart("adverse_incidence", ds, View("kefdensis", ("prolia",)))
    assert flat(fig.get_suptitle()).endswith("(Kefdensis vs Prolia and 2 more)")


def test_an_incidence_cut_says_how_many_rows_and_how_to_see_the_rest(mini):
    many = [_trial("prolia", f"R{i:02d}", 10 + i, "placebo", 9 + i) for i in range(30)]
    fig = build_chart("adverse_incidence", _only_trials(mini, *many), View("prolia"))
    limit = St.row_limit(fig)
    assert _subtitle(fig, "Difference =").endswith(
        f"(pp); showing the first {limit} of 30 rows, products in the order chosen: "
        f"{A._FILTER_ADVICE}")


@pytest.mark.parametrize("key", ["adverse_bands", "adverse_incidence"])
def test_nothing_to_show_names_six_chosen_products_then_counts_the_rest(bundled, key):
    family = View("prolia", tuple(p for p in bundled.family("prolia") if p != "prolia")[:6])
    assert len(family.products) == 7
    ds = _reactions(bundled, lambda ar: ar.iloc[0:0])
    fig = build_chart(key, ds, family)
    names = ", ".join(bundled.short_name(p) for p in family.products[:5])
    assert _subtitle(fig, "Chosen:") == f"Chosen: {names} and 2 more"


def test_band_row_labels_take_the_size_fitted_to_the_rows(mini):
    extra = [_eu(mini, "prolia", f"Reaction {i:02d}", "very rare", "S4") for i in range(12)]
    fig = build_chart("adverse_bands", _added(mini, *extra), View("prolia"))
    labels = by_gid(fig, "row-label-")
    font = A._label_layout(fig, len(labels))[0]
    assert font < 10  # 20 rows: smaller than matplotlib's default size
    assert {t.get_fontsize() for t in labels} == {font}
