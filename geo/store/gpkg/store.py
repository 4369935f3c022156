"""The embedded store: one GeoPackage file, read by pyogrio, written by sqlite3.

Writes go through one path, a short ``BEGIN IMMEDIATE`` transaction on a WAL-mode
connection, so that concurrent writers queue instead of losing rows, and the
history row is written in the same transaction as the change it records.
GDAL's cached feature counts (``gpkg_ogr_contents``) are never created, so GDAL
always counts the real rows.
"""

from __future__ import annotations

import builtins
import json
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from geo import config
from geo.domain.enums import ActivityKind, TargetPeriod
from geo.domain.filters import Filter
from geo.domain.layers import spec
from geo.domain.model import FEATURE_TYPES, Feature, utc_now
from geo.domain.pledge import default_measure
from geo.store import schema
from geo.store.base import HistoryEntry, StaleVersionError
from geo.store.common import PledgeWrites, VersionedWrites
from geo.store.crime_tables import GpkgCrimeTables
from geo.store.crime_tables import ensure_gpkg as ensure_crime_table
from geo.store.gpkg import format as fmt
from geo.store.gpkg.bulk import GpkgBulkTables
from geo.store.gpkg.tables import GpkgAttributeTables
from geo.store.lagesbild_tables import GpkgLagesbildTables
from geo.store.lagesbild_tables import ensure_gpkg as ensure_lagesbild_table
from geo.store.plan_tables import GpkgPlanTables
from geo.store.plan_tables import ensure_gpkg as ensure_plan_tables
from geo.store.survey_tables import GpkgSurveyTables, ensure_gpkg

_HISTORY_BODY = (
    "seq INTEGER PRIMARY KEY AUTOINCREMENT, at DATETIME NOT NULL, user TEXT NOT NULL, "
    "layer TEXT NOT NULL, record_id TEXT NOT NULL, action TEXT NOT NULL, "
    "before TEXT, after TEXT, reason TEXT"
)
_APPEND_ONLY = """
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
"""
_ATTRIBUTE_TABLES = {
    "store_meta": "key TEXT PRIMARY KEY, value TEXT NOT NULL",
    "pledges": (
        "id TEXT PRIMARY KEY, kommun_kod TEXT NOT NULL, kommun TEXT, police_area TEXT, "
        "title TEXT, period_start DATE, period_end DATE, signed_date DATE, follow_up TEXT, "
        "problem TEXT, goals TEXT, source_document TEXT, other_sources TEXT, "
        "source_title TEXT, source_date DATE, source_publisher TEXT, source_url TEXT, "
        "version INTEGER NOT NULL DEFAULT 1, archived BOOLEAN NOT NULL DEFAULT 0, "
        "updated_at DATETIME, updated_by TEXT"
    ),
    "commitments": (
        "id TEXT PRIMARY KEY, pledge_id TEXT NOT NULL REFERENCES pledges(id), "
        "position INTEGER, text TEXT, kind TEXT, target REAL, unit TEXT, "
        "target_period TEXT, responsible TEXT, measure TEXT"
    ),
    "pledge_documents": (
        "pledge_id TEXT PRIMARY KEY REFERENCES pledges(id), name TEXT NOT NULL, "
        "media_type TEXT NOT NULL, data BLOB NOT NULL, updated_at DATETIME, updated_by TEXT"
    ),
    "activity_counts": (
        "id TEXT PRIMARY KEY, kommun_kod TEXT NOT NULL, pledge_id TEXT, commitment_id TEXT, "
        "kind TEXT NOT NULL, month TEXT NOT NULL, count INTEGER NOT NULL, "
        "updated_at DATETIME, updated_by TEXT, version INTEGER NOT NULL"
    ),
    "history": _HISTORY_BODY,
    "users": (
        "email TEXT PRIMARY KEY, name TEXT, role TEXT NOT NULL, kommuner TEXT NOT NULL, "
        "password_hash TEXT, updated_at DATETIME, updated_by TEXT"
    ),
}

