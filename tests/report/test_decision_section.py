"""The report's criteria and decision section, and ``denocompare decision`` (issue 16):
present only with the committee's inputs, showing core.criteria's ranking and the record
as recorded, escaped."""

from __future__ import annotations

import subprocess
import sys

from denocompare.core import criteria as K
from denocompare.core import decision as D
from denocompare.core.view import View
from denocompare.output.comparison_file import write_comparison
from denocompare.report.build import build_html

SETTINGS = K.Settings(weights=(("indications", 30.0), ("interchangeability", 20.0),
                               ("hand:supply", 10.0)),
                      manual=(("hand:supply", "Supply <reliability>"),),
                      manual_scores=(("hand:supply", "jubbonti", 0.8),))
ENTRY = D.new_entry("Add <b>Jubbonti</b>?", "add with restrictions", "2026-12-01",
                    preferred=("jubbonti",), members=(D.Member("A. Chair", "none declared"),))
VIEW = View("prolia", ("kefdensis", "jubbonti")).replace(
    criteria=SETTINGS, decisions=D.History().append(ENTRY))


def _noimg(_key):
    return "x.png"


def test_without_criteria_or_a_decision_there_is_no_section(bundled):
    assert "Weighted criteria" not in build_html(bundled, View("prolia", ("kefdensis",)),
                                                 _noimg)


def test_the_section_shows_the_ranking_and_the_record_escaped(bundled):
    page = build_html(bundled, VIEW, _noimg)
    section = page[page.index("Weighted criteria and the committee"):]
    assert section.index("<td>Jubbonti</td>") < section.index("<td>Kefdensis</td>")
    assert "Supply &lt;reliability&gt;" in section and "<reliability>" not in section
    assert "Add &lt;b&gt;Jubbonti&lt;/b&gt;?" in section
    assert "add with restrictions" in section and "A. Chair (none declared)" in section
    assert "scored worst: US interchangeability" in section  # Kefdensis: not reported


def test_the_decision_command_prints_the_ranking_and_the_record(bundled, tmp_path):
    path = write_comparison(bundled, VIEW, tmp_path / "c.denocompare.json")
    out = subprocess.run([sys.executable, "-m", "denocompare", "decision", "--view",
                          str(path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "Prolia vs Kefdensis, Jubbonti"
    assert lines.index("  1. Jubbonti  97 %") < \
        lines.index("  2. Kefdensis  50 %; gaps scored worst: US interchangeability, "
                    "Supply <reliability>")
    assert "2026-12-01: ADD WITH RESTRICTIONS" in out.stdout
    assert "  Present: A. Chair (conflicts: none declared)" in lines


def test_the_decision_command_says_why_a_file_cannot_be_read(tmp_path):
    bad = tmp_path / "bad.denocompare.json"
    bad.write_text("{not json")
    out = subprocess.run([sys.executable, "-m", "denocompare", "decision", "--view",
                          str(bad)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 1 and "Could not open bad.denocompare.json" in out.stderr
    assert "Traceback" not in out.stderr


def test_the_summary_page_carries_the_budget_the_ranking_and_the_decision(bundled):
    from pathlib import Path

    from denocompare.io.budget_inputs import read_budget_inputs

    example = Path(__file__).resolve().parents[2] / "examples" / "budget_illustrative.csv"
    budget = read_budget_inputs(example, ds=bundled)
    view = VIEW.replace(comparators=tuple(budget.products[1:]), budget=budget)
    page = build_html(bundled, view, _noimg)
    summary = page[page.index("<h2>Summary</h2>"):page.index("</dl>")]
    assert "<dt>Budget impact</dt>" in summary and "(illustrative prices)" in summary
    assert "<dt>Weighted criteria</dt>" in summary
    assert "<dt>Decision</dt><dd>ADD WITH RESTRICTIONS (2026-12-01; re-review by " \
        "2027-12-01); preferred: Jubbonti" in summary
    assert "Add &lt;b&gt;Jubbonti&lt;/b&gt;?" in summary
    plain = build_html(bundled, View("prolia", ("kefdensis",)), _noimg)
    assert "<dt>Budget impact</dt>" not in plain and "<dt>Decision</dt>" not in plain
