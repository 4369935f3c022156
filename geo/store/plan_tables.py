"""Åtgärdsplaner in the store: two tables, the same in both backends, and their writes.

``plans``
    one row per plan (:class:`~geo.domain.plan.Plan`): municipality, title, status, decided
    and next-revision dates, and the optimistic ``version`` with ``updated_at``/``updated_by``.
``plan_rows``
    the plan's rows in order (``position``), one column per field of
    :class:`~geo.domain.plan.PlanRow`; the links to places and findings are JSON lists.

The columns come from the records' ``FIELDS`` (one place for what a field is); the PostGIS
tables are made by migration 0011, frozen. A plan is saved whole (its rows replaced) with
the version check and history row of the map's records. The colour override of a row is
changed only by :meth:`PlanWrites.override_plan_colour` (who, when, why; history and audit
log): saving a plan keeps each row's stored override. The SQL is shared (named ``:params``
both drivers read); a backend supplies how it runs a statement and converts a value.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from typing import Any, ClassVar

from geo.domain.enums import PlanColour
from geo.domain.fieldspec import FieldSpec
from geo.domain.model import ValidationError, utc_now
from geo.domain.plan import Plan, PlanRow
from geo.store import schema
from geo.store.base import NotFoundError, StaleVersionError
from geo.store.common import WriteSteps, at_version, dataclass_json
from geo.store.gpkg import format as fmt
from geo.store.gpkg.steps import GpkgSteps
from geo.store.postgis.steps import PostGISSteps

PLANS = Plan.LAYER
ROWS = "plan_rows"


def _kind(spec: FieldSpec) -> str:
    """A field's column kind as :mod:`geo.store.transfer` names it (a list is JSON)."""
    return "JSON" if spec.kind == "texts" else schema.sql_type(spec)


#: (name, kind) of each table's columns, as :mod:`geo.store.transfer` names them.
PLAN_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (s.name, _kind(s)) for s in Plan.FIELDS if s.name != "rows")
ROW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "TEXT"), ("plan_id", "TEXT"), ("position", "INTEGER"),
    *((s.name, _kind(s)) for s in PlanRow.FIELDS if s.name != "id"))
_NOT_NULL = {"id", "kommun_kod", "title", "status", "version", "plan_id", "position",
             "problem", "action", "responsible"}


def _names(columns: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f'"{n}"' for n, _ in columns)


def _gpkg_body(columns: tuple[tuple[str, str], ...], references: str = "") -> str:
    """A GeoPackage table's columns (JSON is text there)."""
    parts = []
    for name, kind in columns:
        sql = "TEXT" if kind == "JSON" else kind
        if name == "id":
            sql += " PRIMARY KEY"
        elif name == "plan_id":
            sql += f" NOT NULL REFERENCES {references}"
        elif name in _NOT_NULL:
            sql += " NOT NULL"
        parts.append(f'"{name}" {sql}')
    return ", ".join(parts)


def _plain(kind: str, value: Any) -> Any:
    """A value as either driver returns it, as the record takes it (JSON read, UTC times)."""
    if kind == "JSON" and isinstance(value, str):
        return json.loads(value)
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return value


def _keep_override(row: PlanRow, stored: PlanRow | None) -> PlanRow:
    """A row as saved with a plan: the override stays the stored one (none for a new row)."""
    if stored is None:
        return row.without_override()
    return dataclasses.replace(row, colour_override=stored.colour_override,
                               override_reason=stored.override_reason,
                               override_by=stored.override_by, override_at=stored.override_at)


