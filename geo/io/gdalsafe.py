"""GDAL with its network and virtual-file features off, for every file a user brings.

The app never reads remote or virtual data through GDAL, so these settings are made once
for the whole process (:func:`harden`, run when :mod:`geo.io.readers` is imported) and
again around every read (:func:`guarded`), in case other code changed them. They are a
second line: :mod:`geo.io.guard` refuses VRT and ``/vsi…`` content before GDAL sees a
file, and :mod:`geo.io.readers` checks a GeoPackage's or shapefile's own bytes and the
driver GDAL chose (:data:`ALLOWED_DRIVERS`), because pyogrio cannot restrict the
drivers GDAL tries when it opens a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pyogrio

#: The only GDAL drivers a user's file may be read with.
ALLOWED_DRIVERS = frozenset({"GPKG", "ESRI Shapefile"})

#: GDAL configuration while user data is read (and for the whole process).
SAFE_OPTIONS: dict[str, str] = {
    # no listing of the folder a file is in (sibling files are never looked for)
    "GDAL_DISABLE_READDIR_ON_OPEN": "EMPTY_DIR",
    # /vsicurl/ and friends open no URL: no extension is allowed, no time is given
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".tk-none",
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_CONNECTTIMEOUT": "1",
    "GDAL_HTTP_MAX_RETRY": "0",
    "CPL_VSIL_CURL_NON_CACHED": "/",
    # VRT: no Python pixel functions, no raw bands reading arbitrary files
    "GDAL_VRT_ENABLE_PYTHON": "NO",
    "GDAL_VRT_ENABLE_RAWRASTERBAND": "NO",
    "VRT_VIRTUAL_OVERVIEWS": "NO",
}


def harden() -> None:
    """Set :data:`SAFE_OPTIONS` for the process."""
    pyogrio.set_gdal_config_options(SAFE_OPTIONS)


@contextmanager
def guarded() -> Iterator[None]:
    """:data:`SAFE_OPTIONS` during one read, whatever was set before (restored after)."""
    before = {name: pyogrio.get_gdal_config_option(name) for name in SAFE_OPTIONS}
    pyogrio.set_gdal_config_options(SAFE_OPTIONS)
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(before)
