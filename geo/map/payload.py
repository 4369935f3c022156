"""The compact layer payload and the JavaScript that styles and draws it in the browser.

Only what drawing needs goes to the browser: the id, the geometry rounded to about a
metre (as integers), and the codes that choose the style; :class:`CompactLayer` builds
the Leaflet layer from it with a short style table instead of folium's per-feature
``switch``. The folium side (base maps, groups, local assets) is :mod:`geo.map.layers`,
which re-exports these names.
"""

from __future__ import annotations

import base64
import html
import json
import re
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
import shapely.geometry
from branca.element import Element, Figure
from folium.elements import ElementAddToElement
from folium.map import Layer
from folium.template import Template
from shapely.geometry.base import BaseGeometry

from geo import config
from geo.domain.layers import BOUNDARY, spec, style
from geo.escape import inert
from geo.map.simplify import light_array

#: A layer with more points than this draws them in parts: the points in view, or, while
#: even those are more, one count per grid cell (areas and lines are always drawn).
#: 50,000 canvas circles take seconds to add and to redraw on every zoom, and at
#: municipality zoom they are one blot anyway.
MAX_POINTS_DRAWN = 5000
#: From this zoom on (a view about 3 km wide) the points in view are always drawn.
POINTS_FROM_ZOOM = 16
#: Shapely's geometry type ids, as the map's JavaScript names them (2, a LinearRing, as a line).
GEOMETRY_NAMES = ("Point", "LineString", "LineString", "Polygon", "MultiPoint",
                  "MultiLineString", "MultiPolygon")
#: Coordinates travel as integers in units of 10**-MAP_DECIMALS degrees.
COORDINATE_FACTOR = 10**config.MAP_DECIMALS
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: Characters written as ``\uXXXX`` inside the layer's JavaScript strings: HTML (the
#: script may sit in a ``<script>`` element), and the braces and ``%``/``#`` of Jinja
#: syntax (branca compiles rendered scripts as templates when a figure is rendered).
_JS_STRING_ESCAPES = str.maketrans({c: f"\\u{ord(c):04x}" for c in "<>&{}%#\u2028\u2029"})


@dataclass(frozen=True)
class LayerPayload:
    """One layer's features as the map's JavaScript receives them, and how to style them.

    ``rows`` is a JavaScript array literal, one object per feature:
    ``{"layer": "findings",u:'JmiZvepDTx6…',k:2,g:[x,y]}``. ``u`` is the record's UUID
    in base64url (``id:`` and the id as text for any other id); ``k`` indexes ``styles``
    (the Leaflet path styles of the codes present: category, status or kind, from
    :mod:`geo.domain.palette`; absent means 0); ``g`` holds the coordinates as integers, in
    10**-5 degrees (about a metre) from ``origin``; ``t`` is the geometry type (shapely's
    type id; absent for a point) and ``label`` the escaped hover text. Keys are unquoted
    and strings single-quoted because every byte travels to the browser on each filter
    change, inside JSON; ``layer`` stays a quoted JSON pair (tests count features by it).
    The browser turns each row back into an ordinary GeoJSON feature.
    """

    layer: str
    rows: str
    styles: str
    count: int
    origin: tuple[int, int]
    #: How many of the features are points (those can be aggregated at low zoom).
    points: int = 0


def _js_string(value: object) -> str:
    """Return ``value`` as a single-quoted JavaScript string, safe in any context.

    Single quotes, because a double quote costs a byte more on the wire, where the
    script travels inside JSON.
    """
    body = json.dumps(str(value), ensure_ascii=False)[1:-1]
    body = body.replace('\\"', '"').replace("'", "\\'")
    return "'" + body.translate(_JS_STRING_ESCAPES) + "'"


