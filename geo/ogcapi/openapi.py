"""The API definition (OpenAPI 3.0) that the landing page names as its ``service-desc``.

QGIS's OGC API – Features client refuses a landing page without a ``service-desc`` link of
type :data:`MEDIA_TYPE`, and reads the page size it may ask for from
``components.parameters.limit.schema`` (``default``, ``maximum``). The document describes
the resources and parameters served, in the reader's language; it does not claim the
OpenAPI conformance class (no schemas of the response bodies).
"""

from __future__ import annotations

from typing import Any

from geo import i18n
from geo.ogcapi.query import CRS84, DEFAULT_LIMIT, MAX_LIMIT

MEDIA_TYPE = "application/vnd.oai.openapi+json;version=3.0"


def _parameter(name: str, schema: dict[str, Any], *, where: str = "query",
               required: bool = False) -> dict[str, Any]:
    """One parameter as QGIS and GDAL read it (``style: form``, ``explode: false``)."""
    found: dict[str, Any] = {"name": name, "in": where, "required": required or where == "path",
                             "schema": schema}
    if where == "query":
        found.update(style="form", explode=False)
    return found


def _get(summary: str, media_type: str, parameters: list[dict[str, Any]]) -> dict[str, Any]:
    """A ``GET`` operation answering ``media_type`` (200), a 400 or a 404."""
    return {"get": {"summary": summary, "parameters": parameters, "responses": {
        "200": {"description": summary, "content": {media_type: {}}},
        "400": {"description": "InvalidParameterValue", "content": {"application/json": {}}},
        "404": {"description": "NotFound", "content": {"application/json": {}}},
    }}}


def definition(base: str, lang: str, version: str) -> dict[str, Any]:
    """The OpenAPI 3.0 document of the service at ``base``."""
    t = i18n.catalog(lang)
    ref = {name: {"$ref": f"#/components/parameters/{name}"}
           for name in ("f", "bbox", "bbox-crs", "datetime", "limit", "offset", "collectionId",
                        "featureId")}
    geojson, json = "application/geo+json", "application/json"
    return {
        "openapi": "3.0.3",
        "info": {"title": t["ogcapi.title"], "description": t["ogcapi.description"],
                 "version": version},
        "servers": [{"url": base}],
        "paths": {
            "/": _get(t["ogcapi.links.self"], json, [ref["f"]]),
            "/api": _get(t["ogcapi.links.service_desc"], MEDIA_TYPE, [ref["f"]]),
            "/conformance": _get(t["ogcapi.links.conformance"], json, [ref["f"]]),
            "/collections": _get(t["ogcapi.links.data"], json, [ref["f"]]),
            "/collections/{collectionId}": _get(
                t["ogcapi.links.collection"], json, [ref["collectionId"], ref["f"]]),
            "/collections/{collectionId}/items": _get(
                t["ogcapi.links.items"], geojson,
                [ref[name] for name in ("collectionId", "bbox", "bbox-crs", "datetime",
                                        "limit", "offset", "f")]),
            "/collections/{collectionId}/items/{featureId}": _get(
                t["ogcapi.links.item"], geojson,
                [ref["collectionId"], ref["featureId"], ref["f"]]),
        },
        "components": {"parameters": {
            "f": _parameter("f", {"type": "string", "enum": ["json"], "default": "json"}),
            "bbox": _parameter("bbox", {"type": "array", "minItems": 4, "maxItems": 6,
                                        "items": {"type": "number"}}),
            "bbox-crs": _parameter("bbox-crs", {"type": "string", "format": "uri",
                                                "enum": [CRS84], "default": CRS84}),
            "datetime": _parameter("datetime", {"type": "string"}),
            "limit": _parameter("limit", {"type": "integer", "minimum": 1,
                                          "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}),
            "offset": _parameter("offset", {"type": "integer", "minimum": 0, "default": 0}),
            "collectionId": _parameter("collectionId", {"type": "string"}, where="path"),
            "featureId": _parameter("featureId", {"type": "string"}, where="path"),
        }},
    }
