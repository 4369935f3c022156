"""The agenda as rows (page, PDF) and as a one-file HTML snapshot rendered to PDF.

The snapshot is what the council files with its minutes: the window, each agenda
item with its records, the map of everything listed, the pledges' progress.
Every text in it is escaped by Jinja's autoescape; the map is the report's SVG,
whose only text (the title) is escaped by :func:`geo.report.mapimage.svg_map`.
"""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd
from jinja2 import Environment, select_autoescape
from markupsafe import Markup

from geo import formats, i18n
from geo.domain.layers import spec
from geo.map.view import code_name
from geo.meeting.agenda import PROGRESS_STEP, Agenda, Step
from geo.meeting.views import Comparison, SurveyOutcome
from geo.report.build import target_text
from geo.report.mapimage import svg_map
from geo.report.pdfwrite import write_pdf
from geo.spatial import boundaries
from geo.survey import map as survey_map

_DATE = {"new_places": "reported_date", "places_resolved": "reported_date",
         "new_findings": "found_date", "findings_done": "completed_date",
         "activities": "activity_date", "watch_started": "start_date",
         "watch_ended": "end_date", "overdue": "due_date"}


def step_rows(step: Step, lang: str) -> pd.DataFrame:
    """One row per record of a step: date, what (type: text), status."""
    t = i18n.catalog(lang)
    layer = spec(step.layer)
    rows = []
    for row in step.records.itertuples(index=False):
        kind = code_name(layer.category, row, lang)
        text = str(getattr(row, layer.name_field) or "")
        rows.append({
            t["meeting.columns.date"]: _day(getattr(row, _DATE[step.key])),
            t["meeting.columns.what"]: f"{kind}: {text}" if kind and text else kind or text,
            t["meeting.columns.status"]: code_name(layer.status, row, lang),
        })
    return pd.DataFrame(rows, columns=[t["meeting.columns.date"], t["meeting.columns.what"],
                                       t["meeting.columns.status"]])


def progress_rows(agenda: Agenda, lang: str) -> list[tuple[str, pd.DataFrame]]:
    """Per pledge: its title and a table of commitment, target, achieved, status."""
    t = i18n.catalog(lang)
    result = []
    for pledge, progress in agenda.progress:
        rows = [{t["followup.commitment"]: p.commitment.text,
                 t["followup.target"]: target_text(p, lang),
                 t["followup.achieved"]: formats.number(p.achieved, lang),
                 t["followup.status"]: t[f"followup_status.{p.status.value}"]}
                for p in progress]
        result.append((pledge.title, pd.DataFrame(rows)))
    return result


_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
_TEMPLATE = _ENV.from_string("""<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
@page { size: A4; margin: 16mm 14mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #111; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 12.5pt; margin: 6mm 0 2mm; }
.meta { color: #444; } .example, .caveat { border: 1px solid #c60; padding: 2mm; color: #8a3c00; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #ccc;
  padding: 1mm 2mm; text-align: left; vertical-align: top; } th { background: #eee; }
.none { color: #666; font-style: italic; } svg { width: 100%; height: auto; }
.legend span { display: inline-block; margin-right: 4mm; }
.swatch { display: inline-block; width: 3.5mm; height: 3.5mm; border: 1px solid #555;
  vertical-align: middle; margin-right: 1mm; }
</style></head><body>
{% macro grid(table) %}<table><tr>{% for c in table.columns %}<th>{{ c }}</th>{% endfor %}</tr>
{% for row in table.itertuples(index=False) %}<tr>{% for v in row %}<td>{{ v }}</td>{% endfor %}
</tr>{% endfor %}</table>{% endmacro %}
<h1>{{ title }}</h1>
<p class="meta">{{ window }} · {{ pledge }} · {{ made }}</p>
{% if example %}<p class="example">{{ example }}</p>{% endif %}
{% if section %}<h2>{{ section.heading }}</h2>
{% if section.caveat %}<p class="caveat">{{ section.caveat }}</p>{% endif %}{% endif %}
{{ map_svg }}
{% if section %}
{% if section.legend %}<p class="legend">{% for fill, label in section.legend %}<span>
<i class="swatch" style="background: {{ fill }}"></i>{{ label }}</span>{% endfor %}</p>{% endif %}
{% if section.table | length %}{{ grid(section.table) }}{% else %}
<p class="none">{{ nothing }}</p>{% endif %}
{% else %}
{% for heading, table in steps %}
<h2>{{ heading }} ({{ table | length }})</h2>
{% if table | length %}{{ grid(table) }}{% else %}<p class="none">{{ nothing }}</p>{% endif %}
{% endfor %}
<p>{{ counts }}</p>
<h2>{{ progress_heading }}</h2>
{% for title, table in progress %}<h3>{{ title }}</h3>{{ grid(table) }}
{% else %}<p class="none">{{ no_progress }}</p>{% endfor %}
{% endif %}
</body></html>
""")


