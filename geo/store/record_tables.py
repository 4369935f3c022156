"""Records kept whole in tables of their own (plans, lägesbilder): what both backends share.

A record held whole (an åtgärdsplan with its rows, a lägesbild with its sections) is saved
with the version check and history row of the map's records, in tables whose columns come
from the record's ``FIELDS`` (one place for what a field is; a list or nested records are
JSON). The SQL is shared (named ``:params`` both drivers read); a backend supplies four
steps: a connection for reads, how it runs a query and a statement, how it binds a value.
:mod:`geo.store.plan_tables` and :mod:`geo.store.lagesbild_tables` build on this.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar, Protocol, TypeVar

from geo.domain.fieldspec import FieldSpec
from geo.domain.model import ValidationError, utc_now
from geo.store import schema
from geo.store.base import StaleVersionError
from geo.store.common import WriteSteps, at_version, dataclass_json
from geo.store.gpkg import format as fmt
from geo.store.gpkg.steps import GpkgSteps
from geo.store.postgis.steps import PostGISSteps

Columns = tuple[tuple[str, str], ...]


class Whole(Protocol):
    """A record saved whole: a dataclass with its history's layer, an id and a version."""

    __dataclass_fields__: ClassVar[dict[str, Any]]
    LAYER: ClassVar[str]
    id: str
    version: int


R = TypeVar("R")
W = TypeVar("W", bound=Whole)
#: Field kinds kept as JSON (a list of texts, a list of nested records).
_JSON_KINDS = frozenset({"texts", "records"})


def column_kind(spec: FieldSpec) -> str:
    """A field's column kind as :mod:`geo.store.transfer` names it (a list is JSON)."""
    return "JSON" if spec.kind in _JSON_KINDS else schema.sql_type(spec)


def columns_of(fields: Iterable[FieldSpec], *, leave_out: Iterable[str] = ()) -> Columns:
    """``(name, kind)`` of a record's columns, in the order of its ``FIELDS``."""
    skip = set(leave_out)
    return tuple((s.name, column_kind(s)) for s in fields if s.name not in skip)


def names(columns: Columns) -> str:
    """The columns' names, quoted, for a ``SELECT`` or an ``INSERT``."""
    return ", ".join(f'"{n}"' for n, _ in columns)


def gpkg_body(columns: Columns, not_null: Iterable[str],
              references: dict[str, str] | None = None) -> str:
    """A GeoPackage table's columns (JSON is text there; ``id`` is the key)."""
    required, refs = set(not_null), references or {}
    parts = []
    for name, kind in columns:
        sql = "TEXT" if kind == "JSON" else kind
        if name == "id":
            sql += " PRIMARY KEY"
        elif name in refs:
            sql += f" NOT NULL REFERENCES {refs[name]}"
        elif name in required:
            sql += " NOT NULL"
        parts.append(f'"{name}" {sql}')
    return ", ".join(parts)


