"""The equivalence-evidence criterion: how strong a biosimilar's evidence of
equivalence with its reference is, from its comparative studies.

Each result is judged against each margin that applies (``core.equivalence``: per
regulator); the source's own conclusion is read only where no verdict can be computed.
The tiers, best first (``RULE`` says the same in words for the Decision tab and the
report):

- 1 — *CI within margin reported*: every CI judged is within every margin;
- 0.5 — *conclusion stated only*: no CI and margin to judge, but the source states a
  conclusion of equivalence; or the study was *waived* (a regulator accepted the
  biosimilar without it: a regulator's conclusion, with no CI to check — reported, so
  not a gap, and not as strong as a CI within margin);
- 0.25 — *the margins disagree*: a CI within one margin and crossing another (within
  FDA's, crossing EMA's): computed evidence against equivalence for one regulator,
  so below a conclusion merely stated and above a CI crossing every margin;
- 0 — *CI crosses margin* (every margin), a stated conclusion of *not equivalent*, or
  a study *not performed* (a source says none ran: no evidence of equivalence);
- a gap — *nothing reported*: no study, or studies with neither a CI and margin nor a
  stated conclusion. A gap is never favourable: the gap policy (worst / leave out)
  applies.

Several studies of one product: a computed verdict outranks words, so the verdicts of
*all* its studies with a CI and margin decide together (a crossing in any of them is
never hidden by a within in another); only without any do stated conclusions, waived
and not-performed studies decide, in that order. An originator (a product that is no
biosimilar) is what the studies measure against: it scores 1 and says so.
"""

from __future__ import annotations

import re

import pandas as pd

from denocompare.core import equivalence as E
from denocompare.core.dataset import Dataset, _text
from denocompare.core.studies import studies_for, study_results

WITHIN_ALL, STATED, SPLIT, NONE = 1.0, 0.5, 0.25, 0.0

RULE = ("CI within margin reported 1; conclusion stated only, or study waived by the "
        "regulator 0.5; within one margin but crossing another (the regulators' margins "
        "disagree) 0.25; CI crosses margin, 'not equivalent' stated, or study not "
        "performed 0; nothing reported: a gap. Several studies: the computed verdicts "
        "of all of them decide together; words only where none is computed")


def evidence(ds: Dataset, pid: str) -> tuple[float | None, str, str]:
    """(score 0-1 or None for a gap, the rule's words with the values used, sources).

    Parameters
    ----------
    ds : Dataset
        The loaded dataset.
    pid : str
        The product scored.
    """
    if ds.reference_of(pid) is None:
        return (1.0, f"{ds.short_name(pid)} is an originator: the product equivalence "
                "studies measure biosimilars against", "")
    studies = studies_for(ds, [pid])
    if studies.empty:
        return None, "nothing reported: no comparative study in source", ""
    results = study_results(ds, [pid])
    margins = ds["study_margins"]
    kinds: list[str] = []
    stated: list[str] = []  # 'equivalent' / 'not equivalent' / other words
    status: list[str] = []
    phrases, sources = [], []
    for _i, study in studies.iterrows():
        rows = results[results["study_id"] == study["study_id"]]
        words, cited = _study(study, rows, margins, kinds, stated, status)
        phrases.append(f"{_label(ds, study)}: {words}" + (f" ({cited})" if cited else ""))
        sources.append(cited)
    value, tier = _tier(kinds, stated, status)
    used = f"{tier} — " + "; ".join(phrases)
    return value, used, ";".join(dict.fromkeys(s for c in sources for s in c.split(";")
                                               if s))


def _study(study: pd.Series, rows: pd.DataFrame, margins: pd.DataFrame,
           kinds: list[str], stated: list[str], status: list[str]) -> tuple[str, str]:
    """One study's verdicts in words, and its sources; appends what it found."""
    verdicts, said, cited = [], [], []
    several = rows["analysis_set"].map(_text).nunique() > 1
    for _j, row in rows.iterrows():
        found = E.margins_for(row, margins)
        cited += [_text(row.get("source_id"))] + [_text(m["margin_source"]) for m in found]
        for m in found:
            kind = E.kind_of(E.verdict_of(row, m))
            if kind in (E.WITHIN, E.CROSSES):
                kinds.append(kind)
                # A regulator's margin names whose; otherwise the analysis set tells
                # the results of one study apart.
                at = f" ({_text(row.get('analysis_set'))})" \
                    if several and E.margin_name(m["regulator"]) == "margin" else ""
                verdicts.append(E.verdict_of(row, m) + at)
        conclusion = _text(row.get("reported_conclusion"))
        quote = E.stated(row)
        if conclusion or quote:
            said.append(quote or f"source states: {conclusion}")
            stated.append(conclusion or "stated")
    if not len(rows):
        ruled = {"waived": E.WAIVED, "not performed": E.NOT_PERFORMED}.get(
            _text(study.get("status")))
        if ruled:
            status.append(ruled)
            return ruled, _text(study.get("source_id"))
    outcome = _text(study.get("outcome_statement"))
    if not said and outcome:
        said.append(E.stated({"stated_conclusion": outcome}))
        stated.append("stated")
        cited.append(_text(study.get("source_id")))
    words = "; ".join(dict.fromkeys(verdicts)) or "; ".join(dict.fromkeys(said)) or \
        "no CI and margin, no conclusion stated"
    if verdicts and said:
        words += f" ({said[0]})"
    return words, ";".join(dict.fromkeys(s for c in cited for s in c.split(";") if s))


def _tier(kinds: list[str], stated: list[str], status: list[str]
          ) -> tuple[float | None, str]:
    if kinds:
        within = kinds.count(E.WITHIN)
        if within == len(kinds):
            return WITHIN_ALL, "CI within margin reported"
        if within == 0:
            return NONE, "CI crosses margin"
        return SPLIT, ("within one margin but crossing another: the margins disagree, "
                       "scored between within and crosses")
    if "not equivalent" in stated:
        return NONE, "the source states: not equivalent"
    if stated:
        return STATED, "conclusion stated only (no CI and margin to check)"
    if E.WAIVED in status:
        return STATED, ("study waived: the regulator accepted the biosimilar without it, "
                        "scored as a conclusion stated (no CI to check)")
    if E.NOT_PERFORMED in status:
        return NONE, "no comparative study performed: no evidence of equivalence"
    return None, "nothing reported: no CI and margin, no conclusion stated"


def _label(ds: Dataset, study: pd.Series) -> str:
    """'CT-P43 3.1' (the name without its trailing registry note), and the brand it
    was run with when that is another of the same molecule."""
    name = re.sub(r"\s*\([^()]*\)$", "", _text(study.get("name"))) or str(study["study_id"])
    if _text(study.get("link")):
        name += f", run with {ds.short_name(study['biosimilar_id'])} (same molecule)"
    return name
