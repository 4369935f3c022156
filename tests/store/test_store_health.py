"""The store check behind ``/healthz``: ok only when the store opens and holds its schema;
otherwise a fixed problem code whose sentence names no path and quotes no error."""

from __future__ import annotations

import sqlite3

from geo import config
from geo.store import GeoPackageStore
from geo.store.health import PROBLEMS, check_store
from tests.store.pg_server import free_port


def public(health) -> str:
    """What the endpoint would show of a failed check."""
    assert health.reason in PROBLEMS.values()
    return health.reason


def test_an_initialised_geopackage_is_healthy(tmp_path):
    store = GeoPackageStore(tmp_path / "ok.gpkg")
    store.initialize()
    health = check_store(str(tmp_path / "ok.gpkg"))
    assert health.ok and health.backend == "geopackage" and health.reason is None


def test_a_missing_geopackage_is_reported_and_not_created(tmp_path):
    path = tmp_path / "gone.gpkg"
    health = check_store(str(path))
    assert (health.ok, health.problem) == (False, "missing")
    assert not path.exists()
    assert str(tmp_path) not in public(health)


def test_a_broken_geopackage_does_not_answer(tmp_path):
    path = tmp_path / "broken.gpkg"
    path.write_text("not a database at all")
    health = check_store(str(path))
    assert health.problem == "unreachable"
    assert "not a database" not in public(health) and "Error" not in public(health)


def test_an_empty_sqlite_file_holds_no_schema(tmp_path):
    path = tmp_path / "empty.gpkg"
    sqlite3.connect(path).execute("CREATE TABLE other (x)").connection.close()
    assert check_store(str(path)).problem == "not_initialised"


def test_an_unreadable_configuration_is_reported_without_its_text(monkeypatch):
    def broken() -> str:
        raise config.ConfigError("/etc/secret/path/secrets.toml is not valid TOML")

    monkeypatch.setattr(config, "db_location", broken)
    health = check_store()
    assert health.problem == "misconfigured" and "/etc" not in public(health)


def test_postgis_healthy_empty_and_unreachable(pg_cluster):
    from geo.store.postgis.store import PostGISStore

    url = pg_cluster.new_database()
    try:
        assert check_store(url).problem == "not_initialised"  # PostGIS, but no schema yet
        store = PostGISStore(url)
        store.initialize()
        store.close()
        health = check_store(url)
        assert health.ok and health.backend == "postgis"
    finally:
        pg_cluster.drop_database(url)
    nobody = f"postgresql://postgres:hemligt@127.0.0.1:{free_port()}/none"
    health = check_store(nobody)
    assert health.problem == "unreachable"
    assert "hemligt" not in public(health) and "127.0.0.1" not in public(health)

