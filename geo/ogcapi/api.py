"""The documents of a read-only OGC API – Features (Part 1: Core, GeoJSON), without a web server.

Each function answers one resource with an :class:`Answer` (status, JSON body, media
type); the web adapter (``app/ogcapi.py``) only turns requests into calls and answers
into responses. ``base`` is the absolute URL of the landing page without its final
slash; every link is absolute. Coordinates are CRS84 (WGS 84, longitude first), the
only CRS offered. A collection is one municipality's layer, ``{kommun_kod}-{layer}``
(``1270-unsafe_places``); ``/collections`` lists those of the municipalities that have
public features, and a municipality without any yet still answers (empty), so that a
saved connection keeps working.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from geo import __version__, config, i18n
from geo.domain.layers import LAYERS, spec
from geo.ogcapi import openapi
from geo.ogcapi.layers import PublicLayer, cached_layer, cached_municipalities
from geo.ogcapi.query import CRS84, OgcError, check_format, parse
from geo.spatial import boundaries
from geo.store.base import Store

JSON = "application/json"
GEOJSON = "application/geo+json"
CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
)
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"


@dataclass(frozen=True)
class Answer:
    """One response: HTTP status, the JSON document and its media type."""

    status: int
    body: Mapping[str, Any]
    media_type: str = JSON
    headers: Mapping[str, str] = field(default_factory=dict)


def language(accept: str | None) -> str:
    """English when the client's first choice of ``Accept-Language`` is English, else Swedish."""
    first = (accept or "").split(",")[0].strip().lower()
    return "en" if first.startswith("en") else config.DEFAULT_LANGUAGE


def error(problem: OgcError, lang: str) -> Answer:
    """An OGC exception document in the reader's language."""
    text = i18n.t(problem.key, lang, **problem.values)
    return Answer(problem.status, {"code": problem.code, "description": text})


def _link(href: str, rel: str, media_type: str, title_key: str, lang: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": media_type,
            "title": i18n.t(f"ogcapi.links.{title_key}", lang)}


def landing(base: str, params: Mapping[str, str], lang: str) -> Answer:
    """``/``: what the service is and where its parts are."""
    check_format(params)
    return Answer(200, {
        "title": i18n.t("ogcapi.title", lang),
        "description": i18n.t("ogcapi.description", lang),
        "links": [_link(f"{base}/", "self", JSON, "self", lang),
                  _link(f"{base}/api", "service-desc", openapi.MEDIA_TYPE, "service_desc",
                        lang),
                  _link(f"{base}/conformance", "conformance", JSON, "conformance", lang),
                  _link(f"{base}/collections", "data", JSON, "data", lang)],
    })


def api_definition(base: str, params: Mapping[str, str], lang: str) -> Answer:
    """``/api``: the OpenAPI 3.0 definition (QGIS reads its page size there)."""
    check_format(params)
    return Answer(200, openapi.definition(base, lang, __version__), openapi.MEDIA_TYPE)


def conformance(params: Mapping[str, str]) -> Answer:
    """``/conformance``: Core and GeoJSON, the two classes implemented."""
    check_format(params)
    return Answer(200, {"conformsTo": list(CONFORMANCE)})


def collections(store: Store, base: str, params: Mapping[str, str], lang: str) -> Answer:
    """``/collections``: every layer of each municipality with public features."""
    check_format(params)
    version = store.data_version()
    documents = [_collection(cached_layer(store, version, kommun, layer), base, lang)
                 for kommun in cached_municipalities(store, version) for layer in LAYERS]
    return Answer(200, {"links": [_link(f"{base}/collections", "self", JSON, "self", lang)],
                        "collections": documents})


def collection(store: Store, base: str, collection_id: str, params: Mapping[str, str],
               lang: str) -> Answer:
    """``/collections/{id}``: one collection's description, extent and links."""
    check_format(params)
    data = _layer(store, collection_id)
    return Answer(200, _collection(data, base, lang))


