"""The one door for every file a user brings, on the pages and in the CLI alike.

The import, coverage units and population, the safety survey's table and areas.

:func:`read_upload` takes the bytes (or a path, whose size is checked before it is
read) and, in this order:

1. refuses a file over :data:`~geo.io.limits.MAX_FILE_BYTES` before parsing anything;
2. tells what it is from its content, never its name (:mod:`geo.io.sniff`), which
   refuses GDAL virtual formats (VRT, WFS, WMS …), links and URLs given as the file;
3. scans the *whole* content for a GDAL ``/vsi…`` path or GDAL's XML formats
   (:func:`scan`): the text of a CSV or GeoJSON, the members of a zip (through the
   archive guards of :mod:`geo.io.safezip`), the bytes of a GeoPackage;
4. refuses a format not accepted for this purpose (``accept``);
5. reads it with the guarded readers (:mod:`geo.io.readers`: CSV in its detected encoding
   by :mod:`geo.io.csvread`, GeoJSON by plain JSON, only GeoPackages and shapefiles
   through GDAL, with :mod:`geo.io.gdalsafe`'s settings and an allowed driver);
6. bounds what was read: rows, columns, vertices per shape and in all.

Every refusal is a :class:`~geo.io.errors.Refused` with an ``io.msg.*`` code: one sentence
in the user's language, no server path, no Python words. :func:`geoframe` and
:func:`frame` turn the result into the (Geo)DataFrames the coverage and survey code use.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.io import limits, readers, safezip, sniff
from geo.io.csvread import decode
from geo.io.errors import Refused
from geo.io.table import SourceTable

if TYPE_CHECKING:
    from pyproj import CRS

#: What each purpose accepts (the page's uploader and the CLI option use the same).
IMPORT = frozenset(sniff.FORMATS)
UNITS = frozenset({sniff.GEOJSON, sniff.GEOPACKAGE})
POPULATION = frozenset({sniff.CSV, sniff.GEOPACKAGE})
SURVEY_TABLE = frozenset({sniff.CSV})
SURVEY_AREAS = frozenset({sniff.GEOJSON, sniff.GEOPACKAGE})
PURPOSES = {"import": IMPORT, "units": UNITS, "population": POPULATION,
            "survey_table": SURVEY_TABLE, "survey_areas": SURVEY_AREAS}
#: A pledge's source document: the most a store keeps (a signed pledge is a few pages).
MAX_DOCUMENT_BYTES = 10 * 2**20
#: The media types a source document may have, told by its content.
PDF = "application/pdf"
TEXT = "text/plain; charset=utf-8"
SOURCE_DOCUMENT = frozenset({PDF, TEXT})
#: Format names in messages (the same in every language).
FORMAT_NAMES = {sniff.GEOJSON: "GeoJSON", sniff.GEOPACKAGE: "GeoPackage",
                sniff.SHAPEFILE_ZIP: "Shapefile (zip)", sniff.CSV: "CSV", sniff.XLSX: "XLSX"}

#: A GDAL virtual file system path, anywhere (``/vsicurl/``, ``/vsizip/``, ``/vsimem/`` …).
_VSI_TEXT = re.compile(r"/vsi[a-z0-9_]+/", re.IGNORECASE)
_VSI_BYTES = re.compile(rb"/vsi[a-z0-9_]+/", re.IGNORECASE)
#: GDAL's XML formats that read other files or the network, anywhere.
_GDAL_XML = (r"<\s*(?:OGRVRTDataSource|VRTDataset|GDAL_WMS|GDAL_WMTS|GDAL_WCS|"
             r"WFS_GetCapabilities|OGRWFSDataSource|OGRGMLASDataSource|PostGISRasterSource)\b")
_XML_TEXT = re.compile(_GDAL_XML, re.IGNORECASE)
_XML_BYTES = re.compile(_GDAL_XML.encode(), re.IGNORECASE)


def read_upload(source: bytes | str | Path, *, accept: Collection[str] = IMPORT,
                source_layer: str | None = None, target_layer: str = "") -> SourceTable:
    """Read a file a user brings through every guard; :class:`Refused` when it fails one."""
    data = read_path(source) if isinstance(source, str | Path) else source
    check_size(len(data))
    kind = sniff.sniff(data)
    scan(data, kind)
    if kind not in accept:
        raise Refused("not_accepted", format=FORMAT_NAMES[kind],
                      accepted=", ".join(FORMAT_NAMES[k] for k in sniff.FORMATS if k in accept))
    table = readers.read(data, kind, source_layer=source_layer, target_layer=target_layer)
    check_table(table)
    return table


def read_source_document(data: bytes, *, declared: str = "") -> str:
    """The media type of a pledge's source document: a PDF or UTF-8 text, nothing else.

    The content decides (``%PDF-`` at the start, or text that decodes as UTF-8 without
    control characters); ``declared`` (a browser's type, a name's extension) is not
    trusted, so an HTML page or a program named ``.pdf`` is refused before it is stored and
    offered to the public.
    """
    del declared  # kept for the caller's sake; the content is what counts
    if not data:
        raise Refused("empty_file")
    if len(data) > MAX_DOCUMENT_BYTES:
        raise Refused("document_too_big", limit_mb=MAX_DOCUMENT_BYTES // 2**20)
    if data.startswith(b"%PDF-"):
        return PDF
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused("document_not_accepted") from None
    markup = text.lstrip("\ufeff \t\r\n").startswith("<")  # HTML, SVG: would run in a browser
    if markup or any(ord(c) < 32 and c not in "\t\n\r\f" for c in text):
        raise Refused("document_not_accepted")
    return TEXT


def read_path(path: str | Path) -> bytes:
    """A named file's bytes: a regular file (no device, no pipe) within the size limit."""
    path = Path(path)
    if not path.is_file():
        raise Refused("not_a_file", path=str(path))
    check_size(path.stat().st_size)
    return path.read_bytes()


