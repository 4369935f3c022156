"""The web map: a constant base map, and one light GeoJSON layer per data layer.

Only what drawing needs goes to the browser: the id, the geometry rounded to
about a metre, and the codes that choose the style. Details of a clicked
feature are looked up in Python. Leaflet is served by the app itself
(``static/vendor``), so the map draws with no internet; the basemap tiles are
decoration that may stay grey.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo import config, mapstyle
from geo.escape import inert

#: Leaflet's files, copied from the ``xstatic-leaflet`` package at set-up.
VENDOR = "vendor/leaflet"
LOCAL_JS = [("leaflet", f"/{config.STATIC_URL}/{VENDOR}/leaflet.js")]
LOCAL_CSS = [("leaflet_css", f"/{config.STATIC_URL}/{VENDOR}/leaflet.css")]
#: Leaflet.draw (the editing page), copied from the npm package ``leaflet-draw`` at set-up.
DRAW_VENDOR = "vendor/leaflet-draw"
DRAW_JS = [("leaflet_draw_js", f"/{config.STATIC_URL}/{DRAW_VENDOR}/leaflet.draw.js")]
DRAW_CSS = [("leaflet_draw_css", f"/{config.STATIC_URL}/{DRAW_VENDOR}/leaflet.draw.css")]

#: Columns carrying the style codes per layer (category/kind, status).
STYLE_CODES: dict[str, tuple[str | None, str | None]] = {
    "unsafe_places": ("category", "status"),
    "findings": ("category", "status"),
    "walks": (None, None),
    "watch_areas": (None, None),
    "activities": ("kind", None),
}
#: Layers whose features carry a hover label (few features, names worth showing).
LABELLED = {"walks": "name", "watch_areas": "name"}
#: Centre of Sweden: the base map's constant start; the page moves it per municipality.
SWEDEN_CENTRE = (62.0, 15.0)


def install_assets(static_dir: Path = config.STATIC_DIR,
                   node_modules: Path = config.PROJECT_DIR / "node_modules") -> Path:
    """Copy Leaflet (PyPI) and Leaflet.draw (npm, if installed) into ``static/``."""
    from xstatic.pkg import leaflet

    target = static_dir / VENDOR
    if not (target / "leaflet.js").exists():
        shutil.copytree(leaflet.BASE_DIR, target, dirs_exist_ok=True)
    draw = node_modules / "leaflet-draw" / "dist"
    if draw.exists() and not (static_dir / DRAW_VENDOR / "leaflet.draw.js").exists():
        shutil.copytree(draw, static_dir / DRAW_VENDOR, dirs_exist_ok=True)
    return target


def base_map(tiles_url: str, attribution: str) -> folium.Map:
    """The constant base map: nothing in it depends on a filter, so it never remounts."""
    fmap = folium.Map(
        location=SWEDEN_CENTRE, zoom_start=5, tiles=None, prefer_canvas=True,
        control_scale=True,
    )
    fmap.default_js = LOCAL_JS
    fmap.default_css = LOCAL_CSS
    if tiles_url:
        folium.TileLayer(tiles=tiles_url, attr=attribution, max_zoom=19).add_to(fmap)
    return fmap


def editing_map(tiles_url: str, attribution: str) -> folium.Map:
    """The base map plus Leaflet.draw's line and polygon tools (served locally)."""
    from folium.plugins import Draw

    fmap = base_map(tiles_url, attribution)
    draw = Draw(
        export=False,
        draw_options={"polyline": {"shapeOptions": {"color": mapstyle.LAYER_COLOURS["walks"]}},
                      "polygon": {"allowIntersection": False}, "rectangle": False,
                      "circle": False, "marker": False, "circlemarker": False},
        edit_options={"edit": False, "remove": False},
    )
    draw.default_js = DRAW_JS
    draw.default_css = DRAW_CSS
    draw.add_to(fmap)
    return fmap


def rounded(geom: BaseGeometry) -> BaseGeometry:
    """Round coordinates to ``MAP_DECIMALS`` (about 1 m) to shrink the payload."""
    return shapely.transform(geom, lambda xy: np.round(xy, config.MAP_DECIMALS))


def layer_geojson(layer: str, frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """A compact FeatureCollection of one layer: id, layer, style codes, label."""
    category_col, status_col = STYLE_CODES[layer]
    label_col = LABELLED.get(layer)
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
            "geometry": rounded(geom).__geo_interface__,
        })
    return {"type": "FeatureCollection", "features": features}


def feature_group(layer: str, collection: dict[str, Any], name: str) -> folium.FeatureGroup:
    """One data layer as a folium group of canvas circle markers, lines or polygons."""
    group = folium.FeatureGroup(name=inert(name))
    if not collection["features"]:
        return group
    tooltip = None
    if layer in LABELLED:
        tooltip = folium.GeoJsonTooltip(fields=["label"], labels=False)
    folium.GeoJson(
        collection,
        name=inert(name),
        marker=folium.CircleMarker(radius=mapstyle.RADIUS.get(layer, 6)),
        style_function=lambda f: mapstyle.style(
            f["properties"]["layer"], f["properties"].get("c"), f["properties"].get("s")
        ),
        tooltip=tooltip,
        zoom_on_click=False,
    ).add_to(group)
    return group


def boundary_geojson(boundary: BaseGeometry) -> dict[str, Any]:
    """The municipality boundary simplified to about 30 m, for drawing."""
    simple = rounded(boundary.simplify(0.0003, preserve_topology=True))
    return {"type": "Feature", "properties": {"layer": "boundary"},
            "geometry": simple.__geo_interface__}


def boundary_group(geojson: dict[str, Any], name: str) -> folium.FeatureGroup:
    """The municipality boundary as an outline that does not catch clicks."""
    group = folium.FeatureGroup(name=inert(name))
    folium.GeoJson(
        geojson, style_function=lambda f: mapstyle.style("boundary"), interactive=False,
    ).add_to(group)
    return group
