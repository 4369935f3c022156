"""A store with sensitive places whose typed text is a unique marker (issue 14, item 7).

The fixture store plus, in Tomelilla 2020 (pledge tomelilla-2020), a public drugs place
and a public harassment finding (selected, on the fixture's walk) whose description,
proposed action and reason all hold :data:`MARKER`, and an editor of Staffanstorp (1230).
The public must see neither the marker nor the exact points; an editor of 1270 sees both.
"""

from __future__ import annotations

from pathlib import Path

from shapely.geometry import Point

from geo.access.auth import User, hash_password
from geo.domain.model import Finding, UnsafePlace
from geo.store import GeoPackageStore
from tests import fixture_data as fx

MARKER = "Gangbron-XQ7Z-narkotika"
PLACE_POINT = Point(13.95561, 55.54321)
FINDING_POINT = Point(13.95702, 55.54677)
OTHER_EDITOR = ("redaktor@staffanstorp.se", "staffanstorps lösenord")


def build(path: Path) -> GeoPackageStore:
    store = fx.build(path)
    walks = store.list("walks", None, public=False)
    walk_id = walks["id"].iloc[0]
    store.create_many([
        UnsafePlace(kommun_kod="1270", pledge_id="tomelilla-2020", geometry=PLACE_POINT,
                    category="drugs", source="police", reported_date="2020-09-12",
                    description=f"Misstänkt narkotikaförsäljning vid {MARKER}"),
        Finding(kommun_kod="1270", pledge_id="tomelilla-2020", walk_id=walk_id, number=3,
                found_date="2020-09-10", category="harassment", geometry=FINDING_POINT,
                description=f"Ofredanden vid {MARKER}", proposed_action=f"Belys {MARKER}",
                selected=True, status="not_done", status_reason=f"Privat mark vid {MARKER}",
                due_date="2020-12-01"),
    ], "test")
    store.save_user(User(email=OTHER_EDITOR[0], role="editor", kommuner=("1230",)),
                    hash_password(OTHER_EDITOR[1]), "test")
    return store
