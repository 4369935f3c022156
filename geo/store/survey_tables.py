"""Safety-survey results (trygghetsmätning) in the store, and the polygons of their areas.

Two tables, the same in both backends:

``survey_results``
    one row per municipality, kind of area, area and year, with the shares in per cent and
    a ``source`` (``import`` or ``example``: example data is labelled in the table itself).
``survey_areas``
    the polygons a user brought for DeSO, RegSO or own districts (grid squares are built
    from their ids and are not stored). A map layer in QGIS, like the feature layers.

An import replaces the rows of the same area and year (and the same area's polygon) in one
transaction with one history row, so the data version changes and caches refresh. The
mixins use the store's ``_transaction``, ``_connect`` and history writer (declared in
:mod:`geo.store.gpkg.steps` and :mod:`geo.store.postgis.steps`); the SQL that
differs between SQLite and PostgreSQL is only the upsert and the geometry functions.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiPolygon

from geo.domain.model import utc_now
from geo.store import schema
from geo.store.gpkg import format as fmt
from geo.store.gpkg.steps import GpkgSteps
from geo.store.postgis.steps import PostGISSteps

RESULTS = "survey_results"
AREAS = "survey_areas"
MEASURE_COLUMNS = ("unsafe_evening", "worry_burglary")
#: (name, kind) as :mod:`geo.store.transfer` names them; ``id`` is the key.
RESULT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "TEXT"), ("kommun_kod", "TEXT"), ("area_kind", "TEXT"), ("area_id", "TEXT"),
    ("grid_size", "INTEGER"), ("year", "INTEGER"),
    *((m, "REAL") for m in MEASURE_COLUMNS),
    ("source", "TEXT"), ("updated_at", "DATETIME"), ("updated_by", "TEXT"),
)
AREA_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "TEXT"), ("kommun_kod", "TEXT"), ("area_kind", "TEXT"), ("area_id", "TEXT"),
    ("source", "TEXT"), ("updated_at", "DATETIME"), ("updated_by", "TEXT"),
    ("geometry", "GEOMETRY"),
)
#: What a read returns (the public form: no id, no editor).
READ_COLUMNS = ("kommun_kod", "area_kind", "area_id", "grid_size", "year", *MEASURE_COLUMNS,
                "source")
_GEOM = fmt.GEOMETRY_COLUMN
_SQLITE_TYPES = {"TEXT": "TEXT", "INTEGER": "INTEGER", "REAL": "REAL", "DATETIME": "DATETIME"}


def result_id(row: dict[str, Any]) -> str:
    """The key of one result: municipality, kind (and square size), area and year."""
    return (f"{row['kommun_kod']}/{row['area_kind']}/{int(row['grid_size'])}/"
            f"{row['area_id']}/{int(row['year'])}")


def area_id(kommun_kod: str, kind: str, area: str) -> str:
    """The key of one stored area polygon."""
    return f"{kommun_kod}/{kind}/{area}"


def _result_rows(results: pd.DataFrame, user: str, now: object) -> list[dict[str, Any]]:
    rows = []
    for row in results.to_dict("records"):
        values = {name: row.get(name) for name, _ in RESULT_COLUMNS}
        values.update(id=result_id(row), grid_size=int(row["grid_size"]), year=int(row["year"]),
                      updated_at=now, updated_by=user, source=row.get("source") or "import")
        for measure in MEASURE_COLUMNS:
            value = row.get(measure)
            values[measure] = None if value is None or value != value else float(value)
        rows.append(values)
    return rows


def _area_rows(areas: gpd.GeoDataFrame | None, kommun_kod: str, kind: str, source: str,
               user: str, now: object) -> list[dict[str, Any]]:
    if areas is None or areas.empty:
        return []
    shapes = areas.to_crs(4326)
    return [{"id": area_id(kommun_kod, kind, str(a)), "kommun_kod": kommun_kod,
             "area_kind": kind, "area_id": str(a), "source": source, "updated_at": now,
             "updated_by": user, "geometry": _multi(g)}
            for a, g in zip(shapes["area_id"], shapes.geometry, strict=True)]


def _multi(geometry: Any) -> MultiPolygon:
    geometry = shapely.make_valid(geometry)
    if geometry.geom_type == "Polygon":
        return MultiPolygon([geometry])
    if geometry.geom_type == "MultiPolygon":
        return geometry
    parts = [g for g in getattr(geometry, "geoms", []) if g.geom_type == "Polygon"]
    return MultiPolygon(parts)


def _summary(results: pd.DataFrame, areas: int) -> str:
    kinds = sorted(set(results["area_kind"])) if len(results) else []
    return json.dumps({"results": len(results), "areas": areas, "kinds": kinds})


def _frame(rows: Sequence[Sequence[Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(columns))
    frame["grid_size"] = frame["grid_size"].astype(int)
    frame["year"] = frame["year"].astype(int)
    for measure in MEASURE_COLUMNS:
        frame[measure] = frame[measure].astype(float)
    return frame


def _areas_frame(rows: Sequence[Sequence[Any]], geometries: list[Any]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"area_id": [r[0] for r in rows]},
                            geometry=gpd.GeoSeries(geometries, crs=4326), crs=4326)


_RESULTS_QUERY = (f"SELECT {', '.join(READ_COLUMNS)} FROM {RESULTS} WHERE kommun_kod = {{k}} "
                  "ORDER BY year, area_kind, area_id{collate}")


class GpkgSurveyTables(GpkgSteps):
    """The GeoPackage store's survey tables (a mixin of the store class)."""

    def save_survey(self, results: pd.DataFrame, user: str,
                    areas: gpd.GeoDataFrame | None = None) -> int:
        """Keep checked results (and their areas' polygons); same area and year replaced."""
        now = schema.to_db(utc_now())
        rows = _result_rows(results, user, now)
        kommun, kind = _one_kommun_kind(results, areas)
        polygons = _area_rows(areas, kommun, kind, _source(results), user, now)
        names = [n for n, _ in RESULT_COLUMNS]
        area_names = [n for n, k in AREA_COLUMNS if k != "GEOMETRY"]
        with self._transaction() as conn:
            ensure_gpkg(conn)
            conn.executemany(
                f"INSERT OR REPLACE INTO {RESULTS} ({', '.join(names)}) "
                f"VALUES ({', '.join('?' for _ in names)})",
                [[r[n] for n in names] for r in rows])
            conn.executemany(f"DELETE FROM {AREAS} WHERE id = ?", [[p["id"]] for p in polygons])
            conn.executemany(
                f'INSERT INTO {AREAS} ({", ".join(area_names)}, "{_GEOM}") '
                f"VALUES ({', '.join('?' for _ in range(len(area_names) + 1))})",
                [[p[n] for n in area_names] + [fmt.to_blob(p["geometry"])] for p in polygons])
            self._log(conn, user, RESULTS, f"{kommun}/{kind}", "import", None,
                      _summary(results, len(polygons)))
        return len(rows)

    def survey_results(self, kommun_kod: str) -> pd.DataFrame:
        """The municipality's results, every kind and year (``source`` says example/import)."""
        conn = self._connect()
        try:
            if not _gpkg_has(conn, RESULTS):
                return _frame([], READ_COLUMNS)
            rows = conn.execute(_RESULTS_QUERY.format(k="?", collate=""), (kommun_kod,)).fetchall()
        finally:
            conn.close()
        return _frame(rows, READ_COLUMNS)

    def survey_areas(self, kommun_kod: str, kind: str) -> gpd.GeoDataFrame:
        """The stored polygons of one kind of area (``area_id``, geometry in WGS 84)."""
        conn = self._connect()
        try:
            rows = [] if not _gpkg_has(conn, AREAS) else conn.execute(
                f'SELECT area_id, "{_GEOM}" FROM {AREAS} WHERE kommun_kod = ? '
                "AND area_kind = ? ORDER BY area_id", (kommun_kod, kind)).fetchall()
        finally:
            conn.close()
        return _areas_frame(rows, [fmt.from_blob(r[1]) for r in rows])