def _id_field(value: object) -> str:
    """Return the row's id field: ``u:`` and a UUID in 22 base64url characters.

    The browser restores the canonical UUID text; an id that is not a canonical UUID
    travels as ``id:`` and its text.
    """
    text = str(value)
    if _CANONICAL_UUID.fullmatch(text):
        raw = bytes.fromhex(text.replace("-", ""))
        return "u:'" + base64.urlsafe_b64encode(raw).decode("ascii")[:22] + "'"
    return "id:" + _js_string(text)


def _coordinates(geom: BaseGeometry, origin: np.ndarray) -> Any:
    """Nested lists of integer coordinates (GeoJSON nesting) relative to ``origin``."""
    kind = geom.geom_type
    if kind.startswith("Multi"):
        return [_coordinates(part, origin) for part in geom.geoms]
    if kind == "Polygon":
        return [_coordinates(ring, origin) for ring in (geom.exterior, *geom.interiors)]
    xy = shapely.get_coordinates(geom)
    ints = (np.rint(xy * COORDINATE_FACTOR).astype(np.int64) - origin).tolist()
    return ints[0] if kind == "Point" else ints


def make_payload(layer: str, ids: np.ndarray, geoms: np.ndarray,
                 categories: np.ndarray | None, statuses: np.ndarray | None,
                 labels: Any) -> LayerPayload:
    """Encode one layer's placed features (see :class:`LayerPayload`)."""
    count = len(geoms)
    if not count:
        return LayerPayload(layer, "[]", "[]", 0, (0, 0))
    type_ids = shapely.get_type_id(geoms)
    if (type_ids < 0).any() or (type_ids > 6).any():
        raise ValueError(f"{layer}: only points, lines and polygons can be drawn")
    all_xy = shapely.get_coordinates(geoms)
    origin = np.rint(all_xy.min(axis=0) * COORDINATE_FACTOR).astype(np.int64)

    # style index per feature: one style per distinct (category, status) pair present
    keys = list(zip(categories if categories is not None else [None] * count,
                    statuses if statuses is not None else [None] * count, strict=True))
    index: dict[tuple[Any, Any], int] = {}
    codes = [index.setdefault(key, len(index)) for key in keys]
    styles = [style(layer, category, status) for category, status in index]

    # coordinates: points in one vectorised step, other shapes one by one
    coords: list[str] = [""] * count
    points = np.flatnonzero(type_ids == 0)
    if len(points):
        xy = np.rint(shapely.get_coordinates(geoms[points]) * COORDINATE_FACTOR)
        xy = (xy.astype(np.int64) - origin).tolist()
        for position, (x, y) in zip(points.tolist(), xy, strict=True):
            coords[position] = f"[{x},{y}]"
    for position in np.flatnonzero(type_ids != 0).tolist():
        coords[position] = json.dumps(_coordinates(geoms[position], origin),
                                      separators=(",", ":"))

    head = f'{{"layer": "{layer}"'
    rows = []
    for position in range(count):
        row = [head]
        if ids[position] is not None:
            row.append("," + _id_field(ids[position]))
        if codes[position]:
            row.append(f",k:{codes[position]}")
        if type_ids[position]:
            row.append(f",t:{type_ids[position]}")
        row.append(f",g:{coords[position]}")
        if labels is not None:
            row.append(f",label:{_js_string(inert(labels[position]))}")
        row.append("}")
        rows.append("".join(row))
    return LayerPayload(
        layer=layer, rows="[" + ",".join(rows) + "]",
        styles=json.dumps(styles, separators=(",", ":")),  # palette values, no user text
        count=count, origin=(int(origin[0]), int(origin[1])), points=int((type_ids == 0).sum()),
    )


