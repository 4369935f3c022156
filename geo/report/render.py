"""The report as a self-contained HTML page, a PDF (WeasyPrint) and a CSV table.

The CSV is written by :mod:`geo.io.csvwrite`, like every CSV of the app.

The PDF is what gets published (minutes, the municipality's website), so the page
reads as a printed report: the title says what and when once, the first page gives
the facts and a summary, tables repeat their headings and never split a row, and
repeated routine activities are one line with their count.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import geopandas as gpd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from geo import formats, i18n
from geo.domain import layers, periods
from geo.domain import palette as mapstyle
from geo.domain.followup import Progress, Status
from geo.io import csvwrite
from geo.report.build import Report, citation, commitment_rows, end_of, table_rows
from geo.report.mapimage import described
from geo.report.pdfwrite import write_pdf
from geo.spatial import boundaries, police

_ENV = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(["html", "j2"]), keep_trailing_newline=True,
)
#: A space inside a number written with spaces ("4 000 timmar"): kept on one line.
_NUMBER_SPACE = re.compile(r"(?<=\d) (?=\d{3}\b)")
_ENV.filters["nobreak"] = lambda text: _NUMBER_SPACE.sub("\u00a0", str(text))
#: The summary's figures: statuses in the order a reader weighs them.
_STATUS_ORDER = (Status.MET, Status.ON_TRACK, Status.BEHIND, Status.NOT_MET, Status.NO_TARGET)


def html(report: Report, lang: str) -> str:
    """One HTML file with its styles and map inline: no script, no outside request."""
    t = i18n.catalog(lang)
    pledge = report.pledge
    rows = commitment_rows(report, lang)
    span = report.period.clip(periods.Period(pledge.period_start, pledge.period_end, ""))
    kommun = formats.municipality(pledge.kommun, lang)
    title = i18n.t("report.title", lang, kommun=pledge.kommun,
                   years=formats.years(pledge.period_start, pledge.period_end))
    period_name = formats.period_name(report.period, lang)
    return _ENV.get_template("report.html.j2").render(
        lang=lang, t=t, pledge=pledge, example=report.example_data,
        title=title,
        subtitle=i18n.t("report.subtitle", lang, period=_capital(period_name),
                        span=formats.date_span(span.start, span.end, lang)),
        footer=f"{title} · {_capital(period_name)}",
        page_counter=Markup(_page_counter(t["report.page"])),
        facts=_facts(report, lang, kommun),
        figures=_figures(report, lang),
        achieved_note=_achieved_note(report, lang),
        columns=list(rows[0]) if rows else [],
        rows=list(zip(rows, report.progress, strict=True)),
        status_column=t["followup.status"],
        walk_rules=[p for p in report.progress if p.measure == "walk_rule"],
        count_only=[_count_table(p, lang) for p in report.progress
                    if p.measure == "count_only"],
        activities=_activity_lines(report.activities, lang),
        opened=_finding_lines(report.findings_opened, "found_date", lang),
        closed=_finding_lines(report.findings_closed, "completed_date", lang),
        indicators={name: formats.number(value, lang)
                    for name, value in report.indicators.items()},
        map_svg=Markup(described(report.map_svg,
                                 i18n.t("package.map_alt", lang, kommun=kommun))),
        legend=_legend(report, lang), map_note=_map_note(report, lang),
        source=citation(pledge, lang),
    )


def pdf(report: Report, lang: str) -> bytes:
    """The HTML report as a tagged PDF (:func:`geo.report.pdfwrite.write_pdf`)."""
    return write_pdf(html(report, lang))


def csv_bytes(report: Report, lang: str, dialect: str = csvwrite.DEFAULT) -> bytes:
    """The commitments table as CSV (:func:`geo.report.build.table_rows`, one fact a column)."""
    return csvwrite.write_records(table_rows(report, lang), dialect)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _page_counter(template: str) -> str:
    """CSS ``content`` for "Sida 2 av 5" from the catalog's ``{page}``/``{pages}`` text."""
    parts = re.split(r"(\{page\}|\{pages\})", template)
    values = []
    for part in parts:
        if part == "{page}":
            values.append("counter(page)")
        elif part == "{pages}":
            values.append("counter(pages)")
        elif part:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
            values.append(f'"{escaped}"')
    return " ".join(values)


def _facts(report: Report, lang: str, kommun: str) -> list[tuple[str, str]]:
    """The pledge at a glance: parties, period, signing, follow-up."""
    pledge = report.pledge
    facts = [
        (i18n.t("report.parties", lang),
         i18n.t("report.source_parties", lang, kommun=kommun, police_area=pledge.police_area)),
    ]
    area = police.area(pledge.police_area)
    if area is not None:  # the police's own list, with the day it was read
        names = boundaries.names()
        facts.append((i18n.t("report.police_area_members", lang),
                      i18n.t("report.police_area_list", lang,
                             kommuner=formats.listing([names[k] for k in area.kommun_koder],
                                                      lang),
                             date=formats.long_date(area.checked_on, lang))))
    facts.append((i18n.t("report.pledge_period", lang),
                  formats.date_span(pledge.period_start, pledge.period_end, lang)))
    if pledge.signed_date is not None:
        facts.append((i18n.t("followup.signed", lang),
                      formats.long_date(pledge.signed_date, lang)))
    facts.append((i18n.t("report.follow_up", lang),
                  i18n.t(f"report.follow_up_{pledge.follow_up.value}", lang)))
    return facts


