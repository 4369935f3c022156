"""Reported crimes per municipality and year (Brå's statistics) in the store, both backends.

One table, ``crime_statistics``: one row per municipality, year and crime category, with the
count of reported crimes, the rate per 100 000 inhabitants when the file gave one, where the
figures came from (``source``) and when and by whom they were imported. The category keeps
its code and its label as the file wrote them (Brå's labels change between years; the code
is what a comparison joins on). Checked rows come from :mod:`geo.indicators.crime`.

An import replaces the rows of the same municipality, year and category, in one transaction
with one history row, so the data version changes and caches refresh. Read it with
:meth:`crime_statistics` (one municipality, some or all years): the lägesbild's kartläggning
reads it there. The mixins use the store's ``_transaction``, ``_connect`` and history writer,
as :mod:`geo.store.survey_tables` does; the SQL that differs is only the upsert.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from geo.domain.model import utc_now
from geo.store import schema
from geo.store.gpkg import format as fmt
from geo.store.gpkg.steps import GpkgSteps
from geo.store.postgis.steps import PostGISSteps

TABLE = "crime_statistics"
#: (name, kind) as :mod:`geo.store.transfer` names them; ``id`` is the key.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "TEXT"), ("kommun_kod", "TEXT"), ("year", "INTEGER"), ("category_code", "TEXT"),
    ("category", "TEXT"), ("count", "INTEGER"), ("rate_per_100k", "REAL"), ("source", "TEXT"),
    ("imported_at", "DATETIME"), ("imported_by", "TEXT"),
)
#: What a read returns (no id, no importer's name).
READ_COLUMNS = ("kommun_kod", "year", "category_code", "category", "count", "rate_per_100k",
                "source", "imported_at")
_SQLITE_TYPES = {"TEXT": "TEXT", "INTEGER": "INTEGER", "REAL": "REAL", "DATETIME": "DATETIME"}


def row_id(row: dict[str, Any]) -> str:
    """The key of one figure: municipality, year and category code."""
    return f"{row['kommun_kod']}/{int(row['year'])}/{row['category_code']}"


def _rows(figures: pd.DataFrame, user: str, now: object) -> list[dict[str, Any]]:
    rows = []
    for row in figures.to_dict("records"):
        rate = row.get("rate_per_100k")
        rows.append({"id": row_id(row), "kommun_kod": str(row["kommun_kod"]),
                     "year": int(row["year"]), "category_code": str(row["category_code"]),
                     "category": str(row["category"]), "count": int(row["count"]),
                     "rate_per_100k": None if rate is None or rate != rate else float(rate),
                     "source": str(row.get("source") or "Brå"), "imported_at": now,
                     "imported_by": user})
    return rows


def _summary(rows: list[dict[str, Any]]) -> tuple[str, str]:
    """The history row's record id (the municipalities) and its counts."""
    codes = sorted({r["kommun_kod"] for r in rows})
    years = sorted({r["year"] for r in rows})
    record = codes[0] if len(codes) == 1 else "*"
    return record, json.dumps({"rows": len(rows), "kommuner": codes, "years": years})


def _frame(rows: Sequence[Sequence[Any]]) -> pd.DataFrame:
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(READ_COLUMNS))
    frame["year"] = frame["year"].astype(int)
    frame["count"] = frame["count"].astype(int)
    frame["rate_per_100k"] = frame["rate_per_100k"].astype(float)
    # the same type from both backends: GeoPackage text, PostgreSQL timestamptz
    frame["imported_at"] = pd.to_datetime(frame["imported_at"], utc=True, format="ISO8601")
    return frame


def _years(years: Iterable[int] | None) -> list[int] | None:
    return None if years is None else sorted({int(y) for y in years})


_QUERY = (f"SELECT {', '.join(READ_COLUMNS)} FROM {TABLE} WHERE kommun_kod = {{k}}{{years}} "
          "ORDER BY year, category_code{collate}")


class GpkgCrimeTables(GpkgSteps):
    """The GeoPackage store's crime statistics (a mixin of the store class)."""

    def replace_crime_statistics(self, figures: pd.DataFrame, user: str) -> int:
        """Keep checked figures; the same municipality, year and category is replaced."""
        rows = _rows(figures, user, schema.to_db(utc_now()))
        names = [n for n, _ in COLUMNS]
        record, summary = _summary(rows)
        with self._transaction() as conn:
            ensure_gpkg(conn)
            conn.executemany(
                f"INSERT OR REPLACE INTO {TABLE} ({', '.join(names)}) "
                f"VALUES ({', '.join('?' for _ in names)})", [[r[n] for n in names] for r in rows])
            self._log(conn, user, TABLE, record, "import", None, summary)
        return len(rows)

    def crime_statistics(self, kommun_kod: str, years: Iterable[int] | None = None
                         ) -> pd.DataFrame:
        """A municipality's reported crimes, by year and category (``years``: those only)."""
        chosen = _years(years)
        conn = self._connect()
        try:
            if not _gpkg_has(conn, TABLE) or chosen == []:
                return _frame([])
            where = f" AND year IN ({', '.join('?' for _ in chosen)})" if chosen else ""
            rows = conn.execute(_QUERY.format(k="?", years=where, collate=""),
                                (kommun_kod, *(chosen or []))).fetchall()
        finally:
            conn.close()
        return _frame(rows)


class PostGISCrimeTables(PostGISSteps):
    """The PostGIS store's crime statistics (migration 0010; a mixin of the store class)."""

    def replace_crime_statistics(self, figures: pd.DataFrame, user: str) -> int:
        """Keep checked figures; the same municipality, year and category is replaced."""
        rows = _rows(figures, user, utc_now())
        names = [n for n, _ in COLUMNS]
        updates = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n != "id")
        record, summary = _summary(rows)
        import sqlalchemy as sa  # here: a GeoPackage store never loads SQLAlchemy

        with self._transaction() as conn:
            if rows:
                conn.execute(sa.text(
                    f"INSERT INTO {TABLE} ({_quoted(names)})"
                    f" VALUES ({', '.join(':' + n for n in names)}) ON CONFLICT (id) DO UPDATE "
                    f"SET {updates}"), rows)
            self._log_many(conn, [(user, TABLE, record, "import", None, summary, "")])
        return len(rows)

    def crime_statistics(self, kommun_kod: str, years: Iterable[int] | None = None
                         ) -> pd.DataFrame:
        """A municipality's reported crimes, by year and category (``years``: those only)."""
        import sqlalchemy as sa

        chosen = _years(years)
        if chosen == []:
            return _frame([])
        where = " AND year = ANY(:years)" if chosen else ""
        with self._connect() as conn:
            rows = conn.execute(sa.text(_QUERY.format(k=":k", years=where,
                                                      collate=' COLLATE "C"')),
                                {"k": kommun_kod, "years": chosen}).all()
        return _frame(rows)


def ensure_gpkg(conn: Any) -> None:
    """Create the table in a GeoPackage that lacks it (new or older files)."""
    if not _gpkg_has(conn, TABLE):
        body = ", ".join(f'"{n}" {_SQLITE_TYPES[k]}' + (" PRIMARY KEY" if n == "id" else "")
                         for n, k in COLUMNS)
        fmt.create_attribute_table(conn, TABLE, body)
        conn.execute(f"CREATE INDEX {TABLE}_kommun ON {TABLE} (kommun_kod, year)")


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _gpkg_has(conn: Any, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (table,)).fetchone() is not None