def ensure_gpkg_table(conn: Any, table: str, body: str, index: str, on: str) -> None:
    """Create ``table`` and its index ``index`` on the columns ``on`` if the file lacks it."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                    (table,)).fetchone() is None:
        fmt.create_attribute_table(conn, table, body)
        conn.execute(f'CREATE INDEX "{index}" ON "{table}" ({on})')


def plain(kind: str, value: Any) -> Any:
    """A value as either driver returns it, as the record takes it (JSON read, UTC times)."""
    if kind == "JSON" and isinstance(value, str):
        return json.loads(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return value


def json_list(value: Any) -> str:
    """A list (of texts, or of nested records as mappings) as the JSON a column holds."""
    items = [dataclasses.asdict(v) if dataclasses.is_dataclass(v) and not isinstance(v, type)
             else v for v in value or ()]
    return json.dumps(items, ensure_ascii=False)


class TableSteps(WriteSteps):
    """Reads and writes of whole records for both backends (the backend steps are below)."""

    #: How a JSON value is bound (``{}`` is the parameter), how a read locks its rows, and
    #: the byte order ids sort in (the same in both backends).
    JSON_MARK: ClassVar[str] = "{}"
    LOCK: ClassVar[str] = ""
    COLLATE: ClassVar[str] = ""

    # -- the backend's steps ----------------------------------------------------------------

    def _table_reading(self) -> AbstractContextManager[Any]:
        """A connection for reads, closed at the end."""
        raise NotImplementedError

    def _table_query(self, conn: Any, sql: str, args: dict[str, Any]) -> list[dict[str, Any]]:
        """Rows of a query as mappings."""
        raise NotImplementedError

    def _table_execute(self, conn: Any, sql: str, args: list[dict[str, Any]]) -> int:
        """Run a statement once per mapping; the rows it changed (of the last one)."""
        raise NotImplementedError

    def _table_value(self, kind: str, value: Any) -> Any:
        """A field's value as the backend binds it."""
        raise NotImplementedError

    # -- shared steps -----------------------------------------------------------------------

    def _table_all(self, read: Callable[[Any, str, dict[str, Any]], list[R]],
                   kommun_kod: str | None) -> list[R]:
        """Every record ``read`` gives (of one municipality), in its order."""
        with self._table_reading() as conn:
            return read(conn, "WHERE kommun_kod = :k" if kommun_kod else "",
                        {"k": kommun_kod} if kommun_kod else {})

    def _table_one(self, conn: Any, read: Callable[[Any, str, dict[str, Any]], list[R]],
                   record_id: str, *, lock: bool = False) -> R | None:
        """One record by id, or None; ``lock`` holds its row to the transaction's end."""
        found = read(conn, "WHERE id = :id" + (self.LOCK if lock else ""), {"id": record_id})
        return found[0] if found else None

    def _table_get(self, read: Callable[[Any, str, dict[str, Any]], list[R]],
                   record_id: str) -> R | None:
        """One record by id on a connection of its own, or None."""
        with self._table_reading() as conn:
            return self._table_one(conn, read, record_id)

    def _table_marks(self, columns: Columns) -> str:
        return ", ".join(self.JSON_MARK.format(":" + n) if k == "JSON" else ":" + n
                         for n, k in columns)

    def _table_values(self, columns: Columns, record: Any) -> dict[str, Any]:
        """The record's columns as the backend binds them."""
        return {n: self._table_value(k, getattr(record, n)) for n, k in columns}

    def _table_select(self, conn: Any, table: str, columns: Columns, where: str,
                args: dict[str, Any], order: str = "") -> list[dict[str, Any]]:
        """Rows of ``table`` as plain values; ``order`` is left out of a locking read."""
        order = "" if self.LOCK and self.LOCK in where else order
        rows = self._table_query(conn, f"SELECT {names(columns)} FROM {table} {where}{order}",
                                 args)
        return [{n: plain(k, r[n]) for n, k in columns} for r in rows]

    def _table_insert(self, conn: Any, table: str, columns: Columns,
                rows: list[dict[str, Any]]) -> None:
        """Insert bound rows (mappings of every column)."""
        if rows:
            self._table_execute(conn, f"INSERT INTO {table} ({names(columns)}) VALUES "
                                      f"({self._table_marks(columns)})", rows)

    def _table_update(self, conn: Any, table: str, columns: Columns, values: dict[str, Any],
                   expected_version: int) -> None:
        """Rewrite one record's row if it is still at ``expected_version``."""
        assignments = ", ".join(f'"{n}" = {m}' for (n, _), m in
                                zip(columns, self._table_marks(columns).split(", "), strict=True))
        changed = self._table_execute(
            conn, f"UPDATE {table} SET {assignments} WHERE id = :id AND version = :expected",
            [{**values, "expected": expected_version}])
        if changed != 1:  # cannot happen under the lock; refuse loudly
            raise StaleVersionError(table, values["id"], expected_version, -1, "", None)

    def _table_write(self, conn: Any, table: str, columns: Columns, record: Any,
                     expected_version: int | None) -> None:
        """Insert a record's row (``expected_version`` None) or rewrite it at the version."""
        values = self._table_values(columns, record)
        if expected_version is None:
            self._table_insert(conn, table, columns, [values])
        else:
            self._table_update(conn, table, columns, values, expected_version)

    def _save_whole(self, conn: Any, record: W, current: W | None, user: str,
                    expected_version: int | None, write: Callable[[Any, W, int | None], None],
                    exists_code: str, **changes: Any) -> W:
        """Create (``expected_version`` None; the id must be free) or update at the version.

        ``current`` is the stored record read under the transaction's lock; ``write``
        stores the new one. The version counts up, ``updated_at``/``updated_by`` are set
        and one history row is written, all in the caller's transaction.
        """
        layer, record_id = record.LAYER, record.id
        now = utc_now()
        if expected_version is None:
            if current is not None:
                raise ValidationError("id", f"{layer}/{record_id} exists already", exists_code,
                                      id=record_id)
            stored = dataclasses.replace(record, version=1, updated_at=now,
                                         updated_by=user, **changes)
            write(conn, stored, None)
            self._log(conn, user, layer, record_id, "create", None, dataclass_json(stored))
            return stored
        current = at_version(current, record_id, expected_version, layer)
        stored = dataclasses.replace(record, version=current.version + 1,
                                     updated_at=now, updated_by=user, **changes)
        write(conn, stored, expected_version)
        self._log(conn, user, layer, record_id, "update", dataclass_json(current),
                  dataclass_json(stored))
        return stored


class GpkgTableSteps(GpkgSteps, TableSteps):
    """The GeoPackage store's steps for whole records (a mixin of the store class)."""

    @contextmanager
    def _table_reading(self) -> Iterator[Any]:
        conn = self._connect()
        try:
            yield conn
        finally:
            conn.close()

    def _table_query(self, conn: Any, sql: str, args: dict[str, Any]) -> list[dict[str, Any]]:
        return [dict(r) for r in conn.execute(sql, args).fetchall()]

    def _table_execute(self, conn: Any, sql: str, args: list[dict[str, Any]]) -> int:
        if len(args) == 1:
            return int(conn.execute(sql, args[0]).rowcount)
        return int(conn.executemany(sql, args).rowcount)

    def _table_value(self, kind: str, value: Any) -> Any:
        return json_list(value) if kind == "JSON" else schema.to_db(value)


class PostGISTableSteps(PostGISSteps, TableSteps):
    """The PostGIS store's steps for whole records (a mixin of the store class)."""

    JSON_MARK = "CAST({} AS jsonb)"
    LOCK = " FOR UPDATE"
    COLLATE = ' COLLATE "C"'

    def _table_reading(self) -> AbstractContextManager[Any]:
        return self._connect()

    def _table_query(self, conn: Any, sql: str, args: dict[str, Any]) -> list[dict[str, Any]]:
        import sqlalchemy as sa  # here: a GeoPackage store never loads SQLAlchemy

        return [dict(r) for r in conn.execute(sa.text(sql), args).mappings().all()]

    def _table_execute(self, conn: Any, sql: str, args: list[dict[str, Any]]) -> int:
        import sqlalchemy as sa

        result = conn.execute(sa.text(sql), args[0] if len(args) == 1 else args)
        return int(result.rowcount)

    def _table_value(self, kind: str, value: Any) -> Any:
        from geo.store.postgis.tables import to_pg

        return json_list(value) if kind == "JSON" else to_pg(value)
