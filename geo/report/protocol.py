"""The walk protocol: what a safety walk found, stop by stop, for the minutes.

Columns as walk organisers write them by hand: stop (the finding's number), place
(coordinates; a street address is not stored), observation, proposed action,
responsible party, status. HTML (self-contained), PDF and CSV from the same rows.

The protocol goes into minutes, which are public documents, so it holds what the
public map shows: public findings, public fields, and a finding of a sensitive
category (``TRYGGHETSKARTAN_SENSITIVE``) at the centre of its 250 m square
(:func:`geo.spatial.public.generalise`), marked as such, never at its exact place.
"""

from __future__ import annotations

from jinja2 import Template

from geo import config, i18n
from geo.domain.filters import Filter
from geo.domain.model import SafetyWalk
from geo.io import csvwrite
from geo.report.pdfwrite import write_pdf
from geo.spatial.public import generalise
from geo.store.base import Store

_PAGE = Template("""<!DOCTYPE html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>body{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em;}
table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #bbb;
padding:.3em .5em;text-align:left;vertical-align:top}th{background:#eee}
tr{page-break-inside:avoid}</style></head><body>
<h1>{{ title }}</h1><p>{{ meta }}</p>
<table><thead><tr>{% for c in columns %}<th>{{ c }}</th>{% endfor %}</tr></thead><tbody>
{% for row in rows %}<tr>{% for c in columns %}<td>{{ row[c] }}</td>{% endfor %}</tr>{% endfor %}
</tbody></table></body></html>""", autoescape=True)


def columns(lang: str) -> list[str]:
    """The protocol's headings, in walk organisers' order."""
    t = i18n.catalog(lang)
    return [t[f"protocol.{key}"] for key in
            ("stop", "place", "observation", "action", "responsible", "status")]


def rows(store: Store, walk: SafetyWalk, lang: str) -> list[dict[str, str | int]]:
    """One row per finding of the walk, in walk order (public fields only)."""
    t = i18n.catalog(lang)
    year = walk.walk_date.year
    findings = store.list("findings", Filter(walk.kommun_kod, year, year), public=True)
    findings = findings[findings["walk_id"] == walk.id].sort_values("number")
    sensitive = set(config.sensitive_categories())
    findings = generalise("findings", findings)
    result: list[dict[str, str | int]] = []
    for f in findings.itertuples(index=False):
        place = "" if f.geometry is None else f"{f.geometry.y:.5f}, {f.geometry.x:.5f}"
        if place and f.category in sensitive:
            place = i18n.t("protocol.place_square", lang, place=place)
        result.append({
            t["protocol.stop"]: int(f.number),
            t["protocol.place"]: place,
            t["protocol.observation"]: f"{t['category.' + f.category]}: {f.description or ''}",
            t["protocol.action"]: str(f.proposed_action or ""),
            t["protocol.responsible"]: t[f"party.{f.responsible}"],
            t["protocol.status"]: t[f"finding_status.{f.status}"],
        })
    return result


def html(store: Store, walk: SafetyWalk, lang: str) -> str:
    """The protocol as one HTML page."""
    table = rows(store, walk, lang)
    t = i18n.catalog(lang)
    meta = f"{walk.walk_date.isoformat()} · {walk.organisers} · " \
           f"{t['fields.participants']}: {walk.participants if walk.participants else '–'}"
    return _PAGE.render(lang=lang, title=f"{t['edit.protocol']}: {walk.name}", meta=meta,
                        columns=list(table[0]) if table else [], rows=table)


def csv_bytes(store: Store, walk: SafetyWalk, lang: str,
              dialect: str = csvwrite.DEFAULT) -> bytes:
    """The protocol as CSV (:mod:`geo.io.csvwrite`; the headings even without a finding)."""
    return csvwrite.write_records(rows(store, walk, lang), dialect, header=columns(lang))


def pdf(store: Store, walk: SafetyWalk, lang: str) -> bytes:
    """The protocol as a tagged PDF (:func:`geo.report.pdfwrite.write_pdf`)."""
    return write_pdf(html(store, walk, lang))



