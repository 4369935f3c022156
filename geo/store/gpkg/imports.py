"""The GeoPackage store's bulk import: many new records, their history and a ledger row at once.

An import of 100 000 rows must take seconds, so this path does per column (or in
numpy/shapely array functions) what ``GeoPackageStore.create`` does per record: the
rows, their GeoPackage blobs (``GP`` header + envelope + WKB, built from
``shapely.bounds``/``to_wkb`` on the whole array), the history rows (the JSON text
of ``schema.record_json``, byte for byte, made from per-column encoded values), and
the R-tree entries (from the same bounds, in one ``executemany``, instead of the
insert trigger calling four Python functions per row). Everything happens inside
the caller's ``BEGIN IMMEDIATE`` transaction, so a killed process leaves nothing.

The ledger (table ``io_imports``, registered as an attribute table so QGIS lists
it) remembers each imported file's SHA-256, layer and municipality.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any

import numpy as np
import shapely

from geo.domain.model import FEATURE_TYPES, Feature, utc_now
from geo.store import schema
from geo.store.gpkg import format as fmt

LEDGER = "io_imports"
LEDGER_BODY = ("sha256 TEXT NOT NULL, layer TEXT NOT NULL, kommun_kod TEXT NOT NULL, "
               "file_name TEXT, imported_at DATETIME NOT NULL, user TEXT NOT NULL, "
               "created INTEGER NOT NULL, PRIMARY KEY (sha256, layer, kommun_kod)")
#: Rows per ``executemany`` (and per progress step).
CHUNK = 10_000
#: Pages SQLite may keep in memory during an import (negative: KiB), and temporary
#: tables/indices in memory. Neither weakens durability (journal and sync unchanged).
IMPORT_PRAGMAS = ("PRAGMA cache_size = -131072", "PRAGMA temp_store = MEMORY")
_HISTORY = ("INSERT INTO history (at, user, layer, record_id, action, before, after, reason)"
            " VALUES (?,?,?,?,?,?,?,?)")
#: Python's ``json`` spells these floats so (``float.__repr__`` for the others).
_FLOAT_WORDS = {math.inf: "Infinity", -math.inf: "-Infinity"}


def insert_records(conn: sqlite3.Connection, layer: str, records: Sequence[Feature],
                   user: str, progress: Callable[[float], None] | None = None) -> int:
    """Insert new ``records`` of ``layer`` with their history and R-tree rows.

    The caller holds the transaction. Rows equal those of ``create_many``
    (tests/io/test_ledger.py compares both, R-tree and history included). One chunk
    at a time; a writer thread overlapping the next chunk's preparation was tried and
    dropped: ``sqlite3`` gives up the GIL for every row's step and must then wait for
    the busy preparing thread to hand it back, so the two threads mostly take turns.
    """
    for pragma in IMPORT_PRAGMAS:
        conn.execute(pragma)
    columns = schema.column_names(layer)
    trigger = _rtree_trigger(conn, layer)
    if trigger is not None:
        conn.execute(f'DROP TRIGGER "{trigger[0]}"')
    write = _chunk_writer(conn, layer, [*columns, fmt.GEOMETRY_COLUMN], trigger is not None)
    stamp = schema.to_db(utc_now())
    for start in range(0, len(records), CHUNK):
        write(*_rows(records[start:start + CHUNK], columns, user, layer, stamp))
        if progress:
            progress(min(1.0, (start + CHUNK) / len(records)))
    if trigger is not None:
        conn.execute(trigger[1])
    return len(records)


def _chunk_writer(conn: sqlite3.Connection, layer: str, names: list[str], index: bool
                  ) -> Callable[[list[Any], list[Any], list[Any]], None]:
    """A function that stores one chunk: rows, history rows and (if ``index``) R-tree rows.

    The R-tree gets exactly what the dropped insert trigger would have written:
    ``(fid, minx, maxx, miny, maxy)`` for every row with a non-empty geometry.
    ``AUTOINCREMENT`` hands out rising fids and the write lock is held, so the new
    fids (those above the last one seen) come in the rows' order.
    """
    insert = (f'INSERT INTO "{layer}" ({", ".join(chr(34) + n + chr(34) for n in names)}) '
              f'VALUES ({", ".join("?" * len(names))})')
    rtree = f'INSERT OR REPLACE INTO "rtree_{layer}_{fmt.GEOMETRY_COLUMN}" VALUES (?,?,?,?,?)'
    new_fids = f'SELECT fid FROM "{layer}" WHERE fid > ? ORDER BY fid'
    last = [conn.execute(f'SELECT coalesce(max(fid), 0) FROM "{layer}"').fetchone()[0]]

    def write(rows: list[Any], logs: list[Any], boxes: list[Any]) -> None:
        conn.executemany(insert, rows)
        conn.executemany(_HISTORY, logs)
        if not index:
            return
        fids = [r[0] for r in conn.execute(new_fids, (last[0],))]
        if len(fids) != len(boxes):
            raise sqlite3.IntegrityError(f"{layer}: {len(fids)} new rows, {len(boxes)} written")
        conn.executemany(rtree, [(fid, *box) for fid, box in zip(fids, boxes, strict=True)
                                 if box is not None])
        last[0] = fids[-1] if fids else last[0]

    return write


def _rtree_trigger(conn: sqlite3.Connection, layer: str) -> tuple[str, str] | None:
    """The layer's R-tree insert trigger (name, SQL), or None if the layout is unknown."""
    name = f"rtree_{layer}_{fmt.GEOMETRY_COLUMN}_insert"
    found = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                         (name,)).fetchone()
    return None if found is None else (name, found[0])


