"""Follow-up reports: build once (:mod:`.build`), render as HTML, PDF or CSV (:mod:`.render`)."""

from geo.report.build import Report, build, commitment_rows, from_records
from geo.report.render import csv_bytes, html, pdf

__all__ = ["Report", "build", "commitment_rows", "csv_bytes", "from_records", "html", "pdf"]
