"""The reference product and the comparators, chosen by name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from denocompare.core.dataset import Dataset
    from denocompare.core.view import View


def reference_label(ds: Dataset, pid: str, indent: bool = False,
                    strengths: Mapping[str, object] | None = None) -> str:
    """'<brand> — 60 mg', as the reference list shows a product (``strengths``: the
    products' strength_mg by id, read once for the whole list)."""
    from denocompare.core.text import is_blank

    raw = strengths[pid] if strengths is not None else ds.products.loc[pid, "strength_mg"]
    strength = "strength not reported" if is_blank(raw) else f"{float(raw):g} mg"
    return f"{'    ' if indent else ''}{ds.display_name(pid)} \u2014 {strength}"


def reference_groups(ds: Dataset) -> list[tuple[str, list[str]]]:
    """Originators first (no heading), then each one's biosimilars under a heading, then
    any product that is neither."""
    originators = ds.originators()
    groups: list[tuple[str, list[str]]] = [("", originators)]
    placed = set(originators)
    for ref in originators:
        family = ds.family(ref)
        if family:
            groups.append((f"Biosimilars of {ds.short_name(ref)}", family))
            placed.update(family)
    rest = [p for p in ds.product_ids() if p not in placed]
    if rest:
        groups.append(("Other products", rest))
    return groups


class SelectionBar(QWidget):
    """Reference combo + comparator menu: edits the reference and comparators of the
    window's ``View`` (``edited``, a dict of fields) and mirrors it (``show_view``)."""

    edited = Signal(dict)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._ds: Dataset | None = None
        self._comparators: list[str] = []
        self.reference = QComboBox(self)
        self.reference.setToolTip("The reference product: the originator the others are "
                                  "compared with")
        self.reference.setMinimumContentsLength(14)
        # Wide enough for its longest entry ("Stelara — strength not reported" was cut
        # to "Stelara — strength", which reads as if the strength were given).
        self.reference.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.reference.setAccessibleName("Reference product")
        self.reference.currentIndexChanged.connect(self._reference_changed)
        self.menu = QMenu(self)
        self.comparators = QToolButton(self)
        self.comparators.setAccessibleName("Compare with")
        self.comparators.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.comparators.setMenu(self.menu)
        # Built just before it opens: always in step with the reference and the choice.
        self.menu.aboutToShow.connect(self._rebuild_menu)
        self.comparators.setToolTip("Products to compare with the reference")
        self.family = QPushButton("Whole family", self)
        self.family.setToolTip("Compare the reference with all of its biosimilars")
        self.family.clicked.connect(self.select_family)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        ref_label = QLabel("&Reference:", self)
        ref_label.setBuddy(self.reference)
        layout.addWidget(ref_label)
        layout.addWidget(self.reference)
        layout.addSpacing(12)
        with_label = QLabel("Co&mpare with:", self)
        with_label.setBuddy(self.comparators)  # Alt+M, then Space opens the list
        layout.addWidget(with_label)
        layout.addWidget(self.comparators)
        layout.addWidget(self.family)
        layout.addStretch(1)

    # --- state ----------------------------------------------------------------------
    def set_dataset(self, ds: Dataset) -> None:
        self._ds = ds
        self.reference.blockSignals(True)
        self.reference.clear()
        strengths = ds.products["strength_mg"].to_dict()  # .loc per product: 0.2 ms each
        for heading, pids in reference_groups(ds):
            if heading:
                self.reference.insertSeparator(self.reference.count())
                self.reference.addItem(heading)
                # A heading names the group; it cannot be chosen (QStandardItemModel).
                item = self.reference.model().item(self.reference.count() - 1)
                item.setEnabled(False)
            for pid in pids:
                self.reference.addItem(reference_label(ds, pid, bool(heading), strengths), pid)
        self.reference.blockSignals(False)

    def show_view(self, view: View) -> None:
        """Mirror ``view``; no signal goes out (the view is already so)."""
        self.reference.blockSignals(True)
        self.reference.setCurrentIndex(max(0, self.reference.findData(view.reference)))
        self.reference.blockSignals(False)
        self._comparators = list(view.comparators)
        # The menu is not rebuilt here: this may run inside one of its actions' signals;
        # it is rebuilt as it opens.
        self._update_text()

    def menu_products(self) -> list[str]:
        """The products the Compare-with menu offers (for tests and accessibility)."""
        return [a.data() for a in self.menu.actions() if a.isCheckable()]

    def _reference_changed(self, _index: int) -> None:
        from denocompare.core.view import comparison

        ref = self.reference.currentData()
        if self._ds is None or ref is None:
            return
        # A new reference, no comparators named: the one default rule (core.view).
        view, _missing = comparison(self._ds, ref)
        self.edited.emit({"reference": ref, "comparators": view.comparators})

    def select_family(self) -> None:
        """Compare the reference with all of its biosimilars."""
        if self._ds is not None:
            self.set_comparators(self._ds.family(self.reference.currentData()))

    def set_comparators(self, comparators: list[str]) -> None:
        self.edited.emit({"comparators": tuple(dict.fromkeys(comparators))})

    def _rebuild_menu(self) -> None:
        ds, ref = self._ds, self.reference.currentData()
        self.menu.clear()
        if ds is None:
            return
        family = ds.family(ref)
        others = [p for p in ds.product_ids() if p not in family and p != ref]
        for group, title in ((family, f"Biosimilars of {ds.short_name(ref)}"),
                             (others, "Other products")):
            if not group:
                continue
            self.menu.addSection(title)
            for pid in group:
                act = QAction(ds.display_name(pid), self.menu)
                act.setData(pid)
                act.setCheckable(True)
                act.setChecked(pid in self._comparators)
                act.toggled.connect(lambda on, p=pid: self._toggle(p, on))
                self.menu.addAction(act)

    def _update_text(self) -> None:
        if self._ds is None:
            return
        names = [self._ds.short_name(c) for c in self._comparators]
        text = ", ".join(names) if len(names) <= 3 else f"{len(names)} products"
        self.comparators.setText((text or "none") + "  ")

    def _toggle(self, pid: str, on: bool) -> None:
        self.set_comparators([c for c in self._comparators if c != pid] + ([pid] if on else []))
