"""The details pane: the selected cell's full value, wording and sources."""

from __future__ import annotations

import html

from denocompare.core.dataset import Dataset
from denocompare.ui.palette import ReadableBrowser


class DetailsPane(ReadableBrowser):  # its muted notes light on a dark face
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setOpenExternalLinks(True)
        self.setMinimumWidth(260)
        self.setAccessibleName("Details of the selected cell")
        self.ds: Dataset | None = None
        self.show_hint()

    def show_hint(self) -> None:
        self.setHtml("<p style='color:#555'>Select a cell to see its full value, the "
                     "source's wording and the source.</p>")

    def show_cell(self, header: str, text: str, detail: str, sources: str) -> None:
        parts = [f"<h3>{html.escape(header)}</h3>", f"<p><b>{html.escape(text)}</b></p>"]
        if detail and detail != text:
            body = html.escape(detail).replace("\n", "<br>")
            parts.append(f"<p style='margin-left:8px'>{body}</p>")
        ids = self.ds.source_ids_in(sources) if self.ds is not None and sources else []
        weak = self.ds.weakness(sources) if self.ds is not None and ids else ""
        if weak:
            parts.append(f"<p style='color:#8a4b00'><b>Evidence: {html.escape(weak)}</b> — "
                         "no regulator, registry, journal or company source gives it.</p>")
        if ids:
            parts.append("<h4>Source</h4><ul>")
            for sid in ids:
                parts.append(f"<li>{self._source_html(sid)}</li>")
            parts.append("</ul>")
        elif text:
            parts.append("<p style='color:#555'><i>No source: not reported in the "
                         "sources of this dataset.</i></p>")
        self.setHtml("".join(parts))

    def _source_html(self, sid: str) -> str:
        # The citation as the report and the footers write it (Dataset.source_text),
        # with its address made a link.
        text = html.escape(self.ds.source_text(sid))
        sources = self.ds["sources"]
        urls = sources.loc[sources["source_id"] == sid, "url"].dropna()
        if len(urls):
            url = html.escape(str(urls.iloc[0]))
            text = text.replace(url, f"<a href='{url}'>{url}</a>")
        return text.replace(html.escape(sid), f"<b>{html.escape(sid)}</b>", 1)
