"""The rules across columns and tables not already stated in test_check_mutants.py:
attributes (io/checks.py, io/attribute_checks.py), studies (io/study_checks.py), keys and
links. Each at its limit, through ``validate`` on a few rows: message, file, row, column."""

from __future__ import annotations

import pandas as pd
import pytest

from denocompare.core import schema as S
from denocompare.io.attribute_checks import check_structured, number_in_wording
from denocompare.io.checks import Collector
from denocompare.io.dates import date_message
from denocompare.io.raw import RawTable
from tests.io.validation_tables import BASE, problems, with_cell, with_cells

ATTR_HEAD = BASE["attributes"].splitlines()[0]
STATUS = ", ".join(a for a in S.STATUS_VALUES if a != "us_interchangeability")


def attributes(*lines: str) -> str:
    """attributes.csv of these rows: attribute,value,preferred,date_kind,as_of,
    value_number,value_unit,value_code (product orig, region EU, source S1)."""
    return "\n".join([ATTR_HEAD] + [f"orig,EU,{line},S1" for line in lines]) + "\n"


def attr_problems(*lines: str, labels: str | None = None) -> list[tuple]:
    tables = {"attributes": attributes(*lines)}
    if labels:
        tables["attribute_labels"] = labels
    return [(m, r, c) for _f, m, r, c, _s in problems(**tables)]


# (row 2 of attributes.csv, the one problem: message, column) -- None: it loads clean.
ATTRIBUTE_CASES = [
    ("us_status,Authorised,,,,,,", None),
    ("us_status,approved,,,,,,", ("'approved' is not allowed for us_status (allowed: "
                                  f"{', '.join(S.STATUS_VALUES['us_status'])})", "value")),
    (f"eu_status,{'w' * 61},,,,,,", (f"'{'w' * 60}' is not allowed for eu_status (allowed: "
                                     f"{', '.join(S.STATUS_VALUES['eu_status'])})", "value")),
    ("eu_authorisation_date,2025-02-18,,EC decision,,,,", None),
    ("eu_authorisation_date,18/02/2025,,,,,,", (
        date_message("18/02/2025", "eu_authorisation_date"), "value")),
    ("eu_authorisation_date,2025-02-18,,announcement,,,,", None),
    ("eu_authorisation_date,2025-02-18,,FDA approval,,,,", (
        "'FDA approval' is not a kind of date eu_authorisation_date can have (allowed: EC "
        "decision, announcement, publication)", "date_kind")),
    ("eu_status,authorised,,launch,2025-01,,,", None),
    ("company,Amgen,,announcement,,,,", ("date_kind is for a date or a status; company is "
                                         "neither, leave date_kind empty", "date_kind")),
    ("dose,60 mg,,,2025-01,60,mg,", (f"as_of is for a status ({STATUS}); dose takes no as_of "
                                     "date", "as_of")),
    ("us_interchangeability,yes,,,2025-01,,,", (f"as_of is for a status ({STATUS}); "
                                                "us_interchangeability takes no as_of date",
                                                "as_of")),
    ("company,Amgen,,,,,,x", ("company takes no structured value; structured values are "
                              f"for: {', '.join(S.STRUCTURED)}", "value_number")),
    ("company,Amgen,,,,,mg,", ("company takes no structured value; structured values are "
                               f"for: {', '.join(S.STRUCTURED)}", "value_number")),
    ("company,Amgen,,,,2,,", ("company takes no structured value; structured values are for: "
                              f"{', '.join(S.STRUCTURED)}", "value_number")),
    ("dose,60 mg,,,,60,weeks,", ("'weeks' is not a unit of dose (allowed: mg)", "value_unit")),
    ("interval,every 6 months,,,,6,mg,", ("'mg' is not a unit of interval (allowed: months, "
                                          "weeks)", "value_unit")),
    ("route,subcutaneous,,,,,mg,", ("'mg' is not a unit of route (allowed: none: leave it "
                                    "empty)", "value_unit")),
    ("interval,every 6 months,,,,6,,", ("value_number needs its unit for interval (months or "
                                        "weeks)", "value_unit")),
    ("dose,60 mg,,,,,mg,", ("value_unit is given but value_number is empty", "value_number")),
    ("latex,no,,,,,,NO", None),
    ("presentation,a syringe,,,,,,syringe", ("'syringe' is not a value_code of presentation "
                                             "(allowed: pre-filled syringe, vial, "
                                             "autoinjector)", "value_code")),
    ("storage,in a fridge,,,,,,fridge", None),  # no list of codes: any code
    (f"presentation,a syringe,,,,,,{'q' * 61}", (f"'{'q' * 60}' is not a value_code of "
                                                 "presentation (allowed: pre-filled syringe, "
                                                 "vial, autoinjector)", "value_code")),
    ("dose,60 mg,,,,120,mg,", ("value_number 120 does not appear in the wording '60 mg'; "
                               "correct one of them", "value_number")),
    ("dose,60.0 mg,,,,60,mg,", None),
    (f"dose,{'z' * 61} 60 mg,,,,6,mg,", (f"value_number 6 does not appear in the wording "
                                         f"'{'z' * 60}'; correct one of them",
                                         "value_number")),
]