def html(agenda: Agenda, lang: str, *, pledge_title: str, example: bool,
         made: date | None = None, compare: Comparison | None = None,
         outcome: SurveyOutcome | None = None) -> str:
    """The snapshot of the current view as one HTML file: no script, no outside request.

    The agenda (every item and the pledges' progress) by default; with ``compare`` the
    year-against-year table and the shown year's map; with ``outcome`` the survey shares
    per area, the activities beside them and the before-and-after caveat.
    """
    t = i18n.catalog(lang)
    kommun = boundaries.names().get(agenda.kommun_kod, agenda.kommun_kod)
    drawn: list[tuple[str, gpd.GeoDataFrame]] = [
        (step.layer, step.records) for step in agenda.steps if len(step.records)]
    shading: list = []
    section = None
    if compare is not None:
        drawn = [(layer, frame) for layer, frame in compare.frames.items() if len(frame)]
        section = {"heading": i18n.t("meeting.compare_heading", lang, a=compare.year_a,
                                     b=compare.year_b, shown=compare.shown),
                   "table": compare.table, "caveat": compare.terms, "legend": []}
    elif outcome is not None:
        drawn, shading = [("activities", outcome.placed)], outcome.shading()
        caveat = t["meeting.survey_caveat"]
        if outcome.example:
            caveat = f"{t['meeting.survey_example']} {caveat}"
        section = {"heading": i18n.t("meeting.survey_heading", lang, year=outcome.year,
                                     measure=t[f"meeting.measure.{outcome.measure}"]),
                   "table": outcome.table, "caveat": caveat,
                   "legend": survey_map.legend(lang)}
    return _TEMPLATE.render(
        lang=lang, title=i18n.t("meeting.snapshot_title", lang, kommun=kommun),
        window=i18n.t("meeting.window", lang, since=agenda.since.isoformat(),
                      until=agenda.until.isoformat()),
        pledge=pledge_title, made=i18n.t("meeting.made", lang,
                                         date=(made or date.today()).isoformat()),
        example=t["meeting.example_data"] if example else "",
        map_svg=Markup(svg_map(boundaries.boundary(agenda.kommun_kod), drawn,
                               i18n.t("package.map_alt", lang,
                                      kommun=formats.municipality(kommun, lang)),
                               areas=shading)),
        section=section,
        steps=[(t[f"meeting.steps.{s.key}"], step_rows(s, lang)) for s in agenda.steps],
        nothing=t["meeting.none"], counts=i18n.t("meeting.counts_only", lang, **agenda.counts),
        progress_heading=t[f"meeting.steps.{PROGRESS_STEP}"],
        progress=progress_rows(agenda, lang), no_progress=t["meeting.progress_none"],
    )


def pdf(agenda: Agenda, lang: str, *, pledge_title: str, example: bool,
        compare: Comparison | None = None, outcome: SurveyOutcome | None = None) -> bytes:
    """The snapshot as a tagged PDF (:func:`geo.report.pdfwrite.write_pdf`; about a second)."""
    return write_pdf(html(agenda, lang, pledge_title=pledge_title, example=example,
                          compare=compare, outcome=outcome))


def _day(value: object) -> str:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    return str(value)[:10]
