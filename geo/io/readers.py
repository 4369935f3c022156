"""Turn an accepted file into a :class:`~geo.io.table.SourceTable`.

GeoJSON is parsed here (plain JSON, shapes by shapely), XLSX by openpyxl (values
only, links to other workbooks refused; defusedxml guards the XML), and only
GeoPackages and shapefiles go to GDAL, as a copy under a fixed name in a private
folder, after :mod:`geo.io.sniff` has recognised them.
"""

from __future__ import annotations

import io
import json
import math
import re
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pyogrio
from pyproj import CRS
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from geo.io import columns, gdalsafe, limits, safezip, sniff
from geo.io.csvread import decode, read_csv
from geo.io.errors import Refused
from geo.io.table import SourceTable
from geo.io.values import word_key

_EPSG_NAME = re.compile(r"EPSG:{1,2}(?:[\d.]*:)?(\d{4,5})$|EPSG/\d+/(\d{4,5})$", re.IGNORECASE)
#: A server path in a GDAL message (never shown to the user).
_PATH = re.compile(r"(?:[A-Za-z]:)?[/\\][^\s'\"]*")
#: A shapefile's .shp and .shx begin with the file code 9994; a .dbf with its version byte.
_SHAPE_CODE = b"\x00\x00\x27\x0a"
_DBF_VERSIONS = {0x02, 0x03, 0x04, 0x05, 0x30, 0x31, 0x32, 0x43, 0x63, 0x83, 0x8B, 0x8E, 0xCB,
                 0xF5, 0xFB}
#: Schema objects a GeoPackage may hold: GDAL's and the standard's own triggers, R-trees.
_GPKG_TRIGGER_PREFIXES = ("rtree_", "gpkg_", "trigger_insert_feature_count_",
                          "trigger_delete_feature_count_")

gdalsafe.harden()


def read(data: bytes, kind: str, *, source_layer: str | None = None,
         target_layer: str = "") -> SourceTable:
    """Read ``data`` of a sniffed ``kind``; ``source_layer`` picks a layer or sheet."""
    if kind == sniff.CSV:
        return read_csv(data)
    if kind == sniff.GEOJSON:
        return read_geojson(data)
    if kind == sniff.XLSX:
        return read_xlsx(data, source_layer)
    with tempfile.TemporaryDirectory(prefix="tk-import-") as folder:
        if kind == sniff.GEOPACKAGE:
            path = Path(folder) / "input.gpkg"
            path.write_bytes(data)
            _check_geopackage(path)
        else:
            path = safezip.extract_shapefile(safezip.open_zip(data), Path(folder))
        return read_gis(path, kind, source_layer, target_layer)


# -- GeoJSON ---------------------------------------------------------------------------


def read_geojson(data: bytes) -> SourceTable:
    """A FeatureCollection, a Feature or a bare geometry, with an optional EPSG ``crs``.

    An old-style ``crs`` member must name an EPSG code; a ``link`` CRS points
    outside the file and is refused.
    """
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:  # RFC 7946: UTF-8 only; name what it looks like instead
        raise Refused("geojson_encoding", encoding=decode(data)[1]) from None
    except RecursionError:
        raise Refused("geojson_too_deep") from None
    except ValueError as error:
        raise Refused("json_broken", reason=str(error).split(":")[0]) from None
    if not isinstance(document, dict) or "type" not in document:
        raise Refused("json_not_geojson")
    kind = document["type"]
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise Refused("json_not_geojson")
    elif kind == "Feature":
        features = [document]
    elif kind in ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                  "MultiPolygon", "GeometryCollection"):
        features = [{"type": "Feature", "geometry": document, "properties": {}}]
    else:
        raise Refused("json_not_geojson")
    if len(features) > limits.MAX_ROWS:
        raise Refused("too_many_rows", limit=limits.MAX_ROWS)
    crs = _geojson_crs(document.get("crs"))
    names: dict[str, None] = {}
    rows, geometries, lines = [], [], []
    broken: list[tuple[int, str, dict[str, Any]]] = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            broken.append((number, "not_a_feature", {}))
            continue
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            broken.append((number, "not_a_feature", {}))
            continue
        if "id" in feature and "id" not in properties:
            properties = {"id": feature["id"], **properties}
        try:
            geometry = shape(feature["geometry"]) if feature.get("geometry") else None
        except Exception as error:  # shapely raises several types for bad coordinates  # noqa: BLE001
            broken.append((number, "bad_geojson_geometry", {"reason": str(error)[:120]}))
            continue
        names.update(dict.fromkeys(properties))
        rows.append(properties)
        geometries.append(geometry)
        lines.append(number)
    if len(names) > limits.MAX_COLUMNS:
        raise Refused("too_many_columns", limit=limits.MAX_COLUMNS)
    header = [str(n) for n in names]
    data_ = {name: [row.get(name) for row in rows] for name in header}
    return SourceTable(sniff.GEOJSON, header, data_, lines, geometries=geometries, crs=crs,
                       broken=broken)


