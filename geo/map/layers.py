"""The web map: a constant base map, and one light layer per data layer.

Only what drawing needs goes to the browser (:mod:`geo.map.payload`: the id, the
geometry rounded to about a metre, and the codes that choose the style). Details of a
clicked feature are looked up in Python. Leaflet is served by the app itself
(``static/vendor``), so the map draws with no internet; the basemap tiles are
decoration that may stay grey. The pages use the package's face, :mod:`geo.map`.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import folium
import numpy as np
import shapely
import shapely.geometry
from shapely.geometry.base import BaseGeometry

from geo import config
from geo.domain.layers import spec
from geo.escape import inert
from geo.map import sources
from geo.map.geojson import rounded
from geo.map.payload import CompactLayer, LayerPayload, collection_payload, make_payload

#: Leaflet's files, copied from the ``xstatic-leaflet`` package at set-up.
VENDOR = "vendor/leaflet"
LOCAL_JS = [("leaflet", f"/{config.STATIC_URL}/{VENDOR}/leaflet.js")]
LOCAL_CSS = [("leaflet_css", f"/{config.STATIC_URL}/{VENDOR}/leaflet.css")]
#: Leaflet.draw (the editing page), copied from the npm package ``leaflet-draw`` at set-up.
DRAW_VENDOR = "vendor/leaflet-draw"
DRAW_JS = [("leaflet_draw_js", f"/{config.STATIC_URL}/{DRAW_VENDOR}/leaflet.draw.js")]
DRAW_CSS = [("leaflet_draw_css", f"/{config.STATIC_URL}/{DRAW_VENDOR}/leaflet.draw.css")]

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


def base_map(tiles_url: str, attribution: str, lang: str = "sv", view: str = "map"
             ) -> folium.Map:
    """The constant base map: nothing in it depends on a filter, so it never remounts.

    Its controls speak ``lang`` (:func:`map_controls`): a change of language is the one
    change that remounts it. Its credit line names the basemap's ``attribution`` (with the
    tiles) and the data sources of ``view`` (:func:`geo.map.sources.data_attribution`).
    """
    fmap = folium.Map(
        location=SWEDEN_CENTRE, zoom_start=5, tiles=None, prefer_canvas=True,
        zoom_control=False,
    )
    fmap.default_js = LOCAL_JS
    fmap.default_css = LOCAL_CSS
    map_controls(lang, sources.data_attribution(view, lang)).add_to(fmap)
    if tiles_url:
        folium.TileLayer(tiles=tiles_url, attr=attribution, max_zoom=19).add_to(fmap)
    return fmap


def texts_script(name: str, texts: dict[str, Any], function: str) -> folium.MacroElement:
    """A map script ``function(map, texts)`` called with the map and the catalog's ``texts``.

    The texts go in as JSON with ``</`` escaped, so no catalog text can end the script.
    """
    import json

    from branca.element import MacroElement
    from jinja2 import Template

    payload = json.dumps(texts, ensure_ascii=False).replace("</", "<\\/")
    element = MacroElement()
    element._name = name  # noqa: SLF001 - branca's element name
    element._template = Template(  # noqa: SLF001 - branca's template slot
        "{% macro script(this, kwargs) %}\n("
        + function + ")({{ this._parent.get_name() }}, " + payload + ");\n{% endmacro %}")
    return element


def map_controls(lang: str, credits: str = "") -> folium.MacroElement:
    """Leaflet's zoom buttons and scale bar, and its credit's tooltip, in ``lang``.

    ``credits`` (escaped HTML) joins the credit line: the data sources shown.

    Leaflet's own are English ("Zoom in", "A JavaScript library for interactive maps")
    and its scale bar shows feet and miles beside metres; these are the catalog's texts
    (no user data; the tooltip goes into HTML escaped) and metres only.
    """
    import html

    from geo import i18n

    t = i18n.catalog(lang)
    texts = {"zoomIn": t["maptools.zoom_in"], "zoomOut": t["maptools.zoom_out"],
             "leaflet": html.escape(t["maptools.leaflet"], quote=True), "credits": credits}
    return texts_script("MapControls", texts, (
        "function (map, texts) {\n"
        "  L.control.zoom({zoomInTitle: texts.zoomIn, zoomOutTitle: texts.zoomOut})\n"
        "    .addTo(map);\n"
        "  L.control.scale({imperial: false}).addTo(map);\n"
        "  const credit = map.attributionControl;\n"
        "  if (credit && typeof credit.options.prefix === 'string') {\n"
        "    credit.setPrefix(credit.options.prefix.replace(\n"
        "      /title=\"[^\"]*\"/, () => 'title=\"' + texts.leaflet + '\"'));\n"
        "  }\n"
        "  if (credit && texts.credits) { credit.addAttribution(texts.credits); }\n"
        "}"))


def draw_texts(lang: str) -> folium.MacroElement:
    """Leaflet.draw's button and tooltip texts (``L.drawLocal``) from the catalog.

    Leaflet.draw reads ``L.drawLocal`` when its toolbar and handlers are made, so this
    element goes on the map before the ``Draw`` control. The texts are the catalog's own
    (no user data) and go in as JSON.
    """
    from geo import i18n

    t = i18n.catalog(lang)
    texts = {
        "toolbar": {
            "actions": {"title": t["drawtools.cancel_title"], "text": t["drawtools.cancel"]},
            "finish": {"title": t["drawtools.finish_title"], "text": t["drawtools.finish"]},
            "undo": {"title": t["drawtools.undo_title"], "text": t["drawtools.undo"]},
            "buttons": {"polyline": t["drawtools.polyline"], "polygon": t["drawtools.polygon"]},
        },
        "handlers": {
            "polyline": {"error": t["drawtools.polyline_error"], "tooltip": {
                "start": t["drawtools.polyline_start"], "cont": t["drawtools.polyline_cont"],
                "end": t["drawtools.polyline_end"]}},
            "polygon": {"tooltip": {
                "start": t["drawtools.polygon_start"], "cont": t["drawtools.polygon_cont"],
                "end": t["drawtools.polygon_end"]}},
        },
    }
    return texts_script("DrawTexts", texts, (
        "function (map, texts) {\n"
        "  const merge = (into, from) => { for (const k in from) {\n"
        "    if (typeof from[k] === 'object') {\n"
        "      into[k] = into[k] || {}; merge(into[k], from[k]);\n"
        "    }\n"
        "    else { into[k] = from[k]; } } };\n"
        "  if (window.L && L.drawLocal) { merge(L.drawLocal.draw, texts); }\n"
        "}"))


def editing_map(tiles_url: str, attribution: str, lang: str = "sv") -> folium.Map:
    """The base map plus Leaflet.draw's line and polygon tools (served locally).

    The tools speak ``lang`` (:func:`draw_texts`).
    """
    from folium.plugins import Draw

    fmap = base_map(tiles_url, attribution, lang)
    draw_texts(lang).add_to(fmap)
    draw = Draw(
        export=False,
        draw_options={"polyline": {"shapeOptions": {"color": spec("walks").style.colour}},
                      "polygon": {"allowIntersection": False}, "rectangle": False,
                      "circle": False, "marker": False, "circlemarker": False},
        edit_options={"edit": False, "remove": False},
    )
    draw.default_js = DRAW_JS
    draw.default_css = DRAW_CSS
    draw.add_to(fmap)
    return fmap


def feature_group(layer: str, data: LayerPayload | dict[str, Any], name: str
                  ) -> folium.FeatureGroup:
    """One data layer as a folium group of canvas circle markers, lines or polygons.

    ``data`` is the layer's :class:`LayerPayload` (what the map page caches), or a
    FeatureCollection from :func:`layer_geojson`.
    """
    payload = data if isinstance(data, LayerPayload) else collection_payload(layer, data)
    group = folium.FeatureGroup(name=inert(name))
    if payload.count:
        CompactLayer(payload, radius=spec(layer).style.radius, tooltip=spec(layer).labelled,
                     title=name).add_to(group)
    return group


def boundary_geojson(boundary: BaseGeometry) -> dict[str, Any]:
    """The municipality boundary simplified to about 30 m, for drawing."""
    simple = rounded(boundary.simplify(0.0003, preserve_topology=True))
    return {"type": "Feature", "properties": {"layer": "boundary"},
            "geometry": simple.__geo_interface__}


def boundary_group(geojson: dict[str, Any], name: str) -> folium.FeatureGroup:
    """The municipality boundary as an outline that does not catch clicks."""
    group = folium.FeatureGroup(name=inert(name))
    geom = shapely.geometry.shape(geojson["geometry"])
    payload = make_payload("boundary", np.array([None], dtype=object), np.array([geom]),
                           None, None, None)
    CompactLayer(payload, interactive=False).add_to(group)
    return group
