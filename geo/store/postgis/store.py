"""The shared store: PostgreSQL with PostGIS, through SQLAlchemy (psycopg 3).

Same contract as the GeoPackage store (:mod:`geo.store.gpkg.store`). Every write is one
transaction; an update or delete locks its row (``SELECT … FOR UPDATE``) before the
optimistic version check, and writes its history row in the same transaction. Every write
transaction also counts up the one-row ``data_version`` table just before it commits, so
the data version changes with every committed write, in commit order (a history sequence
number would not: sequences are handed out before commit). Filtering runs in the database
(:meth:`geo.domain.filters.Filter.where` is plain SQL that PostgreSQL reads as it is: dates are
``DATE`` columns compared with ISO literals); geometries are ``geometry(…, 4326)`` with GiST
indexes. The schema comes from Alembic migrations (:mod:`geo.store.postgis.schema`).
"""

from __future__ import annotations

import builtins
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from geo import config
from geo.domain.filters import Filter
from geo.domain.model import FEATURE_TYPES, Feature, utc_now
from geo.store import schema
from geo.store.base import HistoryEntry, StaleVersionError, StoreError
from geo.store.common import PledgeWrites, VersionedWrites
from geo.store.crime_tables import PostGISCrimeTables
from geo.store.lagesbild_tables import PostGISLagesbildTables
from geo.store.plan_tables import PostGISPlanTables
from geo.store.postgis import schema as pg
from geo.store.postgis.bulk import PostGISBulkTables
from geo.store.postgis.imports import PostGISImports
from geo.store.postgis.tables import PostGISAttributeTables, to_pg
from geo.store.survey_tables import PostGISSurveyTables

_GEOM = pg.GEOMETRY_COLUMN


def _utc(value: Any) -> Any:
    """A column's value as read, a datetime turned to UTC."""
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _quoted(names: list[str] | tuple[str, ...]) -> str:
    return ", ".join(f'"{name}"' for name in names)


