"""The PostGIS store's whole-store operations: counts per municipality, raw rows, clearing.

A mixin of :class:`~geo.store.postgis.store.PostGISStore` (as :mod:`geo.store.postgis.tables`):
it uses the store's ``_transaction`` and ``_connect``, so every write here counts up the data
version. The counts per municipality are one ``GROUP BY kommun_kod`` query in the database,
so a national view never pulls features into Python. Raw rows are for ``python -m geo copy``
(:mod:`geo.store.transfer`): written as they are, with no history row of their own.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import shapely
import sqlalchemy as sa

from geo.domain.filters import date_span
from geo.domain.model import LAYERS
from geo.store import transfer
from geo.store.postgis import schema as pg
from geo.store.postgis.steps import PostGISSteps
from geo.store.transfer import Row

_GEOM = pg.GEOMETRY_COLUMN
#: Every table :meth:`PostGISBulkTables.clear` empties, in one ``TRUNCATE``.
_CLEARED = ("history", "commitments", "pledge_documents", "pledges", "activity_counts",
            "users", *LAYERS, "survey_results", "survey_areas", "plan_rows", "plans",
            "situation_reports",
            "crime_statistics")
#: Tables that hold no data of the app: PostGIS's, Alembic's, the data version counter.
_NOT_DATA = frozenset({"spatial_ref_sys", "alembic_version", "data_version"})


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _year_condition(layer: str) -> str:
    """The SQL that puts a feature of ``layer`` in the year between ``:first`` and ``:last``."""
    start, end = date_span(layer)
    if end is None:
        return f'"{start}" BETWEEN :first AND :last'
    return f'"{start}" <= :last AND ("{end}" IS NULL OR "{end}" >= :first)'


class PostGISBulkTables(PostGISSteps):
    """Counts per municipality, export and import of raw rows, and emptying the store."""

    def counts_by_kommun(self, year: int, codes: Sequence[str] | None = None
                         ) -> dict[str, dict[str, int]]:
        """Public features per municipality and layer in ``year`` (None: every municipality).

        One query: per layer a ``GROUP BY kommun_kod`` on the (kommun_kod, date) index.
        """
        only = " AND kommun_kod = ANY(:codes)" if codes is not None else ""
        parts = [
            f"SELECT kommun_kod, '{layer}' AS layer, count(*) AS n FROM \"{layer}\" "
            f"WHERE deleted_at IS NULL AND visibility = 'public' AND {_year_condition(layer)}"
            f"{only} GROUP BY kommun_kod"
            for layer in LAYERS
        ]
        args: dict[str, Any] = {"first": date(year, 1, 1), "last": date(year, 12, 31)}
        if codes is not None:
            args["codes"] = list(codes)
        with self._connect() as conn:
            rows = conn.execute(sa.text(" UNION ALL ".join(parts)), args).all()
        result: dict[str, dict[str, int]] = {}
        for code, layer, n in rows:
            result.setdefault(code, {})[layer] = int(n)
        return result

    def schema_revision(self) -> str | None:
        """The Alembic revision the database is at (None: not initialised)."""
        with self._connect() as conn:
            return pg.current_revision(conn)

    def row_counts(self) -> dict[str, int]:
        """Rows per table of the store (deleted records included; not PostGIS's or Alembic's)."""
        with self._connect() as conn:
            present = conn.execute(sa.text(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                "current_schema() AND table_type = 'BASE TABLE'")).scalars().all()
            tables = [*transfer.TABLES, *sorted(set(present) - set(transfer.TABLES)
                                                - _NOT_DATA)]
            query = ", ".join(f'(SELECT count(*) FROM "{table}")' for table in tables)
            numbers = conn.execute(sa.text(f"SELECT {query}")).one()
        return dict(zip(tables, (int(n) for n in numbers), strict=True))

    def export_rows(self, table: str) -> list[Row]:
        """Every row of ``table`` as plain values, in key order (for a copy)."""
        kinds = transfer.columns(table)
        names = [name for name, _ in kinds if name != "geometry"]
        with self._connect() as conn:
            present = conn.execute(sa.text(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() AND table_name = :table"
            ), {"table": table}).scalars().all()
            transfer.check_columns(table, present)
            selected = [f'"{n}"' if n in present else f'NULL AS "{n}"' for n in names]
            if transfer.has_geometry(table):
                selected.append(f'ST_AsBinary("{_GEOM}") AS "{_GEOM}"')
            rows = conn.execute(sa.text(
                f"SELECT {', '.join(selected)} FROM \"{table}\" "
                f'ORDER BY "{transfer.key(table)}"'
                + (' COLLATE "C"' if table != "history" else "")
            )).mappings().all()
        result = []
        for row in rows:
            values: Row = {name: transfer.utc(row[name]) for name in names}
            for name, kind in kinds:
                if kind == "REAL" and values[name] is not None:
                    values[name] = float(values[name])
            if transfer.has_geometry(table):
                values["geometry"] = (None if row[_GEOM] is None
                                      else shapely.from_wkb(bytes(row[_GEOM])))
            result.append(values)
        return result

    def import_rows(self, table: str, rows: list[Row]) -> int:
        """Insert rows as they are (ids, versions, times and history numbers kept)."""
        kinds = transfer.columns(table)
        names = [name for name, kind in kinds if kind != "GEOMETRY"]
        marks = [f"CAST(:{n} AS jsonb)" if kind == "JSON" else f":{n}"
                 for n, kind in kinds if kind != "GEOMETRY"]
        columns = list(names)
        if transfer.has_geometry(table):
            columns.append(_GEOM)
            marks.append(f"ST_GeomFromWKB(:{_GEOM}, {pg.SRID})")
        sql = f'INSERT INTO "{table}" ({_quoted(columns)}) VALUES ({", ".join(marks)})'
        if table == "store_meta":
            sql += " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        with self._transaction() as conn:
            if rows:
                conn.execute(sa.text(sql), [_bind(kinds, row) for row in rows])
            if table == "history":  # the next entry continues after the copied ones
                conn.execute(sa.text(
                    "SELECT setval(pg_get_serial_sequence('history', 'seq'), "
                    "coalesce((SELECT max(seq) FROM history), 0) + 1, false)"))
        return len(rows)

    def clear(self) -> None:
        """Remove every record, pledge, count, user, meta fact and history entry.

        One transaction: the history's append-only triggers are disabled and enabled again
        inside it (``ALTER TABLE`` locks the table, so no other session sees them off). The
        store gets a new ``store_id``: it is a new store now.
        """
        with self._transaction() as conn:
            conn.execute(sa.text("ALTER TABLE history DISABLE TRIGGER USER"))
            conn.execute(sa.text(f"TRUNCATE {_quoted(_CLEARED)} RESTART IDENTITY"))
            conn.execute(sa.text("ALTER TABLE history ENABLE TRIGGER USER"))
            conn.execute(sa.text("DELETE FROM store_meta WHERE key <> 'store_id'"))
            conn.execute(sa.text(
                "INSERT INTO store_meta VALUES ('store_id', gen_random_uuid()::text) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value"))


def _bind(kinds: tuple[tuple[str, str], ...], row: Row) -> dict[str, Any]:
    """One row as bind parameters: JSON as text, the geometry as 2D WKB."""
    values: dict[str, Any] = {}
    for name, kind in kinds:
        value = row.get(name)
        if kind == "GEOMETRY":
            values[_GEOM] = None if value is None else shapely.to_wkb(value, output_dimension=2)
        elif kind == "JSON":
            values[name] = None if value is None else json.dumps(value, ensure_ascii=False)
        else:
            values[name] = value
    return values
