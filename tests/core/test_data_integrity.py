"""The bundled data stays defensible: every citation resolves, no announcement is shown
as a decision, no indication is authorised on a CHMP opinion alone, and structured
values agree with their wording."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from denocompare.core import compare as C
from denocompare.core import schema as S
from denocompare.core import values as V
from denocompare.core.view import View
from denocompare.io.attribute_checks import number_in_wording

DATA = Path(__file__).resolve().parents[2] / "data" / "denosumab"
#: A citation inside a note: S16, S41a, A13, SEED-KEF, OFDA-BOSAYA.
_CITED = re.compile(r"\b(?:S\d+[a-z]?|A\d+|SEED-[A-Z]+|OFDA-[A-Z]+)\b")
#: How each container code shows in the wording.
_CODE_WORDS = {"pre-filled syringe": "syringe", "vial": "vial", "autoinjector": "autoinjector",
               "subcutaneous": ("subcutaneous", "under the skin"),
               "healthcare professional": ("healthcare professional", "healthcare provider"),
               "trained person": "trained"}


def _table(name: str) -> pd.DataFrame:
    return pd.read_csv(DATA / f"{name}.csv", dtype=str, keep_default_na=False)


def _ids() -> set[str]:
    return set(_table("sources")["source_id"])


@pytest.mark.parametrize("name", [t.name for t in S.TABLES if "source_id" in t.column_names
                                  and t.name != "sources"])
def test_every_value_cites_a_source_that_resolves(name):
    frame, ids = _table(name), _ids()
    for row, cell in enumerate(frame["source_id"], start=2):
        cited = [s.strip() for s in cell.split(";") if s.strip()]
        assert cited, f"{name}.csv row {row} cites no source"
        assert set(cited) <= ids, f"{name}.csv row {row}: {set(cited) - ids} not in sources"


def test_every_id_a_note_cites_resolves():
    ids = _ids()
    for table in S.TABLES:
        if "note" not in table.column_names:
            continue
        for row, note in enumerate(_table(table.name)["note"], start=2):
            unknown = set(_CITED.findall(note)) - ids
            assert not unknown, f"{table.name}.csv row {row}: note cites {unknown}"


def test_source_kinds_are_the_vocabulary():
    assert set(_table("sources")["kind"]) <= set(S.SOURCE_KINDS)


def test_every_regulatory_date_says_what_it_is():
    a = _table("attributes")
    dates = a[a["attribute"].isin(list(S.DATE_KIND_OF))]
    assert (dates["date_kind"] != "").all(), dates.loc[dates["date_kind"] == "", "product_id"]


@pytest.mark.parametrize("product", ["jubbonti", "wyost", "stoboclo", "osenvelt", "bildyos",
                                     "bilprevda", "zvogra", "ponlimsi", "degevma"])
def test_announced_eu_dates_are_never_shown_as_the_decision(bundled, product):
    table = C.attribute_table(bundled, View(product, ()))
    shown = table.values.loc["EU authorisation"].iloc[0]
    assert shown.startswith("announced ") and "EC decision date not in source" in shown


def test_an_announced_us_approval_says_so(bundled):
    shown = C.attribute_table(bundled, View("izamby", ())).values.loc["US approval"].iloc[0]
    assert shown == "announced 2025-12-22; FDA approval date not in source"


def test_no_shown_date_of_announcement_kind_reads_as_a_plain_date(bundled):
    a = bundled["attributes"]
    proxies = a[a["date_kind"].isin(S.PROXY_DATE_KINDS) & a["attribute"].isin(
        list(S.DATE_KIND_OF))]
    assert len(proxies) >= 20
    for rec in proxies.itertuples():
        text = V.display_value(rec.attribute, str(rec.value), rec.date_kind)
        assert text != rec.value and "date not in source" in text
        assert not V.is_decision(rec.attribute, rec.date_kind)


def test_the_ec_decision_of_kefdensis_is_the_one_official_date(bundled):
    table = C.attribute_table(bundled, View("kefdensis", ()))
    assert table.values.loc["EU authorisation"].iloc[0].startswith("2025-11-17")


def test_no_indication_is_authorised_on_a_chmp_opinion_alone(bundled):
    a, ind = bundled["attributes"], bundled["indications"]
    eu = ind[(ind["region"] == "EU") & (ind["status"] == "authorised")]
    opinion_only = set(a.loc[(a["attribute"] == "eu_status")
                             & (a["value"] == "CHMP positive opinion"), "product_id"])
    with_date = set(a.loc[a["attribute"] == "eu_authorisation_date", "product_id"])
    for pid in set(eu["product_id"]):
        assert pid not in opinion_only, pid
        assert pid in with_date, f"{pid}: EU indications authorised but no EU authorisation"


def test_rolcya_is_recommended_not_authorised(bundled):
    m = C.indication_matrix(bundled, View("prolia", ("rolcya",), regions=("EU",)))
    col = m.states["Rolcya (EU)"]
    assert (col == C.CHMP_OPINION).sum() == 3 and not (col == C.AUTHORISED).any()


def test_structured_numbers_agree_with_their_wording():
    a = _table("attributes")
    given = a[a["value_number"] != ""]
    assert len(given) >= 20
    for rec in given.itertuples():
        assert number_in_wording(float(rec.value_number), rec.value), \
            (rec.product_id, rec.attribute, rec.value)


def test_structured_codes_agree_with_their_wording():
    a = _table("attributes")
    for rec in a[a["value_code"] != ""].itertuples():
        words = _CODE_WORDS.get(rec.value_code)
        if rec.attribute in ("us_ndc", "eu_pack_number"):
            assert rec.value_code in rec.value
        elif words:
            words = (words,) if isinstance(words, str) else words
            assert any(w in rec.value.lower() for w in words), (rec.product_id, rec.value)


def test_the_us_prolia_label_gaps_are_filled(bundled):
    t = C.attribute_table(bundled, View("prolia", ()))
    for label in ("Dose (US)", "Route (US)", "Dosing interval (US)", "Who administers (US)"):
        assert t.states.loc[label].iloc[0] == C.REFERENCE, label
    assert "1000 mg" in t.values.loc["Calcium / vitamin D supplementation (US)"].iloc[0]


def test_a_paraphrase_of_the_same_interval_is_worded_differently_not_different(bundled):
    t = C.attribute_table(bundled, View("prolia", ("obodence",)))
    assert t.states.loc["Dosing interval (EU)", "Obodence"] == C.SAME_WORDING
    assert t.states.loc["Route (EU)", "Obodence"] == C.SAME_WORDING


def test_a_different_structured_value_differs(bundled):
    t = C.attribute_table(bundled, View("prolia", ("xgeva",)))
    assert t.states.loc["Dose (EU)", "Xgeva"] == C.DIFFERS
    assert t.states.loc["Presentation (EU)", "Xgeva"] == C.DIFFERS


def test_a_value_on_secondary_sources_only_is_marked(bundled):
    assert bundled.weakness("S4") == "secondary sources only"
    assert bundled.weakness("SEED-PROLIA") == "low-quality source only"
    assert bundled.weakness("S4;S2") == ""
    assert bundled.describe_sources("S4").startswith("Evidence: secondary sources only")


def test_the_same_molecule_s_study_is_shown_for_the_other_brand(bundled):
    res = C.study_results(bundled, ["xgeva", "wyost"])
    assert set(res["study_id"]) == {"rosalia"}
    assert res["biosimilar"].iloc[0] == "Jubbonti (same molecule as Wyost)"
    studies = C.studies_for(bundled, ["xgeva", "wyost"])
    assert "GP2411" in studies["link"].iloc[0] and "against Prolia" in studies["link"].iloc[0]
    direct = C.studies_for(bundled, ["prolia", "jubbonti", "wyost"])
    assert list(direct["link"]) == [""]


def test_molecule_links_follow_the_development_codes(bundled):
    codes = C.development_codes(bundled)
    assert codes["jubbonti"] == codes["wyost"] == "GP2411"
    assert codes["obodence"] == codes["xbryk"] == "SB16"
    assert {"kefdensis", "zvogra", "acvybra", "xbonzy"} <= {p for p, c in codes.items()
                                                           if c == "AVT03"}
    assert "rolcya" not in codes  # no source gives Rolcya a code
    assert list(C.studies_for(bundled, ["xgeva", "zvogra"])["study_id"]) == ["alvobond"]
