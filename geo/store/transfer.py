"""Moving a whole store to another backend without loss, and proving that nothing was lost.

``python -m geo copy`` reads every row of every table of one store and writes it into
another as it is: soft-deleted records, versions, times, password hashes and the history
included (a copy is not an edit, so it adds no history of its own). Then it reads both back
and compares every field. Rows travel as *plain values* (``str``, ``int``, ``float``,
``bool``, ``date``, UTC ``datetime``, JSON lists and objects, ``bytes``, shapely
geometries), which each backend converts from and to what it stores. This module is the
one place that names the non-map tables' columns; the map layers' columns come from the model
(:mod:`geo.store.schema`), so a new field is copied without a change here, and a backend
refuses to export a table that has a column this list does not know.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from geo.domain.model import FEATURE_TYPES, LAYERS
from geo.store import crime_tables, lagesbild_tables, plan_tables, schema, survey_tables
from geo.store.base import Store, StoreError

Row = dict[str, Any]

#: Columns of the tables that are not map layers: (name, kind).
ATTRIBUTE_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "store_meta": (("key", "TEXT"), ("value", "TEXT")),
    "pledges": (
        ("id", "TEXT"), ("kommun_kod", "TEXT"), ("kommun", "TEXT"), ("police_area", "TEXT"),
        ("title", "TEXT"), ("period_start", "DATE"), ("period_end", "DATE"),
        ("signed_date", "DATE"), ("follow_up", "TEXT"), ("problem", "TEXT"), ("goals", "JSON"),
        ("source_document", "TEXT"), ("other_sources", "JSON"), ("source_title", "TEXT"),
        ("source_date", "DATE"), ("source_publisher", "TEXT"), ("source_url", "TEXT"),
        ("version", "INTEGER"), ("archived", "BOOLEAN"), ("updated_at", "DATETIME"),
        ("updated_by", "TEXT"),
    ),
    "pledge_documents": (
        ("pledge_id", "TEXT"), ("name", "TEXT"), ("media_type", "TEXT"), ("data", "BLOB"),
        ("updated_at", "DATETIME"), ("updated_by", "TEXT"),
    ),
    "commitments": (
        ("id", "TEXT"), ("pledge_id", "TEXT"), ("position", "INTEGER"), ("text", "TEXT"),
        ("kind", "TEXT"), ("target", "REAL"), ("unit", "TEXT"), ("target_period", "TEXT"),
        ("responsible", "TEXT"), ("measure", "TEXT"),
    ),
    "activity_counts": (
        ("id", "TEXT"), ("kommun_kod", "TEXT"), ("pledge_id", "TEXT"),
        ("commitment_id", "TEXT"), ("kind", "TEXT"), ("month", "TEXT"), ("count", "INTEGER"),
        ("updated_at", "DATETIME"), ("updated_by", "TEXT"), ("version", "INTEGER"),
    ),
    "users": (
        ("email", "TEXT"), ("name", "TEXT"), ("role", "TEXT"), ("kommuner", "JSON"),
        ("password_hash", "TEXT"), ("updated_at", "DATETIME"), ("updated_by", "TEXT"),
    ),
    "history": (
        ("seq", "INTEGER"), ("at", "DATETIME"), ("user", "TEXT"), ("layer", "TEXT"),
        ("record_id", "TEXT"), ("action", "TEXT"), ("before", "JSON"), ("after", "JSON"),
        ("reason", "TEXT"),
    ),
    survey_tables.RESULTS: survey_tables.RESULT_COLUMNS,
    survey_tables.AREAS: survey_tables.AREA_COLUMNS,
    plan_tables.PLANS: plan_tables.PLAN_COLUMNS,
    plan_tables.ROWS: plan_tables.ROW_COLUMNS,
    lagesbild_tables.TABLE: lagesbild_tables.COLUMNS,
    crime_tables.TABLE: crime_tables.COLUMNS,
}
#: The order a copy writes the tables in (commitments need their pledges).
TABLES: tuple[str, ...] = ("store_meta", "pledges", "pledge_documents", "commitments",
                           "activity_counts", "users", *LAYERS, survey_tables.AREAS,
                           survey_tables.RESULTS, plan_tables.PLANS, plan_tables.ROWS,
                           lagesbild_tables.TABLE,
                           crime_tables.TABLE, "history")
#: Each table's key, by which rows are matched when compared.
KEYS: dict[str, str] = {"store_meta": "key", "users": "email", "history": "seq",
                        "pledge_documents": "pledge_id"}
#: Meta keys that name one physical store (a copy is another store): never copied.
OWN_META: tuple[str, ...] = ("store_id",)
#: Tables some stores keep that a copy leaves out on purpose, and why (the copy says so).
NOT_COPIED: dict[str, str] = {
    "io_imports": "the ledger of imported files (a repeated import is still recognised by "
                  "its stable row ids)",
}
#: Columns a backend keeps for itself (row ids, its geometry column).
INTERNAL_COLUMNS = frozenset({"fid", "geom"})
#: Differences reported per table (the count says how many there are in all).
SHOWN_DIFFERENCES = 5


def columns(table: str) -> tuple[tuple[str, str], ...]:
    """``(name, kind)`` of every column of ``table`` that a copy moves."""
    if table in FEATURE_TYPES:
        own = tuple((name, sql_type.split()[0]) for name, sql_type in schema.columns(table))
        return (*own, ("geometry", "GEOMETRY"))
    if table not in ATTRIBUTE_TABLES:
        raise KeyError(f"unknown table {table!r}")
    return ATTRIBUTE_TABLES[table]


def has_geometry(table: str) -> bool:
    """True when ``table`` keeps a geometry (the map layers, the survey areas)."""
    return any(kind == "GEOMETRY" for _, kind in columns(table))


def key(table: str) -> str:
    """The column that identifies a row of ``table``."""
    return KEYS.get(table, "id")


def check_columns(table: str, present: Iterable[str]) -> None:
    """Refuse a table with a column the copy does not know (it would be lost)."""
    known = {name for name, _ in columns(table)}
    unknown = sorted(set(present) - known - INTERNAL_COLUMNS)
    if unknown:
        raise StoreError(f"{table} has columns a copy does not know, {unknown}: add them to "
                         "geo/store/transfer.py")


# -- plain values and the text forms of an embedded store ------------------------------------


def from_text(kind: str, value: Any) -> Any:
    """A value as a text-typed database (SQLite) returns it, as a plain value."""
    if value is None:
        return None
    if kind == "DATE":
        return date.fromisoformat(value[:10]) if isinstance(value, str) else value
    if kind == "DATETIME":
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    if kind == "BOOLEAN":
        return bool(value)
    if kind == "INTEGER":
        return int(value)
    if kind == "REAL":
        return float(value)
    if kind == "JSON":
        return json.loads(value) if isinstance(value, str) else value
    return value


def to_text(kind: str, value: Any) -> Any:
    """A plain value as a text-typed database (SQLite) stores it."""
    if value is None:
        return None
    if kind == "JSON":
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return schema.to_db(value)


def utc(value: Any) -> Any:
    """A database timestamp in UTC (other values as they are)."""
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _wkb(geometry: BaseGeometry | None) -> bytes | None:
    return None if geometry is None else shapely.to_wkb(geometry, output_dimension=2,
                                                        byte_order=1)


def same(kind: str, left: Any, right: Any) -> bool:
    """Equal to the bit: geometries by their WKB, numbers and times by value."""
    if kind == "GEOMETRY":
        return _wkb(left) == _wkb(right)
    if left is None or right is None:
        return left is right
    if kind == "REAL":
        return float(left) == float(right)
    return type(left) is type(right) and left == right


# -- the check ---------------------------------------------------------------------------------


@dataclass
class TableCheck:
    """One table after a copy: rows on each side and what differs."""

    table: str
    source: int
    target: int
    differences: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.source == self.target and not self.differences


def compare(table: str, source: list[Row], target: list[Row]) -> TableCheck:
    """Compare two exports of ``table`` row by row (matched by key) and field by field."""
    name = key(table)
    check = TableCheck(table, len(source), len(target))
    theirs = {row[name]: row for row in target}
    mine = {row[name] for row in source}

    def note(text: str) -> None:
        check.differences += 1
        if len(check.examples) < SHOWN_DIFFERENCES:
            check.examples.append(text)

    for row in source:
        other = theirs.get(row[name])
        if other is None:
            note(f"{table}/{row[name]}: missing")
            continue
        for column, kind in columns(table):
            if not same(kind, row.get(column), other.get(column)):
                note(f"{table}/{row[name]}.{column}: {_short(row.get(column))} → "
                     f"{_short(other.get(column))}")
    for extra in sorted(set(theirs) - mine, key=str):
        note(f"{table}/{extra}: not in the source")
    return check


def _short(value: Any) -> str:
    text = value.wkt if isinstance(value, BaseGeometry) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# -- the copy ----------------------------------------------------------------------------------


def is_empty(counts: Mapping[str, int]) -> bool:
    """True when a store holds nothing but its own identity (``row_counts`` of a new store)."""
    return all(counts.get(table, 0) <= (len(OWN_META) if table == "store_meta" else 0)
               for table in TABLES)


@dataclass
class CopyReport:
    """What a copy checked, table by table, and the source's tables it left out (rows)."""

    checks: list[TableCheck]
    left_out: dict[str, int]

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)


def export(store: Store, table: str) -> list[Row]:
    """The rows of ``table`` that a copy moves (without the store's own meta keys)."""
    rows = store.export_rows(table)
    if table == "store_meta":
        rows = [row for row in rows if row["key"] not in OWN_META]
    return rows


def copy(source: Store, target: Store, *, replace: bool = False,
         progress: Callable[[str, int], None] | None = None) -> CopyReport:
    """Copy every table from ``source`` into ``target``, then compare both, table by table.

    ``target`` must be initialised and empty unless ``replace`` (then it is cleared first).
    Each table is written in one transaction; a copy that fails half-way leaves a partial
    target, which the next run with ``replace`` clears.
    """
    if not is_empty(target.row_counts()):
        if not replace:
            raise StoreError("the destination is not empty (use --replace to overwrite it)")
        target.clear()
    for table in TABLES:
        rows = export(source, table)
        target.import_rows(table, rows)
        if progress is not None:
            progress(table, len(rows))
    checks = [compare(table, export(source, table), export(target, table)) for table in TABLES]
    left_out = {table: n for table, n in source.row_counts().items()
                if table not in TABLES and n}
    return CopyReport(checks, left_out)
