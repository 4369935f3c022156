"""The kartläggning of a lägesbild: every figure from the store, each with its exact link.

Rules (each has a hand-worked test in ``tests/situation``):

- The **period** is whole years; the **previous period** is as many years just before.
- **Unsafe places** count by their reported date, per category (all nine codes, the
  ones with a place in either period), per year of both periods, and per area.
- **Areas** are the units of :mod:`geo.coverage` (DeSO, RegSO, own districts, SCB
  squares), and a place is in the area :func:`geo.coverage.analysis.analyse` puts it in
  (one area each, even on a shared edge). Places in no area are one figure of their own.
- **Findings** count by the date they were found, in the period: *opened* all of them,
  *done* with status done (as the follow-up's ``findings_done``), *late* open and past
  their due date on ``as_of`` (:func:`geo.domain.lifecycle.is_overdue`, as on the map and
  the meeting's agenda), *forwarded* with status forwarded; each also per responsible party.
- **Activities** count per kind by their date; home visits and concern talks are the
  monthly counts (:meth:`Store.counts`), never places, so they have no map link.
- **Watch areas** count when their span touches the period; per area, the covered share
  is :mod:`geo.coverage`'s (overlaps unioned first), linked to the watch areas reaching it.
- **Recurring places**: :mod:`geo.situation.recurring`.

A police area's figures add up its municipalities', with one link per municipality.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geo.coverage.analysis import Features, Units, analyse
from geo.coverage.service import boundary
from geo.domain.enums import COUNT_ONLY_KINDS, ActivityKind, Category, FindingStatus, Party
from geo.domain.lifecycle import is_overdue
from geo.situation import crime, recurring, survey
from geo.situation import model as m
from geo.situation.model import Figure, Kartlaggning, RecurringPlace, Trend
from geo.situation.records import Period, Records, days, figure, measured, with_ids
from geo.spatial import police
from geo.store.base import Store

PLACES = ("unsafe_places",)
FINDINGS = ("findings",)
#: Areas: one set for every municipality, or each municipality's own (DeSO, RegSO).
AreaUnits = Units | Mapping[str, Units]
#: Finding figures: measure → the rows of the period's findings it counts.
FINDING_MEASURES = ("opened", "done", "late", "forwarded")
#: Square metres a watch area must cover of an area to count as reaching into it.
REACH_M2 = 1.0


def build(store: Store, kommuner: Sequence[str], year_from: int, year_to: int, *,
          as_of: date, units: AreaUnits | None = None, public: bool = False,
          distance_m: float = recurring.DISTANCE_M, min_records: int = recurring.MIN_RECORDS,
          police_area: str | None = None) -> Kartlaggning:
    """The kartläggning of ``kommuner`` for the years ``year_from``–``year_to``.

    ``as_of`` is the day findings are judged late on; ``units`` the areas (none: no area
    figures), one set for all or per municipality (DeSO, RegSO:
    :func:`geo.coverage.units.units_for` gives them per municipality); ``public`` counts
    only public records (the public versions).
    """
    period = Period(year_from, year_to)
    previous = period.previous()
    recs = [Records.read(store, k, Period(previous.first, period.last), public) for k in kommuner]
    level = m.LEVEL_POLICE_AREA if police_area else m.LEVEL_KOMMUN
    per_kommun = (dict(units) if isinstance(units, Mapping)
                  else dict.fromkeys(kommuner, units) if units else {})
    by_area, watch_by_area = _areas(recs, per_kommun, period, previous) if units else ((), ())
    crime_figures, crime_notes = _crime(store, kommuner, period)
    return Kartlaggning(
        kommuner=tuple(kommuner), police_area=police_area, years=period.years,
        previous_years=previous.years, as_of=as_of, public=public,
        area_level=next(iter(per_kommun.values())).kind if per_kommun else None,
        distance_m=distance_m,
        places_by_category=_places_by_category(recs, period, previous, level),
        places_by_category_year=_places_by_year(recs, period, previous, level),
        places_by_area=by_area,
        findings=tuple(_findings(recs, period, as_of, level, None)),
        findings_by_party=tuple(f for party in Party
                                for f in _findings(recs, period, as_of, level, party)
                                if _opened_any(recs, period, party)),
        activities=_activities(recs, period, level),
        counted_activities=_counted(store, kommuner, period, level),
        watch=(_watch_total(recs, period, level), *watch_by_area),
        recurring=_recurring(recs, period, distance_m, min_records),
        survey=survey.figures(store, kommuner, period),
        crime=crime_figures, notes=crime_notes,
    )


def for_police_area(store: Store, name: str, year_from: int, year_to: int, *, as_of: date,
                    **options: Any) -> Kartlaggning:
    """The kartläggning of a local police area's municipalities (:mod:`geo.spatial.police`)."""
    area = police.area(name)
    if area is None:
        raise KeyError(name)
    return build(store, area.kommun_koder, year_from, year_to, as_of=as_of,
                 police_area=area.name, **options)


