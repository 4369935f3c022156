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
log): saving a plan keeps each row's stored override. The shared SQL and the backends'
steps are :mod:`geo.store.record_tables`.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from geo.domain.enums import PlanColour
from geo.domain.model import ValidationError, utc_now
from geo.domain.plan import Plan, PlanRow
from geo.store.base import NotFoundError
from geo.store.common import at_version, dataclass_json
from geo.store.record_tables import (
    GpkgTableSteps,
    PostGISTableSteps,
    TableSteps,
    columns_of,
    ensure_gpkg_table,
    gpkg_body,
)

PLANS = Plan.LAYER
ROWS = "plan_rows"

#: (name, kind) of each table's columns, as :mod:`geo.store.transfer` names them.
PLAN_COLUMNS = columns_of(Plan.FIELDS, leave_out=("rows",))
ROW_COLUMNS = (("id", "TEXT"), ("plan_id", "TEXT"), ("position", "INTEGER"),
               *columns_of(PlanRow.FIELDS, leave_out=("id",)))
_ROW_FIELDS = tuple(c for c in ROW_COLUMNS if c[0] not in ("plan_id", "position"))
_NOT_NULL = {"kommun_kod", "title", "status", "version", "position", "problem", "action",
             "responsible"}


def _keep_override(row: PlanRow, stored: PlanRow | None) -> PlanRow:
    """A row as saved with a plan: the override stays the stored one (none for a new row)."""
    if stored is None:
        return row.without_override()
    return dataclasses.replace(row, colour_override=stored.colour_override,
                               override_reason=stored.override_reason,
                               override_by=stored.override_by, override_at=stored.override_at)


def _in(prefix: str, values: list[str]) -> tuple[str, dict[str, str]]:
    """An ``IN (…)`` list of named parameters and their values."""
    args = {f"{prefix}{i}": value for i, value in enumerate(values)}
    return ", ".join(":" + k for k in args), args


class PlanWrites(TableSteps):
    """Reads and writes of plans for both backends (the backend steps are shared)."""

    # -- reads ------------------------------------------------------------------------------

    def plans(self, kommun_kod: str | None = None) -> list[Plan]:
        """Every plan (of one municipality), newest decision first, drafts first of all."""
        return self._table_all(self._read_plans, kommun_kod)

    def plan(self, plan_id: str) -> Plan | None:
        """One plan with its rows, or None."""
        return self._table_get(self._read_plans, plan_id)

    def _read_plans(self, conn: Any, where: str, args: dict[str, Any]) -> list[Plan]:
        plans = self._table_select(conn, PLANS, PLAN_COLUMNS, where, args,
                             " ORDER BY decided_date IS NOT NULL, decided_date DESC, "
                             f"id{self.COLLATE}")
        if not plans:
            return []
        marks, ids = _in("p", [p["id"] for p in plans])
        rows: dict[str, list[PlanRow]] = {}
        for r in self._table_select(conn, ROWS, ROW_COLUMNS, f"WHERE plan_id IN ({marks})", ids,
                              " ORDER BY plan_id, position"):
            rows.setdefault(r.pop("plan_id"), []).append(
                PlanRow(**{n: r[n] for n, _ in _ROW_FIELDS}))
        return [Plan(**p, rows=tuple(rows.get(p["id"], ()))) for p in plans]

    # -- writes -----------------------------------------------------------------------------

    def save_plan(self, plan: Plan, user: str, expected_version: int | None) -> Plan:
        """Create (``expected_version`` None; the id must be free) or update a plan whole.

        An update applies only if nobody saved the plan since ``expected_version``, else
        :class:`~geo.store.base.StaleVersionError` and nothing changes. The rows are
        replaced by the given ones, each keeping its stored colour override. History in the
        same transaction; returns the plan as stored (version counted up).
        """
        with self._transaction() as conn:
            current = self._table_one(conn, self._read_plans, plan.id, lock=True)
            self._check_row_owners(conn, plan)
            stored_rows = {r.id: r for r in current.rows} if current is not None else {}
            rows = tuple(_keep_override(r, stored_rows.get(r.id)) for r in plan.rows)
            return self._save_whole(conn, plan, current, user, expected_version,
                                    self._write_plan, "plan_exists", rows=rows)

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
            current = at_version(self._table_one(conn, self._read_plans, plan_id, lock=True),
                                 plan_id, expected_version, PLANS)
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
        if not plan.rows:
            return
        marks, ids = _in("r", [r.id for r in plan.rows])
        taken = self._table_query(conn, f"SELECT id, plan_id FROM {ROWS} WHERE id IN "
                                        f"({marks}) AND plan_id <> :plan",
                                  {**ids, "plan": plan.id})
        if taken:
            raise ValidationError("rows", f"{taken[0]['id']} belongs to {taken[0]['plan_id']}",
                                  "row_taken", id=taken[0]["id"], plan=taken[0]["plan_id"])

    def _write_plan(self, conn: Any, plan: Plan, expected_version: int | None) -> None:
        """Insert (``expected_version`` None) or rewrite the plan's row; its rows afresh."""
        self._table_write(conn, PLANS, PLAN_COLUMNS, plan, expected_version)
        self._table_execute(conn, f"DELETE FROM {ROWS} WHERE plan_id = :id", [{"id": plan.id}])
        self._table_insert(conn, ROWS, ROW_COLUMNS,
                     [{"plan_id": plan.id, "position": position,
                       **self._table_values(_ROW_FIELDS, row)}
                      for position, row in enumerate(plan.rows)])


class GpkgPlanTables(GpkgTableSteps, PlanWrites):
    """The GeoPackage store's plan tables (a mixin of the store class)."""


class PostGISPlanTables(PostGISTableSteps, PlanWrites):
    """The PostGIS store's plan tables (migration 0011; a mixin of the store class)."""


def ensure_gpkg(conn: Any) -> None:
    """Create the plan tables in a GeoPackage that lacks them (new or older files)."""
    ensure_gpkg_table(conn, PLANS, gpkg_body(PLAN_COLUMNS, _NOT_NULL), f"{PLANS}_kommun",
                      "kommun_kod")
    ensure_gpkg_table(conn, ROWS, gpkg_body(ROW_COLUMNS, _NOT_NULL, {"plan_id": f"{PLANS}(id)"}),
                      f"{ROWS}_plan", "plan_id, position")
