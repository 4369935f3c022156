"""A hand-made municipality (Tomelilla's code, a made-up town) whose answers are worked out by hand.

Positions are metres east and north of a centre point in SWEREF 99 TM, so distances
and districts can be checked on paper. Two own districts, each 2 000 m × 1 000 m:
``N`` north of the centre line, ``S`` south of it. The period is 2021–2022 (the
previous one 2019–2020); findings are judged late on 1 March 2023.

========  ==========  ===========  =====================  =========  ==========
record    category    date         where (m)              district   note
========  ==========  ===========  =====================  =========  ==========
P1        lighting    2021-03-01   (100, 500)             N          recurs with P2, F1
P2        lighting    2021-08-01   (130, 500)             N
P3        drugs       2022-02-01   (-500, -500)           S          recurs with F4
P4        lighting    2022-06-01   (500, 200)             N          resolved
P5        vegetation  2020-05-01   (100, 520)             N          previous period
P6        lighting    2019-04-01   (-300, -300)           S          previous period
P7        drugs       2021-10-01   (-800, -200)           S          internal
P8        traffic     2021-05-05   (3000, 3000)           none
P9        lighting    2018-06-01   (0, 0)                 N          before both periods
F1        lighting    2021-05-10   (110, 505)   municipality   done 2021-07-01
F2        vegetation  2021-05-10   (-400, -600) property_owner planned, due 2021-12-31: late
F3        traffic     2021-05-10   (900, 900)   road_authority forwarded
F4        lighting    2022-05-10   (-490, -510) municipality   in progress, due 2023-06-30
F5        drugs       2022-05-10   (2000, -2000) police        new, due 2022-12-31: late
F6        other       2020-05-10   (0, -100)    municipality   new, due 2020-06-01 (previous)
========  ==========  ===========  =====================  =========  ==========

Activities: A1 visible presence 2021-06-01, A2 visible presence 2022-06-01 (no place),
A3 information meeting 2022-09-01, A4 physical measure 2020-03-01. Counted only: home
visits 4 (2021-03) + 3 (2022-11), concern talks 2 (2022-01) + 5 (2020-12).
Watch areas: WA1 x 0…500, y 0…1000 (from 2015, in N: a quarter of it), WA2 x −1000…−500,
y −1000…−500 (from 2022, in S: an eighth), WA3 ended 2019-12-31.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from pyproj import Transformer
from shapely.geometry import LineString, Point, Polygon, box

from geo.coverage.analysis import PolygonUnits
from geo.domain.model import Activity, ActivityCount, Finding, SafetyWalk, UnsafePlace, WatchArea

KOMMUN = "1270"
CENTRE = (434063.0, 6155937.0)  # SWEREF 99 TM, in the town of Tomelilla
AS_OF = date(2023, 3, 1)
_TO_LONLAT = Transformer.from_crs(3006, 4326, always_xy=True)


def at(dx: float, dy: float) -> Point:
    """The point ``dx`` m east and ``dy`` m north of the centre, in longitude/latitude."""
    return Point(*_TO_LONLAT.transform(CENTRE[0] + dx, CENTRE[1] + dy))


def area(x0: float, y0: float, x1: float, y1: float) -> Polygon:
    """A rectangle given in metres from the centre, in longitude/latitude."""
    corners = box(x0, y0, x1, y1).exterior.coords
    return Polygon([at(x, y).coords[0] for x, y in corners])


def districts() -> PolygonUnits:
    """The two own districts, in SWEREF 99 TM."""
    x, y = CENTRE
    return PolygonUnits(np.array(["N", "S"], dtype=object),
                        np.array([box(x - 1000, y, x + 1000, y + 1000),
                                  box(x - 1000, y - 1000, x + 1000, y)], dtype=object), "file")


def _place(name: str, category: str, day: str, where: tuple[float, float], **extra: object
           ) -> UnsafePlace:
    return UnsafePlace(kommun_kod=KOMMUN, geometry=at(*where), category=category,
                       source="citizen_dialogue", reported_date=day, description=name,
                       **extra)


def records() -> tuple[dict[str, object], list]:
    """The records by name, and all of them in the order they are stored."""
    r: dict[str, object] = {}
    r["P1"] = _place("P1", "lighting", "2021-03-01", (100, 500))
    r["P2"] = _place("P2", "lighting", "2021-08-01", (130, 500))
    r["P3"] = _place("P3", "drugs", "2022-02-01", (-500, -500))
    r["P4"] = _place("P4", "lighting", "2022-06-01", (500, 200), status="resolved",
                     resolved_date="2022-09-01")
    r["P5"] = _place("P5", "vegetation", "2020-05-01", (100, 520))
    r["P6"] = _place("P6", "lighting", "2019-04-01", (-300, -300))
    r["P7"] = _place("P7", "drugs", "2021-10-01", (-800, -200), visibility="internal")
    r["P8"] = _place("P8", "traffic", "2021-05-05", (3000, 3000))
    r["P9"] = _place("P9", "lighting", "2018-06-01", (0, 0))
    line = LineString([at(-900, 0).coords[0], at(900, 0).coords[0]])
    for year in (2020, 2021, 2022):
        r[f"W{year}"] = SafetyWalk(kommun_kod=KOMMUN, geometry=line, walk_date=f"{year}-05-10",
                                   name=f"Walk {year}")

    def finding(name: str, number: int, category: str, year: int, where: tuple[float, float],
                **extra: object) -> Finding:
        walk = r[f"W{year}"]
        return Finding(kommun_kod=KOMMUN, geometry=at(*where), walk_id=walk.id,  # type: ignore[attr-defined]
                       number=number, found_date=f"{year}-05-10", category=category,
                       description=name, **extra)

    r["F1"] = finding("F1", 1, "lighting", 2021, (110, 505), status="done",
                      completed_date="2021-07-01", due_date="2021-08-01")
    r["F2"] = finding("F2", 2, "vegetation", 2021, (-400, -600), status="planned",
                      due_date="2021-12-31", responsible="property_owner")
    r["F3"] = finding("F3", 3, "traffic", 2021, (900, 900), status="forwarded",
                      forwarded_to="road_authority", responsible="road_authority")
    r["F4"] = finding("F4", 1, "lighting", 2022, (-490, -510), status="in_progress",
                      due_date="2023-06-30")
    r["F5"] = finding("F5", 2, "drugs", 2022, (2000, -2000), status="new",
                      due_date="2022-12-31", responsible="police")
    r["F6"] = finding("F6", 1, "other", 2020, (0, -100), status="new", due_date="2020-06-01")
    for name, kind, day, where in (("A1", "visible_presence", "2021-06-01", at(0, 0)),
                                   ("A2", "visible_presence", "2022-06-01", None),
                                   ("A3", "information_meeting", "2022-09-01", at(100, 100)),
                                   ("A4", "physical_measure", "2020-03-01", at(0, 0))):
        r[name] = Activity(kommun_kod=KOMMUN, geometry=where, kind=kind, activity_date=day,
                           title=name)
    r["WA1"] = WatchArea(kommun_kod=KOMMUN, geometry=area(0, 0, 500, 1000), name="WA1",
                         start_date="2015-01-01")
    r["WA2"] = WatchArea(kommun_kod=KOMMUN, geometry=area(-1000, -1000, -500, -500),
                         name="WA2", start_date="2022-01-01")
    r["WA3"] = WatchArea(kommun_kod=KOMMUN, geometry=area(-1000, 0, 0, 1000), name="WA3",
                         start_date="2017-01-01", end_date="2019-12-31")
    return r, list(r.values())


def counts() -> list[ActivityCount]:
    return [ActivityCount(kommun_kod=KOMMUN, kind=kind, month=month, count=n)
            for kind, month, n in (("home_visit", "2021-03", 4), ("home_visit", "2022-11", 3),
                                   ("concern_talk", "2022-01", 2),
                                   ("concern_talk", "2020-12", 5))]


def survey() -> pd.DataFrame:
    """Survey results by own district: one in the period, one before it."""
    return pd.DataFrame({
        "kommun_kod": [KOMMUN, KOMMUN], "area_kind": ["district", "district"],
        "area_id": ["N", "N"], "grid_size": [0, 0], "year": [2021, 2018],
        "unsafe_evening": [30.0, 40.0], "worry_burglary": [20.0, None],
        "source": ["import", "import"],
    })
