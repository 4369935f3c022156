"""The ``store`` fixture: one initialised, empty store per backend.

To run the contract tests against another backend, add one entry to ``BACKENDS``.
The PostGIS backend gets a new database of a throw-away cluster per test
(:mod:`tests.store.pg_server`); without PostgreSQL and PostGIS its tests are skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from geo.domain.model import FEATURE_TYPES
from geo.store import GeoPackageStore, Store
from tests.store.pg_server import pg_cluster  # noqa: F401 - the session fixture


def _postgis(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    from geo.store.postgis.store import PostGISStore

    cluster = request.getfixturevalue("pg_cluster")  # skips where PostGIS cannot run
    url = cluster.new_database()
    store = PostGISStore(url)

    def drop() -> None:
        store.close()
        cluster.drop_database(url)

    request.addfinalizer(drop)
    return store


BACKENDS: dict[str, Callable[[pytest.FixtureRequest, Path], Store]] = {
    "gpkg": lambda request, tmp_path: GeoPackageStore(tmp_path / "store.gpkg"),
    "postgis": _postgis,
}


@pytest.fixture(params=sorted(BACKENDS))
def store(request, tmp_path) -> Store:
    backend = BACKENDS[request.param](request, tmp_path)
    backend.initialize()
    for layer in FEATURE_TYPES:
        assert len(backend.list(layer)) == 0, f"{request.param}: {layer} is not empty"
    assert backend.history() == []
    return backend
