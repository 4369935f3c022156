"""What the public may see of a sensitive place: the centre of its 250 m square, no text.

Drug scenes and harassment spots pinned to the metre can point at a person or a
home, and so can what an editor typed about them ("vid gångbron i Tomelilla").
This module is the one rule every public view applies (map, table, details,
downloads, meeting view and PDF, follow-up reports, walk protocol, published site,
``export --public``): a place or finding of a sensitive category
(``TRYGGHETSKARTAN_SENSITIVE``) is shown at the centre of its 250 m square of the
SWEREF 99 TM grid (SCB's statistics squares) and without its free text
(the layer's ``free_text``, :mod:`geo.domain.layers`). Staff views (Registrera) read the
store directly and see everything exactly.
"""

from __future__ import annotations

import copy

import geopandas as gpd
import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import Point

from geo import config
from geo.coverage.grid import corners
from geo.domain.enums import COUNT_ONLY_KINDS
from geo.domain.layers import spec
from geo.domain.model import Feature

#: Activity kinds that concern children and families: counted, never a place in public.
_COUNT_ONLY = tuple(kind.value for kind in COUNT_ONLY_KINDS)

_TO_GRID = Transformer.from_crs(config.STORAGE_CRS, config.MEASURE_CRS, always_xy=True)
_FROM_GRID = Transformer.from_crs(config.MEASURE_CRS, config.STORAGE_CRS, always_xy=True)


def is_sensitive(layer: str, category: object) -> bool:
    """True for a place or finding whose category the public sees only generalised."""
    return spec(layer).sensitive and str(getattr(category, "value", category)) in \
        config.sensitive_categories()


def sensitive_mask(layer: str, frame: gpd.GeoDataFrame,
                   categories: tuple[str, ...] | None = None) -> np.ndarray:
    """Which rows of ``frame`` (one layer's records) are sensitive."""
    categories = config.sensitive_categories() if categories is None else categories
    if not spec(layer).sensitive or frame.empty or not categories \
            or "category" not in frame:
        return np.zeros(len(frame), dtype=bool)
    return frame["category"].astype(str).isin(categories).to_numpy()


def square_corners(points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The SWEREF 99 TM south-west corners of the 250 m squares holding ``points``."""
    anchors = shapely.point_on_surface(points)
    x, y = _TO_GRID.transform(shapely.get_x(anchors), shapely.get_y(anchors))
    return corners(np.asarray(x), np.asarray(y), config.GENERALISE_SQUARE_M)


def squares(points: np.ndarray) -> np.ndarray:
    """The 250 m squares (WGS 84 polygons) holding ``points`` (the published site draws them)."""
    size = config.GENERALISE_SQUARE_M
    x0, y0 = square_corners(points)
    boxes = shapely.box(x0, y0, x0 + size, y0 + size)
    return shapely.transform(
        boxes, lambda xy: np.column_stack(_FROM_GRID.transform(xy[:, 0], xy[:, 1])))


def centres(points: np.ndarray) -> np.ndarray:
    """The centres (WGS 84 points) of the 250 m squares holding ``points``."""
    half = config.GENERALISE_SQUARE_M / 2
    east, north = square_corners(points)
    lon, lat = _FROM_GRID.transform(east + half, north + half)
    return shapely.points(np.asarray(lon), np.asarray(lat))


def generalise(layer: str, frame: gpd.GeoDataFrame,
               categories: tuple[str, ...] | None = None) -> gpd.GeoDataFrame:
    """The public's copy of one layer's records (the input is not changed).

    Sensitive ones at their square's centre, their free text emptied. Count-only
    activities (home visits, concern talks) can never be records with a place; a row of
    one forced past the model is dropped all the same, so no public view shows one.
    """
    if "kind" in frame:
        frame = frame[~frame["kind"].astype(str).isin(_COUNT_ONLY)]
    mask = sensitive_mask(layer, frame, categories)
    if not mask.any():
        return frame
    result = frame.copy()
    placed = mask & result.geometry.notna().to_numpy()
    if placed.any():
        result.loc[placed, "geometry"] = gpd.GeoSeries(
            centres(result.geometry[placed].to_numpy()), index=result.index[placed],
            crs=result.crs)
    for column in spec(layer).free_text:
        if column in result:
            result.loc[mask, column] = ""
    return result


def public_record(record: Feature) -> Feature:
    """One record as the public sees it (the details panel): the same rule as :func:`generalise`."""
    if not is_sensitive(record.LAYER, getattr(record, "category", None)):
        return record
    geometry = record.geometry
    if geometry is not None and not geometry.is_empty:
        (centre,) = centres(np.array([geometry]))
        geometry = Point(centre.x, centre.y)
    shown = copy.copy(record)  # not re-validated: "not done" needs its (hidden) reason
    shown.geometry = geometry
    for name in spec(record.LAYER).free_text:
        setattr(shown, name, "")
    return shown
