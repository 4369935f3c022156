"""The web map: a constant base map, and one light layer per data layer.

The pages, the published site and the benchmarks use this face
(``from geo import map as geomap``): the base map and its groups (:mod:`geo.map.layers`),
the compact payload drawn in the browser (:mod:`geo.map.payload`), a layer as plain
GeoJSON (:mod:`geo.map.geojson`) and geometry made light (:mod:`geo.map.simplify`). The
map page's data (:mod:`geo.map.view`) and the heatmap (:mod:`geo.map.heatmap`) are modules
of their own, imported by name.
"""

from geo.map.geojson import layer_geojson, rounded
from geo.map.layers import (
    LOCAL_JS,
    SWEDEN_CENTRE,
    base_map,
    boundary_geojson,
    boundary_group,
    editing_map,
    feature_group,
    install_assets,
    map_controls,
)
from geo.map.payload import (
    MAX_POINTS_DRAWN,
    POINTS_FROM_ZOOM,
    CompactLayer,
    LayerPayload,
    collection_payload,
    layer_payload,
    make_payload,
)
from geo.map.simplify import light, light_array

__all__ = [
    "LOCAL_JS", "MAX_POINTS_DRAWN", "POINTS_FROM_ZOOM", "SWEDEN_CENTRE", "CompactLayer",
    "LayerPayload", "base_map", "boundary_geojson", "boundary_group", "collection_payload",
    "editing_map", "feature_group", "install_assets", "layer_geojson", "layer_payload",
    "light", "light_array", "make_payload", "map_controls", "rounded",
]