#: Columns added to a non-map table after its first version (a file made earlier lacks them).
_ADDED_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "pledges": (("source_title", "TEXT"), ("source_date", "DATE"),
                ("source_publisher", "TEXT"), ("source_url", "TEXT"),
                ("version", "INTEGER NOT NULL DEFAULT 1"),
                ("archived", "BOOLEAN NOT NULL DEFAULT 0"), ("updated_at", "DATETIME"),
                ("updated_by", "TEXT")),
    "commitments": (("measure", "TEXT"),),
}


def _has_schema(conn: sqlite3.Connection) -> bool:
    return conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='store_meta'"
    ).fetchone() is not None


def _upgrade(conn: sqlite3.Connection) -> None:
    """Add the tables and nullable columns that the model has and an older file lacks."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for layer in FEATURE_TYPES:
        if layer not in tables:  # a layer newer than the file
            _create_layer(conn, layer)
    for table, body in _ATTRIBUTE_TABLES.items():
        if table not in tables:
            fmt.create_attribute_table(conn, table, body)
    for table, added in _ADDED_COLUMNS.items():
        present = {r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')}
        for name, sql_type in added:
            if name not in present:
                conn.execute(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {sql_type}')
    for layer in FEATURE_TYPES:
        present = {r[1] for r in conn.execute(f'PRAGMA table_info("{layer}")')}
        for name, sql_type in schema.columns(layer):
            if name not in present:
                conn.execute(f'ALTER TABLE "{layer}" ADD COLUMN "{name}" {sql_type}')
    # places resolved before they carried a date: the day of their last change
    # (never before they were reported)
    conn.execute("UPDATE unsafe_places SET resolved_date = max(reported_date, "
                 "coalesce(substr(updated_at, 1, 10), reported_date)) "
                 "WHERE status = 'resolved' AND resolved_date IS NULL")
    # commitments stored before they named a measure: the one their kind gives
    _fill_measures(conn)
    # finding statuses before the full lifecycle: open → new, rejected → not done
    conn.execute("UPDATE findings SET status = 'new' WHERE status = 'open'")
    conn.execute("UPDATE findings SET status = 'not_done', status_reason = 'avvisad' "
                 "WHERE status = 'rejected'")
    ensure_gpkg(conn)  # survey results and their areas (issue 9)
    ensure_plan_tables(conn)  # åtgärdsplaner (issue 19)
    ensure_lagesbild_table(conn)  # lägesbilder's written parts (issue 19)
    ensure_crime_table(conn)  # reported crimes from Brå (issue 19)


def _create_layer(conn: sqlite3.Connection, layer: str) -> None:
    """The layer's feature table and its index by municipality and date."""
    fmt.create_feature_table(conn, layer, schema.columns(layer), spec(layer).gpkg_geometry)
    conn.execute(f'CREATE INDEX "{layer}_kommun" ON "{layer}" '
                 f"(kommun_kod, {spec(layer).date_field})")


def _fill_measures(conn: sqlite3.Connection) -> None:
    """Store the default measure of commitments saved before measures were stored."""
    rows = conn.execute("SELECT id, kind, target_period FROM commitments "
                        "WHERE measure IS NULL").fetchall()
    for row in rows:
        measure = default_measure(ActivityKind(row["kind"]), TargetPeriod(row["target_period"]))
        conn.execute("UPDATE commitments SET measure = ? WHERE id = ?",
                     (measure.value, row["id"]))


