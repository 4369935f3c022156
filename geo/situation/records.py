"""The records one municipality's kartläggning counts, read once, and figures made of them.

Each figure is counted in pandas from frames the store listed through a
:class:`~geo.domain.filters.Filter`, and carries the narrower Filter that selects exactly
the records counted; the tests follow that link through the store and find the same number.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import config
from geo.domain.filters import Filter
from geo.domain.followup import days
from geo.domain.layers import spec
from geo.map import view
from geo.situation.model import NOTE_NOTHING, Figure, Link
from geo.store.base import Store

#: The layers the kartläggning reads.
LAYERS = ("unsafe_places", "findings", "activities", "watch_areas")
#: A figure counted per municipality: (count, the filter selecting exactly those records).
#: ``None`` stands for a filter by ids that selects none (an empty ``ids`` means "all").
Counted = Mapping[str, tuple[int, Filter | None]]


@dataclass(frozen=True)
class Period:
    """Whole calendar years, first and last included."""

    first: int
    last: int

    @property
    def years(self) -> tuple[int, int]:
        return (self.first, self.last)

    def previous(self) -> Period:
        """The period of equal length just before this one."""
        length = self.last - self.first + 1
        return Period(self.first - length, self.first - 1)


@dataclass(frozen=True)
class Records:
    """One municipality's records of both periods (public fields only when ``public``)."""

    kommun_kod: str
    frames: Mapping[str, gpd.GeoDataFrame]
    public: bool

    @classmethod
    def read(cls, store: Store, kommun_kod: str, span: Period, public: bool) -> Records:
        """Everything of the layers from the start of ``span`` to its end, read once."""
        flt = Filter(kommun_kod, span.first, span.last)
        return cls(kommun_kod, view.select(store, flt, LAYERS, public=public), public)

    def rows(self, layer: str, period: Period, **equal: str) -> gpd.GeoDataFrame:
        """The rows of ``layer`` dated in ``period`` whose columns equal ``equal``.

        Counted here in plain pandas, apart from the Filter's own SQL and Python forms,
        so that a test following a figure's link checks two independent countings.
        """
        frame = self.frames[layer]
        spec_ = spec(layer)
        if spec_.end_field:  # a span belongs to every year it touches
            starts, ends = days(frame, spec_.date_field), days(frame, spec_.end_field)
            keep = [s is not None and s.year <= period.last
                    and (e is None or e.year >= period.first)
                    for s, e in zip(starts, ends, strict=True)]
            frame = frame[keep] if len(frame) else frame
        else:
            frame = in_years(frame, spec_.date_field, period)
        for column, value in equal.items():
            frame = frame[frame[column] == value]
        return frame

    def filter(self, period: Period, **narrower: object) -> Filter:
        """The map's filter for this municipality and ``period``, narrowed."""
        return Filter(self.kommun_kod, period.first, period.last, **narrower)  # type: ignore[arg-type]


def measured(frame: gpd.GeoDataFrame, *, points: bool = True) -> np.ndarray:
    """Shapes in SWEREF 99 TM (metres), so distances and areas are in metres.

    With ``points`` a polygon or line is taken at a point on its surface, as
    :mod:`geo.coverage` places it.
    """
    if frame.empty:
        return np.array([], dtype=object)
    series = gpd.GeoSeries(frame.geometry, crs=frame.crs or config.STORAGE_CRS)
    shapes = series.to_crs(config.MEASURE_CRS).to_numpy(dtype=object)
    return shapely.point_on_surface(shapes) if points else shapes


def figure(measure: str, counted: Counted, layers: tuple[str, ...], years: tuple[int, int],
           level: str, by: Iterable[tuple[str, str]] = ()) -> Figure:
    """A count over municipalities: their sum, with one link per municipality.

    A filter by record ids that selects none (``None``) has no link: such a figure is
    zero and says so (``nothing``).
    """
    total = sum(n for n, _ in counted.values())
    links = tuple(Link(flt, layers) for _, flt in counted.values() if flt is not None)
    return Figure(measure, float(total), total, years, level, by=tuple(by), links=links,
                  note="" if links else NOTE_NOTHING)


def in_years(frame: pd.DataFrame, column: str, period: Period) -> pd.DataFrame:
    """Rows whose ``column`` date falls in ``period``."""
    if frame.empty:
        return frame
    when = days(frame, column)
    return frame[[d is not None and period.first <= d.year <= period.last for d in when]]


def with_ids(flt: Filter, ids: Iterable[str]) -> Filter | None:
    """``flt`` narrowed to exactly these records; None when there are none."""
    chosen = tuple(sorted(ids))
    return replace(flt, ids=chosen) if chosen else None
