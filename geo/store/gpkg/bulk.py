"""The GeoPackage store's whole-store operations: counts per municipality, raw rows, clearing.

A mixin of :class:`~geo.store.gpkg.store.GeoPackageStore` (as :mod:`geo.store.gpkg.tables`): it
uses the store's ``_transaction``, ``_connect`` and ``list``. Raw rows are for
``python -m geo copy`` (:mod:`geo.store.transfer`): they are written as they are, with no
history row, because the history itself is copied. The counts per municipality go through
the normal public lists, so they agree with what the map of each municipality counts.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import astuple
from datetime import date
from typing import Any

import pandas as pd

from geo.domain.filters import date_span
from geo.domain.model import LAYERS, Feature
from geo.store import transfer
from geo.store.base import ImportEntry
from geo.store.gpkg import format as fmt
from geo.store.gpkg import imports as gpkg_import
from geo.store.gpkg.steps import GpkgSteps
from geo.store.transfer import Row

_GEOM = fmt.GEOMETRY_COLUMN
#: Tables emptied by :meth:`GpkgBulkTables.clear` (the history and meta are handled apart).
_CLEARED = ("commitments", "pledge_documents", "pledges", "activity_counts", "users",
            *LAYERS, "survey_results", "survey_areas", "plan_rows", "plans",
            "situation_reports",
            "crime_statistics")


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def in_year(frame: pd.DataFrame, layer: str, year: int) -> pd.Series:
    """Rows of a listed layer that belong to ``year`` (as :meth:`Filter.where` selects)."""
    start, end = date_span(layer)
    first, last = pd.Timestamp(date(year, 1, 1)), pd.Timestamp(date(year, 12, 31))
    starts = pd.to_datetime(frame[start])
    if end is None:
        return (starts >= first) & (starts <= last)
    ends = pd.to_datetime(frame[end])
    return (starts <= last) & (ends.isna() | (ends >= first))


class GpkgBulkTables(GpkgSteps):
    """Counts per municipality, export and import of raw rows, and emptying the store."""

    def counts_by_kommun(self, year: int, codes: Sequence[str] | None = None
                         ) -> dict[str, dict[str, int]]:
        """Public features per municipality and layer in ``year`` (None: every municipality).

        Each layer is listed once (public records only) and counted in pandas: a
        GeoPackage holds one council's data, so reading a layer whole is cheap.
        """
        result: dict[str, dict[str, int]] = {}
        for layer in LAYERS:
            frame = self.list(layer, public=True)
            chosen = in_year(frame, layer, year)
            if codes is not None:
                chosen &= frame["kommun_kod"].isin(list(codes))
            for code, n in frame.loc[chosen, "kommun_kod"].value_counts().items():
                result.setdefault(str(code), {})[layer] = int(n)
        return result

    def row_counts(self) -> dict[str, int]:
        """Rows per table of the store (deleted records included; not GeoPackage's own)."""
        conn = self._connect()
        try:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                "'gpkg%' AND name NOT LIKE 'rtree_%' AND name NOT LIKE 'sqlite_%'")]
            return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                    for table in (*transfer.TABLES,
                                  *sorted(set(tables) - set(transfer.TABLES)))}
        finally:
            conn.close()

    def export_rows(self, table: str) -> list[Row]:
        """Every row of ``table`` as plain values, in key order (for a copy)."""
        kinds = transfer.columns(table)
        conn = self._connect()
        try:
            cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY "{transfer.key(table)}"')
            present = [d[0] for d in cursor.description]
            transfer.check_columns(table, present)
            rows = cursor.fetchall()
        finally:
            conn.close()
        result = []
        for row in rows:
            values: Row = {}
            for name, kind in kinds:
                if kind == "GEOMETRY":
                    values[name] = fmt.from_blob(row[_GEOM])
                else:
                    values[name] = transfer.from_text(kind, row[name] if name in present
                                                      else None)
            result.append(values)
        return result

    def import_rows(self, table: str, rows: list[Row]) -> int:
        """Insert rows as they are (ids, versions, times and history numbers kept)."""
        kinds = transfer.columns(table)
        names = [name for name, _ in kinds if name != "geometry"]
        columns = names + ([_GEOM] if transfer.has_geometry(table) else [])
        verb = "INSERT OR REPLACE" if table == "store_meta" else "INSERT"
        sql = (f'{verb} INTO "{table}" ({_quoted(columns)}) '
               f"VALUES ({', '.join('?' for _ in columns)})")
        with self._transaction() as conn:
            conn.executemany(sql, [_text_row(kinds, row) for row in rows])
        return len(rows)

    def import_records(self, layer: str, records: list[Feature], user: str,
                       entry: ImportEntry, progress: Callable[[float], None] | None = None
                       ) -> int:
        """Insert a file's new records and its ledger row in one transaction.

        The bulk path of :mod:`geo.store.gpkg.imports`: the rows ``create_many`` writes, fast.
        """
        with self._transaction() as conn:
            created = gpkg_import.insert_records(conn, layer, records, user, progress)
            gpkg_import.add_to_ledger(conn, astuple(entry))
        return created

    def imported_file(self, sha256: str, layer: str, kommun_kod: str
                      ) -> dict[str, Any] | None:
        """The ledger row of a file imported before into ``layer`` of ``kommun_kod``."""
        if not self.path.exists():
            return None
        conn = self._connect()
        try:
            return gpkg_import.ledger_row(conn, sha256, layer, kommun_kod)
        finally:
            conn.close()

    def existing_ids(self, layer: str, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` the layer holds (deleted records too: their ids are taken)."""
        conn = self._connect()
        try:
            return gpkg_import.existing_ids(conn, layer, ids)
        finally:
            conn.close()

    def clear(self) -> None:
        """Remove every record, pledge, count, user, meta fact and history entry.

        The store gets a new ``store_id`` (it is a new store now), so the data version
        never repeats one that a cache saw before. The history's append-only trigger is
        lifted and restored inside the same transaction.
        """
        with self._transaction() as conn:
            for table in _CLEARED:
                conn.execute(f'DELETE FROM "{table}"')
            _delete_history(conn)
            conn.execute("DELETE FROM store_meta WHERE key <> 'store_id'")
            conn.execute("INSERT OR REPLACE INTO store_meta VALUES ('store_id', ?)",
                         (str(uuid.uuid4()),))


def _text_row(kinds: tuple[tuple[str, str], ...], row: Row) -> list[Any]:
    values = [transfer.to_text(kind, row.get(name)) for name, kind in kinds
              if kind != "GEOMETRY"]
    if any(kind == "GEOMETRY" for _, kind in kinds):
        values.append(fmt.to_blob(row.get("geometry")))
    return values


def _delete_history(conn: sqlite3.Connection) -> None:
    """Empty the append-only history: drop its delete guard, delete, put the guard back."""
    guard = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'history_no_delete'"
    ).fetchone()
    if guard is not None:
        conn.execute("DROP TRIGGER history_no_delete")
    conn.execute("DELETE FROM history")
    if guard is not None:
        conn.execute(guard[0])