class PostGISStore(PostGISAttributeTables, PostGISBulkTables, PostGISImports, PostGISSurveyTables,
                   PostGISPlanTables, PostGISLagesbildTables, PostGISCrimeTables, PledgeWrites,
                   VersionedWrites):
    """A :class:`~geo.store.base.Store` on one PostgreSQL database with PostGIS."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._sa_url = pg.sqlalchemy_url(url)
        self._engine: Engine | None = None
        self._pid = 0

    def __repr__(self) -> str:
        return f"PostGISStore({self._sa_url.render_as_string(hide_password=True)!r})"

    # -- connections and schema -------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        """The connection pool of this process (a forked child makes its own)."""
        if self._engine is None or self._pid != os.getpid():
            self._engine = sa.create_engine(
                self._sa_url, pool_pre_ping=True, pool_size=5, max_overflow=10,
                connect_args={"connect_timeout": int(config.BUSY_TIMEOUT_S)},
            )
            self._pid = os.getpid()
        return self._engine

    def close(self) -> None:
        """Close the pooled connections (the store opens new ones when used again)."""
        if self._engine is not None and self._pid == os.getpid():
            self._engine.dispose()
        self._engine = None

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """A connection for reads (its implicit transaction is rolled back at the end)."""
        try:
            connection = self.engine.connect()
        except sa.exc.OperationalError as error:
            raise StoreError(f"cannot connect to {self!r}: {error.orig}") from error
        with connection:
            yield connection

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """A write transaction; it counts up the data version just before it commits."""
        with self._connect() as conn, conn.begin():
            yield conn
            conn.execute(sa.text("UPDATE data_version SET n = n + 1 WHERE id = 1"))

    def exists(self) -> bool:
        """True when the database holds an initialised store."""
        with self._connect() as conn:
            return bool(conn.execute(
                sa.text("SELECT to_regclass('store_meta') IS NOT NULL")).scalar())

    def initialize(self) -> None:
        """Create or upgrade the schema (Alembic migrations; idempotent, safe to race)."""
        try:
            with self._connect() as conn, conn.begin():
                pg.upgrade(conn)
                missing = pg.missing_columns(conn)
        except sa.exc.DBAPIError as error:  # e.g. no right to create tables or PostGIS
            raise StoreError(f"cannot create the schema in {self!r}: {error.orig}") from error
        if missing:
            raise StoreError(f"the database lacks columns of the model, {missing}: "
                             "a migration is missing in geo/store/migrations/versions")

    # -- reads ------------------------------------------------------------------------------

    def list(self, layer: str, flt: Filter | None = None, *, public: bool = False
             ) -> gpd.GeoDataFrame:
        """Features of ``layer``, filtered in the database.

        ``public`` selects public records and only the public columns in the query itself
        (an allowlist), so nothing private ever leaves the database.
        """
        record_type = FEATURE_TYPES[layer]
        columns = [c for c in schema.column_names(layer)  # in table order, as pyogrio gives
                   if not public or c in record_type.PUBLIC_FIELDS]
        conditions = [flt.where(layer)] if flt else []
        conditions.append("deleted_at IS NULL")
        if public:
            conditions.append("visibility = 'public'")
        query = (f'SELECT {_quoted(columns)}, ST_AsBinary("{_GEOM}") FROM "{layer}" '
                 f"WHERE {' AND '.join(conditions)} "
                 f'ORDER BY "{record_type.DATE_FIELD}", id COLLATE "C"')
        with self._connect() as conn:
            rows = conn.execute(sa.text(query)).all()
        return _frame(layer, columns, rows)

    def get(self, layer: str, record_id: str, *, deleted: bool = False) -> Feature | None:
        """One record, or None; a soft-deleted record is None unless ``deleted`` asks for it."""
        with self._connect() as conn:
            record = self._read(conn, layer, record_id)
        if record is not None and record.deleted_at is not None and not deleted:
            return None
        return record

    def _read(self, conn: Connection, layer: str, record_id: str, *, lock: bool = False
              ) -> Feature | None:
        columns = schema.column_names(layer)
        row = conn.execute(sa.text(
            f'SELECT {_quoted(columns)}, ST_AsBinary("{_GEOM}") AS "{_GEOM}" FROM "{layer}" '
            f"WHERE id = :id{' FOR UPDATE' if lock else ''}"
        ), {"id": record_id}).mappings().first()
        if row is None:
            return None
        values = {c: _utc(row[c]) for c in columns}
        values["geometry"] = shapely.from_wkb(row[_GEOM]) if row[_GEOM] is not None else None
        return schema.from_db(layer, values)

    def history(self, layer: str | None = None, record_id: str | None = None
                ) -> builtins.list[HistoryEntry]:
        """Changes, oldest first, optionally for one layer or one record."""
        query = "SELECT * FROM history WHERE true"
        args: dict[str, str] = {}
        if layer:
            query, args = query + " AND layer = :layer", {**args, "layer": layer}
        if record_id:
            query, args = query + " AND record_id = :record_id", {**args, "record_id": record_id}
        with self._connect() as conn:
            rows = conn.execute(sa.text(query + " ORDER BY seq"), args).mappings().all()
        return [
            HistoryEntry(seq=r["seq"], at=_utc(r["at"]), user=r["user"], layer=r["layer"],
                         record_id=r["record_id"], action=r["action"], before=r["before"],
                         after=r["after"], reason=r["reason"] or "")
            for r in rows
        ]

    def set_meta(self, key: str, value: str) -> None:
        """Record a fact about the store (e.g. ``contents = example``)."""
        with self._transaction() as conn:
            conn.execute(sa.text(
                "INSERT INTO store_meta VALUES (:key, :value) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ), {"key": key, "value": value})

    def meta(self, key: str) -> str | None:
        """A fact recorded with :meth:`set_meta`, or None."""
        with self._connect() as conn:
            return conn.execute(sa.text("SELECT value FROM store_meta WHERE key = :key"),
                                {"key": key}).scalar()

    def data_version(self) -> str:
        """The store's id and its count of committed write transactions."""
        with self._connect() as conn:
            store_id, n = conn.execute(sa.text(
                "SELECT (SELECT value FROM store_meta WHERE key = 'store_id'), n "
                "FROM data_version WHERE id = 1"
            )).one()
        return f"{store_id}:{n}"

    # -- writes -----------------------------------------------------------------------------

    def create(self, record: Feature, user: str) -> Feature:
        """Insert one record."""
        return self._insert_many([record], user)[0]

    def create_many(self, records: builtins.list[Feature], user: str) -> int:
        """Insert many records in one transaction (all or nothing)."""
        return len(self._insert_many(records, user))

    def _insert_many(self, records: builtins.list[Feature], user: str,
                     then: Callable[[Connection], None] | None = None
                     ) -> builtins.list[Feature]:
        """Insert records and their history; ``then(conn)`` runs in the same transaction."""
        now = utc_now()
        stored = [r.replace(created_at=r.created_at or now, updated_at=now, updated_by=user,
                            version=1) for r in records]
        by_layer: dict[str, builtins.list[Feature]] = {}
        for record in stored:
            by_layer.setdefault(record.LAYER, []).append(record)
        with self._transaction() as conn:
            for layer, group in by_layer.items():
                names = schema.column_names(layer)
                conn.execute(sa.text(
                    f'INSERT INTO "{layer}" ({_quoted(names)}, "{_GEOM}") VALUES '
                    f"({', '.join(':' + n for n in names)}, "
                    f"ST_GeomFromWKB(:{_GEOM}, {pg.SRID}))"
                ), [_row(record) for record in group])
            self._log_many(conn, [
                (user, r.LAYER, r.id, "create", None, schema.record_json(r), "") for r in stored
            ])
            if then is not None:  # e.g. an import's ledger row (geo/store/postgis/imports.py)
                then(conn)
        return stored

    def _rewrite(self, conn: Connection, record: Feature, expected_version: int) -> None:
        """Write every column of a record locked by :meth:`_current`."""
        assignments = ", ".join(f'"{n}" = :{n}' for n in schema.column_names(record.LAYER))
        result = conn.execute(sa.text(
            f'UPDATE "{record.LAYER}" SET {assignments}, '
            f'"{_GEOM}" = ST_GeomFromWKB(:{_GEOM}, {pg.SRID}) '
            "WHERE id = :id AND version = :expected_version"
        ), {**_row(record), "expected_version": expected_version})
        if result.rowcount != 1:  # cannot happen under the row lock; refuse loudly
            raise StaleVersionError(record.LAYER, record.id, expected_version, -1, "", None)

    def _log(self, conn: Connection, user: str, layer: str, record_id: str, action: str,
             before: str | None, after: str | None, reason: str = "") -> None:
        """Append one history row in the caller's transaction."""
        self._log_many(conn, [(user, layer, record_id, action, before, after, reason)])

    def _log_many(self, conn: Connection, entries: builtins.list[tuple[Any, ...]]) -> None:
        """Append history rows (JSON before and after) in the caller's transaction."""
        if not entries:
            return
        at = to_pg(utc_now())
        conn.execute(sa.text(
            'INSERT INTO history (at, "user", layer, record_id, action, before, after, reason) '
            "VALUES (:at, :user, :layer, :record_id, :action, CAST(:before AS jsonb), "
            "CAST(:after AS jsonb), :reason)"
        ), [
            {"at": at, "user": user, "layer": layer, "record_id": record_id, "action": action,
             "before": before, "after": after, "reason": reason}
            for user, layer, record_id, action, before, after, reason in entries
        ])


