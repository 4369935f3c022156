"""The coverage choropleth: units simplified without gaps, in WGS 84, as one light layer.

Geometry is simplified in SWEREF 99 TM with ``simplify_coverage`` (shapely/GEOS
coverage simplification), which moves shared edges once for both neighbours, so
the simplified units still meet without gaps or slivers; plain per-polygon
simplification would not. Only the id, a share class, an "uncovered" flag and an
escaped label go to the browser.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import folium
import geopandas as gpd
import numpy as np
import shapely
from shapely.errors import GEOSException

from geo import config, i18n
from geo.coverage.analysis import CoverageResult
from geo.domain import palette as mapstyle
from geo.escape import inert
from geo.map import rounded

#: Display simplification in metres (SWEREF 99 TM): below a pixel at municipal zoom.
SIMPLIFY_M = 8.0
#: Lower bounds of the coverage classes after "none" (a share of 0).
CLASS_BOUNDS = (0.0, 0.25, 0.5, 0.75)
#: ColorBrewer "Blues", 5 classes: sequential and safe for colour-blind readers.
CLASS_COLOURS = ("#EFF3FF", "#BDD7E7", "#6BAED6", "#3182BD", "#08519C")
#: Outline of units in the ranked "uncovered" list (Okabe–Ito vermillion).
UNCOVERED_COLOUR = mapstyle.VERMILLION
#: Watch areas drawn as dark outlines (their fill would hide the choropleth).
WATCH_OUTLINE = mapstyle.DARK
#: Unsafe places in one colour that stands out on the blues (Okabe–Ito yellow).
PLACE_COLOUR = mapstyle.YELLOW


def share_class(share: float) -> int:
    """0 for no coverage, then 1–4 by quarter (the legend's rows)."""
    if not share > 0:
        return 0
    return 1 + sum(share >= bound for bound in CLASS_BOUNDS[1:])


def class_labels(lang: str) -> list[tuple[str, str]]:
    """(colour, label) per class, for the legend."""
    labels = [i18n.t("coverage.legend.none", lang)]
    edges = [0, 25, 50, 75, 100]
    labels += [i18n.t("coverage.legend.range", lang, low=lo, high=hi)
               for lo, hi in zip(edges, edges[1:], strict=False)]
    return list(zip(CLASS_COLOURS, labels, strict=True))


def simplified(units: gpd.GeoDataFrame, tolerance: float = SIMPLIFY_M) -> gpd.GeoSeries:
    """Units simplified as a coverage (no gaps between neighbours), still in EPSG:3006.

    A file whose polygons overlap is not a coverage; GEOS may refuse it, and then
    each polygon is simplified on its own (topology kept per polygon).
    """
    geoms = units.geometry
    if geoms.empty:
        return geoms
    try:
        result = geoms.simplify_coverage(tolerance)
    except (GEOSException, ValueError):
        result = geoms.simplify(tolerance, preserve_topology=True)
    broken = result.is_empty | result.isna()
    return result.where(~broken, geoms)


def choropleth_geojson(result: CoverageResult, uncovered_ids: Iterable[str], lang: str
                       ) -> dict[str, Any]:
    """A FeatureCollection of the units: id, share class, uncovered flag, escaped label."""
    units = result.units
    flagged = set(uncovered_ids)
    shown = simplified(units).to_crs(config.STORAGE_CRS)
    features = []
    for row, geom in zip(units.itertuples(index=False), shown, strict=True):
        share = round(float(row.covered_share), 4)  # the share the list shows
        label = i18n.t("coverage.map.tooltip", lang, unit=inert(row.unit_id),
                       share=int(np.floor(share * 100 + 0.5)), places=int(row.unsafe_places),
                       findings=int(row.open_findings))
        features.append({
            "type": "Feature",
            "properties": {"id": inert(row.unit_id), "layer": "coverage",
                           "k": share_class(share), "u": int(row.unit_id in flagged),
                           "label": label},
            "geometry": rounded(shapely.force_2d(geom)).__geo_interface__,
        })
    return {"type": "FeatureCollection", "features": features}


def style(klass: int, uncovered: bool) -> dict[str, object]:
    """Fill by coverage class; a thick vermillion outline for ranked uncovered units."""
    fill = CLASS_COLOURS[min(max(klass, 0), len(CLASS_COLOURS) - 1)]
    if uncovered:
        return {"color": UNCOVERED_COLOUR, "weight": 3, "opacity": 1.0, "fillColor": fill,
                "fillOpacity": 0.65}
    return {"color": "#555555", "weight": 0.6, "opacity": 0.8, "fillColor": fill,
            "fillOpacity": 0.55}


def choropleth_group(collection: dict[str, Any], name: str) -> folium.FeatureGroup:
    """The units as one folium group (passed to ``st_folium`` beside the base map)."""
    group = folium.FeatureGroup(name=inert(name))
    if not collection["features"]:
        return group
    folium.GeoJson(
        collection,
        name=inert(name),
        style_function=lambda f: style(f["properties"]["k"], bool(f["properties"]["u"])),
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        zoom_on_click=False,
    ).add_to(group)
    return group


def outline_group(collection: dict[str, Any], name: str) -> folium.FeatureGroup:
    """Watch areas as outlines over the choropleth (hover shows the escaped name)."""
    group = folium.FeatureGroup(name=inert(name))
    if not collection["features"]:
        return group
    has_label = all("label" in f["properties"] for f in collection["features"])
    folium.GeoJson(
        collection,
        name=inert(name),
        style_function=lambda f: {"color": WATCH_OUTLINE, "weight": 2, "fill": False},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False) if has_label else None,
        zoom_on_click=False,
    ).add_to(group)
    return group


def points_group(collection: dict[str, Any], name: str) -> folium.FeatureGroup:
    """Unsafe places as canvas circle markers in one colour."""
    group = folium.FeatureGroup(name=inert(name))
    if not collection["features"]:
        return group
    folium.GeoJson(
        collection,
        name=inert(name),
        marker=folium.CircleMarker(radius=6),
        style_function=lambda f: {"color": "#222222", "weight": 1, "fill": True,
                                  "fillColor": PLACE_COLOUR, "fillOpacity": 0.95},
        interactive=False,
    ).add_to(group)
    return group