class GeoPackageStore(GpkgAttributeTables, GpkgBulkTables, GpkgSurveyTables, GpkgPlanTables,
                      GpkgLagesbildTables, GpkgCrimeTables, PledgeWrites, VersionedWrites):
    """A :class:`~geo.store.base.Store` on one ``.gpkg`` file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    # -- connections and schema -------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path, timeout=config.BUSY_TIMEOUT_S, isolation_level=None,
            check_same_thread=False,
        )
        conn.row_factory = sqlite3.Row
        deadline = time.monotonic() + config.BUSY_TIMEOUT_S
        while True:  # on a brand-new file, switching to WAL can meet SQLITE_BUSY at once
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    conn.close()
                    raise
                time.sleep(0.01)
        conn.execute(f"PRAGMA busy_timeout = {int(config.BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        fmt.register_functions(conn)
        return conn

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """A short write transaction: ``BEGIN IMMEDIATE`` takes the write lock up front."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def exists(self) -> bool:
        """True when the file holds an initialised store."""
        if not self.path.exists():
            return False
        conn = self._connect()
        try:
            return _has_schema(conn)
        finally:
            conn.close()

    def initialize(self) -> None:
        """Create the GeoPackage and every table if missing; add what a newer model has."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._transaction() as conn:
            if _has_schema(conn):  # made earlier, or by another process while we waited
                _upgrade(conn)
                return
            fmt.create_metadata(conn)
            for layer in FEATURE_TYPES:
                _create_layer(conn, layer)
            for table, body in _ATTRIBUTE_TABLES.items():
                fmt.create_attribute_table(conn, table, body)
            fmt.execute_script(conn, _APPEND_ONLY)
            ensure_gpkg(conn)
            ensure_plan_tables(conn)
            ensure_lagesbild_table(conn)
            ensure_crime_table(conn)
            conn.execute("INSERT INTO store_meta VALUES ('store_id', ?)", (str(uuid.uuid4()),))

    # -- reads ---------------------------------------------------------------------

    def list(self, layer: str, flt: Filter | None = None, *, public: bool = False
             ) -> gpd.GeoDataFrame:
        """Read features through pyogrio.

        ``public`` selects public records and only the public columns in the query
        itself (an allowlist), so nothing private ever reaches the page.
        """
        record_type = FEATURE_TYPES[layer]
        columns = list(record_type.PUBLIC_FIELDS) if public else schema.column_names(layer)
        conditions = [flt.where(layer)] if flt else []
        conditions.append("deleted_at IS NULL")
        if public:
            conditions.append("visibility = 'public'")
        frame = pyogrio.read_dataframe(
            self.path, layer=layer, columns=columns,
            where=" AND ".join(conditions) or None,
        )
        order = record_type.DATE_FIELD
        return frame.sort_values([order, "id"], kind="stable").reset_index(drop=True)

    def get(self, layer: str, record_id: str, *, deleted: bool = False) -> Feature | None:
        """Read one record (through sqlite3, the same view writers see).

        A soft-deleted record is None unless ``deleted`` asks for it.
        """
        conn = self._connect()
        try:
            record = self._read(conn, layer, record_id)
        finally:
            conn.close()
        if record is not None and record.deleted_at is not None and not deleted:
            return None
        return record

    def _read(self, conn: sqlite3.Connection, layer: str, record_id: str, *,
              lock: bool = False) -> Feature | None:
        """One record; ``lock`` needs nothing more here (``BEGIN IMMEDIATE`` holds the file)."""
        columns = schema.column_names(layer)
        quoted = ", ".join(f'"{c}"' for c in columns)
        row = conn.execute(
            f'SELECT {quoted}, "{fmt.GEOMETRY_COLUMN}" FROM "{layer}" WHERE id = ?',
            (record_id,),
        ).fetchone()
        if row is None:
            return None
        values = {c: row[c] for c in columns}
        values["geometry"] = fmt.from_blob(row[fmt.GEOMETRY_COLUMN])
        return schema.from_db(layer, values)

    def history(self, layer: str | None = None, record_id: str | None = None
                ) -> builtins.list[HistoryEntry]:
        """Changes, oldest first, optionally for one layer or one record."""
        sql = "SELECT * FROM history WHERE 1=1"
        args: builtins.list[str] = []
        if layer:
            sql, args = sql + " AND layer = ?", [*args, layer]
        if record_id:
            sql, args = sql + " AND record_id = ?", [*args, record_id]
        conn = self._connect()
        try:
            rows = conn.execute(sql + " ORDER BY seq", args).fetchall()
        finally:
            conn.close()
        return [
            HistoryEntry(
                seq=r["seq"], at=pd.Timestamp(r["at"]).to_pydatetime(), user=r["user"],
                layer=r["layer"], record_id=r["record_id"], action=r["action"],
                before=json.loads(r["before"]) if r["before"] else None,
                after=json.loads(r["after"]) if r["after"] else None, reason=r["reason"] or "",
            )
            for r in rows
        ]

    def set_meta(self, key: str, value: str) -> None:
        """Record a fact about the store (e.g. ``contents = example``)."""
        with self._transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO store_meta VALUES (?, ?)", (key, value))

    def meta(self, key: str) -> str | None:
        """A fact recorded with :meth:`set_meta`, or None."""
        conn = self._connect()
        try:
            row = conn.execute("SELECT value FROM store_meta WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
        return row[0] if row else None

    def data_version(self) -> str:
        """The store's id and its newest history entry: changes with every write."""
        conn = self._connect()
        try:
            store_id = conn.execute(
                "SELECT value FROM store_meta WHERE key = 'store_id'"
            ).fetchone()[0]
            seq = conn.execute("SELECT coalesce(max(seq), 0) FROM history").fetchone()[0]
        finally:
            conn.close()
        return f"{store_id}:{seq}"

    # -- writes --------------------------------------------------------------------

    def create(self, record: Feature, user: str) -> Feature:
        """Insert one record."""
        with self._transaction() as conn:
            return self._insert(conn, record, user)

    def create_many(self, records: builtins.list[Feature], user: str) -> int:
        """Insert many records in one transaction (all or nothing)."""
        with self._transaction() as conn:
            for record in records:
                self._insert(conn, record, user)
        return len(records)

    def _insert(self, conn: sqlite3.Connection, record: Feature, user: str) -> Feature:
        now = utc_now()
        stored = record.replace(
            created_at=record.created_at or now, updated_at=now, updated_by=user, version=1
        )
        self._write_row(conn, stored, insert=True)
        self._log(conn, user, stored.LAYER, stored.id, "create", None, schema.record_json(stored))
        return stored

    def _rewrite(self, conn: sqlite3.Connection, record: Feature, expected_version: int
                 ) -> None:
        """Write every column of a record read under this transaction's write lock."""
        self._write_row(conn, record, insert=False, expected_version=expected_version)

    def _write_row(self, conn: sqlite3.Connection, record: Feature, *, insert: bool,
                   expected_version: int | None = None) -> None:
        values = schema.record_values(record)
        values[fmt.GEOMETRY_COLUMN] = fmt.to_blob(record.geometry)
        names = list(values)
        quoted = ", ".join(f'"{n}"' for n in names)
        if insert:
            marks = ", ".join("?" for _ in names)
            conn.execute(f'INSERT INTO "{record.LAYER}" ({quoted}) VALUES ({marks})',
                         [values[n] for n in names])
            return
        assignments = ", ".join(f'"{n}" = ?' for n in names)
        cursor = conn.execute(
            f'UPDATE "{record.LAYER}" SET {assignments} WHERE id = ? AND version = ?',
            [*(values[n] for n in names), record.id, expected_version],
        )
        if cursor.rowcount != 1:  # cannot happen under BEGIN IMMEDIATE; refuse loudly
            raise StaleVersionError(record.LAYER, record.id, expected_version or 0, -1, "", None)

    def _log(self, conn: sqlite3.Connection, user: str, layer: str, record_id: str,
             action: str, before: str | None, after: str | None, reason: str = "") -> None:
        """Append one history row (JSON before and after) in the caller's transaction."""
        conn.execute(
            "INSERT INTO history (at, user, layer, record_id, action, before, after, reason) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (schema.to_db(utc_now()), user, layer, record_id, action, before, after, reason),
        )
