"""The comparison on screen, as one Qt-free value: what is compared and how it is shown.

A ``View`` holds the reference, the comparators and every option that changes what a
table, a chart or the report shows. The window's controls edit it, and the charts, the
exports, the report and the command line read it, so the screen and a file cannot
differ. It is immutable (``replace`` makes the next one): a background export gets a
snapshot no later click can change, two views compare by value (a control skips its
own echo, a chart skips a redraw that would draw the same), and it can be a memo key.

The one rule for defaults lives in ``comparison``: with no comparators named, a
reference is compared with all of its own biosimilars in the dataset; with no
reference named either, the dataset's starting comparison is opened (its metadata's
``start_reference`` and ``start_comparators``, else the first originator and its
biosimilars).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from denocompare.core.schema import REGIONS

if TYPE_CHECKING:
    from denocompare.core.budget import BudgetInputs
    from denocompare.core.criteria import Settings
    from denocompare.core.dataset import Dataset
    from denocompare.core.decision import History

#: The tabs of the window, in order; ``View.tab`` is one of them.
TABS = ("products", "indications", "adverse", "equivalence", "budget", "decision")
TAB_TITLES = {"products": "&Products", "indications": "&Indications",
              "adverse": "&Adverse reactions", "equivalence": "&Equivalence studies",
              "budget": "&Budget impact", "decision": "De&cision"}
#: The Adverse reactions tab shows EU frequency bands or trial incidence.
ADVERSE_MODES = ("bands", "incidence")
#: The chart the Equivalence tab shows.
STUDY_CHARTS = ("forest", "study_arms")
DPI_RANGE = (72, 1200)


def product_order(reference: str, comparators: Sequence[str]) -> list[str]:
    """The reference first, then the comparators as chosen, no repeats."""
    return [reference] + [c for c in dict.fromkeys(comparators) if c != reference]


@dataclass(frozen=True)
class View:
    """A comparison and how it is shown. Make the next one with ``replace``.

    Parameters
    ----------
    reference : str
        The reference product's id.
    comparators : tuple of str
        The products compared with it, in the order chosen (the reference and
        repeats are dropped).
    tab : str
        The tab in view, one of ``TABS``.
    only_differences : bool
        The Products and Indications tables keep only rows with a difference.
    regions : tuple of str
        The regions the indications are shown for (``EU``, ``US`` or both).
    adverse_mode : str
        ``bands`` (EU frequency) or ``incidence`` (trial percentages).
    soc : str or None
        The adverse reactions of one system organ class only.
    text : str
        Adverse reactions whose name contains this text only.
    study_chart : str
        The Equivalence tab's chart, one of ``STUDY_CHARTS``.
    dpi : int
        Resolution of exported PNG images.
    budget : BudgetInputs or None
        The committee's budget inputs (the Budget tab), saved with the comparison.
    criteria : Settings or None
        The committee's weights, criteria scored by hand and gap policies (the
        Decision tab), saved with the comparison.
    decisions : History or None
        The committee's decision record, saved with the comparison (append-only).
    """

    reference: str
    comparators: tuple[str, ...] = ()
    tab: str = "products"
    only_differences: bool = False
    regions: tuple[str, ...] = REGIONS
    adverse_mode: str = "bands"
    soc: str | None = None
    text: str = ""
    study_chart: str = "forest"
    dpi: int = 300
    budget: BudgetInputs | None = None
    criteria: Settings | None = None
    decisions: History | None = None

    def __post_init__(self) -> None:
        # Frozen: normalised in place once, so that equal choices are equal views.
        fix = object.__setattr__
        fix(self, "comparators", tuple(product_order(self.reference, self.comparators)[1:]))
        fix(self, "regions", tuple(r for r in REGIONS if r in set(self.regions)) or REGIONS)
        fix(self, "soc", self.soc or None)
        fix(self, "text", (self.text or "").strip())
        fix(self, "dpi", min(max(int(self.dpi), DPI_RANGE[0]), DPI_RANGE[1]))
        for name, allowed in (("tab", TABS), ("adverse_mode", ADVERSE_MODES),
                              ("study_chart", STUDY_CHARTS)):
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(allowed)}, "
                                 f"not {getattr(self, name)!r}")

    @property
    def products(self) -> list[str]:
        """Every product compared: the reference first, then the comparators."""
        return [self.reference, *self.comparators]

    def replace(self, **changes: Any) -> View:
        """A copy with ``changes``; the same object when nothing changes."""
        if all(getattr(self, k) == v for k, v in changes.items()):
            return self
        return dataclasses.replace(self, **changes)

    def changed_fields(self, other: View | None) -> set[str]:
        """The names of the fields in which ``other`` differs (all of them if None)."""
        names = {f.name for f in dataclasses.fields(self)}
        if other is None:
            return names
        return {n for n in names if getattr(self, n) != getattr(other, n)}

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (lists for tuples). The budget, the criteria and the
        decision record are saved on their own (``core.saved``), not as display options,
        so the window's remembered view never holds prices."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
               if f.name not in ("budget", "criteria", "decisions")}
        out["comparators"] = list(self.comparators)
        out["regions"] = list(self.regions)
        return out

    @classmethod
    def options_from(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        """The valid display options in ``data`` (a saved view); the rest are ignored.

        A hand-edited or older file may hold a bad value; that option keeps its
        default rather than refusing the whole comparison.
        """
        out: dict[str, Any] = {}
        probe = cls("x")  # pragma: no mutate (any reference probes the options alike)
        for name, kind in _OPTION_TYPES.items():
            if name not in data:
                continue
            value = data[name]
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                value = tuple(value)
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                continue
            try:
                probe.replace(**{name: value})
            except (TypeError, ValueError):
                continue
            out[name] = value
        return out


_OPTION_TYPES: dict[str, type | tuple[type, ...]] = {
    "tab": str, "only_differences": bool, "regions": tuple, "adverse_mode": str,
    "soc": (str, type(None)), "text": str, "study_chart": str, "dpi": int,
}

def _ids(text: str) -> list[str]:
    return [p.strip() for p in text.split(";") if p.strip()]


def starting_view(ds: Dataset) -> View:
    """The comparison a dataset opens with, when nothing else is asked for.

    The dataset's metadata names it (``start_reference``, ``start_comparators``:
    product ids separated by ';'); without them, or when they name no product of
    the dataset, it is the first originator and all of its biosimilars.
    """
    ids = ds.product_ids()
    reference = ds.meta("start_reference")
    if reference not in ids:
        originators = ds.originators()
        reference = originators[0] if originators else ids[0]
    named = [c for c in _ids(ds.meta("start_comparators")) if c in ids]
    return View(reference, tuple(named) or tuple(ds.family(reference)))


def comparison(ds: Dataset, reference: str | None = None, comparators: Sequence[str] = (),
               **options: Any) -> tuple[View, list[str]]:
    """The view for a reference and comparators as named, by the one default rule.

    Parameters
    ----------
    ds : Dataset
        The dataset compared.
    reference : str, optional
        A product id. Not named (or not in the dataset): the starting comparison's.
    comparators : sequence of str
        Product ids. None named (or none in the dataset): all of the reference's own
        biosimilars; with no reference named either, the starting comparison's.
    **options
        Display options of ``View``.

    Returns
    -------
    View, list of str
        The view, and the ids named that the dataset does not have (left out).
    """
    ids = set(ds.product_ids())
    missing = [p for p in dict.fromkeys((reference or "", *comparators)) if p and p not in ids]
    kept = [c for c in comparators if c in ids]
    if reference not in ids:
        start = starting_view(ds)
        if not kept and not reference:
            return start.replace(**options), missing
        reference = start.reference
    kept = [c for c in kept if c != reference]
    return View(reference, tuple(kept) or tuple(ds.family(reference)), **options), missing
