"""The safety-survey layer: areas shaded by a share, with the activities done there.

Shared by the meeting page (folium) and the printed brief (a table, and the SVG map's
shading): one class scale, one legend, one table. Area names come from the user's files,
so every label is escaped (:func:`geo.escape.inert`) before it reaches the map.
"""

from __future__ import annotations

from typing import Any

import folium
import geopandas as gpd
import pandas as pd
import shapely

from geo import i18n
from geo.escape import inert
from geo.map import rounded

#: Lower bounds (per cent) of the share classes: 0–10, 10–20, 20–30, 30–40, 40 and more.
CLASS_BOUNDS = (0.0, 10.0, 20.0, 30.0, 40.0)
#: ColorBrewer "Oranges", 5 classes: sequential and safe for colour-blind readers.
CLASS_COLOURS = ("#FEEDDE", "#FDBE85", "#FD8D3C", "#E6550D", "#A63603")
NO_VALUE = "#CCCCCC"


def share_class(share: float) -> int:
    """The class of a share (-1: no value)."""
    if share != share:
        return -1
    return max(i for i, bound in enumerate(CLASS_BOUNDS) if share >= bound or i == 0)


def colour(share: float) -> str:
    """The fill of a share."""
    klass = share_class(share)
    return NO_VALUE if klass < 0 else CLASS_COLOURS[klass]


def legend(lang: str) -> list[tuple[str, str]]:
    """(colour, label) per class and for "no value", from the catalog."""
    edges = [*(int(b) for b in CLASS_BOUNDS), None]
    rows = [(c, i18n.t("meeting.legend_range", lang, low=lo, high=hi) if hi is not None
             else i18n.t("meeting.legend_above", lang, low=lo))
            for c, lo, hi in zip(CLASS_COLOURS, edges, edges[1:], strict=False)]
    return [*rows, (NO_VALUE, i18n.t("meeting.legend_none", lang))]


def rows(areas: gpd.GeoDataFrame, measure: str, activities: list[int], lang: str,
         earlier: pd.Series | None = None) -> pd.DataFrame:
    """The table beside the map: area, share, change since the year before, activities."""
    t = i18n.catalog(lang)
    share = areas[measure].astype(float)
    table = pd.DataFrame({
        t["meeting.survey_area"]: areas["area_id"].astype(str).tolist(),
        t[f"meeting.measure.{measure}"]: share.round(1).tolist(),
    })
    if earlier is not None:
        before = areas["area_id"].map(earlier).astype(float)
        table[t["meeting.survey_change"]] = [
            "" if b != b or s != s else f"{s - b:+.1f}" for s, b in zip(share, before,
                                                                         strict=True)]
    table[t["meeting.survey_activities"]] = activities
    return table.sort_values(t[f"meeting.measure.{measure}"], ascending=False,
                             na_position="last").reset_index(drop=True)


def geojson(areas: gpd.GeoDataFrame, measure: str, activities: list[int], lang: str
            ) -> dict[str, Any]:
    """A FeatureCollection: escaped label, fill colour, the polygon rounded to ~1 m."""
    features = []
    for row, done in zip(areas.itertuples(index=False), activities, strict=True):
        share = float(getattr(row, measure))
        value = "–" if share != share else f"{share:.1f}"
        label = i18n.t("meeting.survey_tooltip", lang, area=inert(row.area_id), share=value,
                       activities=done)
        features.append({"type": "Feature",
                         "properties": {"label": label, "fill": colour(share)},
                         "geometry": rounded(shapely.force_2d(row.geometry)).__geo_interface__})
    return {"type": "FeatureCollection", "features": features}


def group(collection: dict[str, Any], name: str) -> folium.FeatureGroup:
    """The shaded areas as one folium group with hover labels (passed to ``st_folium``)."""
    layer = folium.FeatureGroup(name=inert(name))
    if collection["features"]:
        folium.GeoJson(
            collection, name=inert(name), zoom_on_click=False,
            style_function=lambda f: {"color": "#555555", "weight": 1, "opacity": 0.9,
                                      "fillColor": f["properties"]["fill"],
                                      "fillOpacity": 0.7},
            tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        ).add_to(layer)
    return layer
