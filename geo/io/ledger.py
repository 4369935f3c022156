"""Writing an import in one transaction, and the ledger of files already imported.

For the GeoPackage store, :func:`write` inserts the records, their history rows and
the ledger row in one ``BEGIN IMMEDIATE`` transaction on a WAL connection set up
like the store's own (the same lock every writer queues on), with ``executemany``
in chunks, so that 100 000 rows take seconds; a process killed halfway leaves
nothing. The rows written are exactly those of ``GeoPackageStore.create_many``
(a test compares both). Other stores get ``create_many`` itself and no ledger:
there the stable row ids alone make a second import create nothing.

The ledger (table ``io_imports``, registered as an attribute table so QGIS lists
it) remembers each imported file's SHA-256, layer and municipality, so a second
import of the same file is recognised at once.
"""

from __future__ import annotations

import json
import sqlite3
import struct
import time
import typing
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from functools import lru_cache
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

import numpy as np
import shapely

from geo import config
from geo.io import limits
from geo.model import FEATURE_TYPES, Feature, utc_now
from geo.store import GeoPackageStore, Store, schema
from geo.store import gpkg_format as fmt

LEDGER = "io_imports"
LEDGER_BODY = ("sha256 TEXT NOT NULL, layer TEXT NOT NULL, kommun_kod TEXT NOT NULL, "
               "file_name TEXT, imported_at DATETIME NOT NULL, user TEXT NOT NULL, "
               "created INTEGER NOT NULL, PRIMARY KEY (sha256, layer, kommun_kod)")


