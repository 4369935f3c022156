"""PostGIS-specific: many editors at once lose nothing, and what only PostGIS has.

- 4 processes × 100 edits on the same few records (read, then update with the version
  read; retry on a conflict): every conflict is refused, every successful edit is applied
  exactly once (versions and a per-edit marker), the history has one row per edit.
  They start by initialising the new database all at once, as app instances would.
- The filter's SQL selects the same rows, in the same order and with the same dtypes, as
  on GeoPackage (the ``tests/domain/test_filters.py`` data and filters).
- The schema: GiST and (kommun_kod, date) indexes, typed geometry columns in EPSG:4326, an
  append-only history enforced by the database, migrations that match the model.

Every test here needs the ``pg_cluster`` fixture: without PostgreSQL and PostGIS they skip.
"""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from shapely.geometry import Point

from geo.domain.filters import Filter
from geo.domain.model import FEATURE_TYPES, UnsafePlace
from geo.store import GeoPackageStore, StaleVersionError, open_store
from tests.store.helpers import run_together

sa = pytest.importorskip("sqlalchemy", reason="PostGIS backend not tested: no SQLAlchemy")

WORKERS = 4
EDITS = 100
SHARED_RECORDS = 3
#: Every this many edits, a worker also tries an update with a version it knows is stale.
STALE_EVERY = 10


@pytest.fixture
def pg_store(pg_cluster):
    from geo.store.postgis.store import PostGISStore

    url = pg_cluster.new_database()
    store = PostGISStore(url)
    store.initialize()
    yield store
    store.close()
    pg_cluster.drop_database(url)


def _sql(store, query: str, **params):
    with store.engine.connect() as conn:
        return conn.execute(sa.text(query), params).all()


def _point(i: int) -> Point:
    return Point(13.9 + i * 0.01, 55.5)


# -- many editors -------------------------------------------------------------------------


def _edit(start, url: str, worker: int, places: list[UnsafePlace], out: str) -> None:
    """Initialise the new database together with the other editors (as app instances
    starting at once would), then make EDITS successful edits to random shared records,
    retrying refused ones."""
    from geo.store.postgis.store import PostGISStore

    store = PostGISStore(url)
    rng = random.Random(worker)
    record_ids = [p.id for p in places]
    applied, conflicts, stale_refused = [], 0, 0
    start.wait()
    store.initialize()
    start.wait()
    if worker == 0:
        store.create_many(places, "anna")
    start.wait()
    for edit in range(EDITS):
        record_id = rng.choice(record_ids)
        marker = f"w{worker}e{edit:03d}"
        while True:
            current = store.get("unsafe_places", record_id)
            try:
                updated = store.update("unsafe_places", record_id,
                                       {"description": f"{current.description}{marker};"},
                                       current.version, f"editor-{worker}")
            except StaleVersionError as stale:
                assert stale.current > current.version
                conflicts += 1
                continue
            break
        applied.append([record_id, marker, updated.version])
        if edit % STALE_EVERY == 0:  # the version read before our own edit is stale now
            try:
                store.update("unsafe_places", record_id, {"description": "STALE"},
                             current.version, f"editor-{worker}")
            except StaleVersionError:
                stale_refused += 1
            else:
                raise AssertionError("an update with a stale version was applied")
    Path(out).write_text(json.dumps({"applied": applied, "conflicts": conflicts,
                                     "stale_refused": stale_refused}))


def test_four_editors_start_together_lose_nothing_and_every_conflict_is_refused(
        pg_cluster, tmp_path):
    from geo.store.postgis import schema as postgis_schema
    from geo.store.postgis.store import PostGISStore

    places = [UnsafePlace(kommun_kod="1270", geometry=_point(i), category="lighting",
                          source="survey", reported_date="2020-05-01", description="")
              for i in range(SHARED_RECORDS)]
    ids = [p.id for p in places]
    url = pg_cluster.new_database()
    pg_store = PostGISStore(url)
    assert not pg_store.exists()
    outs = [str(tmp_path / f"editor-{w}.json") for w in range(WORKERS)]
    try:
        run_together(_edit, [(url, w, places, outs[w]) for w in range(WORKERS)])
        _check_edits(pg_store, ids, [json.loads(Path(out).read_text()) for out in outs])
        # The first initialisation, raced by four processes, made one store.
        assert _sql(pg_store, "SELECT count(*) FROM store_meta WHERE key = 'store_id'") == [
            (1,)]
        assert _sql(pg_store, "SELECT version_num FROM alembic_version") == [
            (postgis_schema.head_revision(),)]
    finally:
        pg_store.close()
        pg_cluster.drop_database(url)