def _geojson_crs(member: Any) -> CRS | None:
    if member is None:
        return None
    if not isinstance(member, dict) or member.get("type") != "name":
        kind = member.get("type") if isinstance(member, dict) else None
        raise Refused("crs_link" if kind == "link" else "crs_unknown",  # no dict reprs
                      crs=str(kind if isinstance(member, dict) else member)[:80])
    name = str((member.get("properties") or {}).get("name", ""))
    if name.upper().endswith("CRS84"):
        return CRS.from_epsg(4326)
    match = _EPSG_NAME.search(name)
    if not match:
        raise Refused("crs_unknown", crs=name[:80])
    return CRS.from_epsg(int(match.group(1) or match.group(2)))


# -- XLSX ------------------------------------------------------------------------------


def read_xlsx(data: bytes, sheet: str | None) -> SourceTable:
    """The chosen (or first non-empty) sheet; row numbers are Excel's."""
    archive = safezip.open_zip(data)
    names = [n.lower() for n in archive.namelist()]
    if any(n.startswith("xl/externallinks/") or n == "xl/connections.xml" for n in names):
        raise Refused("xlsx_links")
    if any(entry.file_size > limits.MAX_SHEET_BYTES for entry in archive.infolist()
           if entry.filename.lower().startswith("xl/worksheets/")):
        raise Refused("sheet_too_big", limit_mb=limits.MAX_SHEET_BYTES // 2**20)
    from openpyxl import load_workbook

    try:  # read-only sheets parse their XML lazily: damage shows while iterating
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        try:
            sheets = [ws for ws in book.worksheets if hasattr(ws, "iter_rows")]
            if sheet is not None:
                chosen = [ws for ws in sheets if ws.title == sheet]
                if not chosen:
                    raise Refused("no_such_sheet", sheet=sheet,
                                  names=", ".join(ws.title for ws in sheets))
                sheets = chosen
            return _sheet_table(sheets)
        finally:
            book.close()
    except Refused:
        raise
    except Exception as error:  # openpyxl and defusedxml raise many types  # noqa: BLE001
        cause: BaseException | None = error
        while cause is not None:  # defusedxml's refusal hides behind openpyxl's ValueError
            if type(cause).__module__.startswith("defusedxml"):
                raise Refused("xlsx_entities") from None
            cause = cause.__cause__ or cause.__context__
        raise Refused("xlsx_broken", reason=str(error).splitlines()[0][:120]
                      if str(error) else type(error).__name__) from None


def _sheet_table(sheets: list) -> SourceTable:
    known = columns.known_names()
    for ws in sheets:
        rows, cells = [], 0
        for number, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
            cells += len(values)
            if cells > limits.MAX_CELLS:
                raise Refused("too_many_cells", limit=limits.MAX_CELLS)
            if any(v is not None and str(v).strip() for v in values):
                rows.append((number, list(values)))
            if len(rows) > limits.MAX_ROWS:
                raise Refused("too_many_rows", limit=limits.MAX_ROWS)
        if not rows:
            continue
        header_at = next((i for i, (_, values) in enumerate(rows[:10])
                          if sum(word_key(v) in known for v in values if v is not None) >= 2),
                         None)
        if header_at is None:  # as csvread: a title row's one cell is not the header
            header_at = next((i for i, (_, values) in enumerate(rows[:10])
                              if sum(v is not None and bool(str(v).strip()) for v in values)
                              >= 2), 0)
        header = _xlsx_header(rows[header_at][1])
        body = rows[header_at + 1:]
        data = {name: [(values[i] if i < len(values) else None) for _, values in body]
                for i, name in enumerate(header) if name is not None}
        notes: list[tuple[str, dict]] = [("sheet", {"sheet": ws.title})]
        if header_at:
            notes.append(("title_lines", {"n": rows[header_at][0] - 1}))
        return SourceTable(sniff.XLSX, [h for h in header if h is not None], data,
                           [number for number, _ in body], notes=notes)
    raise Refused("no_rows")


def _xlsx_header(values: list[Any]) -> list[str | None]:
    if len(values) > limits.MAX_COLUMNS:
        raise Refused("too_many_columns", limit=limits.MAX_COLUMNS)
    header: list[str | None] = []
    for value in values:
        name = None if value is None or not str(value).strip() else str(value).strip()
        if name is not None and name in header:
            raise Refused("duplicate_column", column=name)
        header.append(name)
    return header


# -- GeoPackage and shapefile (GDAL) -------------------------------------------------------


def _check_geopackage(path: Path) -> None:
    """A GeoPackage must open as SQLite read-only, list its contents and hold only tables.

    A view, a virtual table other than the spatial index (R-tree), a generated column or
    a trigger that is not the standard's runs SQL chosen by whoever made the file when
    GDAL reads it (with GDAL's SQL functions at hand): refused.
    """
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            conn.execute("SELECT table_name FROM gpkg_contents").fetchall()
            schema = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise Refused("gpkg_broken") from None
    for kind, name, sql in schema:
        text = (sql or "").lower()
        if (kind == "view"
                or (kind == "trigger" and not str(name).lower().startswith(
                    _GPKG_TRIGGER_PREFIXES))
                or (kind == "table" and "virtual table" in text and "using rtree" not in text)
                or (kind == "table" and " generated " in f" {text} ")):
            raise Refused("gpkg_unsafe")


def _check_shapefile(path: Path) -> None:
    """The unpacked parts must begin as a shapefile's do (XML, such as a VRT, cannot)."""
    shp, shx, dbf = (path.with_suffix(s).read_bytes()[:4] for s in (".shp", ".shx", ".dbf"))
    if shp != _SHAPE_CODE or shx != _SHAPE_CODE or not dbf or dbf[0] not in _DBF_VERSIONS:
        raise Refused("shapefile_broken")


def _check_driver(path: Path, layer: str) -> None:
    """GDAL must have opened the file with an allowed driver, and its size is bounded."""
    info = pyogrio.read_info(path, layer=layer)
    if info.get("driver") not in gdalsafe.ALLOWED_DRIVERS:
        raise Refused("virtual_format")
    if int(info.get("features") or 0) > limits.MAX_ROWS:
        raise Refused("too_many_rows", limit=limits.MAX_ROWS)
    if len(info.get("fields", ())) > limits.MAX_COLUMNS:
        raise Refused("too_many_columns", limit=limits.MAX_COLUMNS)


def scrub(reason: str) -> str:
    """A library's message without server paths (the file is named “the file”)."""
    return _PATH.sub("…", reason).strip()[:160]


def read_gis(path: Path, kind: str, source_layer: str | None, target_layer: str
             ) -> SourceTable:
    """Read one layer through pyogrio; feature numbers are the file's (GeoPackage fid)."""
    if kind == sniff.SHAPEFILE_ZIP:
        _check_shapefile(path)
    elif sniff.sniff(path.read_bytes()[:4096]) != sniff.GEOPACKAGE:
        raise Refused("gpkg_broken")  # GDAL is only ever given a GeoPackage or a shapefile
    with gdalsafe.guarded():
        try:
            layers = [str(name) for name, _ in pyogrio.list_layers(path)]
            layer = _choose_layer(layers, source_layer, target_layer)
            _check_driver(path, layer)
            frame = pyogrio.read_dataframe(path, layer=layer, fid_as_index=True)
        except Refused:
            raise
        except Exception as error:  # GDAL reports damage through several error types  # noqa: BLE001
            raise Refused("gis_unreadable",
                          reason=scrub(str(error).splitlines()[0] if str(error) else "")
                          ) from None
    if len(frame) > limits.MAX_ROWS:
        raise Refused("too_many_rows", limit=limits.MAX_ROWS)
    names = [c for c in frame.columns if c != "geometry"]
    data = {c: [_plain(v) for v in frame[c].tolist()] for c in names}
    has_shapes = "geometry" in frame.columns  # an attribute table reads as a plain frame
    geometries: list[BaseGeometry | None] = (list(frame["geometry"]) if has_shapes
                                             else [None] * len(frame))
    lines = [int(i) + (1 if kind == sniff.SHAPEFILE_ZIP else 0) for i in frame.index]
    notes: list[tuple[str, dict]] = [("layer", {"layer": layer})] if len(layers) > 1 else []
    return SourceTable(kind, names, data, lines, geometries=geometries,
                       crs=getattr(frame, "crs", None) if has_shapes else None, notes=notes)


def _choose_layer(layers: list[str], wanted: str | None, target: str) -> str:
    if wanted is not None:
        if wanted not in layers:
            raise Refused("no_such_layer", layer=wanted, names=", ".join(layers))
        return wanted
    if len(layers) == 1:
        return layers[0]
    if target in layers:
        return target
    if not layers:
        raise Refused("no_rows")
    raise Refused("several_layers", names=", ".join(layers[:12]))


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
