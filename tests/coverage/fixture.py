"""A store whose coverage is worked out by hand (Tomelilla, 2019, 1 km squares).

Three SCB squares in a row, A | B | C, lower-left corners (E0, N0), (E0+1000, N0),
(E0+2000, N0) in SWEREF 99 TM. Coordinates are written here in metres and stored
in WGS 84, as the app stores them.

- A: watch area 625 m × 800 m = 500 000 m² → 50 %; one unsafe place 125 m east of it;
  one activity.                                                         demand 1
- B: watch area 125 m × 800 m = 100 000 m² → 10 %; two unsafe places; one open
  finding.                                                              demand 3
- C: no public, active watch area (one is internal, one ended in 2018); one unsafe
  place, one planned finding (counts as open) and one done finding (does not).
  An internal place and a 2018 place in C are not counted.              demand 2

Threshold 20 % → [B, C]; 60 % → [B, C, A]; 5 % → [C].
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, box

from geo.domain.model import Activity, Finding, SafetyWalk, UnsafePlace, WatchArea
from geo.domain.pledge_files import load_pledges
from geo.store import GeoPackageStore

KOMMUN = "1270"
YEAR = 2019
E0, N0 = 433_000, 6_155_000
A, B, C = (f"{E0 + dx:06d}{N0:07d}" for dx in (0, 1000, 2000))
SHARES = {A: 0.5, B: 0.1, C: 0.0}
DEMAND = {A: 1, B: 3, C: 2}
RANKED = {20: [B, C], 60: [B, C, A], 5: [C]}
PAYLOAD = "<img src=x onerror=alert(1)>${globalThis.X=1}"

_TO_WGS84 = Transformer.from_crs(3006, 4326, always_xy=True)


def wgs84(geom):
    return shapely.transform(geom, lambda xy: np.column_stack(
        _TO_WGS84.transform(xy[:, 0], xy[:, 1])))


def pt(dx: float, dy: float) -> Point:
    return wgs84(Point(E0 + dx, N0 + dy))


def build(path: Path) -> GeoPackageStore:
    store = GeoPackageStore(path)
    store.initialize()
    store.replace_pledges(load_pledges(), "test")
    walk = SafetyWalk(kommun_kod=KOMMUN, walk_date="2019-05-02", name="Vandring",
                      geometry=wgs84(LineString([(E0 + 1300, N0 + 200), (E0 + 2600, N0 + 200)])))
    place = {"kommun_kod": KOMMUN, "category": "lighting", "source": "survey"}
    finding = {"kommun_kod": KOMMUN, "walk_id": walk.id, "found_date": "2019-05-02",
               "category": "vegetation"}
    records = [
        walk,
        WatchArea(kommun_kod=KOMMUN, name=PAYLOAD, start_date="2018-01-01",
                  contact_person="Hemlig Person",
                  geometry=wgs84(box(E0 + 100, N0 + 100, E0 + 725, N0 + 900))),
        WatchArea(kommun_kod=KOMMUN, name="B-området", start_date="2019-03-01",
                  geometry=wgs84(box(E0 + 1100, N0 + 100, E0 + 1225, N0 + 900))),
        WatchArea(kommun_kod=KOMMUN, name="Internt", start_date="2018-01-01",
                  visibility="internal",
                  geometry=wgs84(box(E0 + 2100, N0 + 100, E0 + 2900, N0 + 900))),
        WatchArea(kommun_kod=KOMMUN, name="Avslutat", start_date="2016-01-01",
                  end_date="2018-12-31",
                  geometry=wgs84(box(E0 + 2100, N0 + 100, E0 + 2900, N0 + 900))),
        UnsafePlace(**place, reported_date="2019-02-01", geometry=pt(850, 500),
                    description=PAYLOAD),
        UnsafePlace(**place, reported_date="2019-04-01", geometry=pt(1500, 500)),
        UnsafePlace(**place, reported_date="2019-06-01", geometry=pt(1600, 300)),
        UnsafePlace(**place, reported_date="2019-07-01", geometry=pt(2500, 500)),
        UnsafePlace(**place, reported_date="2019-07-01", geometry=pt(2400, 400),
                    visibility="internal"),
        UnsafePlace(**place, reported_date="2018-07-01", geometry=pt(2600, 600)),
        Finding(**finding, number=1, geometry=pt(1700, 700), status="new"),
        Finding(**finding, number=2, geometry=pt(2300, 300), status="planned"),
        Finding(**finding, number=3, geometry=pt(2700, 700), status="done",
                completed_date="2019-08-01"),
        Activity(kommun_kod=KOMMUN, kind="visible_presence", activity_date="2019-09-01",
                 title="Närvaro", geometry=pt(300, 300)),
        Activity(kommun_kod=KOMMUN, kind="police_hours", activity_date="2019-09-01",
                 title="Timmar", quantity=10, unit="timmar"),
    ]
    store.create_many(records, "test")
    return store
