"""The tables of comparative studies: their design, their results and the regulators'
margins. ``denocompare.core.schema`` re-exports them with every other table.
"""

from __future__ import annotations

from denocompare.core.schema_base import NOTE_COLUMN as _NOTE
from denocompare.core.schema_base import SOURCE_COLUMN as _SOURCE
from denocompare.core.schema_base import Column, Table
from denocompare.core.vocabulary import (
    CHOICE,
    CI_SIDES,
    ID,
    INTEGER,
    MEASURES,
    NUMBER,
    REGULATORS,
    STUDY_STATUS,
    TEXT,
)

STUDIES = Table(
    "studies",
    "Comparative studies of a biosimilar against its reference product: the design.",
    (
        Column("study_id", ID, "Short unique id.", required=True),
        Column("name", TEXT, "Study name or protocol number.", required=True),
        Column("registry_ids", TEXT, "Registry ids (NCT, EudraCT), separated by ';'."),
        Column("biosimilar_id", ID, "The biosimilar studied.", required=True,
               refers_to="products.product_id"),
        Column("reference_id", ID, "The reference product.", required=True,
               refers_to="products.product_id"),
        Column("comparator_sourcing", TEXT, "Where the reference product came from "
               "(e.g. EU-sourced reference product)."),
        Column("design", TEXT, "Design in brief."),
        Column("population", TEXT, "Who was studied."),
        Column("n_randomised", INTEGER, "Patients randomised.", minimum=1),
        Column("n_biosimilar", INTEGER, "Randomised to the biosimilar.", minimum=1),
        Column("n_reference", INTEGER, "Randomised to the reference product.", minimum=1),
        Column("primary_endpoint", TEXT, "Primary efficacy endpoint."),
        Column("outcome_statement", TEXT, "The source's own statement of the outcome, "
               "verbatim, where it gives no numbers."),
        Column("status", CHOICE, "Whether the comparative efficacy study was run: "
               "'waived' where a regulator accepted the biosimilar without one, 'not "
               "performed' where a source says none was run. Empty means performed.",
               allowed=STUDY_STATUS),
        _SOURCE,
        _NOTE,
    ),
    key=("study_id",),
    notes=("A study whose `status` is 'waived' or 'not performed' has no rows in "
           "`study_results`; its `source_id` is the source that says so, and the charts "
           "and the report name it as such.",),
)

_CI_LEVEL = Column("ci_level", NUMBER, "Confidence level of the interval (e.g. 90, 95, "
                   "90.4).", unit="%", minimum=50, maximum=99.99)
_CI_SIDES = Column("ci_sides", CHOICE, "Which limits the CI test uses: 'two-sided' (both; "
                   "empty means two-sided), or one limit for a one-sided test (e.g. "
                   "non-inferiority).", allowed=CI_SIDES)

STUDY_RESULTS = Table(
    "study_results",
    "Results of the comparative studies: one row per study, endpoint, timepoint and "
    "analysis set.",
    (
        Column("study_id", ID, "The study.", required=True, refers_to="studies.study_id"),
        Column("endpoint", TEXT, "What was measured.", required=True),
        Column("timepoint", TEXT, "When (e.g. week 52).", required=True),
        Column("analysis_set", TEXT, "Analysis set (e.g. full analysis set, per-protocol "
               "set); empty if the source does not say."),
        Column("unit", TEXT, "Unit of the results and the difference, e.g. "
               "'% change from baseline'."),
        Column("result_biosimilar", NUMBER, "Result in the biosimilar arm."),
        Column("result_reference", NUMBER, "Result in the reference arm."),
        Column("n_biosimilar", INTEGER, "Patients in the biosimilar arm for this "
               "result.", minimum=1),
        Column("n_reference", INTEGER, "Patients in the reference arm for this result.",
               minimum=1),
        Column("measure", CHOICE, "What `difference`, the CI and the margins are: a "
               "difference (biosimilar minus reference) or a ratio (biosimilar / "
               "reference). Empty means difference.", allowed=MEASURES),
        Column("difference", NUMBER, "Point estimate: the between-arm difference "
               "(biosimilar minus reference), or the ratio where `measure` is ratio."),
        _CI_LEVEL,
        _CI_SIDES,
        Column("ci_low", NUMBER, "Lower limit of the confidence interval."),
        Column("ci_high", NUMBER, "Upper limit of the confidence interval."),
        Column("margin_low", NUMBER, "Lower equivalence margin stated with this result "
               "(no regulator named; per-regulator margins go in `study_margins`)."),
        Column("margin_high", NUMBER, "Upper equivalence margin stated with this result."),
        Column("reported_conclusion", CHOICE, "What the source itself concludes about "
               "equivalence (e.g. 'within the predefined margin'); the source must say so "
               "in words. Shown beside the verdict, never as one.",
               allowed=("equivalent", "not equivalent")),
        Column("stated_conclusion", TEXT, "The source's conclusion, verbatim (quoted "
               "beside the verdict)."),
        _SOURCE,
        _NOTE,
    ),
    notes=("`ci_low` must not be above `ci_high`, nor `margin_low` above `margin_high`.",
           "A CI needs its level. A one-sided CI gives the one limit it names.",
           "A ratio's estimate, limits and margins are above 0.",
           "The verdict is computed from the CI and each margin, never taken from the "
           "source's words: 'CI within margin' when the CI's limits lie inside the margin "
           "(a limit exactly on the margin is inside), 'CI crosses margin' otherwise, and "
           "'not computable: CI or margin not reported' when a number is missing. A "
           "one-sided CI is judged on its one limit against the margin on that side.",),
)

STUDY_MARGINS = Table(
    "study_margins",
    "Equivalence margins per regulator, where they differ (e.g. FDA ±10 % at a 90 % CI, "
    "EMA ±15 % at a 95 % CI). Each is judged against the result rows of the same study "
    "and endpoint at its CI level.",
    (
        Column("study_id", ID, "The study.", required=True, refers_to="studies.study_id"),
        Column("endpoint", TEXT, "The endpoint, written as in `study_results`.",
               required=True),
        Column("regulator", CHOICE, "Whose margin it is.", required=True,
               allowed=REGULATORS),
        _CI_LEVEL,
        _CI_SIDES,
        Column("analysis_set", TEXT, "The analysis set the margin is judged on; empty: "
               "any."),
        Column("timepoint", TEXT, "The timepoint the margin is judged at; empty: any."),
        Column("margin_low", NUMBER, "Lower equivalence margin."),
        Column("margin_high", NUMBER, "Upper equivalence margin."),
        _SOURCE,
        _NOTE,
    ),
    key=("study_id", "endpoint", "regulator", "ci_level"),
    optional=True,
    notes=("An optional table: a dataset without it loads unchanged.",
           "A margin applies to a result row of its study and endpoint whose CI level, "
           "analysis set and timepoint agree with the margin's (an empty one agrees with "
           "any). A margin no result row matches is still shown, as not computable.",
           "A verdict is given per regulator: 'CI within FDA margin; CI crosses EMA "
           "margin'.",),
)
