"""A read-only OGC API – Features of the public map layers (live data for GIS tools).

:mod:`geo.ogcapi.layers` holds what is served (the public map's own selection, cached per
store version), :mod:`geo.ogcapi.query` the request parameters, :mod:`geo.ogcapi.api` the
documents and :mod:`geo.ogcapi.openapi` the API definition. No web server here:
``app/ogcapi.py`` mounts them in the app's process.
"""

from geo.ogcapi.api import (
    Answer,
    api_definition,
    collection,
    collections,
    conformance,
    error,
    item,
    items,
    landing,
)
from geo.ogcapi.layers import public_features
from geo.ogcapi.query import OgcError

__all__ = ["Answer", "OgcError", "api_definition", "collection", "collections", "conformance",
           "error", "item", "items", "landing", "public_features"]
