"""What the public may see of a place: sensitive categories only as a 250 m square.

Drug scenes and harassment spots pinned to the metre can point at a person or a
home; the public map shows them at the centre of their 250 m square of the
SWEREF 99 TM grid (SCB's statistics squares), editors see them exactly.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
from pyproj import Transformer

from geo import config
from geo.coverage.grid import corners

_TO_GRID = Transformer.from_crs(config.STORAGE_CRS, config.MEASURE_CRS, always_xy=True)
_FROM_GRID = Transformer.from_crs(config.MEASURE_CRS, config.STORAGE_CRS, always_xy=True)
CATEGORY_LAYERS = ("unsafe_places", "findings")


def generalise(layer: str, frame: gpd.GeoDataFrame,
               categories: tuple[str, ...] | None = None) -> gpd.GeoDataFrame:
    """Move features of sensitive categories to the centre of their 250 m square."""
    categories = config.sensitive_categories() if categories is None else categories
    if layer not in CATEGORY_LAYERS or frame.empty or not categories:
        return frame
    sensitive = frame["category"].isin(categories).to_numpy() & frame.geometry.notna().to_numpy()
    if not sensitive.any():
        return frame
    result = frame.copy()
    points = result.geometry[sensitive].representative_point()
    x, y = _TO_GRID.transform(points.x.to_numpy(), points.y.to_numpy())
    size = config.GENERALISE_SQUARE_M
    east, north = corners(np.asarray(x), np.asarray(y), size)
    lon, lat = _FROM_GRID.transform(east + size / 2, north + size / 2)
    result.loc[sensitive, "geometry"] = gpd.points_from_xy(lon, lat, crs=config.STORAGE_CRS)
    return result