class PlanWrites(WriteSteps):
    """Reads and writes of plans for both backends (the backend steps are below)."""

    #: How a JSON value is bound (``{}`` is the parameter), how a read locks its rows, and
    #: the byte order ids sort in (the same in both backends).
    JSON_MARK: ClassVar[str] = "{}"
    LOCK: ClassVar[str] = ""
    COLLATE: ClassVar[str] = ""

    # -- the backend's steps ----------------------------------------------------------------

    def _plan_reading(self) -> AbstractContextManager[Any]:
        """A connection for reads, closed at the end."""
        raise NotImplementedError

    def _plan_query(self, conn: Any, sql: str, args: dict[str, Any]) -> list[dict[str, Any]]:
        """Rows of a query as mappings."""
        raise NotImplementedError

    def _plan_execute(self, conn: Any, sql: str, args: list[dict[str, Any]]) -> int:
        """Run a statement once per mapping; the rows it changed (of the last one)."""
        raise NotImplementedError

    def _plan_value(self, kind: str, value: Any) -> Any:
        """A field's value as the backend binds it."""
        raise NotImplementedError

    # -- reads ------------------------------------------------------------------------------

    def plans(self, kommun_kod: str | None = None) -> list[Plan]:
        """Every plan (of one municipality), newest decision first, drafts first of all."""
        with self._plan_reading() as conn:
            return self._read_plans(conn, "WHERE kommun_kod = :k" if kommun_kod else "",
                                    {"k": kommun_kod} if kommun_kod else {})

    def plan(self, plan_id: str) -> Plan | None:
        """One plan with its rows, or None."""
        with self._plan_reading() as conn:
            return self._read_plan(conn, plan_id)

    def _read_plan(self, conn: Any, plan_id: str, *, lock: bool = False) -> Plan | None:
        found = self._read_plans(conn, "WHERE id = :id" + (self.LOCK if lock else ""),
                                 {"id": plan_id})
        return found[0] if found else None

    def _read_plans(self, conn: Any, where: str, args: dict[str, Any]) -> list[Plan]:
        order = "" if "FOR UPDATE" in where else \
            f" ORDER BY decided_date IS NOT NULL, decided_date DESC, id{self.COLLATE}"
        plan_rows = self._plan_query(conn, f"SELECT {_names(PLAN_COLUMNS)} FROM {PLANS} "
                                           f"{where}{order}", args)
        if not plan_rows:
            return []
        ids = {f"p{i}": r["id"] for i, r in enumerate(plan_rows)}
        row_rows = self._plan_query(
            conn, f"SELECT {_names(ROW_COLUMNS)} FROM {ROWS} WHERE plan_id IN "
                  f"({', '.join(':' + k for k in ids)}) ORDER BY plan_id, position", ids)
        rows: dict[str, list[PlanRow]] = {}
        for r in row_rows:
            values = {n: _plain(k, r[n]) for n, k in ROW_COLUMNS if n not in ("plan_id",
                                                                              "position")}
            rows.setdefault(r["plan_id"], []).append(PlanRow(**values))
        return [Plan(**{n: _plain(k, r[n]) for n, k in PLAN_COLUMNS},
                     rows=tuple(rows.get(r["id"], ()))) for r in plan_rows]

    # -- writes -----------------------------------------------------------------------------

    def save_plan(self, plan: Plan, user: str, expected_version: int | None) -> Plan:
        """Create (``expected_version`` None; the id must be free) or update a plan whole.

        An update applies only if nobody saved the plan since ``expected_version``, else
        :class:`~geo.store.base.StaleVersionError` and nothing changes. The rows are
        replaced by the given ones, each keeping its stored colour override. History in the
        same transaction; returns the plan as stored (version counted up).
        """
        with self._transaction() as conn:
            current = self._read_plan(conn, plan.id, lock=True)
            self._check_row_owners(conn, plan)
            stored_rows = {r.id: r for r in current.rows} if current is not None else {}
            rows = tuple(_keep_override(r, stored_rows.get(r.id)) for r in plan.rows)
            now = utc_now()
            if expected_version is None:
                if current is not None:
                    raise ValidationError("id", f"a plan {plan.id!r} exists already",
                                          "plan_exists", id=plan.id)
                stored = dataclasses.replace(plan, rows=rows, version=1, updated_at=now,
                                             updated_by=user)
                self._write_plan(conn, stored, None)
                self._log(conn, user, PLANS, stored.id, "create", None, dataclass_json(stored))
                return stored
            current = at_version(current, plan.id, expected_version, PLANS)
            stored = dataclasses.replace(plan, rows=rows, version=current.version + 1,
                                         updated_at=now, updated_by=user)
            self._write_plan(conn, stored, expected_version)
            self._log(conn, user, PLANS, stored.id, "update", dataclass_json(current),
                      dataclass_json(stored))
            return stored

    def override_plan_colour(self, plan_id: str, row_id: str, colour: PlanColour | str | None,
                             reason: str, user: str, expected_version: int) -> Plan:
        """Set (or, with ``colour`` None, lift) a row's colour by hand, saying why.

        Kept on the row with who and when; the plan's version counts up and the history
        row (action ``override``) holds the reason, as a deletion's does.
        """
        reason = " ".join(str(reason or "").split())
        if not reason:
            raise ValidationError("override_reason", "is required with an override",
                                  "required")
        with self._transaction() as conn:
            current = at_version(self._read_plan(conn, plan_id, lock=True), plan_id,
                                 expected_version, PLANS)
            row = current.row(row_id)
            if row is None:
                raise NotFoundError(f"{ROWS}/{row_id} is not a row of {PLANS}/{plan_id}")
            now = utc_now()
            changed = dataclasses.replace(row, colour_override=colour or None,
                                          override_reason=reason, override_by=user,
                                          override_at=now)
            stored = dataclasses.replace(
                current, rows=tuple(changed if r.id == row_id else r for r in current.rows),
                version=current.version + 1, updated_at=now, updated_by=user)
            self._write_plan(conn, stored, expected_version)
            self._log(conn, user, PLANS, plan_id, "override", dataclass_json(current),
                      dataclass_json(stored), reason)
            return stored

    def _check_row_owners(self, conn: Any, plan: Plan) -> None:
        """A row id is the store's key: one held by another plan is refused, not moved."""
        ids = {f"r{i}": r.id for i, r in enumerate(plan.rows)}
        if not ids:
            return
        taken = self._plan_query(conn, f"SELECT id, plan_id FROM {ROWS} WHERE id IN "
                                       f"({', '.join(':' + k for k in ids)}) "
                                       "AND plan_id <> :plan", {**ids, "plan": plan.id})
        if taken:
            raise ValidationError("rows", f"{taken[0]['id']} belongs to {taken[0]['plan_id']}",
                                  "row_taken", id=taken[0]["id"], plan=taken[0]["plan_id"])

    def _write_plan(self, conn: Any, plan: Plan, expected_version: int | None) -> None:
        """Insert (``expected_version`` None) or rewrite the plan's row; its rows afresh."""
        values = {n: self._plan_value(k, getattr(plan, n)) for n, k in PLAN_COLUMNS}
        if expected_version is None:
            self._plan_execute(conn, f"INSERT INTO {PLANS} ({_names(PLAN_COLUMNS)}) VALUES "
                                     f"({self._marks(PLAN_COLUMNS)})", [values])
        else:
            assignments = ", ".join(f'"{n}" = {m}' for (n, _), m in
                                    zip(PLAN_COLUMNS, self._marks(PLAN_COLUMNS).split(", "),
                                        strict=True))
            changed = self._plan_execute(
                conn, f"UPDATE {PLANS} SET {assignments} WHERE id = :id "
                      "AND version = :expected", [{**values, "expected": expected_version}])
            if changed != 1:  # cannot happen under the lock; refuse loudly
                raise StaleVersionError(PLANS, plan.id, expected_version, -1, "", None)
        self._plan_execute(conn, f"DELETE FROM {ROWS} WHERE plan_id = :id", [{"id": plan.id}])
        if plan.rows:
            self._plan_execute(
                conn, f"INSERT INTO {ROWS} ({_names(ROW_COLUMNS)}) VALUES "
                      f"({self._marks(ROW_COLUMNS)})",
                [{"plan_id": plan.id, "position": position,
                  **{n: self._plan_value(k, getattr(row, n)) for n, k in ROW_COLUMNS
                     if n not in ("plan_id", "position")}}
                 for position, row in enumerate(plan.rows)])

    def _marks(self, columns: tuple[tuple[str, str], ...]) -> str:
        return ", ".join(self.JSON_MARK.format(":" + n) if k == "JSON" else ":" + n
                         for n, k in columns)