def connect(store: GeoPackageStore) -> sqlite3.Connection:
    """A connection set up like the store's: WAL, busy timeout, the R-tree functions."""
    conn = sqlite3.connect(store.path, timeout=config.BUSY_TIMEOUT_S, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA busy_timeout = {int(config.BUSY_TIMEOUT_S * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    fmt.register_functions(conn)
    for name, index in (("ST_MinX", 0), ("ST_MaxX", 1), ("ST_MinY", 2), ("ST_MaxY", 3)):
        conn.create_function(name, 1, _envelope(index), deterministic=True)
    conn.create_function("ST_IsEmpty", 1, _is_empty, deterministic=True)
    return conn


def _is_empty(blob: bytes | None) -> int | None:
    """The blob header's empty flag (an enveloped blob states it; others are decoded)."""
    if blob is None:
        return None
    if (blob[3] >> 1) & 0b111 == 1:
        return (blob[3] >> 4) & 1
    geom = fmt.from_blob(blob)
    return int(geom is None or geom.is_empty)


def _envelope(index: int) -> Callable[[bytes | None], float | None]:
    """Read a bound from the blob's envelope (``fmt.to_blob`` always writes one)."""
    slow = {0: 0, 1: 2, 2: 1, 3: 3}[index]  # envelope order minx, maxx, miny, maxy

    def bound(blob: bytes | None) -> float | None:
        if blob is None:
            return None
        if (blob[3] >> 1) & 0b111 == 1:
            return struct.unpack_from("<d", blob, 8 + 8 * index)[0]
        geom = fmt.from_blob(blob)
        return None if geom is None or geom.is_empty else geom.bounds[slow]

    return bound


def previous_import(store: Store, sha256: str, layer: str, kommun_kod: str
                    ) -> dict[str, Any] | None:
    """The ledger row of this file, layer and municipality, if it was imported before."""
    if not isinstance(store, GeoPackageStore) or not store.path.exists():
        return None
    conn = connect(store)
    try:
        if not _has_ledger(conn):
            return None
        conn.row_factory = sqlite3.Row
        row = conn.execute(f"SELECT * FROM {LEDGER} WHERE sha256 = ? AND layer = ? AND "
                           "kommun_kod = ?", (sha256, layer, kommun_kod)).fetchone()
        return dict(row) if row else None
    finally:
        conn.close()


def existing_ids(store: Store, layer: str, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` the store already holds in ``layer``."""
    wanted = list(dict.fromkeys(ids))
    if not isinstance(store, GeoPackageStore):
        return {i for i in wanted if store.get(layer, i) is not None}
    conn = connect(store)
    try:
        found: set[str] = set()
        for start in range(0, len(wanted), 900):
            chunk = wanted[start:start + 900]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in conn.execute(
                f'SELECT id FROM "{layer}" WHERE id IN ({marks})', chunk))
        return found
    finally:
        conn.close()


def write(store: Store, records: list[Feature], user: str, *, sha256: str, file_name: str,
          layer: str, kommun_kod: str, progress: Callable[[float], None] | None = None) -> int:
    """Insert ``records`` (all of ``layer``) and the ledger row, all or nothing."""
    if not isinstance(store, GeoPackageStore):
        return store.create_many(records, user)
    columns = schema.column_names(layer)
    names = [*columns, fmt.GEOMETRY_COLUMN]
    insert = (f'INSERT INTO "{layer}" ({", ".join(chr(34) + n + chr(34) for n in names)}) '
              f'VALUES ({", ".join("?" * len(names))})')
    history = ("INSERT INTO history (at, user, layer, record_id, action, before, after, reason)"
               " VALUES (?,?,?,?,?,?,?,?)")
    conn = connect(store)
    conn.execute("PRAGMA cache_size = -65536")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            with _rtree_after(conn, layer):
                for start in range(0, len(records), limits.WRITE_CHUNK):
                    chunk = records[start:start + limits.WRITE_CHUNK]
                    rows, logs = _rows(chunk, columns, user, layer)
                    conn.executemany(insert, rows)
                    conn.executemany(history, logs)
                    if progress:
                        progress(min(1.0, (start + len(chunk)) / len(records)))
            _ensure_ledger(conn)
            conn.execute(f"INSERT OR REPLACE INTO {LEDGER} VALUES (?,?,?,?,?,?,?)",
                         (sha256, layer, kommun_kod, file_name, schema.to_db(utc_now()), user,
                          len(records)))
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()
    return len(records)


@contextmanager
def _rtree_after(conn: sqlite3.Connection, layer: str) -> Iterator[None]:
    """Index the new rows in the R-tree in one statement after inserting them.

    The GeoPackage insert trigger fills the R-tree row by row, which is three times
    slower than one ``INSERT … SELECT`` at the end. Inside the caller's transaction
    the trigger is dropped, the rows are inserted, the R-tree is filled with exactly
    what the trigger would have put there, and the trigger is created again from its
    own SQL: other connections never see the table without it, and a rollback (or a
    killed process) restores it with everything else.
    """
    name = f"rtree_{layer}_{fmt.GEOMETRY_COLUMN}"
    found = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                         (f"{name}_insert",)).fetchone()
    if found is None:  # not the layout this module knows: let the trigger do its work
        yield
        return
    first = conn.execute(f'SELECT coalesce(max(fid), 0) FROM "{layer}"').fetchone()[0]
    conn.execute(f'DROP TRIGGER "{name}_insert"')
    yield
    column = fmt.GEOMETRY_COLUMN
    conn.execute(
        f'INSERT OR REPLACE INTO "{name}" SELECT fid, ST_MinX("{column}"), ST_MaxX("{column}"), '
        f'ST_MinY("{column}"), ST_MaxY("{column}") FROM "{layer}" WHERE fid > ? AND '
        f'"{column}" NOT NULL AND NOT ST_IsEmpty("{column}")', (first,))
    conn.execute(found[0])


def _json_encoder() -> Callable[[dict[str, Any]], str]:
    """``json.dumps(value, ensure_ascii=False, sort_keys=True)``, made once.

    ``json.dumps`` with options builds a new encoder per call; for every imported
    row that was a third of the time spent making history rows. The values are
    plain (text, numbers, None), so the circular-reference check is left out.
    """
    encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True)
    if c_make_encoder is None:  # a Python without the C accelerator
        return encoder.encode
    make = c_make_encoder(None, encoder.default, encode_basestring, None, ": ", ", ", True,
                          False, True)
    return lambda value: "".join(make(value, 0))


_JSON = _json_encoder()


def _rows(records: list[Feature], columns: list[str], user: str, layer: str
          ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Table rows and history rows, exactly as ``GeoPackageStore._insert`` makes them.

    Built column by column (one conversion per column, not per value) because this
    runs for every imported row.
    """
    dicts = [r.__dict__ for r in records]
    kinds = _column_kinds(layer)
    stamp = schema.to_db(utc_now())
    table: list[list[Any]] = []
    for column in columns:
        values = [d[column] for d in dicts]
        kind = kinds.get(column)
        if column == "updated_at":
            values = [stamp] * len(values)
        elif column == "created_at":
            values = [stamp if v is None else _stamp(v) for v in values]
        elif column == "updated_by":
            values = [user] * len(values)
        elif column == "version":
            values = [1] * len(values)
        elif kind == "enum":
            values = [None if v is None else v.value for v in values]
        elif kind == "date":
            values = [None if v is None else v.isoformat() for v in values]
        elif kind == "datetime":
            values = [None if v is None else _stamp(v) for v in values]
        elif kind == "bool":
            values = [None if v is None else int(v) for v in values]
        table.append(values)
    geometries = np.array([d["geometry"] for d in dicts], dtype=object)
    present = np.array([g is not None for g in geometries], dtype=bool)
    blobs: list[bytes | None] = [None] * len(records)
    wkt: list[str | None] = [None] * len(records)
    if present.any():
        shapes = geometries[present]
        header = struct.Struct("<2sBBi4d")
        packed = [header.pack(b"GP", 0, 0b11, 4326, b[0], b[2], b[1], b[3]) + w for b, w in
                  zip(shapely.bounds(shapes).tolist(), shapely.to_wkb(
                      shapes, byte_order=1, output_dimension=2, flavor="iso"), strict=True)]
        texts = shapely.to_wkt(shapes, rounding_precision=-1).tolist()
        for position, index in enumerate(np.flatnonzero(present).tolist()):
            blobs[index], wkt[index] = packed[position], texts[position]
    rows = list(zip(*table, blobs, strict=True))
    logs = []
    for row, shape_text in zip(rows, wkt, strict=True):
        after = dict(zip(columns, row, strict=False))
        after["geometry"] = shape_text
        logs.append((stamp, user, layer, after["id"], "create", None, _JSON(after), ""))
    return rows, logs


@lru_cache(maxsize=8)
def _column_kinds(layer: str) -> dict[str, str]:
    """Which columns need converting for the database: enums, dates, timestamps, booleans."""
    hints = typing.get_type_hints(FEATURE_TYPES[layer])
    kinds = {}
    for name, hint in hints.items():
        base = next((a for a in typing.get_args(hint) if a is not type(None)), hint)
        if isinstance(base, type) and issubclass(base, Enum):
            kinds[name] = "enum"
        elif base is datetime:
            kinds[name] = "datetime"
        elif base is date:
            kinds[name] = "date"
        elif base is bool:
            kinds[name] = "bool"
    return kinds


_STAMPS: dict[datetime, str] = {}


def _stamp(value: datetime) -> str:
    """``schema.to_db`` of a timestamp, remembered (an import's rows share a few)."""
    text = _STAMPS.get(value)
    if text is None:
        if len(_STAMPS) > 10_000:
            _STAMPS.clear()
        text = _STAMPS[value] = schema.to_db(value)
    return text


def _has_ledger(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                        (LEDGER,)).fetchone() is not None


def _ensure_ledger(conn: sqlite3.Connection) -> None:
    """Create the ledger inside the caller's transaction (DDL is transactional in SQLite)."""
    if not _has_ledger(conn):
        fmt.create_attribute_table(conn, LEDGER, LEDGER_BODY)


def imported_at(row: dict[str, Any]) -> str:
    """When a ledger row was written, for messages (``2024-05-01 10:12``)."""
    try:
        return datetime.fromisoformat(row["imported_at"].replace("Z", "+00:00")).strftime(
            "%Y-%m-%d %H:%M")
    except (KeyError, ValueError, AttributeError):
        return "?"


def timer() -> Callable[[], float]:
    """Seconds since the call (for the report)."""
    started = time.perf_counter()
    return lambda: time.perf_counter() - started