class _Verbatim(Element):
    """Text added to a figure as it is (never compiled or rendered as a Jinja template)."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self.text = text


class CompactLayer(Layer):
    """A Leaflet GeoJSON layer built in the browser from a :class:`LayerPayload`.

    Instead of folium's ``GeoJson`` with a Python ``style_function`` (which writes a
    JavaScript ``switch`` with one ``case`` per feature id, and whose rendered script
    branca compiles again as a Jinja template), the styles are a short table indexed
    by each feature's ``k``. The features are ordinary GeoJSON features on an
    ``L.geoJson`` layer, with ``properties`` ``id``, ``layer``, ``k`` (and ``label``),
    so clicks return them to Python exactly as before (``view.clicked``).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
          var styles = {{ this.payload.styles }};
          var types = {{ this.geometry_names }};
          var ox = {{ this.payload.origin[0] }}, oy = {{ this.payload.origin[1] }};
          var factor = {{ this.factor }};
          var point = function (c) { return [(ox + c[0]) / factor, (oy + c[1]) / factor]; };
          var nested = function (c) { return typeof c[0] === "number" ? point(c) : c.map(nested); };
          var b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
          var uuid = function (text) {
            var hex = "", value = 0, bits = 0;
            for (var i = 0; i < text.length; i++) {
              value = ((value << 6) | b64.indexOf(text[i])) & 0xffff;
              for (bits += 6; bits >= 4; bits -= 4) {
                hex += ((value >> (bits - 4)) & 15).toString(16);
              }
            }
            return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20),
                    hex.slice(20, 32)].join("-");
          };
          var rows = {{ this.payload.rows }};
          var features = new Array(rows.length);
          for (var i = 0; i < rows.length; i++) {
            var r = rows[i];
            var properties = {layer: r.layer, k: r.k || 0};
            if (r.u !== undefined) properties.id = uuid(r.u);
            else if (r.id !== undefined) properties.id = r.id;
            if (r.label !== undefined) properties.label = r.label;
            features[i] = {type: "Feature", properties: properties,
                           geometry: {type: types[r.t || 0], coordinates: nested(r.g)}};
          }
          var Layer = L.GeoJSON;
          {%- if this.aggregate %}
          // More points than can be drawn at once: only those in view go on the map, and
          // while even those are more than {{ this.aggregate }} (below zoom
          // {{ this.points_from_zoom }}), a count per grid cell is drawn instead (a click on
          // a cell zooms in on it).
          Layer = L.GeoJSON.extend({
            onAdd: function (map) {
              this._cells = L.layerGroup().addTo(map);
              map.on("moveend", this._refresh, this);
              this._refresh();
            },
            onRemove: function (map) {
              map.off("moveend", this._refresh, this);
              this.eachLayer(function (l) {
                if (l._shown) map.removeLayer(l);
                l._shown = false;
              });
              map.removeLayer(this._cells);
            },
            _refresh: function () {
              var map = this._map, view = map.getBounds().pad(0.2), inView = [];
              this.eachLayer(function (l) {
                l._wanted = !l.getLatLng || view.contains(l.getLatLng());  // areas: always
                if (l._wanted && l.getLatLng) inView.push(l);
              });
              var each = inView.length <= {{ this.aggregate }}
                || map.getZoom() >= {{ this.points_from_zoom }};
              this.eachLayer(function (l) {
                var wanted = l._wanted && (each || !l.getLatLng);
                if (wanted && !l._shown) map.addLayer(l);
                else if (!wanted && l._shown) map.removeLayer(l);
                l._shown = wanted;
              });
              this._cells.clearLayers();
              if (each) return;
              var zoom = map.getZoom(), size = 64, cells = {};
              inView.forEach(function (l) {
                var at = l.getLatLng(), p = map.project(at, zoom);
                var key = Math.floor(p.x / size) + ":" + Math.floor(p.y / size);
                var c = cells[key] || (cells[key] = {n: 0, lat: 0, lng: 0});
                c.n += 1; c.lat += at.lat; c.lng += at.lng;
              });
              Object.keys(cells).forEach(function (key) {
                var c = cells[key], d = Math.round(24 + 6 * Math.log10(c.n));
                var centre = L.latLng(c.lat / c.n, c.lng / c.n);
                var cell = L.marker(centre, {
                  keyboard: false, title: {{ this.title }} + ": " + c.n,
                  icon: L.divIcon({className: "", iconSize: [d, d], html:
                    '<div style="{{ this.cell_style }};width:' + d + 'px;height:' + d
                    + 'px;line-height:' + d + 'px">' + c.n + '</div>'})
                });
                cell.on("click", function () { map.setView(centre, zoom + 2); });
                this._cells.addLayer(cell);
              }, this);
            }
          });
          {%- endif %}
          var layer = new Layer(null, {
            style: function (feature) { return styles[feature.properties.k]; },
            pointToLayer: function (feature, latlng) {
              return L.circleMarker(latlng, {radius: {{ this.radius }}});
            },
            interactive: {{ "true" if this.interactive else "false" }}
          });
          layer.addData({type: "FeatureCollection", features: features});
          {%- if this.tooltip %}
          layer.bindTooltip(function (l) { return l.feature.properties.label; }, {sticky: true});
          {%- endif %}
          return layer;
        })();
        {% endmacro %}
        """
    )

    def __init__(self, payload: LayerPayload, *, radius: int = 6, tooltip: bool = False,
                 interactive: bool = True, title: str = ""):
        super().__init__(name=payload.layer, overlay=True, control=False)
        self._name = "CompactLayer"
        self.payload = payload
        self.radius = int(radius)
        self.tooltip = tooltip
        self.interactive = interactive
        self.factor = COORDINATE_FACTOR
        self.geometry_names = json.dumps(GEOMETRY_NAMES)
        self.title = _js_string(title)
        self.aggregate = MAX_POINTS_DRAWN if payload.points > MAX_POINTS_DRAWN else 0
        self.points_from_zoom = POINTS_FROM_ZOOM
        self.cell_style = "" if payload.layer == BOUNDARY else spec(payload.layer).style.cell

    # As branca's MacroElement.render (unannotated), which writes into the figure and
    # returns None; Element.render, which it overrides, is annotated to return the HTML.
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Add the script to the figure verbatim (not as a template), then the children."""
        if self.show:
            parent = self._parent
            assert parent is not None, "a layer is rendered in its map"  # as branca asserts
            self.add_child(ElementAddToElement(element_name=self.get_name(),
                                               element_parent_name=parent.get_name()),
                           name=self.get_name() + "_add")
        figure = self.get_root()
        if isinstance(figure, Figure):
            figure.script.add_child(_Verbatim(self._template.module.script(self)),
                                    name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


def layer_payload(layer: str, frame: gpd.GeoDataFrame) -> LayerPayload:
    """One layer as the compact rows the map draws (see :class:`LayerPayload`)."""
    category_col, status_col = spec(layer).style_fields
    label_col = spec(layer).label_field
    geoms = frame.geometry.to_numpy() if len(frame) else np.array([], dtype=object)
    keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    kept = frame[keep]
    return make_payload(
        layer, kept["id"].to_numpy(), light_array(geoms[keep]),
        kept[category_col].to_numpy() if category_col else None,
        kept[status_col].to_numpy() if status_col else None,
        kept[label_col].to_numpy() if label_col else None,
    )


def collection_payload(layer: str, collection: dict[str, Any]) -> LayerPayload:
    """The compact rows of a FeatureCollection made by :func:`layer_geojson`."""
    features = [f for f in collection["features"] if f.get("geometry")]
    props = [f["properties"] for f in features]
    geoms = np.array([shapely.geometry.shape(f["geometry"]) for f in features], dtype=object)
    category_col, status_col = spec(layer).style_fields
    # the labels in a collection are already escaped (inert); unescape to escape once
    labels = ([html.unescape(p.get("label", "")) for p in props] if spec(layer).labelled
              else None)
    return make_payload(
        layer, np.array([p.get("id") for p in props], dtype=object), geoms,
        np.array([p.get("c") for p in props], dtype=object) if category_col else None,
        np.array([p.get("s") for p in props], dtype=object) if status_col else None,
        labels,
    )
