"""The report's audit trail: a block at the end, and the document's metadata.

The trail itself is ``core.audit``'s; here it is only laid out. In the HTML ``<head>``
it is ``description``, ``keywords``, ``generator`` and ``dcterms.created``, which
WeasyPrint writes into the PDF's info dictionary (Subject, Keywords, Creator,
CreationDate), and one ``denocompare.<key>`` meta element per item for a program
reading the HTML.
"""

from __future__ import annotations

import html

from denocompare.core.audit import Trail


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def audit_head(trail: Trail) -> str:
    """``<meta>`` elements for the document's ``<head>``."""
    meta = [("description", trail.one_line()),
            ("keywords", "; ".join(f"{k}={v}" for k, v in trail.items())),
            ("generator", f"DenoCompare {trail.app_version}"),
            ("dcterms.created", trail.made_at),
            *((f"denocompare.{k}", v) for k, v in trail.items())]
    return "".join(f"<meta name='{_esc(k)}' content='{_esc(v)}'>" for k, v in meta)


def audit_section(trail: Trail) -> str:
    """The trail as the report's last block (the full content hash included)."""
    rows = "".join(f"<li>{_esc(line)}</li>" for line in trail.lines())
    return (f"<div class='audit'><h2>Audit trail</h2><ul class='note'>{rows}"
            f"<li>Full content hash: {_esc(trail.content_hash)}</li></ul></div>")


def with_trail(page: str, trail: Trail) -> str:
    """A whole HTML page (``<head>``, ``<body>``) with the trail in both."""
    page = page.replace("</head>", audit_head(trail) + "</head>", 1)
    at = page.rfind("</body>")
    return page if at < 0 else page[:at] + audit_section(trail) + page[at:]
