"""Panels from the store: records counted per area in windows around an action's date.

Kept thin on purpose: it reads through the map's own selection
(:func:`geo.map.view.select`, public by default, so the counts are the ones the map
shows), places each record at a point on its surface in SWEREF 99 TM, counts it in
every area that holds that point, and leaves all judgement to :mod:`.estimate`.

Windows are of **equal length** around the action's day ``d``: before ``[d − w, d)``,
after ``[d, d + w)``, and an earlier one ``[d − 2w, d − w)`` read only for the
regression-to-the-mean caveat. When the after window has not ended yet, ``w`` shrinks
to the days that have passed, so the two windows stay equal (a comparison of a full
year with three months would show as a change).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from geo import config
from geo.domain.filters import Filter
from geo.domain.model import FEATURE_TYPES
from geo.effect.panel import Outcome, Panel
from geo.map import view
from geo.store.base import Store

#: The layers whose records can be counted, and the column naming their channel.
COUNTED = {"unsafe_places": "source", "findings": None}
#: Overlap (m²) above which a comparison area shares ground with the action's area.
OVERLAP_M2 = 1.0


@dataclass(frozen=True)
class Windows:
    """The three equal windows around an action's day (each ``[start, end)``)."""

    day: date
    days: int

    def bounds(self) -> dict[str, tuple[date, date]]:
        step = timedelta(days=self.days)
        return {"earlier": (self.day - 2 * step, self.day - step),
                "before": (self.day - step, self.day), "after": (self.day, self.day + step)}


def windows(day: date, days: int, today: date) -> Windows:
    """Windows of ``days`` around ``day``, shortened to the days passed since it.

    Raises ``ValueError`` when no day has passed (there is no after yet).
    """
    passed = (today - day).days
    if passed < 1:
        raise ValueError("the action's day leaves no period after it yet")
    return Windows(day, min(days, passed))


def circles(places: Mapping[str, BaseGeometry], radius_m: float) -> gpd.GeoDataFrame:
    """Areas within ``radius_m`` of each place (WGS 84 in; SWEREF 99 TM out).

    For an action at a place: the place's circle is the treated area, the circles
    of comparable places (other recurring places, say) the comparison areas.
    """
    frame = gpd.GeoDataFrame({"area_id": list(places)}, crs=config.STORAGE_CRS,
                             geometry=list(places.values()))
    measured = frame.to_crs(config.MEASURE_CRS)
    return measured.set_geometry(measured.geometry.buffer(radius_m))


def overlapping(areas: gpd.GeoDataFrame, treated: Collection[str]) -> list[str]:
    """Comparison areas that share ground with an action's area (they are left out).

    Such an area got part of the action, so it would pull the difference towards
    zero; areas that only touch along a border stay.
    """
    measured = areas.to_crs(config.MEASURE_CRS)
    ids = measured["area_id"].astype(str)
    action = shapely.union_all(measured.geometry[ids.isin(treated)].to_numpy())
    shared = shapely.area(shapely.intersection(measured.geometry.to_numpy(), action))
    return sorted(ids[(shared > OVERLAP_M2) & ~ids.isin(treated)])


def count_panel(store: Store, layer: str, kommun_kod: str, areas: gpd.GeoDataFrame,
                treated: Collection[str], day: date, *, days: int = 365,
                today: date | None = None, categories: tuple[str, ...] = (),
                public: bool = True, records: gpd.GeoDataFrame | None = None) -> Panel:
    """Records of ``layer`` per area in equal windows around ``day`` (see the module).

    ``areas`` has ``area_id`` and polygons (any CRS); ``treated`` names the action's
    areas, every other area not overlapping them is a comparison area. ``records``,
    when given, are the layer's records already read (a caller that needs them for
    more than the counts reads once); they must cover the windows, and
    ``categories`` and ``public`` are then the caller's.
    """
    if layer not in COUNTED:
        raise ValueError(f"cannot count {layer!r}")
    span = windows(day, days, today or date.today())
    bounds = span.bounds()
    if records is None:
        records = view.select(store, read_filter(kommun_kod, bounds, categories), [layer],
                              public=public)[layer]
    drop = set(overlapping(areas, treated))
    kept = areas[~areas["area_id"].astype(str).isin(drop)]
    return Panel(_counts(records, layer, kept, set(map(str, treated)), bounds), Outcome.COUNT,
                 before_days=span.days, after_days=span.days)


