"""A heatmap of unsafe places and findings, drawn by Leaflet.heat served by the app itself.

Leaflet.heat is not on PyPI; it comes from the npm package ``leaflet.heat`` (0.2.0,
``node_modules/leaflet.heat/dist/leaflet-heat.js``) and is copied to ``static/`` like
Leaflet (:func:`install`). Without it the page says so and draws points. The
heat layer carries coordinates only (no text), rounded to about a metre.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import folium
import geopandas as gpd
from folium.plugins import HeatMap

from geo import config
from geo.escape import inert
from geo.map import layers as maplayers

VENDOR = "vendor/leaflet-heat"
FILE = "leaflet-heat.js"
HEAT_JS = [("leaflet_heat_js", f"/{config.STATIC_URL}/{VENDOR}/{FILE}")]


def install(static_dir: Path = config.STATIC_DIR,
            node_modules: Path = config.PROJECT_DIR / "node_modules") -> bool:
    """Copy Leaflet.heat from ``node_modules`` into ``static/`` if it is there; True if served."""
    target = static_dir / VENDOR / FILE
    source = node_modules / "leaflet.heat" / "dist" / FILE
    if not target.exists() and source.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return target.exists()


def base_map(tiles_url: str, attribution: str, lang: str = "sv") -> folium.Map:
    """The constant base map with Leaflet.heat loaded up front (so it never remounts)."""
    fmap = maplayers.base_map(tiles_url, attribution, lang)
    fmap.default_js = [*maplayers.LOCAL_JS, *HEAT_JS]
    return fmap


def points(frames: list[gpd.GeoDataFrame]) -> list[list[float]]:
    """``[lat, lon]`` of every placed feature (a polygon counts at its inner point)."""
    result: list[list[float]] = []
    for frame in frames:
        for geom in frame.geometry:
            if geom is None or geom.is_empty:
                continue
            point = geom if geom.geom_type == "Point" else geom.representative_point()
            result.append([round(point.y, config.MAP_DECIMALS),
                           round(point.x, config.MAP_DECIMALS)])
    return result


def heat_group(latlons: list[list[float]], name: str) -> folium.FeatureGroup:
    """One heat layer in a feature group (for ``st_folium(feature_group_to_add=...)``)."""
    group = folium.FeatureGroup(name=inert(name))
    if latlons:
        layer = HeatMap(latlons, radius=25, blur=18, min_opacity=0.35)
        layer.default_js = HEAT_JS
        layer.add_to(group)
    return group