# -- unsafe places ---------------------------------------------------------------------------

def _category_trend(recs: list[Records], category: str | None, period: Period,
                    previous: Period, level: str) -> Trend:
    narrow = {"categories": (category,)} if category else {}
    equal = {"category": category} if category else {}
    by = (("category", category),) if category else ()

    def one(span: Period) -> Figure:
        counted = {r.kommun_kod: (len(r.rows("unsafe_places", span, **equal)),
                                  r.filter(span, **narrow)) for r in recs}
        return figure("places", counted, PLACES, span.years, level, by)

    return Trend(one(period), one(previous))


def _places_by_category(recs: list[Records], period: Period, previous: Period, level: str
                        ) -> tuple[Trend, ...]:
    """All places, then each category with a place in either period."""
    trends = [_category_trend(recs, c.value, period, previous, level) for c in Category]
    return (_category_trend(recs, None, period, previous, level),
            *(t for t in trends if t.current.value or t.previous.value))


def _places_by_year(recs: list[Records], period: Period, previous: Period, level: str
                    ) -> tuple[Figure, ...]:
    """Each category with a place in the years shown, per year of both periods."""
    result = []
    for category in Category:
        row = []
        for year in range(previous.first, period.last + 1):
            span = Period(year, year)
            counted = {r.kommun_kod: (len(r.rows("unsafe_places", span, category=category.value)),
                                      r.filter(span, categories=(category.value,)))
                       for r in recs}
            row.append(figure("places", counted, PLACES, span.years, level,
                              (("category", category.value), ("year", str(year)))))
        if any(f.value for f in row):
            result.extend(row)
    return tuple(result)


def _areas(recs: list[Records], units: Mapping[str, Units], period: Period, previous: Period
           ) -> tuple[tuple[Trend, ...], tuple[Figure, ...]]:
    """Places per area in both periods, and each area's watch-area coverage in the period."""
    assigned: dict[str, dict[str, dict[str, list[str]]]] = {}  # span → unit → kommun → ids
    shares: dict[tuple[str, str], tuple[float, list[str]]] = {}  # (kommun, area) → share, ids
    for r in recs:
        if r.kommun_kod not in units:
            continue  # a municipality without areas has no area figures
        outline = boundary(r.kommun_kod)
        watch = r.rows("watch_areas", period)
        for name, span in (("current", period), ("previous", previous)):
            places = r.rows("unsafe_places", span)
            result = analyse(units[r.kommun_kod], Features(watch=measured(watch, points=False),
                                             places=measured(places),
                                             place_ids=places["id"].to_numpy(dtype=object)),
                             boundary=outline)
            for place_id, unit in zip(result.places["place_id"], result.places["unit_id"],
                                      strict=True):
                key = "" if unit is None or pd.isna(unit) else str(unit)
                assigned.setdefault(name, {}).setdefault(key, {}).setdefault(
                    r.kommun_kod, []).append(str(place_id))
            if name == "current":
                _shares(shares, result.units, watch, r.kommun_kod)
    kind = next(iter(units.values())).kind
    keys = sorted(set(assigned.get("current", {})) | set(assigned.get("previous", {})),
                  key=lambda k: (k == "", k))
    trends = []
    for key in keys:
        def one(name: str, span: Period, key: str = key) -> Figure:
            ids = assigned.get(name, {}).get(key, {})
            counted = {r.kommun_kod: (len(ids.get(r.kommun_kod, [])),
                                      with_ids(r.filter(span), ids.get(r.kommun_kod, [])))
                       for r in recs}
            made = figure("places", counted, PLACES, span.years, kind,
                          (("area", key),) if key else ())
            return made if key or not made.links else replace(made, note=m.NOTE_OUTSIDE)
        trends.append(Trend(one("current", period), one("previous", previous)))
    return tuple(trends), _share_figures(shares, recs, period, kind)


