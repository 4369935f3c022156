from __future__ import annotations

import pytest

from geo.store import GeoPackageStore
from tests.situation import fixture


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory):
    """The hand-made municipality in a fresh store, and its records by name."""
    store = GeoPackageStore(tmp_path_factory.mktemp("situation") / "town.gpkg")
    store.initialize()
    named, records = fixture.records()
    store.create_many(records, "tester")
    store.add_counts(fixture.counts(), "tester")
    store.save_survey(fixture.survey(), "tester")
    return store, named
