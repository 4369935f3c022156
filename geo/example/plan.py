"""An example åtgärdsplan for Tomelilla, linked to the example data's own records.

Made up like the rest of the example data, but every link is real: its rows point at
example unsafe places and walk findings of Tomelilla, at the 1 km square where most of
the period's unsafe places lie (the squares the example survey is reported on), and at
the pledge's commitment to act on two findings per walk. One row has an area and a start
date a year before the example data ends, so "did it help?" has a before and an after;
one has its colour set by hand, so the documents show an override and its reason. The
ids follow from the records (:func:`uuid.uuid5`): the same data give the same plan.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date

from pyproj import Transformer

from geo import config
from geo.coverage import grid
from geo.domain.enums import Category, FindingStatus, Party, PlanColour, PlanStatus
from geo.domain.plan import Plan, PlanRow
from geo.example.context import EXAMPLE_USER, ExampleData
from geo.store.base import Store

KOMMUN = "1270"
PLEDGE = "tomelilla-2020"
COMMITMENT = "tomelilla-2020-walk-actions"
#: The namespace of the plan's ids (a fixed UUID: the ids never change between runs).
_NAMESPACE = uuid.UUID("6f1d3c52-8a43-4c1e-9d5e-19b0a2701270")
#: The row whose colour is set by hand, and why.
OVERRIDE_REASON = ("Två nya grannsamverkansområden startade i Brösarp i mars 2021 "
                   "(protokoll från uppstartsmötena).")


def _id(name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, name))


def tomelilla_plan(data: ExampleData, last_year: int = config.EXAMPLE_YEARS[1]) -> Plan | None:
    """The plan, decided at the start of the example data's last year (None without Tomelilla)."""
    places = sorted((p for p in data.unsafe_places if p.kommun_kod == KOMMUN),
                    key=lambda p: (p.reported_date, p.id))
    if not places:
        return None
    year = last_year - 1
    lighting = [p.id for p in places if p.category is Category.LIGHTING
                and p.reported_date.year == year][:3]
    walk_findings = sorted((f for f in data.findings if f.kommun_kod == KOMMUN
                            and f.pledge_id == PLEDGE and f.selected
                            and f.found_date.year == year),
                           key=lambda f: (f.found_date, f.number, f.id))
    chosen = [f.id for f in walk_findings if f.status is FindingStatus.DONE][:2]
    rows = [
        PlanRow(id=_id("lighting"), problem="Invånare rapporterar mörka gång- och cykelvägar "
                "i centrala Tomelilla som otrygga efter skymningen.", place_ids=tuple(lighting),
                cause="Gamla armaturer och trasiga lampor; buskage skymmer ljuset.",
                action="Byta till LED-armaturer och laga trasig belysning på de rapporterade "
                "platserna.", target=float(len(lighting)), unit="platser",
                start_date=date(year, 9, 1), due_date=date(last_year, 6, 30),
                responsible=Party.MUNICIPALITY),
        PlanRow(id=_id("walk"), problem="Brister från höstens trygghetsvandring som "
                "medborgarlöftet lovar att åtgärda.", finding_ids=tuple(chosen),
                cause="Bristerna ligger hos olika ansvariga och glöms bort efter vandringen.",
                action="Välja två brister per vandring och följa upp dem vid varje "
                "samverkansmöte tills de är klara.", target=2.0, unit="brister per vandring",
                start_date=date(year, 10, 21), due_date=date(year, 12, 31),
                responsible=Party.MUNICIPALITY, pledge_id=PLEDGE, commitment_id=COMMITMENT),
        PlanRow(id=_id("area"), problem="Många rapporter om otrygghet kvällstid i ett "
                "område i centrum, där unga samlas.", area=_busiest_square(data, year),
                cause="Få vuxna ute på kvällarna och ingen samlingsplats för unga.",
                action="Fältassistenter och polisen är synliga i området fredag och lördag "
                "kväll.", target=80.0, unit="kvällar", start_date=date(last_year, 1, 1),
                due_date=date(last_year, 12, 31), responsible=Party.POLICE),
        PlanRow(id=_id("watch"), problem="Inbrott i villaområdena i Brösarp.",
                cause="Ingen grannsamverkan i de nya villaområdena.",
                action="Starta grannsamverkan tillsammans med polisen.", target=2.0,
                unit="områden", start_date=date(year, 6, 1), due_date=date(last_year, 6, 30),
                responsible=Party.POLICE, comment="Informationsmöte hölls i februari."),
    ]
    return Plan(id=_id("plan"), kommun_kod=KOMMUN,
                title=f"Åtgärdsplan för brottsförebyggande arbete {year}–{last_year}",
                status=PlanStatus.DECIDED, decided_date=date(year, 12, 14),
                next_revision=date(last_year, 12, 31), rows=tuple(rows))


def _busiest_square(data: ExampleData, year: int) -> str:
    """The 1 km square (SCB's id) holding the most of Tomelilla's places in two years."""
    to_grid = Transformer.from_crs(config.STORAGE_CRS, config.MEASURE_CRS, always_xy=True)
    squares: Counter[str] = Counter()
    for place in data.unsafe_places:
        if place.kommun_kod == KOMMUN and place.reported_date.year in (year, year + 1) \
                and place.geometry is not None:
            point = place.geometry.representative_point()
            squares[grid.point_id(*to_grid.transform(point.x, point.y), 1000)] += 1
    return min(squares, key=lambda s: (-squares[s], s)) if squares else ""


def save(store: Store, data: ExampleData) -> None:
    """Store the example plan and set the hand-made colour of its watch row."""
    plan = tomelilla_plan(data)
    if plan is None:
        return
    saved = store.save_plan(plan, EXAMPLE_USER, None)
    store.override_plan_colour(saved.id, _id("watch"), PlanColour.GREEN, OVERRIDE_REASON,
                               EXAMPLE_USER, saved.version)


__all__ = ["OVERRIDE_REASON", "save", "tomelilla_plan"]
