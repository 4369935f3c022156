"""The public features of one layer of one municipality, ready to be served page by page.

The OGC API serves exactly what the public map shows: the map's own selection
(:func:`geo.map.view.select` with ``public=True``: public records, the model's
``PUBLIC_FIELDS`` in the query, sensitive categories at their 250 m square's centre
without free text), over every year the map offers. A collection is one layer of one
municipality, as the public map shows one municipality at a time.

Building a layer (reading, generalising, turning rows into GeoJSON) is done once per
store version: QGIS asks for page after page, and each page is a slice of the same
:class:`PublicLayer`, found in a small cache keyed on plain values (the store's
``data_version``, the municipality, the layer, the sensitive categories).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import config
from geo.domain.filters import Filter
from geo.domain.layers import LAYERS, spec
from geo.map import rounded
from geo.map.view import select
from geo.spatial import public
from geo.store.base import Store

#: Layers built and kept per process (each a few municipalities × five layers).
CACHE_SIZE = 64
#: The last day of an open span (a watch area without an end date).
OPEN_END = date.max.toordinal()
_DAY_END = time(23, 59, 59)


def public_features(store: Store, kommun_kod: str, layer: str) -> gpd.GeoDataFrame:
    """The features of ``layer`` in ``kommun_kod`` that the public map may show, as it shows them.

    Every year the map offers (``FIRST_YEAR`` to ``LAST_YEAR``), the map's selection and
    generalisation (:func:`geo.map.view.select`, public; it drops any count-only
    activity, so not even a generalised point of a home visit is ever served).
    """
    flt = Filter(kommun_kod, config.FIRST_YEAR, config.LAST_YEAR)
    return select(store, flt, (layer,), public=True)[layer].reset_index(drop=True)


@dataclass(frozen=True)
class PublicLayer:
    """One collection's features as GeoJSON, with what filtering and paging need.

    ``bounds`` is an (n, 4) array (NaN for a feature without a place); ``first`` and
    ``last`` are the day ordinals of each feature's span (a single day for most layers).
    """

    kommun_kod: str
    layer: str
    features: tuple[dict[str, Any], ...]
    bounds: np.ndarray
    first: np.ndarray
    last: np.ndarray
    positions: Mapping[str, int]

    def extent(self) -> tuple[list[float] | None, list[str | None] | None]:
        """The spatial (CRS84 bbox) and temporal extent, None when empty.

        The interval runs from the first day's start to the last day's end in Swedish
        time (RFC 3339 with the offset), None for an open end.
        """
        placed = ~np.isnan(self.bounds[:, 0])
        bbox = None
        if placed.any():
            box = self.bounds[placed]
            bbox = [float(box[:, 0].min()), float(box[:, 1].min()),
                    float(box[:, 2].max()), float(box[:, 3].max())]
        if not len(self.first):
            return bbox, None
        first, last = date.fromordinal(int(self.first.min())), int(self.last.max())
        return bbox, [_moment(first, time.min),
                      None if last == OPEN_END else _moment(date.fromordinal(last), _DAY_END)]


def build(store: Store, kommun_kod: str, layer: str) -> PublicLayer:
    """Read and convert one collection (what the cache keeps)."""
    frame = public_features(store, kommun_kod, layer)
    generalised = public.sensitive_mask(layer, frame)
    what = spec(layer)
    columns = [c for c in what.public_fields if c in frame and c != "id"]
    features = []
    bounds = np.full((len(frame), 4), np.nan)
    first = np.zeros(len(frame), dtype=np.int64)
    last = np.zeros(len(frame), dtype=np.int64)
    for i, row in enumerate(frame.itertuples(index=False)):
        geom = row.geometry
        placed = geom is not None and not geom.is_empty
        if placed:
            geom = rounded(geom)
            bounds[i] = geom.bounds
        properties = {c: plain(getattr(row, c)) for c in columns}
        properties["generalised"] = bool(generalised[i])
        features.append({"type": "Feature", "id": str(row.id),
                         "geometry": geom.__geo_interface__ if placed else None,
                         "properties": properties})
        start = _day(getattr(row, what.date_field))
        first[i] = start.toordinal() if start else 0
        end = _day(getattr(row, what.end_field)) if what.end_field else start
        last[i] = end.toordinal() if end else (OPEN_END if what.end_field else first[i])
    return PublicLayer(kommun_kod, layer, tuple(features), bounds, first, last,
                       {str(f["id"]): i for i, f in enumerate(features)})


def plain(value: Any) -> Any:
    """A JSON value of one cell: ISO days, plain numbers, None for a missing value."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def _moment(day: date, clock: time) -> str:
    """A Swedish day's moment as RFC 3339 with its UTC offset."""
    return datetime.combine(day, clock, config.LOCAL_TIME).isoformat()


def _day(value: Any) -> date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, (datetime, pd.Timestamp)):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def municipalities(store: Store) -> tuple[str, ...]:
    """The municipalities with public features in any layer (the collections offered)."""
    codes: set[str] = set()
    for layer in LAYERS:
        codes.update(store.list(layer, None, public=True)["kommun_kod"].astype(str))
    return tuple(sorted(codes))


class Cache:
    """A small thread-safe LRU of built values, keyed on plain values.

    The app serves requests on several threads; two threads missing the same key may
    both build it (the second result is kept), which is cheaper than holding a lock
    while a layer is read.
    """

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._entries: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0

    def get(self, key: tuple[object, ...], make: Callable[[], object]) -> Any:
        """The value for ``key``, built by ``make`` on a miss."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = make()
        with self._lock:
            self.builds += 1
            self._entries[key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        """Forget everything (tests)."""
        with self._lock:
            self._entries.clear()


CACHE = Cache()


def cached_layer(store: Store, version: str, kommun_kod: str, layer: str) -> PublicLayer:
    """:func:`build`, once per store version, municipality, layer and sensitive categories."""
    key = ("layer", version, kommun_kod, layer, config.sensitive_categories())
    value: PublicLayer = CACHE.get(key, lambda: build(store, kommun_kod, layer))
    return value


def cached_municipalities(store: Store, version: str) -> tuple[str, ...]:
    """:func:`municipalities`, once per store version."""
    value: tuple[str, ...] = CACHE.get(("municipalities", version),
                                       lambda: municipalities(store))
    return value