def _row(record: Feature) -> dict[str, Any]:
    """A record's columns as bind parameters, the geometry as WKB."""
    values = {name: to_pg(getattr(record, name)) for name in schema.column_names(record.LAYER)}
    geometry = record.geometry
    values[_GEOM] = None if geometry is None else shapely.to_wkb(geometry, output_dimension=2)
    return values


def _frame(layer: str, columns: list[str], rows: Sequence[Any]) -> gpd.GeoDataFrame:
    """Rows as a GeoDataFrame with the dtypes the GeoPackage store's reader gives."""
    types = dict(schema.columns(layer))
    frame = pd.DataFrame([tuple(r[:-1]) for r in rows], columns=columns, dtype=object)
    for name in columns:
        kind = types[name].split()[0]
        column = frame[name]
        if kind == "DATE":
            frame[name] = pd.to_datetime(column).astype("datetime64[ms]")
        elif kind == "DATETIME":  # pyogrio reads an all-empty column as naive
            frame[name] = (pd.to_datetime(column, utc=True).astype("datetime64[ms, UTC]")
                           if column.notna().any() else column.astype("datetime64[ms]"))
        elif kind == "INTEGER":
            frame[name] = column.astype("float64" if column.isna().any() else "int64")
        elif kind == "REAL":
            frame[name] = column.astype("float64")
        elif kind == "BOOLEAN":
            frame[name] = column.astype("bool")
        elif column.notna().any():  # text; pyogrio leaves an all-empty column as objects
            frame[name] = column.astype("str")
    geometry = shapely.from_wkb([r[-1] for r in rows]) if rows else []
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geometry, crs=pg.SRID))


__all__ = ["PostGISStore"]
