"""Uptake presets for the budget model: scenario parameters, not clinical data.

Each preset is a share per year, in percent, of the biosimilars together; it is
split evenly among the biosimilars priced. They follow what the sources below
describe; a committee that knows its own uptake chooses 'custom'.

- slow / fast: the conversion scenarios of a published biosimilar budget-impact
  model (adalimumab; JMCP 2024, https://pmc.ncbi.nlm.nih.gov/articles/PMC11522441/):
  10–20 % against 50–100 % of patients converted over 3 years.
- nhs2025: NHS England's best-value framework (2025): 100 % of new patients within
  3 months, at least 80 % of existing patients within 10 months (both taken as
  reached in year 1).
"""

from __future__ import annotations

import numpy as np

#: preset -> (new patients' share, existing patients switched, cumulative), by year.
PRESETS: dict[str, tuple[tuple[float, ...], tuple[float, ...]]] = {
    "slow": ((10, 15, 20, 20, 20), (10, 15, 20, 20, 20)),
    "fast": ((50, 75, 100, 100, 100), (50, 75, 100, 100, 100)),
    "nhs2025": ((100, 100, 100, 100, 100), (80, 80, 80, 80, 80)),
}
PRESET_TITLES = {"custom": "Custom (entered)", "slow": "Slow (10–20 % over 3 years)",
                 "fast": "Fast (50–100 % over 3 years)",
                 "nhs2025": "NHS best value 2025 (100 % new, 80 % existing)"}


def preset_shares(preset: str, n_biosimilars: int, years: int
                  ) -> tuple[np.ndarray, np.ndarray]:
    """New and switched shares as fractions, (biosimilars x years), split evenly."""
    new, switched = PRESETS[preset]
    each = 1.0 / max(n_biosimilars, 1) / 100.0
    rows = max(n_biosimilars, 0)
    return (np.tile(np.asarray(new[:years], float) * each, (rows, 1)),
            np.tile(np.asarray(switched[:years], float) * each, (rows, 1)))