def read_filter(kommun_kod: str, bounds: Mapping[str, tuple[date, date]],
                categories: tuple[str, ...] = ()) -> Filter:
    """The map's filter of the whole years the windows touch (counted by exact day later)."""
    start, end = bounds["earlier"][0], bounds["after"][1]
    return Filter(kommun_kod=kommun_kod, year_from=start.year, year_to=end.year,
                  categories=categories)


def _counts(records: gpd.GeoDataFrame, layer: str, areas: gpd.GeoDataFrame,
            treated: set[str], bounds: Mapping[str, tuple[date, date]]) -> pd.DataFrame:
    """Rows ``area, treated, period, value[, source]``; every area has every period."""
    channel = COUNTED[layer]
    when = pd.to_datetime(records[FEATURE_TYPES[layer].DATE_FIELD]).dt.date
    period = pd.Series(pd.NA, index=records.index, dtype=object)
    for name, (first, stop) in bounds.items():
        period[(when >= first) & (when < stop)] = name
    timed = records[period.notna()].assign(period=period[period.notna()])
    measured = areas.to_crs(config.MEASURE_CRS)[["area_id", "geometry"]]
    points = gpd.GeoDataFrame(timed.drop(columns="geometry"), crs=timed.crs,
                              geometry=timed.geometry.representative_point()
                              ).to_crs(config.MEASURE_CRS)
    joined = gpd.sjoin(points, measured, predicate="within")
    keys = ["area_id", "period", *([channel] if channel else [])]
    counted = joined.groupby(keys).size().rename("value").reset_index()
    ids = measured["area_id"].astype(str).to_numpy()
    zeros = pd.DataFrame({"area_id": np.repeat(ids, len(bounds)),
                          "period": np.tile(list(bounds), len(ids)), "value": 0})
    rows = pd.concat([zeros, counted], ignore_index=True)
    rows["area_id"] = rows["area_id"].astype(str)
    rows = rows.rename(columns={"area_id": "area", **({channel: "source"} if channel else {})})
    rows.insert(1, "treated", rows["area"].isin(treated))
    return rows


def survey_panel(results: pd.DataFrame, measure: str, kind: str, treated: Collection[str],
                 year: int, *, years: int = 1, grid_size: int | None = None) -> Panel:
    """Survey shares per area: ``years`` survey years before the action's year and after.

    ``results`` is :meth:`Store.survey_results`. The action's own year is left out: a
    yearly survey cannot say whether its answers came before or after the action.
    The table holds no respondent counts, so the panel has none (the estimator then
    takes the area's own error from the comparison areas' spread, and says so).
    """
    chosen = results[(results["area_kind"] == kind) & results[measure].notna()]
    if grid_size is not None:
        chosen = chosen[chosen["grid_size"] == grid_size]
    offset = chosen["year"].astype(int) - year
    period = np.select([(offset >= -years) & (offset < 0), (offset > 0) & (offset <= years),
                        (offset >= -2 * years) & (offset < -years)],
                       ["before", "after", "earlier"], default="")
    chosen = chosen[period != ""]
    frame = pd.DataFrame({"area": chosen["area_id"].astype(str).to_numpy(),
                          "treated": chosen["area_id"].astype(str).isin(set(treated)).to_numpy(),
                          "period": period[period != ""],
                          "value": chosen[measure].astype(float).to_numpy()})
    return Panel(frame, Outcome.SHARE)