def _shares(shares: dict[tuple[str, str], tuple[float, list[str]]], frame: pd.DataFrame,
            watch: pd.DataFrame, kommun_kod: str) -> None:
    """Each area's covered share, and the watch areas (ids) that reach into it.

    A watch area reaches into an area when it covers at least :data:`REACH_M2` of it
    (an area drawn along a border does not reach across it by a rounding sliver).
    """
    geoms = measured(watch, points=False)
    for unit, share, unit_geom in zip(frame["unit_id"], frame["covered_share"], frame.geometry,
                                      strict=True):
        reach = [str(i) for i, g in zip(watch["id"], geoms, strict=True)
                 if shapely.area(shapely.intersection(g, unit_geom)) >= REACH_M2]
        if reach or float(share) > 0:
            shares[(kommun_kod, str(unit))] = (float(share), reach)


def _share_figures(shares: dict[tuple[str, str], tuple[float, list[str]]],
                   recs: list[Records], period: Period, level: str) -> tuple[Figure, ...]:
    """Each municipality's areas' covered shares (a square across a border is in both)."""
    result = []
    chosen = {r.kommun_kod: r for r in recs}
    for kommun, unit in sorted(shares):
        share, ids = shares[(kommun, unit)]
        counted = {kommun: (len(ids), with_ids(chosen[kommun].filter(period), ids))}
        made = figure("watch_share", counted, ("watch_areas",), period.years, level,
                      (("area", unit), ("kommun", kommun)))
        result.append(replace(made, value=round(share, 4), note=m.NOTE_SHARE))
    return tuple(result)


# -- findings, activities, watch areas -------------------------------------------------------

def _finding_rows(r: Records, period: Period, measure: str, as_of: date,
                  party: Party | None) -> tuple[pd.DataFrame, dict[str, object]]:
    """The period's findings a measure counts, and the filter fields that select them."""
    rows = r.rows("findings", period)
    narrow: dict[str, object] = {"responsible": (party.value,)} if party else {}
    if party:
        rows = rows[rows["responsible"] == party.value]
    if measure in ("done", "forwarded"):
        status = FindingStatus.DONE if measure == "done" else FindingStatus.FORWARDED
        rows = rows[rows["status"] == status.value]
        narrow["finding_statuses"] = (status.value,)
    elif measure == "late":
        late = [is_overdue(s, d, as_of)
                for s, d in zip(rows["status"], days(rows, "due_date"), strict=True)]
        rows = rows[pd.Series(late, index=rows.index, dtype=bool)]
        narrow["late_on"] = as_of
    return rows, narrow


def _findings(recs: list[Records], period: Period, as_of: date, level: str,
              party: Party | None) -> list[Figure]:
    result = []
    for measure in FINDING_MEASURES:
        counted = {}
        for r in recs:
            rows, narrow = _finding_rows(r, period, measure, as_of, party)
            counted[r.kommun_kod] = (len(rows), r.filter(period, **narrow))
        by = [("party", party.value)] if party else []
        result.append(figure(f"findings_{measure}", counted, FINDINGS, period.years, level,
                             by))
    return result


def _opened_any(recs: list[Records], period: Period, party: Party) -> bool:
    return any((r.rows("findings", period)["responsible"] == party.value).any() for r in recs)