@pytest.mark.parametrize("line, expected", ATTRIBUTE_CASES, ids=[c[0][:40] for c in
                                                                 ATTRIBUTE_CASES])
def test_each_attribute_rule_at_its_row_and_column(line, expected):
    found = attr_problems("shelf_life,36 months,,,,36,months,", line)
    assert found == ([] if expected is None else [(expected[0], 3, expected[1])])


def test_a_structured_value_without_a_number_is_not_a_number_rule():
    assert attr_problems("route,subcutaneous,,,,1,,subcutaneous") == [
        ("route takes no number; put its structured value in value_code", 2, "value_number"),
        ("value_number 1 does not appear in the wording 'subcutaneous'; correct one of them",
         2, "value_number")]


def test_a_declared_date_takes_no_date_kind():
    labels = "attribute,label,kind,compared,note\ntrial_end,Trial end,date,no,\n"
    assert attr_problems("trial_end,2025-01-01,,announcement,,,,", labels=labels) == [
        ("date_kind is for the dates and statuses the app knows; trial_end is the "
         "dataset's own date, leave date_kind empty", 2, "date_kind")]
    assert attr_problems("trial_end,01/13/2025,,,,,,", labels=labels) == [
        (date_message("01/13/2025", "trial_end"), 2, "value")]


def test_a_bad_date_names_its_attribute_after_the_value_not_inside_it():
    """The attribute is named after the quoted value, also when the value itself holds
    the words "is not a date" (it was put inside the quotes, at the first such words)."""
    assert attr_problems("eu_authorisation_date,is not a date,,,,,,") == [
        ("'is not a date' is not a date for eu_authorisation_date; write it as YYYY-MM-DD "
         "(e.g. 2025-11-17), or YYYY-MM if the source gives no day", 2, "value")]


@pytest.mark.parametrize("refused", ["trial_end,2025-01-01,,announcement,,,,",
                                     "company,Amgen,,announcement,,,,"])
def test_after_a_date_kind_refused_the_next_rows_are_still_checked(refused):
    labels = "attribute,label,kind,compared,note\ntrial_end,Trial end,date,no,\n"
    found = attr_problems(refused, "eu_authorisation_date,2025-02-18,,FDA approval,,,,",
                          labels=labels)
    assert [(r, c) for _m, r, c in found] == [(2, "date_kind"), (3, "date_kind")]
    assert found[1][0] == ("'FDA approval' is not a kind of date eu_authorisation_date can "
                           "have (allowed: EC decision, announcement, publication)")


@pytest.mark.parametrize("n", [2, 3])
def test_facts_given_twice_need_one_marked_not_preferred(n):
    found = attr_problems(*["dose,60 mg,,,,60,mg,"] * n)
    assert found == [(f"{n} rows give dose for orig (EU) and none is marked preferred=no; "
                      "mark the less authoritative one 'no'", 3, "preferred")]
    assert attr_problems(*["dose,60 mg,yes,,,60,mg,"] + ["dose,60 mg,no,,,60,mg,"] * n) == []
    assert attr_problems("dose,60 mg,,,,60,mg,", "interval,every 6 months,,,,,,") == []


