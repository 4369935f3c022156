"""A small store whose right answers are known by hand (used by app and browser tests)."""

from __future__ import annotations

from pathlib import Path

from shapely.geometry import LineString, Point, Polygon

from geo.access.auth import User, hash_password
from geo.domain.model import Activity, Finding, SafetyWalk, UnsafePlace, WatchArea
from geo.domain.pledge_files import load_pledges
from geo.store import GeoPackageStore

#: A text that would run if it reached HTML or a JS template literal unescaped.
PAYLOAD = "<img src=x onerror=alert(1)>${globalThis.X=1}"
TOMELILLA = (13.9537, 55.5446)

#: Counts per layer (public records) for Tomelilla 2020, pledge tomelilla-2020.
EXPECTED_PLEDGE_2020 = {"unsafe_places": 2, "walks": 1, "findings": 2, "watch_areas": 1,
                        "activities": 2}
#: ... for Tomelilla 2020, all pledges (one place and one watch area are not linked).
EXPECTED_ALL_2020 = {"unsafe_places": 3, "walks": 1, "findings": 2, "watch_areas": 2,
                     "activities": 2}
#: ... for Tomelilla 2019, all pledges (the watch area started 2018 is still active).
EXPECTED_ALL_2019 = {"unsafe_places": 1, "walks": 0, "findings": 0, "watch_areas": 1,
                     "activities": 0}
#: Activities without a place: counted and listed, not drawn.
UNPLACED_PLEDGE_2020 = {"activities": 1}
SECRET = "Hemlig Person"
#: Personal and internal data the fixture holds: none may reach a public page or export.
PRIVATE_TEXTS = ("Hemlig Person", "070-123 45 67", "Anmäld av Karl Karlsson",
                 "Intern: polisen följer upp", "Intern uppgift")
EDITOR = ("redaktor@tomelilla.se", "redaktörens lösenord")
ADMIN = ("admin@kommun.se", "administratörens lösenord")
INTERNAL_TEXT = "Intern uppgift"


def _near(dx: float, dy: float) -> Point:
    return Point(TOMELILLA[0] + dx, TOMELILLA[1] + dy)


def build(path: Path) -> GeoPackageStore:
    """Create the fixture store at ``path``."""
    store = GeoPackageStore(path)
    store.initialize()
    store.replace_pledges(load_pledges(), "test")
    pledge = "tomelilla-2020"
    walk = SafetyWalk(kommun_kod="1270", pledge_id=pledge, walk_date="2020-09-10",
                      name=PAYLOAD, organisers=PAYLOAD, participants=12,
                      geometry=LineString([TOMELILLA, (13.958, 55.547), (13.962, 55.549)]))
    records = [
        UnsafePlace(kommun_kod="1270", pledge_id=pledge, geometry=_near(0.001, 0.001),
                    category="lighting", source="survey", reported_date="2020-03-01",
                    description=PAYLOAD, reporter="Anmäld av Karl Karlsson",
                    internal_note="Intern: polisen följer upp"),
        UnsafePlace(kommun_kod="1270", pledge_id=pledge, geometry=_near(-0.002, 0.001),
                    category="vegetation", source="web_form", reported_date="2020-05-01",
                    status="resolved", resolved_date="2020-09-20",
                    description="Buskage vid busshållplatsen"),
        UnsafePlace(kommun_kod="1270", geometry=_near(0.003, -0.002), category="vandalism",
                    source="police", reported_date="2020-11-30", description="Klotter"),
        UnsafePlace(kommun_kod="1270", geometry=_near(0.002, 0.002), category="traffic",
                    source="survey", reported_date="2019-06-01", description="Korsning"),
        UnsafePlace(kommun_kod="1270", geometry=_near(0.0, 0.003), category="drugs",
                    source="police", reported_date="2020-06-01", visibility="internal",
                    description=INTERNAL_TEXT),
        walk,
        Finding(kommun_kod="1270", pledge_id=pledge, walk_id=walk.id, number=1,
                found_date="2020-09-10", category="lighting", geometry=_near(0.002, 0.0025),
                description=PAYLOAD, proposed_action=PAYLOAD, selected=True, status="done",
                completed_date="2020-11-01"),
        Finding(kommun_kod="1270", pledge_id=pledge, walk_id=walk.id, number=2,
                found_date="2020-09-10", category="vegetation", geometry=_near(0.004, 0.003),
                description="Skymd gångväg", selected=True, status="new"),
        WatchArea(kommun_kod="1270", name=PAYLOAD, start_date="2018-04-01",
                  contact_person=SECRET, contact_phone="070-123 45 67", households=30,
                  geometry=Polygon([(13.945, 55.540), (13.950, 55.540), (13.950, 55.543),
                                    (13.945, 55.543)])),
        WatchArea(kommun_kod="1270", pledge_id=pledge, name="Grannsamverkan Ekvägen",
                  start_date="2020-02-01", households=25,
                  geometry=Polygon([(13.960, 55.540), (13.965, 55.540), (13.965, 55.543),
                                    (13.960, 55.543)])),
        Activity(kommun_kod="1270", pledge_id=pledge, kind="physical_measure",
                 activity_date="2020-11-01", title=PAYLOAD, description=PAYLOAD,
                 geometry=_near(0.002, 0.0026)),
        Activity(kommun_kod="1270", pledge_id=pledge, kind="police_hours",
                 activity_date="2020-10-01", title="Polisens timmar", quantity=40,
                 unit="timmar"),
    ]
    store.create_many(records, "test")
    for (email, password), role in ((EDITOR, "editor"), (ADMIN, "admin")):
        store.save_user(User(email=email, role=role, kommuner=("1270",)),
                        hash_password(password), "test")
    return store