def _rows(records: Sequence[Feature], columns: list[str], user: str, layer: str, stamp: str
          ) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[Any]]:
    """Table rows, history rows and R-tree boxes, as ``GeoPackageStore._insert`` makes them.

    Built column by column: each distinct value of a column is converted once.
    """
    kinds = _column_kinds(layer)
    fields = [*columns, "geometry"]
    table = [list(c) for c in zip(*map(itemgetter(*fields), (r.__dict__ for r in records)),
                                  strict=True)] if records else [[] for _ in fields]
    shapes = table.pop()
    for position, column in enumerate(columns):
        values = table[position]
        if column == "updated_at":
            table[position] = [stamp] * len(values)
        elif column == "updated_by":
            table[position] = [user] * len(values)
        elif column == "version":
            table[position] = [1] * len(values)
        elif column in kinds:
            table[position] = _converted(values, _CONVERT[kinds[column]],
                                         stamp if column == "created_at" else None)
    blobs, wkt, boxes = _geometries(shapes)
    rows = list(zip(*table, blobs, strict=True))
    after = _json_objects(fields, [*table, wkt])
    n = len(after)
    logs = list(zip([stamp] * n, [user] * n, [layer] * n, table[columns.index("id")],
                    ["create"] * n, [None] * n, after, [""] * n, strict=True))
    return rows, logs, boxes


def _geometries(shapes: list[Any]) -> tuple[list[bytes | None], list[str | None], list[Any]]:
    """Per shape: its GeoPackage blob (``fmt.to_blob``), WKT and R-tree box (None: none)."""
    geometries = np.array(shapes, dtype=object)
    present = np.array([shape is not None for shape in shapes], dtype=bool)
    blobs: list[bytes | None] = [None] * len(shapes)
    wkt: list[str | None] = [None] * len(shapes)
    boxes: list[Any] = [None] * len(shapes)
    if not present.any():
        return blobs, wkt, boxes
    chosen = geometries[present]
    if shapely.is_empty(chosen).any():  # the model refuses empty shapes; keep to_blob's form
        for index in np.flatnonzero(present).tolist():
            blobs[index], wkt[index] = fmt.to_blob(shapes[index]), shapes[index].wkt
            boxes[index] = None if shapes[index].is_empty else _box(shapes[index].bounds)
        return blobs, wkt, boxes
    bounds = shapely.bounds(chosen)
    headers = np.zeros(len(chosen), dtype=[("magic", "S2"), ("version", "u1"), ("flags", "u1"),
                                            ("srs_id", "<i4"), ("envelope", "<f8", 4)])
    headers["magic"], headers["flags"], headers["srs_id"] = b"GP", 0b11, 4326
    headers["envelope"] = bounds[:, [0, 2, 1, 3]]  # minx, maxx, miny, maxy
    raw, size = headers.tobytes(), headers.itemsize
    wkbs = shapely.to_wkb(chosen, byte_order=1, output_dimension=2, flavor="iso").tolist()
    texts = shapely.to_wkt(chosen, rounding_precision=-1).tolist()
    envelopes = headers["envelope"].tolist()
    for position, index in enumerate(np.flatnonzero(present).tolist()):
        blobs[index] = raw[position * size:(position + 1) * size] + wkbs[position]
        wkt[index], boxes[index] = texts[position], envelopes[position]
    return blobs, wkt, boxes