def _figures(report: Report, lang: str) -> list[list[tuple[str, str]]]:
    """The summary's key figures: the commitments by status, then the period's work."""
    statuses = Counter(p.status for p in report.progress)
    commitments = [(formats.number(len(report.progress), lang),
                    i18n.t("report.fig_commitments", lang))]
    commitments += [(formats.number(statuses[s], lang),
                     i18n.t("report.fig_no_target" if s is Status.NO_TARGET
                            else f"followup_status.{s.value}", lang))
                    for s in _STATUS_ORDER if statuses[s]]
    work = [
        (formats.number(len(report.activities), lang), i18n.t("report.fig_activities", lang)),
        (formats.number(len(report.findings_opened), lang), i18n.t("report.fig_opened", lang)),
        (formats.number(len(report.findings_closed), lang), i18n.t("report.fig_closed", lang)),
    ]
    return [commitments, work]


def _achieved_note(report: Report, lang: str) -> str:
    """What "achieved" and "change" count: from the pledge's start up to the period's end."""
    note = i18n.t("report.achieved_note", lang,
                  start=formats.long_date(report.pledge.period_start, lang),
                  end=formats.long_date(end_of(report.period, report.pledge), lang))
    if report.previous is not None:
        note += " " + i18n.t("report.change_note", lang)
    return note


def _count_table(progress: Progress, lang: str) -> dict[str, Any]:
    """Count-only work (home visits, concern talks) per quarter, with readable headings."""
    return {
        "heading": i18n.t("report.count_heading", lang,
                          kind=i18n.enum_label(progress.commitment.kind, lang)),
        "columns": [formats.quarter_short(periods.parse(label), lang)
                    for label in progress.per_quarter],
        "values": [formats.number(value, lang) for value in progress.per_quarter.values()],
    }


def _activity_lines(frame: gpd.GeoDataFrame, lang: str) -> list[dict[str, str]]:
    """The period's activities; a routine repeated under one title is one line with its count.

    A weekly information exchange is thirteen identical lines a quarter: as one line
    ("13 tillfällen", first and last date) the table shows what was done, not how often
    the same words were typed.
    """
    groups: dict[tuple[str, str, str], list[Any]] = {}
    for row in frame.sort_values(["activity_date", "id"]).itertuples(index=False):
        key = (str(row.kind), str(row.title or ""), str(row.unit or ""))
        groups.setdefault(key, []).append(row)
    lines = []
    for (kind, title, unit), rows in groups.items():
        first, last = str(rows[0].activity_date)[:10], str(rows[-1].activity_date)[:10]
        quantities = [r.quantity for r in rows
                      if r.quantity is not None and r.quantity == r.quantity]  # not NaN
        amount = f"{formats.number(sum(quantities), lang)} {unit}".strip() if quantities else ""
        times = (i18n.t("report.times", lang, n=formats.number(len(rows), lang))
                 if len(rows) > 1 else "")
        lines.append({"date": first if first == last else f"{first} – {last}",
                      "kind": i18n.label("activity_kind", kind, lang), "title": title,
                      "quantity": ", ".join(part for part in (times, amount) if part)})
    return lines


def _finding_lines(frame: gpd.GeoDataFrame, column: str, lang: str) -> list[dict[str, str]]:
    lines = []
    for row in frame.sort_values([column, "id"]).itertuples(index=False):
        lines.append({"date": str(getattr(row, column))[:10],
                      "category": i18n.label("category", row.category, lang),
                      "text": str(row.description or "") or "–"})
    return lines


def _legend(report: Report, lang: str) -> list[dict[str, str]]:
    """The map's symbols that this report draws: activities, findings by status."""
    entries = []
    if _has_place(report.activities):
        style = layers.style("activities")
        entries.append({"fill": str(style["fillColor"]), "stroke": str(style["fillColor"]),
                        "label": i18n.t("report.legend_activity", lang)})
    findings = [f for f in (report.findings_opened, report.findings_closed) if _has_place(f)]
    statuses = sorted({s for f in findings for s in f["status"]},
                      key=list(mapstyle.FINDING_STATUS_COLOURS).index)
    for status in statuses:
        style = layers.style("findings", status=status)
        entries.append({"fill": str(style["fillColor"]), "stroke": str(style["color"]),
                        "label": i18n.t("report.legend_finding", lang,
                                        status=i18n.label("finding_status", status,
                                                          lang).lower())})
    return entries


def _map_note(report: Report, lang: str) -> str:
    """How many of the period's activities the map shows (some have no place).

    An empty outline would look like a rendering error, so that case is said too.
    """
    total = len(report.activities)
    placed = int(report.activities.geometry.notna().sum()) if total else 0
    if not placed and not any(_has_place(f) for f in (report.findings_opened,
                                                      report.findings_closed)):
        return i18n.t("report.map_empty", lang)
    if total == placed:
        return ""
    return i18n.t("report.map_note", lang, placed=formats.number(placed, lang),
                  total=formats.number(total, lang))


def _has_place(frame: gpd.GeoDataFrame) -> bool:
    return bool(len(frame)) and bool(frame.geometry.notna().any())