class PostGISSurveyTables(PostGISSteps):
    """The PostGIS store's survey tables (migration 0004; a mixin of the store class)."""

    def save_survey(self, results: pd.DataFrame, user: str,
                    areas: gpd.GeoDataFrame | None = None) -> int:
        """Keep checked results (and their areas' polygons); same area and year replaced."""
        now = utc_now()
        rows = _result_rows(results, user, now)
        kommun, kind = _one_kommun_kind(results, areas)
        polygons = _area_rows(areas, kommun, kind, _source(results), user, now)
        names = [n for n, _ in RESULT_COLUMNS]
        updates = ", ".join(f"{n} = excluded.{n}" for n in names if n != "id")
        area_names = [n for n, k in AREA_COLUMNS if k != "GEOMETRY"]
        import sqlalchemy as sa  # here: a GeoPackage store never loads SQLAlchemy

        with self._transaction() as conn:
            if rows:
                conn.execute(sa.text(
                    f"INSERT INTO {RESULTS} ({', '.join(names)}) VALUES "
                    f"({', '.join(':' + n for n in names)}) ON CONFLICT (id) DO UPDATE SET "
                    f"{updates}"), rows)
            if polygons:
                conn.execute(sa.text(f"DELETE FROM {AREAS} WHERE id = ANY(:ids)"),
                             {"ids": [p["id"] for p in polygons]})
                conn.execute(sa.text(
                    f"INSERT INTO {AREAS} ({', '.join(area_names)}, {_GEOM}) VALUES "
                    f"({', '.join(':' + n for n in area_names)}, "
                    f"ST_Multi(ST_GeomFromWKB(:wkb, 4326)))"),
                    [{**{n: p[n] for n in area_names},
                      "wkb": shapely.to_wkb(p["geometry"], output_dimension=2)}
                     for p in polygons])
            self._log_many(conn, [(user, RESULTS, f"{kommun}/{kind}", "import", None,
                                   _summary(results, len(polygons)), "")])
        return len(rows)

    def survey_results(self, kommun_kod: str) -> pd.DataFrame:
        """The municipality's results, every kind and year (``source`` says example/import)."""
        import sqlalchemy as sa

        with self._connect() as conn:
            rows = conn.execute(sa.text(_RESULTS_QUERY.format(k=":k", collate=' COLLATE "C"')),
                                {"k": kommun_kod}).all()
        return _frame(rows, READ_COLUMNS)

    def survey_areas(self, kommun_kod: str, kind: str) -> gpd.GeoDataFrame:
        """The stored polygons of one kind of area (``area_id``, geometry in WGS 84)."""
        import sqlalchemy as sa

        with self._connect() as conn:
            rows = conn.execute(sa.text(
                f"SELECT area_id, ST_AsBinary({_GEOM}) FROM {AREAS} WHERE kommun_kod = :k "
                'AND area_kind = :kind ORDER BY area_id COLLATE "C"'),
                {"k": kommun_kod, "kind": kind}).all()
        return _areas_frame(rows, [shapely.from_wkb(bytes(r[1])) for r in rows])