def _check_edits(pg_store, ids: list[str], reports: list[dict]) -> None:
    applied = [(rid, marker, version) for r in reports for rid, marker, version in r["applied"]]
    assert len(applied) == WORKERS * EDITS
    conflicts = sum(r["conflicts"] for r in reports)
    assert conflicts > 0, "the editors never met: the test proved nothing"
    assert sum(r["stale_refused"] for r in reports) == WORKERS * (EDITS // STALE_EVERY)
    print(f"\n{len(applied)} edits applied, {conflicts} conflicting updates refused")

    for record_id in ids:
        mine = sorted((v, m) for rid, m, v in applied if rid == record_id)
        final = pg_store.get("unsafe_places", record_id)
        # Versions: one step per applied edit, none skipped, none shared.
        assert [v for v, _ in mine] == list(range(2, len(mine) + 2))
        assert final.version == len(mine) + 1
        # Markers: each applied edit exactly once, in the order the versions say.
        assert final.description == "".join(f"{m};" for _, m in mine)
        assert "STALE" not in final.description
        # History: one row per applied edit, each the step from the version before.
        updates = [h for h in pg_store.history(record_id=record_id) if h.action == "update"]
        assert [(h.after["version"], h.after["description"].split(";")[-2]) for h in updates] \
            == mine
        assert all(h.before["version"] + 1 == h.after["version"] for h in updates)
        assert {h.user for h in updates} <= {f"editor-{w}" for w in range(WORKERS)}
    assert len(pg_store.history()) == SHARED_RECORDS + WORKERS * EDITS
    assert pg_store.data_version().endswith(f":{1 + WORKERS * EDITS}")


# -- the same selection as GeoPackage ---------------------------------------------------------


@pytest.fixture(scope="module")
def both_stores(pg_cluster, tmp_path_factory):
    from geo.store.postgis.store import PostGISStore
    from tests.domain.test_filters import RECORDS

    records = RECORDS  # the records whose ids some filters name
    gpkg = GeoPackageStore(tmp_path_factory.mktemp("agree") / "agree.gpkg")
    url = pg_cluster.new_database()
    postgis = PostGISStore(url)
    for store in (gpkg, postgis):
        store.initialize()
        store.create_many(records, "tester")
    yield gpkg, postgis, records
    postgis.close()
    pg_cluster.drop_database(url)


def _comparable(frame):
    return frame.drop(columns=["created_at", "updated_at"], errors="ignore")


def test_where_and_matches_select_the_same_records(both_stores):
    from tests.domain.test_filters import FILTERS

    _, postgis, records = both_stores
    for flt in FILTERS:
        for layer in FEATURE_TYPES:
            listed = postgis.list(layer, flt)
            expected = {r.id for r in records if r.LAYER == layer and flt.matches(r)}
            assert set(listed["id"]) == expected, f"{layer} {flt}"
            assert len(listed) == len(expected), f"{layer} {flt}: duplicate rows"


def test_lists_equal_those_of_geopackage(both_stores):
    """Same columns, rows, order, values and dtypes (timestamps aside: stamped per store)."""
    from tests.domain.test_filters import FILTERS

    gpkg, postgis, _ = both_stores
    compared = 0
    for flt in [None, *FILTERS[::10]]:
        for layer in FEATURE_TYPES:
            for public in (False, True):
                want = gpkg.list(layer, flt, public=public)
                got = postgis.list(layer, flt, public=public)
                where = f"{layer} {flt} public={public}"
                assert list(got.columns) == list(want.columns), where
                assert list(got["id"]) == list(want["id"]), where
                if not len(want):
                    continue
                assert got.crs.to_epsg() == want.crs.to_epsg() == 4326
                assert dict(got.dtypes) == dict(want.dtypes), where
                pd.testing.assert_frame_equal(
                    pd.DataFrame(_comparable(got).drop(columns="geometry")),
                    pd.DataFrame(_comparable(want).drop(columns="geometry")), obj=where)
                placed = want.geometry.notna()
                assert (got.geometry.notna() == placed).all(), where
                assert got.geometry[placed].geom_equals_exact(want.geometry[placed],
                                                              1e-12).all(), where
                compared += 1
    assert compared > 100


def test_timestamps_have_the_same_dtype_as_on_geopackage(both_stores):
    gpkg, postgis, _ = both_stores
    for layer in FEATURE_TYPES:
        for column in ("created_at", "updated_at"):
            assert postgis.list(layer)[column].dtype == gpkg.list(layer)[column].dtype


# -- the schema ------------------------------------------------------------------------------


def test_geometry_columns_are_typed_and_indexed(pg_store):
    columns = dict(((t, (g, s)) for t, g, s in _sql(
        pg_store, "SELECT f_table_name, type, srid FROM geometry_columns "
                  "WHERE f_table_schema = current_schema()")))
    layers = {"unsafe_places": ("GEOMETRY", 4326), "walks": ("GEOMETRY", 4326),
              "findings": ("POINT", 4326), "watch_areas": ("MULTIPOLYGON", 4326),
              "activities": ("GEOMETRY", 4326)}
    assert {table: columns.get(table) for table in layers} == layers
    assert {srid for _, srid in columns.values()} == {4326}  # other tables' geometries too
    indexes = {name: definition for name, definition in _sql(
        pg_store, "SELECT indexname, indexdef FROM pg_indexes "
                  "WHERE schemaname = current_schema()")}
    for layer, record_type in FEATURE_TYPES.items():
        assert "USING gist (geom)" in indexes[f"{layer}_geom_gist"]
        assert f"(kommun_kod, {record_type.DATE_FIELD})" in indexes[f"{layer}_kommun"]


def test_the_filter_uses_the_index(pg_store):
    flt = Filter("1270", 2020, 2020)
    with pg_store.engine.connect() as conn:
        conn.execute(sa.text("SET enable_seqscan = off"))
        plan = "\n".join(row[0] for row in conn.execute(sa.text(
            f"EXPLAIN SELECT id FROM unsafe_places WHERE {flt.where('unsafe_places')}")))
    assert "unsafe_places_kommun" in plan


@pytest.mark.parametrize("statement", ['UPDATE history SET "user" = \'mallory\'',
                                       "DELETE FROM history", "TRUNCATE history"])
def test_history_refuses_changes_in_the_database(pg_store, make_record, statement):
    pg_store.create(make_record("walks"), "anna")
    with pytest.raises(sa.exc.IntegrityError, match="append-only"):
        with pg_store.engine.begin() as conn:
            conn.execute(sa.text(statement))
    [entry] = pg_store.history()
    assert entry.user == "anna"


def test_migrations_match_the_model(pg_store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from geo.store.postgis import schema as postgis_schema

    with pg_store.engine.connect() as conn:
        assert postgis_schema.missing_columns(conn) == {}
        context = MigrationContext.configure(conn, opts={
            "include_object": lambda obj, name, type_, *_: (
                type_ != "table" or name in FEATURE_TYPES)})
        differences = compare_metadata(context, postgis_schema.metadata())
    assert differences == []


def test_data_version_differs_between_databases(pg_cluster, pg_store):
    from geo.store.postgis.store import PostGISStore

    url = pg_cluster.new_database()
    other = PostGISStore(url)
    try:
        other.initialize()
        assert other.data_version() != pg_store.data_version()
        assert other.data_version().split(":")[1] == pg_store.data_version().split(":")[1]
    finally:
        other.close()
        pg_cluster.drop_database(url)


def test_open_store_opens_postgis_for_a_postgresql_url(pg_store, monkeypatch, make_record):
    from geo import config
    from geo.store.postgis.store import PostGISStore

    monkeypatch.setenv(config.DB_ENV, pg_store.url)
    store = open_store()
    assert isinstance(store, PostGISStore)
    walk = pg_store.create(make_record("walks"), "anna")
    assert store.get("walks", walk.id) is not None
    store.close()


def test_an_older_database_is_upgraded_and_keeps_its_rows(pg_cluster):
    """A database made by the first migration gets the later ones from ``initialize``."""
    from geo.store.postgis import schema as postgis_schema
    from geo.store.postgis.store import PostGISStore

    url = pg_cluster.new_database()
    store = PostGISStore(url)
    try:
        with store.engine.begin() as conn:
            postgis_schema.upgrade(conn, "0001")
            conn.execute(sa.text(
                "INSERT INTO walks (id, kommun_kod, visibility, version, walk_date, name, geom) "
                "VALUES ('5f0c8d4e-58c4-4c1e-9a39-4f7b1c8e2d11', '1270', 'public', 1, "
                "'2019-05-02', 'Gamla rundan', "
                "ST_GeomFromText('LINESTRING(13.9 55.5, 13.95 55.55)', 4326))"))
        assert _sql(store, "SELECT version_num FROM alembic_version") == [("0001",)]
        store.initialize()
        assert _sql(store, "SELECT version_num FROM alembic_version") == [
            (postgis_schema.head_revision(),)]
        walk = store.get("walks", "5f0c8d4e-58c4-4c1e-9a39-4f7b1c8e2d11")
        assert (walk.name, walk.version, walk.deleted_at) == ("Gamla rundan", 1, None)
        assert store.update("walks", walk.id, {"participants": 9}, 1, "bo").version == 2
        assert list(store.list("walks", Filter("1270", 2019, 2019))["id"]) == [walk.id]
    finally:
        store.close()
        pg_cluster.drop_database(url)


def test_a_database_at_0006_gets_editable_pledges_measures_and_resolved_dates(pg_cluster):
    """Migration 0007 on rows made before it: versions, measures and resolved dates filled."""
    from geo.domain.enums import Measure
    from geo.store.postgis import schema as postgis_schema
    from geo.store.postgis.store import PostGISStore

    url = pg_cluster.new_database()
    store = PostGISStore(url)
    try:
        with store.engine.begin() as conn:
            postgis_schema.upgrade(conn, "0006")
            conn.execute(sa.text(
                "INSERT INTO pledges (id, kommun_kod, kommun, police_area, title, period_start, "
                "period_end, follow_up, goals, other_sources) VALUES ('tomelilla-2020', '1270', "
                "'Tomelilla', 'Ystad', 'Löfte', '2020-01-01', '2020-12-31', 'yearly', '[]', "
                "'[]')"))
            conn.execute(sa.text(
                "INSERT INTO commitments (id, pledge_id, position, text, kind, target, unit, "
                "target_period, responsible) VALUES "
                "('tomelilla-2020-a', 'tomelilla-2020', 0, 'Vandra.', 'safety_walk', 2, 'st', "
                "'per_walk', 'both'), "
                "('tomelilla-2020-b', 'tomelilla-2020', 1, 'Hembesök.', 'home_visit', NULL, "
                "NULL, 'pledge', 'both'), "
                "('tomelilla-2020-c', 'tomelilla-2020', 2, 'Utskick.', 'dispatch', 1, 'st', "
                "'month', 'both')"))
            conn.execute(sa.text(
                "INSERT INTO unsafe_places (id, kommun_kod, visibility, version, category, "
                "source, reported_date, status, updated_at, geom) VALUES "
                "('5f0c8d4e-58c4-4c1e-9a39-4f7b1c8e2d12', '1270', 'public', 2, 'lighting', "
                "'survey', '2020-03-01', 'resolved', '2020-06-15T22:30:00Z', "
                "ST_GeomFromText('POINT(13.9 55.5)', 4326))"))
        store.initialize()
        pledge = store.pledge("tomelilla-2020")
        assert (pledge.version, pledge.archived, pledge.source_url) == (1, False, "")
        assert [c.measure for c in pledge.commitments] == [
            Measure.WALK_RULE, Measure.COUNT_ONLY, Measure.UNITS]
        place = store.get("unsafe_places", "5f0c8d4e-58c4-4c1e-9a39-4f7b1c8e2d12")
        assert place.resolved_date == date(2020, 6, 15)
        saved = store.save_pledge(pledge, "bo", 1)
        assert saved.version == 2 and store.pledge(pledge.id) == saved
    finally:
        store.close()
        pg_cluster.drop_database(url)


def test_a_database_at_0008_gets_the_finding_statuses_a_geopackage_gets(pg_cluster):
    """Migration 0009: ``open`` and ``rejected`` findings read as new and not done (avvisad)."""
    from geo.domain.enums import FindingStatus
    from geo.store.postgis import schema as postgis_schema
    from geo.store.postgis.store import PostGISStore

    url = pg_cluster.new_database()
    store = PostGISStore(url)
    old = {"5f0c8d4e-58c4-4c1e-9a39-4f7b1c8e2d21": "open",
           "5f0c8d4e-58c4-4c1e-9a39-4f7b1c8e2d22": "rejected",
           "5f0c8d4e-58c4-4c1e-9a39-4f7b1c8e2d23": "planned"}
    try:
        with store.engine.begin() as conn:
            postgis_schema.upgrade(conn, "0008")
            for number, (finding_id, status) in enumerate(old.items(), start=1):
                conn.execute(sa.text(
                    "INSERT INTO findings (id, kommun_kod, visibility, version, walk_id, "
                    "number, found_date, category, responsible, priority, selected, status, geom) "
                    "VALUES (:id, '1270', 'public', 1, :walk, :n, '2019-05-02', 'lighting', "
                    "'municipality', 2, false, :status, "
                    "ST_GeomFromText('POINT(13.9 55.5)', 4326))"),
                    {"id": finding_id, "walk": "5f0c8d4e-58c4-4c1e-9a39-4f7b1c8e2d20",
                     "n": number, "status": status})
        store.initialize()
        read = {i: store.get("findings", i) for i in old}
        assert {i: (f.status, f.status_reason) for i, f in read.items()} == {
            "5f0c8d4e-58c4-4c1e-9a39-4f7b1c8e2d21": (FindingStatus.NEW, ""),
            "5f0c8d4e-58c4-4c1e-9a39-4f7b1c8e2d22": (FindingStatus.NOT_DONE, "avvisad"),
            "5f0c8d4e-58c4-4c1e-9a39-4f7b1c8e2d23": (FindingStatus.PLANNED, ""),
        }
    finally:
        store.close()
        pg_cluster.drop_database(url)