def _activities(recs: list[Records], period: Period, level: str) -> tuple[Figure, ...]:
    """Activities with a place or none, per kind (the count-only kinds are never here)."""
    result = []
    for kind in ActivityKind:
        if kind in COUNT_ONLY_KINDS:
            continue
        counted = {r.kommun_kod: (len(r.rows("activities", period, kind=kind.value)),
                                  r.filter(period, kinds=(kind.value,))) for r in recs}
        made = figure("activities", counted, ("activities",), period.years, level,
                      (("kind", kind.value),))
        if made.value:
            result.append(made)
    return tuple(result)


def _counted(store: Store, kommuner: Sequence[str], period: Period, level: str
             ) -> tuple[Figure, ...]:
    """Home visits and concern talks: the monthly counts added up, counts only."""
    totals = dict.fromkeys(sorted(k.value for k in COUNT_ONLY_KINDS), 0)
    for kommun in kommuner:
        counts = store.counts(kommun)
        if counts.empty:
            continue
        inside = counts[counts["month"].astype(str).str[:4].astype(int).between(
            period.first, period.last)]
        for kind, total in inside.groupby("kind")["count"].sum().items():
            totals[str(kind)] = totals.get(str(kind), 0) + int(total)
    return tuple(Figure("activities", float(n), n, period.years, level, m.SOURCE_COUNTS,
                        (("kind", kind),), (), m.NOTE_COUNT_ONLY) for kind, n in totals.items())


def _watch_total(recs: list[Records], period: Period, level: str) -> Figure:
    counted = {r.kommun_kod: (len(r.rows("watch_areas", period)), r.filter(period))
               for r in recs}
    return figure("watch_areas", counted, ("watch_areas",), period.years, level)


# -- recurring places, crime ----------------------------------------------------------------

def _recurring(recs: list[Records], period: Period, distance_m: float, min_records: int
               ) -> tuple[RecurringPlace, ...]:
    """Places and findings of the period that lie within ``distance_m`` of each other."""
    parts = []
    for r in recs:
        for layer, date_column in (("unsafe_places", "reported_date"),
                                   ("findings", "found_date")):
            rows = r.rows(layer, period)
            parts.append(pd.DataFrame({
                "kommun": r.kommun_kod, "id": rows["id"].astype(str), "category": rows["category"],
                "day": list(days(rows, date_column)), "point": list(measured(rows)),
                "lonlat": list(shapely.point_on_surface(rows.geometry.to_numpy(dtype=object))),
            }))
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()
    if table.empty:
        return ()
    result = []
    for members in recurring.groups(table["point"].to_numpy(dtype=object), distance_m,
                                    min_records):
        rows = table.iloc[members]
        counted = {r.kommun_kod: (int((rows["kommun"] == r.kommun_kod).sum()),
                                  with_ids(r.filter(period),
                                           rows.loc[rows["kommun"] == r.kommun_kod, "id"]))
                   for r in recs if (rows["kommun"] == r.kommun_kod).any()}
        made = figure("recurring", counted, ("unsafe_places", "findings"), period.years,
                      m.LEVEL_PLACE)
        lonlat = rows["lonlat"].to_numpy(dtype=object)
        centre = (float(np.mean(shapely.get_x(lonlat))), float(np.mean(shapely.get_y(lonlat))))
        result.append(RecurringPlace(made, centre, tuple(sorted(set(rows["category"]))),
                                     min(rows["day"]), max(rows["day"])))
    return tuple(sorted(result, key=lambda p: (-p.figure.value, p.first)))


def _crime(store: Store, kommuner: Sequence[str], period: Period
           ) -> tuple[tuple[Figure, ...], tuple[str, ...]]:
    """Reported crimes per municipality and year, when crime statistics are imported."""
    source = crime.source(store)
    years = list(range(period.first, period.last + 1))
    figures = []
    if source is not None:
        for kommun in kommuner:
            for year, n in sorted(source.reported_crimes(kommun, years).items()):
                figures.append(Figure("reported_crimes", float(n), 0, (year, year),
                                      m.LEVEL_KOMMUN, m.SOURCE_CRIME,
                                      (("kommun", kommun), ("year", str(year))), (),
                                      m.NOTE_CRIME))
    return tuple(figures), () if figures else (m.NOTE_NO_CRIME_DATA,)