def items(store: Store, base: str, collection_id: str, params: Mapping[str, str],
          lang: str) -> Answer:
    """``/collections/{id}/items``: a page of features, filtered by bbox and datetime."""
    data = _layer(store, collection_id)
    selection = parse(params)
    chosen = selection.mask(data).nonzero()[0]
    page = chosen[selection.offset:selection.offset + selection.limit]
    here = f"{base}/collections/{quote(collection_id, safe='')}"
    query = {k: v for k, v in params.items() if k not in ("offset", "limit")}

    def href(offset: int) -> str:
        return f"{here}/items?" + urlencode({**query, "limit": selection.limit,
                                              "offset": offset})

    links = [_link(href(selection.offset), "self", GEOJSON, "self", lang),
             _link(here, "collection", JSON, "collection", lang)]
    if selection.offset + len(page) < len(chosen):
        links.append(_link(href(selection.offset + selection.limit), "next", GEOJSON,
                           "next", lang))
    if selection.offset > 0:
        links.append(_link(href(max(0, selection.offset - selection.limit)), "prev",
                           GEOJSON, "prev", lang))
    return Answer(200, {
        "type": "FeatureCollection",
        "features": [data.features[i] for i in page],
        "numberMatched": int(len(chosen)), "numberReturned": int(len(page)),
        "timeStamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "links": links,
    }, GEOJSON)


def item(store: Store, base: str, collection_id: str, feature_id: str,
         params: Mapping[str, str], lang: str) -> Answer:
    """``/collections/{id}/items/{featureId}``: one public feature, as the public sees it."""
    check_format(params)
    data = _layer(store, collection_id)
    position = data.positions.get(feature_id)
    if position is None:
        raise OgcError(404, "NotFound", "ogcapi.error.feature")
    here = f"{base}/collections/{quote(collection_id, safe='')}"
    feature = {**data.features[position], "links": [
        _link(f"{here}/items/{quote(feature_id, safe='')}", "self", GEOJSON, "self", lang),
        _link(here, "collection", JSON, "collection", lang)]}
    return Answer(200, feature, GEOJSON)


def collection_id(kommun_kod: str, layer: str) -> str:
    """The id of one municipality's layer: ``1270-unsafe_places``."""
    return f"{kommun_kod}-{layer}"


def _layer(store: Store, identifier: str) -> PublicLayer:
    """The collection named ``identifier``; a 404 for anything but a municipality's layer."""
    kommun, _, layer = identifier.partition("-")
    if layer not in LAYERS or kommun not in boundaries.names():
        raise OgcError(404, "NotFound", "ogcapi.error.collection")
    return cached_layer(store, store.data_version(), kommun, layer)


def _collection(data: PublicLayer, base: str, lang: str) -> dict[str, Any]:
    t = i18n.catalog(lang)
    identifier = collection_id(data.kommun_kod, data.layer)
    name = boundaries.names()[data.kommun_kod]
    layer_name = t[f"layers.{data.layer}"]
    description = i18n.t("ogcapi.collection", lang, layer=layer_name, kommun=name)
    if spec(data.layer).sensitive and config.sensitive_categories():
        categories = ", ".join(t[f"category.{c}"] for c in config.sensitive_categories())
        description += " " + i18n.t("ogcapi.generalised", lang, categories=categories)
    here = f"{base}/collections/{quote(identifier, safe='')}"
    bbox, interval = data.extent()
    extent: dict[str, Any] = {}
    if bbox is not None:
        extent["spatial"] = {"bbox": [bbox], "crs": CRS84}
    if interval is not None:
        extent["temporal"] = {"interval": [interval], "trs": GREGORIAN}
    return {
        "id": identifier, "title": f"{name} – {layer_name}", "description": description,
        "itemType": "feature", "crs": [CRS84], "extent": extent,
        "links": [_link(here, "self", JSON, "self", lang),
                  _link(f"{here}/items", "items", GEOJSON, "items", lang)],
    }