def ensure_gpkg(conn: Any) -> None:
    """Create the survey tables in a GeoPackage that lacks them (new or older files)."""
    if not _gpkg_has(conn, RESULTS):
        body = ", ".join(f"{n} {_SQLITE_TYPES[k]}" + (" PRIMARY KEY" if n == "id" else "")
                         for n, k in RESULT_COLUMNS)
        fmt.create_attribute_table(conn, RESULTS, body)
        conn.execute(f"CREATE INDEX {RESULTS}_kommun ON {RESULTS} (kommun_kod, year)")
    if not _gpkg_has(conn, AREAS):
        columns = [(n, _SQLITE_TYPES[k] + (" UNIQUE NOT NULL" if n == "id" else ""))
                   for n, k in AREA_COLUMNS if k != "GEOMETRY"]
        fmt.create_feature_table(conn, AREAS, columns, "MULTIPOLYGON")
        conn.execute(f"CREATE INDEX {AREAS}_kommun ON {AREAS} (kommun_kod, area_kind)")


def _gpkg_has(conn: Any, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (table,)).fetchone() is not None


def _one_kommun_kind(results: pd.DataFrame, areas: gpd.GeoDataFrame | None) -> tuple[str, str]:
    """One import is one municipality and one kind (areas are stored under that pair)."""
    pairs = set(zip(results["kommun_kod"], results["area_kind"], strict=True))
    if len(pairs) == 1:
        return next(iter(pairs))
    if areas is not None and len(pairs) > 1:
        raise ValueError("areas can be stored with results of one municipality and kind")
    return ("*", "*") if pairs else ("", "")


def _source(results: pd.DataFrame) -> str:
    sources = set(results["source"]) if "source" in results else set()
    return "example" if sources == {"example"} else "import"
