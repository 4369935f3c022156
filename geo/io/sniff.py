"""What a file is, from its first bytes, never from its name.

Only five formats are accepted: GeoJSON, GeoPackage, a zipped shapefile, CSV and
XLSX. Everything else is refused with its likely identity, and especially what
would make GDAL read something other than the file itself: virtual formats (VRT,
``/vsi…`` paths), links and URLs. GDAL only ever sees a GeoPackage or a shapefile
that this module has recognised, copied under a fixed name into a private folder.
"""

from __future__ import annotations

import io
import re
import zipfile

from geo.io.errors import Refused

GEOJSON, GEOPACKAGE, SHAPEFILE_ZIP, CSV, XLSX = "geojson", "gpkg", "shapefile", "csv", "xlsx"
FORMATS = (GEOJSON, GEOPACKAGE, SHAPEFILE_ZIP, CSV, XLSX)

_SQLITE = b"SQLite format 3\x00"
#: GeoPackage's SQLite ``application_id`` values (GPKG, and GP10/GP11 of old versions).
_GPKG_IDS = {b"GPKG", b"GP10", b"GP11"}
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0", "xls"), (b"%PDF", "pdf"), (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf", "7z"), (b"Rar!", "rar"), (b"\x00\x00\x27\x0a", "bare_shp"),
    (b"\x89PNG", "image"), (b"\xff\xd8\xff", "image"), (b"GIF8", "image"),
    (b"{\\rtf", "rtf"),
)
_POINTER = re.compile(r"^\s*(/vsi[a-z0-9_]+/|https?://|ftp://|file:|\\\\)", re.IGNORECASE)
_VRT = re.compile(r"<\s*(OGRVRTDataSource|VRTDataset|GDAL_WMS|WFS_GetCapabilities|"
                  r"OGRWFSDataSource|GDAL_WMTS)\b", re.IGNORECASE)


def sniff(data: bytes) -> str:
    """Return one of :data:`FORMATS` for ``data``, or refuse it with what it seems to be."""
    if not data.strip():
        raise Refused("empty_file")
    head = data[:4096]
    if head.startswith(_SQLITE):
        if data[68:72] in _GPKG_IDS:
            return GEOPACKAGE
        raise Refused("sqlite_not_gpkg")
    if head.startswith(_ZIP):
        return _zip_kind(data)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise Refused(f"format_{kind}")
    text = _text_head(head)
    stripped = text.lstrip("\ufeff \t\r\n")
    if _POINTER.match(stripped):
        raise Refused("points_outside")
    if stripped.startswith("<"):
        if _VRT.search(text):
            raise Refused("virtual_format")
        lowered = stripped[:500].lower()
        kind = ("kml" if "<kml" in lowered else "gml" if "gml" in lowered else
                "html" if "<html" in lowered or "<!doctype html" in lowered else "xml")
        raise Refused(f"format_{kind}")
    if stripped.startswith(("{", "[")):
        return GEOJSON
    return CSV


def _text_head(head: bytes) -> str:
    """The start of a text file, to tell its kind: UTF-8, else UTF-16, else Latin-1.

    UTF-16 only with a byte order mark or NUL bytes (ASCII in UTF-16): decoded as UTF-16,
    any other text of an even length would read as Chinese, and a Windows-1252 GeoJSON
    would pass for a CSV.
    """
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
        try:
            return head.decode("utf-16")
        except UnicodeDecodeError:
            pass
    return head.decode("latin-1")


def _zip_kind(data: bytes) -> str:
    """A zip is XLSX (an Office package with a workbook) or a zipped shapefile."""
    try:
        names = {n.replace("\\", "/") for n in zipfile.ZipFile(io.BytesIO(data)).namelist()}
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise Refused("zip_broken") from None
    if "[Content_Types].xml" in names:
        if "xl/workbook.xml" in names or "xl/workbook.bin" in names:
            if "xl/workbook.bin" in names:
                raise Refused("format_xlsb")
            return XLSX
        if "word/document.xml" in names or "ppt/presentation.xml" in names:
            raise Refused("format_office")
        raise Refused("format_office")
    if "content.xml" in names and "mimetype" in names:
        raise Refused("format_ods")
    return SHAPEFILE_ZIP