def check_size(size: int) -> None:
    """Refuse a file over the limit (before anything parses it)."""
    if size > limits.MAX_FILE_BYTES:
        raise Refused("too_big", limit_mb=limits.MAX_FILE_BYTES // 2**20)


def scan(data: bytes, kind: str) -> None:
    """Refuse a ``/vsi…`` path or a GDAL XML format anywhere in the file's content.

    Nothing in the app dereferences a cell's text, but GDAL would if such a text ever
    reached it as a name; no real municipal file holds one, so it is refused outright.
    """
    if kind in (sniff.CSV, sniff.GEOJSON):
        text = decode(data)[0] if kind == sniff.CSV else data.decode("utf-8", "replace")
        _refuse_pointers(text, _VSI_TEXT, _XML_TEXT)
    elif kind in (sniff.SHAPEFILE_ZIP, sniff.XLSX):
        archive = safezip.open_zip(data)
        budget = [limits.MAX_UNZIPPED_BYTES]
        for entry in archive.infolist():
            if entry.is_dir():
                continue
            if entry.filename.lower().endswith((".vrt", ".ovf", ".xml.vrt")):
                raise Refused("virtual_format")
            _refuse_pointers(safezip.read_entry(archive, entry, budget), _VSI_BYTES,
                             _XML_BYTES)
    else:  # a GeoPackage: its bytes (SQL of views and triggers, cells) as they are
        _refuse_pointers(data, _VSI_BYTES, _XML_BYTES)


def _refuse_pointers(content, vsi: re.Pattern, xml: re.Pattern) -> None:
    if xml.search(content):
        raise Refused("virtual_format")
    if vsi.search(content):
        raise Refused("pointer_inside")


def check_table(table: SourceTable) -> None:
    """Rows, columns and vertices within the limits (per shape and in all)."""
    if len(table) > limits.MAX_ROWS:
        raise Refused("too_many_rows", limit=limits.MAX_ROWS)
    if len(table.columns) > limits.MAX_COLUMNS:
        raise Refused("too_many_columns", limit=limits.MAX_COLUMNS)
    if not table.geometries:
        return
    counts = shapely.get_num_coordinates(np.array(table.geometries, dtype=object))
    worst = int(np.argmax(counts))
    if counts[worst] > limits.MAX_FEATURE_VERTICES:
        raise Refused("feature_too_many_vertices", line=table.lines[worst],
                      limit=limits.MAX_FEATURE_VERTICES)
    if int(counts.sum()) > limits.MAX_VERTICES:
        raise Refused("too_many_vertices", limit=limits.MAX_VERTICES)


def geoframe(table: SourceTable) -> gpd.GeoDataFrame:
    """The table as a GeoDataFrame; GeoJSON without a ``crs`` is WGS 84 (RFC 7946)."""
    crs: CRS | str | None = table.crs
    if crs is None and table.format == sniff.GEOJSON:
        crs = "EPSG:4326"
    geometries = table.geometries or [None] * len(table)
    return gpd.GeoDataFrame(frame(table), geometry=gpd.GeoSeries(list(geometries)),
                            crs=crs)


def frame(table: SourceTable) -> pd.DataFrame:
    """The table's columns as a DataFrame (CSV cells stay text: ids keep leading zeros)."""
    return pd.DataFrame({name: pd.Series(table.data[name], dtype=object)
                         if _mixed(table.data[name]) else table.data[name]
                         for name in table.columns}, columns=list(table.columns))


def _mixed(values: list) -> bool:
    return len({type(v) for v in values if v is not None}) > 1


def first_broken_line(table: SourceTable) -> int | None:
    """The first line the reader could not split into the header's cells, if any."""
    return table.broken[0][0] if table.broken else None
