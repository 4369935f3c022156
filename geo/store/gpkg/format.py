"""The GeoPackage file format as plain SQLite: metadata tables, geometry blobs, R-tree.

We write through the standard ``sqlite3`` module, so this module provides what
GDAL would otherwise: the ``GP`` geometry blob (header + WKB), the metadata
tables of the OGC GeoPackage 1.3 standard, and the five ``ST_*`` functions that
the R-tree triggers call (plain SQLite has no spatial functions).
"""

from __future__ import annotations

import sqlite3
import struct
from typing import overload

import shapely
from pyproj import CRS
from shapely.geometry.base import BaseGeometry

APPLICATION_ID = 0x47504B47  # "GPKG"
USER_VERSION = 10300
GEOMETRY_COLUMN = "geom"
_FLAGS_LE_XY_ENVELOPE = 0b0000_0011
_FLAGS_LE_EMPTY = 0b0001_0001

META_DDL = """
CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE IF NOT EXISTS gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE IF NOT EXISTS gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
  scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
"""

_RTREE_TRIGGERS = """
CREATE TRIGGER "rtree_{t}_{c}_insert" AFTER INSERT ON "{t}"
WHEN (new."{c}" NOT NULL AND NOT ST_IsEmpty(NEW."{c}"))
BEGIN INSERT OR REPLACE INTO "rtree_{t}_{c}" VALUES (NEW.fid,
  ST_MinX(NEW."{c}"), ST_MaxX(NEW."{c}"), ST_MinY(NEW."{c}"), ST_MaxY(NEW."{c}")); END;
CREATE TRIGGER "rtree_{t}_{c}_update1" AFTER UPDATE OF "{c}" ON "{t}"
WHEN OLD.fid = NEW.fid AND (NEW."{c}" NOTNULL AND NOT ST_IsEmpty(NEW."{c}"))
BEGIN INSERT OR REPLACE INTO "rtree_{t}_{c}" VALUES (NEW.fid,
  ST_MinX(NEW."{c}"), ST_MaxX(NEW."{c}"), ST_MinY(NEW."{c}"), ST_MaxY(NEW."{c}")); END;
CREATE TRIGGER "rtree_{t}_{c}_update2" AFTER UPDATE OF "{c}" ON "{t}"
WHEN OLD.fid = NEW.fid AND (NEW."{c}" ISNULL OR ST_IsEmpty(NEW."{c}"))
BEGIN DELETE FROM "rtree_{t}_{c}" WHERE id = OLD.fid; END;
CREATE TRIGGER "rtree_{t}_{c}_update3" AFTER UPDATE ON "{t}"
WHEN OLD.fid != NEW.fid AND (NEW."{c}" NOTNULL AND NOT ST_IsEmpty(NEW."{c}"))
BEGIN DELETE FROM "rtree_{t}_{c}" WHERE id = OLD.fid;
  INSERT OR REPLACE INTO "rtree_{t}_{c}" VALUES (NEW.fid,
  ST_MinX(NEW."{c}"), ST_MaxX(NEW."{c}"), ST_MinY(NEW."{c}"), ST_MaxY(NEW."{c}")); END;
CREATE TRIGGER "rtree_{t}_{c}_update4" AFTER UPDATE ON "{t}"
WHEN OLD.fid != NEW.fid AND (NEW."{c}" ISNULL OR ST_IsEmpty(NEW."{c}"))
BEGIN DELETE FROM "rtree_{t}_{c}" WHERE id IN (OLD.fid, NEW.fid); END;
CREATE TRIGGER "rtree_{t}_{c}_delete" AFTER DELETE ON "{t}" WHEN old."{c}" NOT NULL
BEGIN DELETE FROM "rtree_{t}_{c}" WHERE id = OLD.fid; END;
"""


def to_blob(geom: BaseGeometry | None, srs_id: int = 4326) -> bytes | None:
    """Encode a geometry as a GeoPackage blob: ``GP`` header, envelope, WKB."""
    if geom is None:
        return None
    wkb = shapely.to_wkb(geom, byte_order=1, output_dimension=2, flavor="iso")
    if geom.is_empty:
        return b"GP" + struct.pack("<BBi", 0, _FLAGS_LE_EMPTY, srs_id) + wkb
    minx, miny, maxx, maxy = geom.bounds
    header = b"GP" + struct.pack("<BBi4d", 0, _FLAGS_LE_XY_ENVELOPE, srs_id, minx, maxx, miny, maxy)
    return header + wkb