def test_a_row_missing_its_region_hides_no_fact_given_twice():
    text = attributes("dose,60 mg,,,,60,mg,", "dose,60 mg,,,,60,mg,")
    text += "orig,,company,Amgen,,,,,,,S1\n"  # its own problem: the region is required
    found = [(m, r, c) for _f, m, r, c, _s in problems(attributes=text)]
    assert ("2 rows give dose for orig (EU) and none is marked preferred=no; mark the "
            "less authoritative one 'no'", 3, "preferred") in found
    assert any(r == 4 and c == "region" for _m, r, c in found)


@pytest.mark.parametrize("groups, told", [(20, 20), (21, 20)])
def test_at_most_twenty_facts_given_twice_are_listed(groups, told):
    labels = "attribute,label,kind,compared,note\n" + "".join(
        f"x{i},X {i},text,no,\n" for i in range(groups))
    lines = [f"x{i},v,,,,,," for i in range(groups) for _ in range(2)]
    found = attr_problems(*lines, labels=labels)
    assert [r for _m, r, _c in found] == [3 + 2 * i for i in range(told)]


@pytest.mark.parametrize("text, number, stated", [
    ("every 6 months", 6, True), ("1,000 mg", 1000, True), ("1,000 mg", 1, False),
    ("12,5 mg", 12.5, True), ("60 mg in 1.0 mL", 1, True), ("60 mg", 6, False),
    ("version 1.2.3", 1.2, False), ("version 1.2.3, then 60 mg", 60, True),
    ("no number", 0, False)])
def test_a_number_is_in_the_wording_as_a_pharmacist_writes_it(text, number, stated):
    assert number_in_wording(number, text) is stated


# --- studies -------------------------------------------------------------------------------
def study_problems(**tables: str) -> list[tuple]:
    return [(f, m, r, c) for f, m, r, c, _s in problems(**tables)]


@pytest.mark.parametrize("column, value, message", [
    ("biosimilar_id", "orig", "'orig' is an originator, not a biosimilar; name the biosimilar "
     "studied here"),
    ("reference_id", "bio", "'bio' is a biosimilar; a study's reference product must be an "
     "originator")])
def test_a_study_compares_a_biosimilar_with_an_originator(column, value, message):
    found = study_problems(products=BASE["products"],
                           studies=with_cell("studies", 2, column, value))
    assert found == [("studies.csv", message, 2, column)]


@pytest.mark.parametrize("status, refused", [("waived", True), ("not performed", True),
                                             ("performed", False), ("", False)])
def test_a_study_not_run_has_no_results(status, refused):
    found = study_problems(studies=with_cell("studies", 2, "status", status),
                           study_results=BASE["study_results"])
    expected = [("study_results.csv", "the study is recorded as waived or not performed in "
                 "studies.csv, so it has no results; correct its status or remove the row", 2,
                 "study_id")]
    assert found == (expected if refused else [])


@pytest.mark.parametrize("sides, low, high, column", [
    ("one-sided, lower", "", "0.5", "ci_low"), ("one-sided, upper", "-0.5", "", "ci_high"),
    ("one-sided, lower", "-0.5", "", None), ("one-sided, upper", "", "0.5", None),
    ("two-sided", "", "0.5", None), ("", "", "0.5", None), ("", "-0.5", "", None)])
def test_a_one_sided_ci_gives_the_limit_its_side_names(sides, low, high, column):
    text = with_cells("study_results", ci_sides=sides, ci_low=low, ci_high=high,
                      difference="")
    found = study_problems(study_results=text)
    word = "lower" if column == "ci_low" else "upper"
    assert found == ([] if column is None else [(
        "study_results.csv", f"a '{sides}' CI gives its {word} limit; the other limit is "
        "filled instead", 2, column)])


RATIO = dict(measure="ratio", difference="1", ci_low="0.9", ci_high="1.1", margin_low="0.8",
             margin_high="1.25")


