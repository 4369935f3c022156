"""One published site for the open-data tests: the app fixture plus what the feed must tell.

Added to :mod:`tests.fixture_data`'s store: a drug scene (sensitive: the map and the
data hold only its 250 m square, without its text), an activity whose description
is a ``<script>``, home visits and concern talks (counts), and finding 2 marked done
after it was recorded (the feed dates it by that change).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from shapely.geometry import Point

from geo.domain.model import Activity, UnsafePlace
from geo.domain.pledge import ActivityCount
from geo.site import publish
from geo.store import GeoPackageStore
from tests import fixture_data as fx

SECRET_SPOT = (13.94123, 55.54987)
SECRET_TEXT = "Langning bakom Storgatan 5"
SCRIPT = "<script>alert(1)</script>"
TODAY = date(2024, 5, 1)


@pytest.fixture(scope="session")
def site_store(tmp_path_factory: pytest.TempPathFactory) -> GeoPackageStore:
    store = fx.build(tmp_path_factory.mktemp("opendata") / "store.gpkg")
    store.create(UnsafePlace(kommun_kod="1270", geometry=Point(*SECRET_SPOT), category="drugs",
                             source="police", reported_date="2020-08-01",
                             description=SECRET_TEXT), "test")
    store.create(Activity(kommun_kod="1270", pledge_id="tomelilla-2020", kind="other",
                          activity_date="2020-12-01", title="Ny belysning", description=SCRIPT,
                          geometry=Point(13.955, 55.546)), "test")
    store.add_counts([ActivityCount(kommun_kod="1270", pledge_id="tomelilla-2020",
                                    kind=kind, month="2020-10", count=3)
                      for kind in ("home_visit", "concern_talk")], "test")
    finding = next(f for f in store.list("findings", public=False).itertuples()
                   if f.status == "new")
    store.update("findings", finding.id, {"status": "done", "completed_date": "2020-12-15"},
                 int(finding.version), "test")
    return store


@pytest.fixture(scope="session")
def site(site_store: GeoPackageStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("opendata-site") / "public"
    publish.publish(site_store, "1270", out, lang="sv", today=TODAY)
    return out
