"""Dialogs: the problem list, the About box, unexpected errors."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
)

from denocompare import __version__
from denocompare.core.errors import counted
from denocompare.core.schema import SOURCE_STRENGTH

if TYPE_CHECKING:
    from denocompare.core.dataset import Dataset


class ReportDialog(QDialog):
    """A message, a scrollable plain-text report, Copy and Close."""

    def __init__(self, title: str, message: str, report: str, parent=None,
                 markdown: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 440)
        label = QLabel(message, self)
        label.setWordWrap(True)
        if markdown:
            self.text = QTextBrowser(self)
            self.text.setMarkdown(report)
        else:
            self.text = QPlainTextEdit(report, self)
            self.text.setReadOnly(True)
            self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = QPushButton("&Copy text", self)
        copy.setToolTip("Copy all of the text to the clipboard")
        copy.clicked.connect(lambda: QApplication.clipboard().setText(report))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


def problems_dialog(parent, source: str, report: str, n_errors: int, kept: str,
                    n_warnings: int = 0) -> ReportDialog:
    """The problems that stopped a load; the warnings, listed after them, counted apart."""
    msg = (f"<b>{html.escape(source)} could not be opened: "
           f"{counted(n_errors, n_warnings)}.</b><br>Each line names the file or sheet, the "
           "row (the header is row 1) and the column. Correct them in your spreadsheet and "
           f"open the file again.<br><br>{html.escape(kept)}")
    return ReportDialog("Problems in the dataset", msg, report, parent)


def user_help(text: str) -> str:
    """The data-format Markdown as users read it (F1): without the line that tells
    developers where the file comes from and not to edit it."""
    return "\n".join(line for line in text.splitlines()
                     if not (line.startswith("*Generated from") and "edit" in line))


def format_dialog(parent) -> ReportDialog:
    from denocompare.core.schema_docs import markdown

    return ReportDialog("Data format", "A dataset is a folder of CSV files or one Excel "
                        "workbook with these tables:", user_help(markdown()), parent,
                        markdown=True)


def about_html(ds: Dataset | None) -> str:
    parts = [f"<h2>DenoCompare {__version__}</h2>",
             "<p>Compares an originator biologic with its biosimilars, side by side, from "
             "cited product data. Every value shown comes from a listed source; what no "
             "source gives is shown as <i>not reported in source</i>.</p>",
             "<p>Not a substitute for the current product information (SmPC / "
             "prescribing information).</p>"]
    if ds is not None:
        molecule = f"Molecule: <b>{html.escape(ds.molecule)}</b><br>" if ds.molecule else ""
        parts.append(f"<h3>Dataset</h3><p>{molecule}{html.escape(ds.title())}<br>"
                     f"<small>{html.escape(ds.origin)}</small></p>")
        if ds.warnings:
            parts.append(f"<h3>Warnings when it was loaded ({len(ds.warnings)})</h3><ul>")
            parts += [f"<li>{html.escape(str(w))}</li>" for w in ds.warnings]
            parts.append("</ul>")
        parts.append(f"<h3>Sources ({len(ds['sources'])})</h3>"
                     "<p><small>Kind: how strong the copy that was read is. A value whose "
                     "every source is a secondary copy or of low quality is marked as such "
                     "wherever it is shown.</small></p><ol>")
        for sid, kind, note in zip(ds["sources"]["source_id"], ds["sources"]["kind"],
                                   ds["sources"]["note"], strict=True):
            parts.append(f"<li>{_source_item(ds, str(sid), kind, note)}</li>")
        parts.append("</ol>")
    return "".join(parts)


def _source_item(ds: Dataset, sid: str, kind: object, note: object) -> str:
    kind_text = kind if isinstance(kind, str) else ""
    strength = SOURCE_STRENGTH.get(kind_text, "")
    bits = [html.escape(ds.source_text(sid)),
            f"<br><small><b>Kind:</b> {html.escape(kind_text or 'not stated')}"
            + (f"; <b>strength:</b> {html.escape(strength)}" if strength else "")]
    if isinstance(note, str) and note:
        bits.append(f"; <b>note:</b> {html.escape(note)}")
    return "".join(bits) + "</small>"


class AboutDialog(QDialog):
    def __init__(self, ds: Dataset | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("About DenoCompare")
        self.resize(720, 560)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(about_html(ds))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
