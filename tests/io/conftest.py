"""A small store for import tests: the pledges, one safety walk, nothing else.

``store`` is a fresh copy per test (SQLite's backup API, so the WAL is included);
``digest`` fingerprints every table, to prove a refused import changed nothing.
Connections are closed explicitly (``sqlite3``'s ``with`` only commits): a
connection left to the garbage collector can close later and delete the WAL under
GDAL's own SQLite, which then fails with a short read.
"""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from shapely.geometry import LineString

from geo.domain.model import SafetyWalk
from geo.domain.pledge_files import load_pledges
from geo.store import GeoPackageStore, Store
from tests.data.make_corpus import LAT, LON, WALK_NAME

DATA = Path(__file__).resolve().parents[1] / "data"
KOMMUN = "1270"
WALK_ID = "0f5e7b0c-1d2e-4f3a-8b9c-0d1e2f3a4b5c"


@pytest.fixture(scope="session")
def base_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("io-base") / "base.gpkg"
    seed(GeoPackageStore(path))
    return path


def seed(store: Store) -> Store:
    """Initialise ``store`` with the pledges and the one safety walk the imports refer to."""
    store.initialize()
    store.replace_pledges(load_pledges(), "test")
    store.create(SafetyWalk(id=WALK_ID, kommun_kod=KOMMUN, pledge_id="tomelilla-2020",
                            walk_date="2020-09-10", name=WALK_NAME,
                            geometry=LineString([(LON, LAT), (LON + .002, LAT + .001)])), "test")
    return store


@pytest.fixture
def store(base_store: Path, tmp_path: Path) -> GeoPackageStore:
    path = tmp_path / "store.gpkg"
    copy(base_store, path)
    return GeoPackageStore(path)


def copy(source: Path, target: Path) -> None:
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def digest(path: Path) -> str:
    """A fingerprint of every table's rows and of the schema."""
    hasher = hashlib.sha256()
    with closing(sqlite3.connect(path)) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        hasher.update(repr(conn.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name").fetchall()).encode())
        for table in tables:
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                hasher.update(repr(row).encode())
    return hasher.hexdigest()


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> GeoPackageStore:
    """The hand-worked app fixture (tests/fixture_data.py): public and internal records."""
    from tests import fixture_data

    return fixture_data.build(tmp_path_factory.mktemp("io-fixture") / "fixture.gpkg")


@pytest.fixture
def empty_store(tmp_path: Path) -> GeoPackageStore:
    """A store with the pledges and no features."""
    store = GeoPackageStore(tmp_path / "empty.gpkg")
    store.initialize()
    store.replace_pledges(load_pledges(), "test")
    return store
