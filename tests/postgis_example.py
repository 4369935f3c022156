"""The example data twice: in a GeoPackage, and copied from it into PostGIS.

The same records on both backends let a test run a page or a command on each and compare
what a user sees. The GeoPackage is made by ``geo init --example``, with the fixture's
editor and admin accounts added (so the editing and users pages can be opened), and then
copied with :mod:`geo.store.transfer`, which checks every field of every table.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from geo.access.auth import User, hash_password
from geo.cli import main as cli
from geo.store import GeoPackageStore, transfer
from tests import fixture_data as fx
from tests.store.pg_server import pg_cluster  # noqa: F401 - the session fixture


@dataclass(frozen=True)
class ExampleStores:
    """One data set at two locations."""

    gpkg: str
    postgis: str

    def locations(self) -> dict[str, str]:
        """Backend name → store location."""
        return {"gpkg": self.gpkg, "postgis": self.postgis}


@pytest.fixture(scope="session")
def example_stores(tmp_path_factory: pytest.TempPathFactory,
                   pg_cluster) -> Iterator[ExampleStores]:  # noqa: F811
    """The example data with an editor and an admin, in a GeoPackage and in PostGIS."""
    from geo.store.postgis.store import PostGISStore

    path = tmp_path_factory.mktemp("example-both") / "example.gpkg"
    assert cli.main(["init", "--example", "--db", str(path)]) == 0
    source = GeoPackageStore(path)
    for (email, password), role in ((fx.EDITOR, "editor"), (fx.ADMIN, "admin")):
        source.save_user(User(email=email, role=role, kommuner=("1270",)),
                         hash_password(password), "test")
    url = pg_cluster.new_database()
    target = PostGISStore(url)
    try:
        target.initialize()
        report = transfer.copy(source, target)
        assert all(check.ok for check in report.checks), [c for c in report.checks if not c.ok]
    finally:
        target.close()
    yield ExampleStores(gpkg=str(path), postgis=url)
    pg_cluster.drop_database(url)


__all__ = ["ExampleStores", "example_stores", "pg_cluster"]