@overload
def from_blob(blob: bytes) -> BaseGeometry: ...
@overload
def from_blob(blob: None) -> None: ...
@overload
def from_blob(blob: bytes | None) -> BaseGeometry | None: ...
def from_blob(blob: bytes | None) -> BaseGeometry | None:
    """Decode a GeoPackage blob (any envelope, either byte order) to a geometry."""
    if blob is None:
        return None
    blob = bytes(blob)
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob")
    flags = blob[3]
    envelope_doubles = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}[(flags >> 1) & 0b111]
    return shapely.from_wkb(blob[8 + 8 * envelope_doubles :])


def _bound(index: int):
    def bound(blob: bytes | None) -> float | None:
        geom = from_blob(blob)
        if geom is None or geom.is_empty:
            return None
        return geom.bounds[index]

    return bound


def _is_empty(blob: bytes | None) -> int | None:
    if blob is None:
        return None
    return int(bool(bytes(blob)[3] & 0b0001_0000) or from_blob(blob).is_empty)


def execute_script(conn: sqlite3.Connection, script: str) -> None:
    """Run several statements inside the caller's transaction.

    ``executescript`` would commit first; this splits on complete statements
    (triggers included) and executes them one by one.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement[:60]!r}")


def register_functions(conn: sqlite3.Connection) -> None:
    """Give a plain sqlite3 connection the functions GeoPackage R-tree triggers call."""
    conn.create_function("ST_IsEmpty", 1, _is_empty, deterministic=True)
    conn.create_function("ST_MinX", 1, _bound(0), deterministic=True)
    conn.create_function("ST_MinY", 1, _bound(1), deterministic=True)
    conn.create_function("ST_MaxX", 1, _bound(2), deterministic=True)
    conn.create_function("ST_MaxY", 1, _bound(3), deterministic=True)


def create_metadata(conn: sqlite3.Connection, srs_id: int = 4326) -> None:
    """Create the GeoPackage metadata tables and the spatial reference systems."""
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {USER_VERSION}")
    execute_script(conn, META_DDL)
    rows = [
        ("Undefined cartesian SRS", -1, "NONE", -1, "undefined", None),
        ("Undefined geographic SRS", 0, "NONE", 0, "undefined", None),
        ("WGS 84", srs_id, "EPSG", srs_id, CRS.from_epsg(srs_id).to_wkt("WKT1_GDAL"), None),
    ]
    conn.executemany("INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES (?,?,?,?,?,?)", rows)


def create_feature_table(
    conn: sqlite3.Connection, table: str, columns: list[tuple[str, str]], geometry_type: str,
    srs_id: int = 4326,
) -> None:
    """Create a feature table with its geometry column, registration and R-tree index."""
    column_sql = ", ".join(f'"{name}" {sql_type}' for name, sql_type in columns)
    conn.execute(
        f'CREATE TABLE "{table}" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, '
        f'"{GEOMETRY_COLUMN}" {geometry_type}, {column_sql})'
    )
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES (?,?,?,?)",
        (table, "features", table, srs_id),
    )
    conn.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?,?,?,?,0,0)",
        (table, GEOMETRY_COLUMN, geometry_type, srs_id),
    )
    conn.execute(
        f'CREATE VIRTUAL TABLE "rtree_{table}_{GEOMETRY_COLUMN}" '
        "USING rtree(id, minx, maxx, miny, maxy)"
    )
    execute_script(conn, _RTREE_TRIGGERS.format(t=table, c=GEOMETRY_COLUMN))
    conn.execute(
        "INSERT INTO gpkg_extensions VALUES (?,?,?,?,?)",
        (table, GEOMETRY_COLUMN, "gpkg_rtree_index",
         "http://www.geopackage.org/spec120/#extension_rtree", "write-only"),
    )


def create_attribute_table(conn: sqlite3.Connection, table: str, body_sql: str) -> None:
    """Create a non-spatial table and register it so GIS programs list it."""
    conn.execute(f'CREATE TABLE "{table}" ({body_sql})')
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES (?,?,?)",
        (table, "attributes", table),
    )
