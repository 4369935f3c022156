"""A data layer as plain, compact GeoJSON: id, layer, style codes, label, ~1 m coordinates.

The shared shape of what the maps draw: the compact payload (:mod:`geo.map.payload`), the
region, coverage and survey maps, and the published site all round the same way.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo import config
from geo.domain.layers import spec
from geo.escape import inert
from geo.map.simplify import light


def rounded(geom: BaseGeometry) -> BaseGeometry:
    """Round coordinates to ``MAP_DECIMALS`` (about 1 m) to shrink the payload."""
    return shapely.transform(geom, lambda xy: np.round(xy, config.MAP_DECIMALS))


def layer_geojson(layer: str, frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """A compact FeatureCollection of one layer: id, layer, style codes, label."""
    category_col, status_col = spec(layer).style_fields
    label_col = spec(layer).label_field
    features = []
    for row in frame.itertuples(index=False):
        geom = row.geometry
        if geom is None or geom.is_empty:
            continue  # activities without a place are counted, not drawn
        properties: dict[str, Any] = {"id": row.id, "layer": layer}
        if category_col:
            properties["c"] = getattr(row, category_col)
        if status_col:
            properties["s"] = getattr(row, status_col)
        if label_col:
            properties["label"] = inert(getattr(row, label_col))
        features.append({
            "type": "Feature", "properties": properties,
            "geometry": rounded(light(geom)).__geo_interface__,
        })
    return {"type": "FeatureCollection", "features": features}
