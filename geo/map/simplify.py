"""Lines and areas made light enough to send to every map visitor.

A watch area drawn or imported with a million vertices would otherwise go, whole, to
every visitor of the public map (11 MB a visit, measured in issue 13). Before a layer
is serialised, a line or polygon with more than :data:`SIMPLIFY_FROM` vertices is
simplified in SWEREF 99 TM with a tolerance of :data:`TOLERANCE_M` (the map's own
precision: coordinates are rounded to about a metre anyway); if it still has more than
:data:`MAX_VERTICES_DRAWN` vertices (a shape with real detail at every metre), the
tolerance is doubled until it has not. Ordinary features (a few hundred vertices) are
passed through untouched, and the store keeps the full geometry: only the drawing is
simplified.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from geo import config

#: Lines and polygons with more vertices than this are simplified for drawing.
SIMPLIFY_FROM = 1000
#: The first simplification tolerance (metres, SWEREF 99 TM).
TOLERANCE_M = 1.0
#: Most vertices one feature sends to the map.
MAX_VERTICES_DRAWN = 5000
#: Doublings of the tolerance tried (1 m → about 16 km) before small parts may vanish.
_DOUBLINGS = 15

_TO_GRID = Transformer.from_crs(config.STORAGE_CRS, config.MEASURE_CRS, always_xy=True)
_FROM_GRID = Transformer.from_crs(config.MEASURE_CRS, config.STORAGE_CRS, always_xy=True)


def _reproject(geom: BaseGeometry, transformer: Transformer) -> BaseGeometry:
    return shapely.transform(geom, lambda xy: np.column_stack(
        transformer.transform(xy[:, 0], xy[:, 1])))


def _simplified(shape: BaseGeometry, tolerance: float) -> BaseGeometry:
    """Douglas-Peucker, or the topology-keeping variant when it leaves a broken shape.

    The plain one is fast (0.7 s for a million vertices, 5 s keeping topology).
    """
    fast = shapely.simplify(shape, tolerance, preserve_topology=False)
    if fast.is_empty or not fast.is_valid:
        return shapely.simplify(shape, tolerance, preserve_topology=True)
    return fast


def light(geom: BaseGeometry) -> BaseGeometry:
    """``geom`` itself when small; else simplified to at most ``MAX_VERTICES_DRAWN``."""
    if geom is None or shapely.get_num_coordinates(geom) <= SIMPLIFY_FROM:
        return geom
    shape = grid = _reproject(geom, _TO_GRID)
    tolerance = TOLERANCE_M
    for _ in range(_DOUBLINGS):
        shape = _simplified(shape, tolerance)
        if shapely.get_num_coordinates(shape) <= MAX_VERTICES_DRAWN:
            break
        tolerance *= 2
    else:  # thousands of parts, each kept as a valid ring: let the smallest collapse
        shape = shapely.simplify(shape, tolerance, preserve_topology=False)
        if shape.is_empty or shapely.get_num_coordinates(shape) > MAX_VERTICES_DRAWN:
            shape = shapely.envelope(shape if not shape.is_empty else grid)
    return _reproject(shape, _FROM_GRID)


def light_array(geoms: np.ndarray) -> np.ndarray:
    """:func:`light` over an array of geometries (points are never touched)."""
    counts = shapely.get_num_coordinates(geoms)
    big = np.flatnonzero(counts > SIMPLIFY_FROM)
    if not len(big):
        return geoms
    out = geoms.copy()
    for position in big.tolist():
        out[position] = light(geoms[position])
    return out