@pytest.mark.parametrize("column, empty", [("difference", ("ci_low", "ci_high")),
                                           ("ci_low", ()), ("margin_low", ()),
                                           ("ci_high", ("ci_low", "difference")),
                                           ("margin_high", ("margin_low",))])
@pytest.mark.parametrize("value, refused", [("0", True), ("-0.5", True), ("0.001", False)])
def test_a_ratio_and_its_limits_are_above_zero(column, empty, value, refused):
    cells = {**RATIO, **dict.fromkeys(empty, ""), column: value}
    found = study_problems(study_results=with_cells("study_results", **cells))
    expected = [("study_results.csv", "a ratio and its limits and margins are above 0 (write "
                 "a difference with measure 'difference')", 2, column)]
    assert found == (expected if refused else [])
    cells["measure"] = "difference"
    assert study_problems(study_results=with_cells("study_results", **cells)) == []
    cells["measure"] = ""  # empty means difference
    assert study_problems(study_results=with_cells("study_results", **cells)) == []


@pytest.mark.parametrize("low, high, message", [
    ("1", "1", None), ("1.01", "1", "the lower limit of the equivalence margin is above the "
                       "upper limit"),
    ("", "1", None), ("-1", "", None),
    ("", "", "a margin row needs a lower or an upper margin (or both)")])
def test_the_margin_table_rules(low, high, message):
    found = study_problems(study_margins=with_cells("study_margins", margin_low=low,
                                                    margin_high=high))
    assert found == ([] if message is None else [("study_margins.csv", message, 2,
                                                  "margin_low")])


# --- keys and links ------------------------------------------------------------------------
def test_a_key_of_several_columns_names_them_all_and_only_whole_keys_count():
    base = BASE["indications"]
    twice = base + "orig,EU,pmo,refused,,S1\n"
    assert study_problems(indications=twice) == [
        ("indications.csv", "duplicate product_id + region + indication 'orig / EU / pmo' "
         "(already used in row 2)", 3, "indication")]
    assert study_problems(indications=base + "orig,US,pmo,authorised,Osteoporosis,S1\n") == []


@pytest.mark.parametrize("status, refused", [("authorised", True),
                                             ("CHMP positive opinion", False)])
def test_only_an_authorised_indication_needs_its_wording(status, refused):
    text = with_cells("indications", status=status, wording="")
    expected = [("indications.csv", "an authorised indication needs the label's wording", 2,
                 "wording")]
    assert study_problems(indications=text) == (expected if refused else [])


def test_an_id_must_name_a_row_of_the_table_it_refers_to():
    found = study_problems(sources=BASE["sources"],
                           products=with_cell("products", 3, "source_id", "S1;S9")
                           .replace(",orig,S1", ",Orig,S1"))
    assert found == [
        ("products.csv", "unknown id 'Orig': there is no such row in products. Did you mean "
         "'orig'?", 3, "reference_product_id"),
        ("products.csv", "unknown source id(s) 'S9': not in sources.", 3, "source_id")]


def test_ids_into_an_empty_required_table_are_not_each_unknown():
    empty_sources = BASE["sources"].splitlines()[0] + "\n"
    assert study_problems(sources=empty_sources, products=BASE["products"]) == [
        ("sources.csv", S.TABLES_BY_NAME["sources"].needs_rows, None, None)]


def test_ids_into_an_empty_optional_table_are_unknown():
    empty_studies = BASE["studies"].splitlines()[0] + "\n"
    assert study_problems(studies=empty_studies, study_results=BASE["study_results"]) == [
        ("study_results.csv", "unknown id 'st1': there is no such row in studies.", 2,
         "study_id")]


def test_ids_into_a_table_whose_id_column_is_missing_are_not_checked():
    sources = BASE["sources"].replace("source_id,", "sourceid,", 1)
    found = study_problems(sources=sources, products=BASE["products"])
    assert [(f, c) for f, _m, _r, c in found] == [("sources.csv", "source_id")]


