"""The one place that writes a PDF: tagged for screen readers (PDF/UA-1).

Reports, the meeting snapshot and the walk protocol are published by municipalities, whose
documents must be accessible (the DOS law). WeasyPrint's ``pdf/ua-1`` variant writes the
structure tree (headings, paragraphs, lists, tables with header cells, figures), marks the
file as tagged and shows the document's title instead of its file name. What the tree says
comes from the HTML, so every page given here has ``lang`` on ``<html>``, a ``<title>``,
``<th>`` for header cells and a ``<title>`` in each ``<svg>`` (a figure's alternative text);
``tests/report/test_pdf_tagging.py`` reads it back from each kind of PDF.
"""

from __future__ import annotations

#: WeasyPrint's variant for PDF/UA-1 (ISO 14289-1): PDF 1.7, tagged, with its metadata.
PDF_VARIANT = "pdf/ua-1"


def write_pdf(page: str) -> bytes:
    """The HTML ``page`` as a tagged PDF (WeasyPrint loads only when a PDF is asked for)."""
    from weasyprint import HTML

    return HTML(string=page).write_pdf(pdf_variant=PDF_VARIANT)
