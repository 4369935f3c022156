"""The sensitive fixture store plus what must never reach the OGC API.

:func:`tests.sensitive_fixture.build` (Tomelilla, a drugs place and a harassment finding
whose texts hold a marker, an internal place) plus: a public place whose internal fields
(case number, an imported file's extra columns) hold :data:`INTERNAL_MARKER`, and a count
of home visits. :func:`add_home_visit_row` also forces an activity row of a count-only
kind straight into the GeoPackage (the model refuses one; an old or hand-edited store
could hold it), which must not be served either.
"""

from __future__ import annotations

import json
from pathlib import Path

from shapely.geometry import Point

from geo.domain.model import Activity, ActivityCount, UnsafePlace
from geo.store import GeoPackageStore
from tests import sensitive_fixture

INTERNAL_MARKER = "DNR-INTERN-4711"
HOME_VISIT_TITLE = "Hembesok-QX9-familj"


def build(path: Path) -> GeoPackageStore:
    """The fixture store at ``path`` (see the module's text)."""
    store = sensitive_fixture.build(path)
    store.create_many([
        UnsafePlace(kommun_kod="1270", geometry=Point(13.9601, 55.5480), category="lighting",
                    source="survey", reported_date="2021-02-03", description="Mörk stig",
                    case_number=INTERNAL_MARKER,
                    extra=json.dumps({"Diarium": INTERNAL_MARKER})),
    ], "test")
    store.add_counts([ActivityCount(kommun_kod="1270", pledge_id="tomelilla-2020",
                                    kind="home_visit", month="2020-10", count=3)], "test")
    return store


def add_home_visit_row(store: GeoPackageStore) -> str:
    """An activity row of kind ``home_visit`` with a place, written past the model; its id."""
    record = store.create(Activity(kommun_kod="1270", kind="visible_presence",
                                   activity_date="2020-10-05", title=HOME_VISIT_TITLE,
                                   geometry=Point(13.9560, 55.5450)), "test")
    with store._transaction() as conn:  # the store's connection knows the GeoPackage functions
        conn.execute("UPDATE activities SET kind = 'home_visit' WHERE id = ?", (record.id,))
    return record.id