class GpkgPlanTables(GpkgSteps, PlanWrites):
    """The GeoPackage store's plan tables (a mixin of the store class)."""

    @contextmanager
    def _plan_reading(self) -> Iterator[Any]:
        conn = self._connect()
        try:
            yield conn
        finally:
            conn.close()

    def _plan_query(self, conn: Any, sql: str, args: dict[str, Any]) -> list[dict[str, Any]]:
        return [dict(r) for r in conn.execute(sql, args).fetchall()]

    def _plan_execute(self, conn: Any, sql: str, args: list[dict[str, Any]]) -> int:
        if len(args) == 1:
            return int(conn.execute(sql, args[0]).rowcount)
        return int(conn.executemany(sql, args).rowcount)

    def _plan_value(self, kind: str, value: Any) -> Any:
        if kind == "JSON":
            return json.dumps(list(value), ensure_ascii=False)
        return schema.to_db(value)


class PostGISPlanTables(PostGISSteps, PlanWrites):
    """The PostGIS store's plan tables (migration 0011; a mixin of the store class)."""

    JSON_MARK = "CAST({} AS jsonb)"
    LOCK = " FOR UPDATE"
    COLLATE = ' COLLATE "C"'

    def _plan_reading(self) -> AbstractContextManager[Any]:
        return self._connect()

    def _plan_query(self, conn: Any, sql: str, args: dict[str, Any]) -> list[dict[str, Any]]:
        import sqlalchemy as sa  # here: a GeoPackage store never loads SQLAlchemy

        return [dict(r) for r in conn.execute(sa.text(sql), args).mappings().all()]

    def _plan_execute(self, conn: Any, sql: str, args: list[dict[str, Any]]) -> int:
        import sqlalchemy as sa

        result = conn.execute(sa.text(sql), args[0] if len(args) == 1 else args)
        return int(result.rowcount)

    def _plan_value(self, kind: str, value: Any) -> Any:
        from geo.store.postgis.tables import to_pg

        return json.dumps(list(value), ensure_ascii=False) if kind == "JSON" else to_pg(value)


def ensure_gpkg(conn: Any) -> None:
    """Create the plan tables in a GeoPackage that lacks them (new or older files)."""
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                          "AND name IN (?, ?)", (PLANS, ROWS))}
    if PLANS not in present:
        fmt.create_attribute_table(conn, PLANS, _gpkg_body(PLAN_COLUMNS))
        conn.execute(f"CREATE INDEX {PLANS}_kommun ON {PLANS} (kommun_kod)")
    if ROWS not in present:
        fmt.create_attribute_table(conn, ROWS, _gpkg_body(ROW_COLUMNS, f"{PLANS}(id)"))
        conn.execute(f"CREATE INDEX {ROWS}_plan ON {ROWS} (plan_id, position)")
