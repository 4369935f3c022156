"""GeoPackage-specific: the file opens in GIS programs, stays consistent, and takes
concurrent writers without losing anything."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pyogrio
import pytest
from shapely.geometry import Point

from geo import config
from geo.domain.model import FEATURE_TYPES, UnsafePlace
from geo.store import GeoPackageStore, StaleVersionError, open_store
from tests.store.helpers import run_together

LAYERS = ("unsafe_places", "walks", "findings", "watch_areas", "activities")


@pytest.fixture
def gpkg(tmp_path) -> GeoPackageStore:
    store = GeoPackageStore(tmp_path / "test.gpkg")
    store.initialize()
    return store


def _sql(store: GeoPackageStore, query: str, *args):
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute(query, args).fetchall()
    finally:
        conn.close()


def _count(store: GeoPackageStore, table: str) -> int:
    return _sql(store, f'SELECT COUNT(*) FROM "{table}"')[0][0]


def _rtree_count(store: GeoPackageStore, layer: str) -> int:
    return _count(store, f"rtree_{layer}_geom")


def _with_geometry(store: GeoPackageStore, layer: str) -> int:
    return _sql(store, f'SELECT COUNT(*) FROM "{layer}" WHERE geom IS NOT NULL')[0][0]


# -- a file GIS programs open -----------------------------------------------------------


def test_gdal_lists_and_reads_every_layer(gpkg, make_record):
    records = {layer: gpkg.create(make_record(layer), "anna") for layer in LAYERS}
    listed = {name: geometry_type for name, geometry_type in pyogrio.list_layers(gpkg.path)}
    assert set(LAYERS) <= set(listed)
    assert listed["findings"] == "Point"
    assert listed["watch_areas"] == "MultiPolygon"
    for layer, record in records.items():
        frame = pyogrio.read_dataframe(gpkg.path, layer=layer)
        assert frame.crs is not None and frame.crs.to_epsg() == 4326, layer
        assert list(frame["id"]) == [record.id]
        read = frame.geometry.iloc[0]
        assert read.geom_type == record.geometry.geom_type, layer
        assert read.equals_exact(record.geometry, 1e-12), layer
        info = pyogrio.read_info(gpkg.path, layer=layer)
        assert info["features"] == 1, layer
        assert info["crs"] == "EPSG:4326", layer


def test_file_is_a_geopackage_in_wal_mode(gpkg):
    assert _sql(gpkg, "PRAGMA application_id")[0][0] == 0x47504B47
    assert _sql(gpkg, "PRAGMA journal_mode")[0][0].lower() == "wal"
    with open(gpkg.path, "rb") as handle:
        assert handle.read(16) == b"SQLite format 3\x00"
    registered = {row[0] for row in _sql(gpkg, "SELECT table_name FROM gpkg_geometry_columns")}
    assert registered == {*LAYERS, "survey_areas"}  # the survey areas are a map layer too


# -- R-tree index -----------------------------------------------------------------------


def _rtree_box(store, layer, record_id):
    return _sql(
        store,
        f'SELECT r.minx, r.maxx, r.miny, r.maxy FROM "rtree_{layer}_geom" r '
        f'JOIN "{layer}" t ON t.fid = r.id WHERE t.id = ?',
        record_id,
    )


def test_rtree_follows_creates_moves_and_deletes(gpkg, make_record):
    places = [
        make_record("unsafe_places", geometry=Point(13.5 + i * 0.01, 55.5), visibility="public")
        for i in range(10)
    ]
    gpkg.create_many(places[:5], "anna")
    for place in places[5:]:
        gpkg.create(place, "anna")
    assert _rtree_count(gpkg, "unsafe_places") == _count(gpkg, "unsafe_places") == 10

    moved_to = Point(18.07, 59.33)
    gpkg.update("unsafe_places", places[0].id, {"geometry": moved_to}, 1, "bo")
    gpkg.update("unsafe_places", places[1].id, {"description": "bara text"}, 1, "bo")
    assert _rtree_count(gpkg, "unsafe_places") == _count(gpkg, "unsafe_places") == 10
    [(minx, maxx, miny, maxy)] = _rtree_box(gpkg, "unsafe_places", places[0].id)
    assert minx <= moved_to.x <= maxx and miny <= moved_to.y <= maxy
    old = places[0].geometry
    assert not (minx <= old.x <= maxx and miny <= old.y <= maxy)
    # A spatial query through the index finds the moved place where it now is.
    hits = _sql(gpkg, 'SELECT t.id FROM "rtree_unsafe_places_geom" r JOIN unsafe_places t '
                "ON t.fid = r.id WHERE r.minx <= 18.1 AND r.maxx >= 18.0 "
                "AND r.miny <= 59.4 AND r.maxy >= 59.3")
    assert hits == [(places[0].id,)]

    for place in places[2:6]:
        gpkg.delete("unsafe_places", place.id, 1, "carl", reason="dubblett")
    # soft delete: the rows stay (marked), the index still matches the table
    assert _rtree_count(gpkg, "unsafe_places") == _count(gpkg, "unsafe_places") == 10
    assert len(gpkg.list("unsafe_places")) == 6
    # GDAL's spatial filter uses the index.
    frame = pyogrio.read_dataframe(gpkg.path, layer="unsafe_places",
                                   bbox=(18.0, 59.3, 18.1, 59.4))
    assert list(frame["id"]) == [places[0].id]


def test_rtree_skips_activities_without_a_place(gpkg, make_record):
    with_place = [make_record("activities") for _ in range(3)]
    without = [make_record("activities", geometry=None, kind="police_hours") for _ in range(2)]
    gpkg.create_many([*with_place, *without], "anna")
    assert _count(gpkg, "activities") == 5
    assert _rtree_count(gpkg, "activities") == _with_geometry(gpkg, "activities") == 3
    gpkg.update("activities", with_place[0].id, {"geometry": None}, 1, "bo")
    gpkg.update("activities", without[0].id, {"geometry": Point(14.0, 56.0)}, 1, "bo")
    assert _rtree_count(gpkg, "activities") == _with_geometry(gpkg, "activities") == 3
    gpkg.update("activities", with_place[1].id, {"geometry": None}, 1, "bo")
    assert _rtree_count(gpkg, "activities") == _with_geometry(gpkg, "activities") == 2
    gpkg.delete("activities", without[0].id, 2, "bo", reason="fel")
    assert _rtree_count(gpkg, "activities") == _with_geometry(gpkg, "activities") == 2


# -- history is append-only -------------------------------------------------------------


@pytest.mark.parametrize("statement", ["UPDATE history SET user = 'mallory'",
                                       "DELETE FROM history"])
def test_history_refuses_changes_through_sqlite(gpkg, make_record, statement):
    gpkg.create(make_record("walks"), "anna")
    conn = sqlite3.connect(gpkg.path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            conn.execute(statement)
        conn.rollback()
    finally:
        conn.close()
    [entry] = gpkg.history()
    assert entry.user == "anna"


def test_delete_reason_is_kept_in_the_history_table(gpkg, make_record):
    walk = gpkg.create(make_record("walks"), "anna")
    gpkg.delete("walks", walk.id, 1, "bo", reason="registrerad två gånger")
    rows = _sql(gpkg, "SELECT action, user, reason FROM history WHERE record_id = ? ORDER BY seq",
                walk.id)
    assert rows[-1] == ("delete", "bo", "registrerad två gånger")


# -- configuration ----------------------------------------------------------------------


def test_a_new_path_is_not_an_initialised_store(tmp_path):
    store = GeoPackageStore(tmp_path / "sub" / "new.gpkg")
    assert not store.exists()
    store.initialize()
    assert store.exists()
    assert store.path.is_file()


def test_open_store_honours_the_environment(tmp_path, monkeypatch, make_record):
    def default_state():
        default = config.DEFAULT_DB
        return default.exists() and default.stat().st_mtime_ns

    path = tmp_path / "från-miljön.gpkg"
    before = default_state()
    monkeypatch.setenv(config.DB_ENV, str(path))
    store = open_store()
    assert isinstance(store, GeoPackageStore)
    assert Path(store.path) == path
    store.initialize()
    walk = store.create(make_record("walks"), "anna")
    assert path.exists()
    assert open_store().get("walks", walk.id) is not None
    assert default_state() == before  # the default database was not touched


# -- concurrency ------------------------------------------------------------------------


def _create_places(start, path: str, worker: int, n: int) -> None:
    store = GeoPackageStore(path)
    start.wait()
    for i in range(n):
        store.create(
            UnsafePlace(kommun_kod="1270", geometry=Point(13.5 + i * 0.001, 55.4 + worker * 0.01),
                        category="lighting", source="survey", reported_date="2020-05-01",
                        description=f"worker {worker} place {i}"),
            f"worker-{worker}",
        )


def _append_chars(start, path: str, record_id: str, char: str, n: int) -> None:
    store = GeoPackageStore(path)
    start.wait()
    done = 0
    while done < n:
        current = store.get("unsafe_places", record_id)
        try:
            store.update("unsafe_places", record_id,
                         {"description": current.description + char}, current.version,
                         f"writer-{char}")
        except StaleVersionError:
            continue
        done += 1


def _initialize(start, paths: list[str]) -> None:
    """Initialise each new file in step with the other processes; fail at the end if any
    round failed (failing at once would leave the others waiting at the barrier)."""
    errors = []
    for path in paths:
        start.wait()
        try:
            GeoPackageStore(path).initialize()
        except Exception as error:  # reported below, after the last round
            errors.append(f"{path}: {type(error).__name__}: {error}")
    if errors:
        raise RuntimeError("; ".join(errors))


def test_concurrent_first_initialize_succeeds_everywhere(tmp_path):
    """Several app processes starting at once on a new file all get a working store."""
    paths = [str(tmp_path / f"new-{i}.gpkg") for i in range(8)]
    run_together(_initialize, [(paths,) for _ in range(4)])
    for path in paths:
        store = GeoPackageStore(path)
        assert store.exists()
        assert _sql(store, "SELECT COUNT(*) FROM store_meta WHERE key = 'store_id'") == [(1,)]
        assert {name for name, _ in pyogrio.list_layers(path)} >= set(LAYERS)


def test_concurrent_creates_lose_nothing(gpkg):
    run_together(_create_places, [(str(gpkg.path), worker, 50) for worker in range(4)])
    frame = pyogrio.read_dataframe(gpkg.path, layer="unsafe_places")
    assert len(frame) == 200
    assert frame["id"].is_unique
    assert pyogrio.read_info(gpkg.path, layer="unsafe_places")["features"] == 200
    assert _count(gpkg, "unsafe_places") == 200
    assert _rtree_count(gpkg, "unsafe_places") == 200
    creates = [h for h in gpkg.history() if h.action == "create"]
    assert len(creates) == 200
    assert {h.user for h in creates} == {f"worker-{w}" for w in range(4)}
    assert len(gpkg.list("unsafe_places")) == 200


def test_concurrent_updates_lose_no_update(gpkg, make_record):
    place = gpkg.create(make_record("unsafe_places", description=""), "anna")
    run_together(_append_chars, [(str(gpkg.path), place.id, char, 30) for char in "ab"])
    final = gpkg.get("unsafe_places", place.id)
    assert final.version == 61
    assert len(final.description) == 60
    assert final.description.count("a") == 30 and final.description.count("b") == 30
    updates = [h for h in gpkg.history(record_id=place.id) if h.action == "update"]
    assert len(updates) == 60
    assert [h.after["version"] for h in updates] == list(range(2, 62))
    assert all(h.before["version"] + 1 == h.after["version"] for h in updates)


def test_every_feature_type_is_registered():
    assert set(FEATURE_TYPES) == set(LAYERS)


def test_an_older_file_gains_the_new_columns_and_tables(tmp_path, make_record):
    """A store made by an older version is upgraded in place by initialize()."""
    store = GeoPackageStore(tmp_path / "old.gpkg")
    store.initialize()
    place = store.create(make_record("unsafe_places"), "anna")
    with sqlite3.connect(store.path) as conn:  # as an older version made it
        conn.execute("DROP TABLE users")
        conn.execute("DELETE FROM gpkg_contents WHERE table_name = 'users'")
        conn.execute('ALTER TABLE unsafe_places DROP COLUMN "reporter"')
    store.initialize()
    assert store.get("unsafe_places", place.id).reporter == ""
    assert store.users() == []
    assert len(pyogrio.read_dataframe(store.path, layer="unsafe_places")) == 1


def test_an_older_file_gains_a_layer_newer_than_it(tmp_path, make_record):
    """A new layer needs no upgrade step of its own: initialize() makes its table."""
    store = GeoPackageStore(tmp_path / "old.gpkg")
    store.initialize()
    with sqlite3.connect(store.path) as conn:  # as made before watch areas existed
        conn.execute("DROP TABLE watch_areas")
        conn.execute('DROP TABLE "rtree_watch_areas_geom"')
        for table in ("gpkg_contents", "gpkg_geometry_columns", "gpkg_extensions"):
            conn.execute(f"DELETE FROM {table} WHERE table_name = 'watch_areas'")
    store.initialize()
    area = store.create(make_record("watch_areas"), "anna")
    assert store.get("watch_areas", area.id) == area
    assert len(pyogrio.read_dataframe(store.path, layer="watch_areas")) == 1


def test_users_are_stored_with_their_role_and_municipalities(gpkg):
    from geo.access.auth import Role, User, check_password, hash_password

    gpkg.save_user(User("Eva@Tomelilla.se", "Eva", "editor", ("1270",)),
                   hash_password("ett långt lösenord"), "admin@x.se")
    user, password_hash = gpkg.user("Eva@Tomelilla.se")
    assert (user.role, user.kommuner) == (Role.EDITOR, ("1270",))
    assert check_password(password_hash, "ett långt lösenord")
    assert not check_password(password_hash, "fel lösenord!!")
    gpkg.save_user(User("Eva@Tomelilla.se", "Eva", "admin", ("1270",)), None, "admin@x.se")
    assert gpkg.user("Eva@Tomelilla.se")[1] == password_hash  # None kept the password
    assert gpkg.remove_user("Eva@Tomelilla.se", "admin@x.se") and gpkg.users() == []
    assert [e.action for e in gpkg.history(layer="users")] == ["create", "update", "delete"]


def test_an_older_file_gains_the_pledge_source_columns(tmp_path):
    """A pledge stored before its source was cited by title and date still loads."""
    from geo.domain.pledge_files import load_pledges

    store = GeoPackageStore(tmp_path / "old.gpkg")
    store.initialize()
    store.replace_pledges(load_pledges(), "anna")
    with sqlite3.connect(store.path) as conn:  # as an older version made it
        for name in ("source_title", "source_date", "source_publisher"):
            conn.execute(f'ALTER TABLE pledges DROP COLUMN "{name}"')
    store.initialize()
    assert {p.source_title for p in store.pledges()} == {""}
    store.replace_pledges(load_pledges(), "anna")
    assert {p.id: p for p in store.pledges()} == {p.id: p for p in load_pledges()}


def test_an_older_file_gains_editable_pledges_measures_and_resolved_dates(tmp_path, make_record):
    """Before issue 15: no pledge versions, no stored measures, no documents, no resolved_date.

    The upgrade fills what the model now requires: version 1, not archived, each
    commitment's measure from its kind, and a resolved place's date from its last change.
    """
    from geo.domain.enums import Measure
    from geo.domain.pledge_files import load_pledges

    store = GeoPackageStore(tmp_path / "old.gpkg")
    store.initialize()
    store.replace_pledges(load_pledges(), "anna")
    place = store.create(make_record("unsafe_places"), "anna")  # resolved
    active = store.create(make_record("unsafe_places", status="active"), "anna")
    with sqlite3.connect(store.path) as conn:  # as an older version made it
        conn.execute("DROP TABLE pledge_documents")
        conn.execute("DELETE FROM gpkg_contents WHERE table_name = 'pledge_documents'")
        for name in ("source_url", "version", "archived", "updated_at", "updated_by"):
            conn.execute(f'ALTER TABLE pledges DROP COLUMN "{name}"')
        conn.execute('ALTER TABLE commitments DROP COLUMN "measure"')
        conn.execute('ALTER TABLE unsafe_places DROP COLUMN "resolved_date"')
    store.initialize()
    pledges = {p.id: p for p in store.pledges()}
    assert pledges == {p.id: p for p in load_pledges()}
    assert {(p.version, p.archived) for p in pledges.values()} == {(1, False)}
    assert pledges["tomelilla-2020"].commitments[0].measure is Measure.WALK_RULE
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT count(*) FROM commitments WHERE measure IS NULL"
                            ).fetchone() == (0,)
    assert store.get("unsafe_places", place.id).resolved_date == place.updated_at.date()
    assert store.get("unsafe_places", active.id).resolved_date is None
    store.save_pledge_document("tyreso-2018", "a.txt", "text/plain", b"Tyreso", "anna")
    assert store.pledge_document("tyreso-2018")[2] == b"Tyreso"
