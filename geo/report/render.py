"""The report as a self-contained HTML page, a PDF (WeasyPrint) and a CSV table."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from geo import i18n
from geo.escape import spreadsheet_row
from geo.report.build import Report, citation, commitment_rows, end_of

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(["html", "j2"]), keep_trailing_newline=True,
)


def html(report: Report, lang: str) -> str:
    """One HTML file with its styles and map inline: no script, no outside request."""
    t = i18n.catalog(lang)
    rows = commitment_rows(report, lang)
    columns = list(rows[0]) if rows else []
    return _ENV.get_template("report.html.j2").render(
        lang=lang, t=t, pledge=report.pledge, period=report.period,
        end=end_of(report.period, report.pledge), example=report.example_data,
        rows=list(zip(rows, report.progress, strict=True)), columns=columns,
        status_column=t["followup.status"],
        walk_rules=[p for p in report.progress if p.measure == "walk_rule"],
        count_only=[p for p in report.progress if p.measure == "count_only"],
        activities=_activity_lines(report, lang),
        opened=_finding_lines(report.findings_opened, "found_date", lang),
        closed=_finding_lines(report.findings_closed, "completed_date", lang),
        indicators=report.indicators, map_svg=Markup(report.map_svg),
        source=citation(report.pledge, lang),
    )


def pdf(report: Report, lang: str) -> bytes:
    """The HTML report rendered to PDF by WeasyPrint."""
    from weasyprint import HTML

    return HTML(string=html(report, lang)).write_pdf()


def csv_text(report: Report, lang: str) -> str:
    """The commitments table as CSV (UTF-8, comma separated; figures as numbers)."""
    rows = commitment_rows(report, lang, numbers=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
    writer.writeheader()
    writer.writerows(spreadsheet_row(row) for row in rows)
    return buffer.getvalue()


def _activity_lines(report: Report, lang: str) -> list[dict[str, str]]:
    lines = []
    for row in report.activities.sort_values(["activity_date", "id"]).itertuples(index=False):
        quantity = "" if row.quantity != row.quantity or row.quantity is None else \
            f"{row.quantity:g} {row.unit or ''}".strip()
        lines.append({"date": str(row.activity_date)[:10],
                      "kind": i18n.label("activity_kind", row.kind, lang),
                      "title": str(row.title or ""), "quantity": quantity})
    return lines


def _finding_lines(frame, column: str, lang: str) -> list[dict[str, str]]:
    lines = []
    for row in frame.sort_values([column, "id"]).itertuples(index=False):
        lines.append({"date": str(getattr(row, column))[:10],
                      "category": i18n.label("category", row.category, lang),
                      "text": str(row.description or "")})
    return lines