def _box(bounds: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    minx, miny, maxx, maxy = bounds
    return minx, maxx, miny, maxy


def _json_objects(keys: list[str], columns: list[list[Any]]) -> list[str]:
    """``json.dumps(dict(zip(keys, row)), ensure_ascii=False, sort_keys=True)`` per row.

    Each column is encoded in one pass and the rows are filled into one template:
    the same text as ``json.dumps``, without building and sorting a dict per row.
    """
    order = sorted(range(len(keys)), key=lambda i: keys[i])
    template = "{" + ", ".join(f"{encode_basestring(keys[i])}: %s" for i in order) + "}"
    encoded = [_encoded(columns[i]) for i in order]
    return list(map(template.__mod__, zip(*encoded, strict=True)))


def _encoded(values: list[Any]) -> list[str]:
    """Each value as ``json.dumps`` writes it (text without ASCII escaping).

    A column of few values (a category, a date, None) is encoded once per value;
    other text (ids, descriptions, WKT) goes through the C encoder in one ``map``.
    """
    kinds = set(map(type, values))
    if len(kinds - {type(None)}) <= 1 and float not in kinds:  # 1 == 1.0 == True as keys
        distinct = set(values)
        if len(distinct) * 4 < len(values):
            words = {value: _json_value(value) for value in distinct}
            return list(map(words.__getitem__, values))
    if kinds <= {str}:
        return list(map(encode_basestring, values))
    if kinds <= {str, type(None)}:
        return ["null" if v is None else encode_basestring(v) for v in values]
    return [_json_value(v) for v in values]


def _json_value(value: Any) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return encode_basestring(value)
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return "NaN" if value != value else _FLOAT_WORDS.get(value, float.__repr__(value))
    raise TypeError(f"cannot write {type(value).__name__} to the history")


@lru_cache(maxsize=8)
def _column_kinds(layer: str) -> dict[str, str]:
    """Which columns need converting for the database: enums, dates, timestamps, booleans."""
    return {spec.name: "enum" if spec.enum is not None else spec.kind
            for spec in FEATURE_TYPES[layer].FIELDS
            if spec.enum is not None or spec.kind in _CONVERT}


#: Database value of a field's value, by kind (``schema.to_db``; None stays None).
_CONVERT: dict[str, Callable[[Any], Any]] = {
    "enum": lambda v: v.value, "date": date.isoformat, "datetime": schema.to_db,
    "bool": int,
}


def _converted(values: list[Any], convert: Callable[[Any], Any], missing: Any) -> list[Any]:
    """``values`` converted for the database, each distinct value once; None is ``missing``.

    (A missing creation time is the write's own time, as ``create`` stamps it.)
    """
    done = {v: missing if v is None else convert(v) for v in set(values)}
    return list(map(done.__getitem__, values))


def existing_ids(conn: sqlite3.Connection, layer: str, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` the layer already holds.

    One query: every id of a layer smaller than the list, else the ids as a JSON array.
    """
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return set()
    if conn.execute(f'SELECT count(*) FROM "{layer}"').fetchone()[0] <= len(wanted):
        return {r[0] for r in conn.execute(f'SELECT id FROM "{layer}"')}.intersection(wanted)
    array = "[" + ",".join(encode_basestring(i) for i in wanted) + "]"
    return {r[0] for r in conn.execute(
        f'SELECT id FROM "{layer}" WHERE id IN (SELECT value FROM json_each(?))', (array,))}


def has_ledger(conn: sqlite3.Connection) -> bool:
    """True when the store has the ledger table (it is made by the first import)."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?",
                        (LEDGER,)).fetchone() is not None


def add_to_ledger(conn: sqlite3.Connection, values: tuple[Any, ...]) -> None:
    """Write one ledger row in the caller's transaction (creating the table if needed)."""
    if not has_ledger(conn):  # DDL is transactional in SQLite
        fmt.create_attribute_table(conn, LEDGER, LEDGER_BODY)
    conn.execute(f"INSERT OR REPLACE INTO {LEDGER} VALUES (?,?,?,?,?,?,?)", values)


def ledger_row(conn: sqlite3.Connection, sha256: str, layer: str, kommun_kod: str
               ) -> dict[str, Any] | None:
    """The ledger row of this file, layer and municipality, if it was imported before."""
    if not has_ledger(conn):
        return None
    cursor = conn.execute(f"SELECT * FROM {LEDGER} WHERE sha256 = ? AND layer = ? AND "
                          "kommun_kod = ?", (sha256, layer, kommun_kod))
    row = cursor.fetchone()
    return None if row is None else dict(zip([d[0] for d in cursor.description], row,
                                             strict=True))