def test_a_chain_of_biosimilars_is_a_cycle_only_for_the_products_on_the_loop():
    text = BASE["products"] + "".join(f"{p},{p.upper()},,denosumab,60,1,biosimilar,{r},S1,\n"
                                      for p, r in (("a", "b"), ("b", "c"), ("c", "b"),
                                                   ("d", "bio")))
    found = [(r, m.split("; ")[1]) for _f, m, r, _c in study_problems(products=text)]
    assert found == [
        (4, "a reference must be an originator"),
        (5, "a reference must be an originator (the references go round in a cycle: b → c → "
            "b)"),
        (6, "a reference must be an originator (the references go round in a cycle: c → b → "
            "c)"),
        (7, "a reference must be an originator")]  # d -> bio -> orig: no cycle


def test_a_product_without_an_id_whose_reference_is_a_biosimilar_is_still_told():
    text = BASE["products"] + ",X,,denosumab,60,1,biosimilar,bio,S1,\n"
    assert [(r, c) for _f, _m, r, c in study_problems(products=text)] == [
        (4, "product_id")]


@pytest.mark.parametrize("table", ["adverse_reactions", "attributes", "indications",
                                   "studies", "study_results", "study_margins"])
def test_a_table_other_than_metadata_sources_products_may_be_header_only(table):
    assert problems(**{table: BASE[table].splitlines()[0] + "\n"}) == []


def test_an_empty_wording_is_not_searched_for_the_number():
    # Validation refuses the empty cell; the structured check must not add its own line.
    frame = pd.DataFrame({"attribute": ["dose"], "value": [pd.NA], "value_number": [60.0],
                          "value_unit": ["mg"], "value_code": [pd.NA], "date_kind": [pd.NA],
                          "as_of": [pd.NA]}, index=[2])
    out = Collector()
    check_structured(RawTable("attributes", "attributes.csv", pd.DataFrame()), frame, out)
    assert out.problems == []


def test_every_row_with_a_date_kind_is_checked_after_one_that_takes_none():
    assert [r for _m, r, _c in attr_problems(
        "company,Amgen,,announcement,,,,", "eu_authorisation_date,2025-02-18,,FDA approval,,,,",
        "route,subcutaneous,,launch,,,,subcutaneous")] == [2, 3, 4]


@pytest.mark.parametrize("attribute", ["us_status", "eu_authorisation_date"])
def test_an_empty_status_or_date_is_told_once_as_empty(attribute):
    assert attr_problems(f"{attribute},,,,,,,") == [("this required cell is empty", 2,
                                                     "value")]


def _unnamed_products(references: list[str]) -> str:
    """BASE's products and, per reference given, a biosimilar with no product_id."""
    return BASE["products"] + "".join(f",P{i},,denosumab,60,1,biosimilar,{ref},S1,\n"
                                      for i, ref in enumerate(references))


@pytest.mark.parametrize("n", [20, 21, 25])
def test_a_refused_row_gets_no_knock_on_also_past_the_cap(n):
    """Rows refused for an empty product_id are told once each, up to the cap of 20 and
    a line counting the rest; what a rule across columns would say of them (here: the
    reference is itself a biosimilar) is not told, neither as rows nor as a count
    (before, the rows past the cap were not known to be refused: the rule's own
    "... and N more" line was left with no row above it)."""
    empty = ("products.csv", "this required cell is empty", None, "product_id", "error")
    expected = [empty[:2] + (row,) + empty[3:] for row in range(4, 4 + min(n, 20))]
    if n > 20:
        expected.append(("products.csv", f"... and {n - 20} more rows with the same problem",
                         None, "product_id", "error"))
    assert problems(products=_unnamed_products(["bio"] * n)) == expected


def test_a_knock_on_past_the_cap_is_not_listed_row_by_row():
    """25 refused rows, of which only the last 5 break a rule across columns: those 5
    rows are past the cap of the listed refusals, and are still known to be refused."""
    found = problems(products=_unnamed_products(["orig"] * 20 + ["bio"] * 5))
    assert {p[3] for p in found} == {"product_id"}, found
    assert len(found) == 21 and found[-1][1] == "... and 5 more rows with the same problem"
