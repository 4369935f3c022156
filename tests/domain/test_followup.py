"""Pledge follow-up (geo/domain/followup.py): hand-made records, hand-worked answers.

Records go through a real GeoPackage store and ``followup.load`` unless a test says
otherwise, so the store's filters (pledge, years, public) are part of what is tested.
"""

from __future__ import annotations

from datetime import date, timedelta

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import LineString, Point, Polygon

from geo.domain import followup
from geo.domain.followup import Status, WalkFlag
from geo.domain.model import Activity, ActivityCount, Finding, SafetyWalk, WatchArea
from geo.domain.pledge_files import load_pledges
from geo.store import GeoPackageStore

PLEDGES = {p.id: p for p in load_pledges()}
#: A point inside each municipality (lon, lat).
WHERE = {"1270": (13.95, 55.54), "1263": (13.23, 55.51), "1230": (13.21, 55.64),
         "0138": (18.23, 59.24)}
SVEDALA, STAFFANSTORP, TOMELILLA, TYRESO = (
    "svedala-2017", "staffanstorp-2018-2019", "tomelilla-2020", "tyreso-2018")


def _xy(pledge_id: str) -> tuple[float, float]:
    return WHERE[PLEDGES[pledge_id].kommun_kod]


def activity(pledge_id: str, suffix: str, day: date | str, /, **over) -> Activity:
    """An activity counted for commitment ``<pledge_id>-<suffix>`` (``over`` changes fields)."""
    commitment = next(c for c in PLEDGES[pledge_id].commitments
                      if c.id == f"{pledge_id}-{suffix}")
    fields = dict(kommun_kod=PLEDGES[pledge_id].kommun_kod, geometry=Point(*_xy(pledge_id)),
                  pledge_id=pledge_id, commitment_id=commitment.id, kind=commitment.kind,
                  activity_date=day, title="Aktivitet")
    return Activity(**{**fields, **over})


def walk(pledge_id: str, day: date | str, /, name: str = "Vandring", **over) -> SafetyWalk:
    x, y = _xy(pledge_id)
    fields = dict(kommun_kod=PLEDGES[pledge_id].kommun_kod, pledge_id=pledge_id,
                  geometry=LineString([(x, y), (x + 0.01, y + 0.01)]), walk_date=day, name=name)
    return SafetyWalk(**{**fields, **over})


def finding(w: SafetyWalk, number: int, selected: bool = True,
            completed: str | None = None) -> Finding:
    return Finding(kommun_kod=w.kommun_kod, pledge_id=w.pledge_id,
                   geometry=Point(*WHERE[w.kommun_kod]), walk_id=w.id, number=number,
                   found_date=w.walk_date, category="lighting",
                   selected=selected, status="done" if completed else "new",
                   completed_date=completed)


def watch_area(pledge_id: str, start: str, end: str | None = None, /, **over) -> WatchArea:
    x, y = _xy(pledge_id)
    square = Polygon([(x, y), (x + 0.01, y), (x + 0.01, y + 0.01), (x, y + 0.01)])
    fields = dict(kommun_kod=PLEDGES[pledge_id].kommun_kod, pledge_id=pledge_id,
                  geometry=square, name="Område", start_date=start, end_date=end)
    return WatchArea(**{**fields, **over})


def count(pledge_id: str, suffix: str, month: str, n: int, /, **over) -> ActivityCount:
    commitment = next(c for c in PLEDGES[pledge_id].commitments
                      if c.id == f"{pledge_id}-{suffix}")
    fields = dict(kommun_kod=PLEDGES[pledge_id].kommun_kod, pledge_id=pledge_id,
                  commitment_id=commitment.id, kind=commitment.kind, month=month, count=n)
    return ActivityCount(**{**fields, **over})


@pytest.fixture
def store(tmp_path) -> GeoPackageStore:
    s = GeoPackageStore(tmp_path / "t.gpkg")
    s.initialize()
    s.replace_pledges(load_pledges(), "t")
    return s


def measure(store, pledge_id: str, as_of: date, records=(), counts=()) -> dict:
    """Store the records, load them for the pledge; progress per commitment suffix."""
    if records:
        store.create_many(list(records), "t")
    if counts:
        store.add_counts(list(counts), "t")
    pledge = PLEDGES[pledge_id]
    loaded = followup.load(store, pledge)
    return {p.commitment.id.removeprefix(pledge_id + "-"): p
            for p in followup.progress(pledge, loaded, as_of)}


# -- the status rule ----------------------------------------------------------------


@pytest.mark.parametrize("achieved, target, elapsed, over, expected", [
    (4, 4, 0.5, False, Status.MET),          # reached the target: met, before or after
    (5, 4, 1.0, True, Status.MET),
    (1, 4, 0.25, False, Status.ON_TRACK),    # 1/4 = 0.25 exactly the elapsed share
    (1, 4, 0.26, False, Status.BEHIND),      # 0.25 < 0.26
    (0, 4, 0.0, False, Status.ON_TRACK),     # nothing due yet
    (3, 4, 0.5, True, Status.NOT_MET),       # period over: no "on track" any more
    (0, None, 0.5, False, Status.NO_TARGET),
    (3, 0, 0.5, True, Status.NO_TARGET),
])
def test_status_boundaries(achieved, target, elapsed, over, expected):
    assert followup.status(achieved, target, elapsed, over) is expected


# -- Svedala 2017 ---------------------------------------------------------------------


@pytest.mark.parametrize("hours, expected", [
    ((1000, 1500, 1600), Status.MET),       # 4100 >= 4000
    ((1000, 1500, 1375), Status.NOT_MET),   # 3875 < 4000 and the year is over
])
def test_svedala_police_hours_at_year_end(store, hours, expected):
    days = ("2017-02-01", "2017-06-15", "2017-11-30")
    records = [activity(SVEDALA, "police-hours", d, quantity=h)
               for d, h in zip(days, hours, strict=True)]
    p = measure(store, SVEDALA, date(2017, 12, 31), records)["police-hours"]
    assert (p.measure, p.achieved, p.target, p.status) == ("hours", sum(hours), 4000, expected)
    assert p.per_quarter == {"2017Q1": hours[0], "2017Q2": hours[1], "2017Q3": 0,
                             "2017Q4": hours[2]}
    assert set(p.record_ids) == {r.id for r in records}


@pytest.mark.parametrize("as_of, elapsed, expected", [
    # 2500 of 4000 = 0.625. Jan 1 – Jun 30 is 181 of 365 days (0.496): on track.
    (date(2017, 6, 30), 181 / 365, Status.ON_TRACK),
    # Jan 1 – Sep 30 is 273 of 365 days (0.748) > 0.625: behind.
    (date(2017, 9, 30), 273 / 365, Status.BEHIND),
])
def test_svedala_police_hours_mid_year(store, as_of, elapsed, expected):
    records = [activity(SVEDALA, "police-hours", "2017-02-01", quantity=1000),
               activity(SVEDALA, "police-hours", "2017-05-15", quantity=1500),
               activity(SVEDALA, "police-hours", "2017-10-02", quantity=3000)]  # after as_of
    p = measure(store, SVEDALA, as_of, records)["police-hours"]
    assert p.achieved == 2500
    assert p.elapsed == pytest.approx(elapsed)
    assert p.status is expected
    assert "2017Q4" not in p.per_quarter  # a quarter not yet begun is not listed


@pytest.mark.parametrize("as_of, expected", [
    # Jan 1 – Mar 14 is 31 + 28 + 14 = 73 days; 73/365 = 0.2 = 800/4000: on track.
    (date(2017, 3, 14), Status.ON_TRACK),
    (date(2017, 3, 15), Status.BEHIND),  # 74/365 > 0.2
])
def test_svedala_share_equal_to_elapsed_is_on_track(store, as_of, expected):
    records = [activity(SVEDALA, "police-hours", "2017-01-10", quantity=800)]
    assert measure(store, SVEDALA, as_of, records)["police-hours"].status is expected


def test_only_public_records_linked_to_the_pledge_count(store):
    # Four records name the police-hours commitment; only the first is linked,
    # public and in the period: 1000 hours.
    records = [activity(SVEDALA, "police-hours", "2017-03-01", quantity=1000),
               activity(SVEDALA, "police-hours", "2017-03-02", quantity=200, pledge_id=None),
               activity(SVEDALA, "police-hours", "2017-03-03", quantity=30,
                        pledge_id=TOMELILLA),
               activity(SVEDALA, "police-hours", "2017-03-04", quantity=4,
                        visibility="internal")]
    p = measure(store, SVEDALA, date(2017, 12, 31), records)["police-hours"]
    assert (p.achieved, p.record_ids) == (1000, (records[0].id,))


@pytest.mark.parametrize("meetings, expected", [(2, Status.MET), (1, Status.NOT_MET)])
def test_svedala_watch_startup_meetings(store, meetings, expected):
    records = [activity(SVEDALA, "watch-startup", f"2017-0{m + 3}-01") for m in range(meetings)]
    p = measure(store, SVEDALA, date(2017, 12, 31), records)["watch-startup"]
    assert (p.measure, p.achieved, p.target, p.status) == ("activities", meetings, 2, expected)


def test_svedala_concern_talks_are_counts_per_month_and_quarter(store):
    counts = [count(SVEDALA, "concern-talks", "2017-01", 3),
              count(SVEDALA, "concern-talks", "2017-02", 2, commitment_id=None),  # pledge only
              count(SVEDALA, "concern-talks", "2017-04", 4),
              count(SVEDALA, "concern-talks", "2017-03", 100, pledge_id=None,
                    commitment_id=None),                       # not linked
              count(SVEDALA, "concern-talks", "2017-03", 70, pledge_id=TOMELILLA,
                    commitment_id=None),                       # another pledge
              count(SVEDALA, "concern-talks", "2016-12", 50)]   # before the period
    p = measure(store, SVEDALA, date(2017, 12, 31), counts=counts)["concern-talks"]
    # Jan 3, Feb 2, Apr 4: 9 in all; Q1 = 3 + 2, Q2 = 4.
    assert (p.measure, p.achieved, p.target, p.status) == ("count_only", 9, None,
                                                           Status.NO_TARGET)
    assert len(p.per_month) == 12
    assert {m: v for m, v in p.per_month.items() if v} == {"2017-01": 3, "2017-02": 2,
                                                          "2017-04": 4}
    assert p.per_quarter == {"2017Q1": 5, "2017Q2": 4, "2017Q3": 0, "2017Q4": 0}
    assert p.layer is None and p.record_ids == ()  # never a place


# -- Staffanstorp 2018–2019 -----------------------------------------------------------


@pytest.mark.parametrize("meetings, expected", [(5, Status.MET), (4, Status.NOT_MET)])
def test_staffanstorp_information_meetings_over_two_years(store, meetings, expected):
    days = ["2018-02-10", "2018-09-01", "2019-01-15", "2019-06-01", "2019-11-20"][:meetings]
    records = [activity(STAFFANSTORP, "info-meetings", d) for d in days]
    p = measure(store, STAFFANSTORP, date(2019, 12, 31), records)["info-meetings"]
    assert (p.achieved, p.target, p.status) == (meetings, 5, expected)  # 5 for the pledge


@pytest.mark.parametrize("missing, achieved, expected", [
    (None, 24, Status.MET), ("2019-07", 23, Status.NOT_MET)])
def test_staffanstorp_dispatch_at_least_one_a_month(store, missing, achieved, expected):
    months = [f"{y}-{m:02d}" for y in (2018, 2019) for m in range(1, 13)]
    records = [activity(STAFFANSTORP, "app-dispatch", f"{m}-15") for m in months if m != missing]
    records.append(activity(STAFFANSTORP, "app-dispatch", "2018-03-02"))  # March 2018 twice
    p = measure(store, STAFFANSTORP, date(2019, 12, 31), records)["app-dispatch"]
    # 24 months in the period, each counted once however many dispatches it had.
    assert (p.measure, p.achieved, p.target, p.status) == ("units", achieved, 24, expected)
    assert p.per_quarter["2018Q1"] == 3
    assert p.per_quarter["2019Q3"] == (2 if missing else 3)


def test_staffanstorp_weekly_exchange_counts_iso_weeks(store):
    # ISO weeks run Monday–Sunday: Mon 2018-01-01 and Sun 01-07 are one week (W01),
    # Mon 01-15 and Sun 01-21 another (W03); W02, W04, W05 have none: 2 weeks by Jan 31.
    # (Weeks starting on Sunday would make these 4.)
    # The period has 104 ISO weeks: those whose Thursday is in 2018-2019 (2020-W01 is not).
    days = ["2018-01-01", "2018-01-07", "2018-01-15", "2018-01-21"]
    records = [activity(STAFFANSTORP, "info-exchange", d) for d in days]
    p = measure(store, STAFFANSTORP, date(2018, 1, 31), records)["info-exchange"]
    assert (p.measure, p.achieved, p.target) == ("units", 2, 104)
    assert p.per_quarter == {"2018Q1": 2}
    # 2/104 = 0.019 < 31/730 = 0.042 days elapsed: behind.
    assert p.status is Status.BEHIND


def test_staffanstorp_weekly_exchange_every_thursday_is_met(store):
    # An exchange every Thursday, 2018-01-04 … 2019-12-26: every week of 2018–2019.
    days = [date(2018, 1, 4) + timedelta(weeks=w) for w in range(104)]
    records = [activity(STAFFANSTORP, "info-exchange", d) for d in days]
    p = measure(store, STAFFANSTORP, date(2019, 12, 31), records)["info-exchange"]
    assert p.status is Status.MET


def test_staffanstorp_safety_walks_are_walk_records(store):
    linked = [walk(STAFFANSTORP, "2018-05-01"), walk(STAFFANSTORP, "2019-09-01")]
    others = [walk(STAFFANSTORP, "2019-10-01", pledge_id=None),
              walk(STAFFANSTORP, "2019-10-02", pledge_id=SVEDALA),
              walk(STAFFANSTORP, "2017-12-31")]   # before the period
    p = measure(store, STAFFANSTORP, date(2019, 12, 31), linked + others)["safety-walks"]
    assert (p.measure, p.layer, p.achieved, p.target, p.status) == (
        "walks", "walks", 2, 2, Status.MET)
    assert set(p.record_ids) == {w.id for w in linked}


def test_staffanstorp_quarter_and_period_edges(store):
    days = ["2017-12-31", "2019-03-31", "2019-04-01", "2020-01-01"]
    records = [activity(STAFFANSTORP, "watch-contacts", d) for d in days]
    p = measure(store, STAFFANSTORP, date(2020, 6, 30), records)["watch-contacts"]
    # Only the two 2019 dates are in the period: Mar 31 ends Q1, Apr 1 starts Q2.
    assert p.achieved == 2
    assert list(p.per_quarter) == [f"{y}Q{q}" for y in (2018, 2019) for q in (1, 2, 3, 4)]
    assert (p.per_quarter["2019Q1"], p.per_quarter["2019Q2"]) == (1, 1)
    assert sum(p.per_quarter.values()) == 2


def test_period_edges_without_the_store():
    # The store's year filter already drops 2017 and 2020; here the frames hold them,
    # so followup's own date check must. Counted: 2018-01-01 and 2019-12-31.
    pledge = PLEDGES[STAFFANSTORP]
    days = ["2017-12-31", "2018-01-01", "2019-12-31", "2020-01-01"]
    frame = pd.DataFrame({"id": list("abcd"), "commitment_id": f"{STAFFANSTORP}-info-meetings",
                          "activity_date": pd.to_datetime(days), "quantity": None})
    empty = gpd.GeoDataFrame({"id": [], "walk_date": [], "walk_id": [], "start_date": [],
                              "end_date": []})
    records = followup.PledgeRecords(empty, empty, frame, empty, pd.DataFrame(
        columns=["kommun_kod", "pledge_id", "commitment_id", "kind", "month", "count"]))
    p = followup.commitment_progress(pledge, pledge.commitments[1], records, date(2020, 6, 1))
    assert (p.commitment.id, p.achieved, p.record_ids) == (f"{STAFFANSTORP}-info-meetings", 2,
                                                           ("b", "c"))
    assert (p.per_quarter["2018Q1"], p.per_quarter["2019Q4"]) == (1, 1)


def test_staffanstorp_watch_areas(store):
    areas = {
        "before, still running": watch_area(STAFFANSTORP, "2016-05-01"),   # active only
        "new, ended mid-period": watch_area(STAFFANSTORP, "2018-03-01", "2019-06-30"),  # new
        "new, ends on the last day": watch_area(STAFFANSTORP, "2019-02-01", "2019-12-31"),
        "ended before the period": watch_area(STAFFANSTORP, "2015-01-01", "2017-06-01"),
        "starts after": watch_area(STAFFANSTORP, "2020-01-10"),
    }
    store.create_many(list(areas.values()), "t")
    pledge = PLEDGES[STAFFANSTORP]
    records = followup.load(store, pledge)
    got = followup.watch_indicators(records, followup.pledge_period(pledge))
    # new: the two started in 2018–2019; active at 2019-12-31: the one from 2016
    # and the one ending that very day.
    assert got == {"new": 2, "active_at_end": 2}


# -- Tomelilla 2020: the rule per walk -------------------------------------------------


def _tomelilla_walks() -> tuple[list[SafetyWalk], list[Finding]]:
    one, two, three, late = (walk(TOMELILLA, f"2020-0{m}-10", name=n) for m, n in
                             ((3, "one"), (4, "two"), (5, "three"), (6, "late")))
    findings = [finding(one, 1, completed="2020-04-01"),
                finding(two, 1, completed="2020-05-01"), finding(two, 2, completed="2020-06-01"),
                finding(two, 3, selected=False),                       # not selected
                *(finding(three, n, completed="2020-07-01") for n in (1, 2, 3)),
                finding(late, 1, completed="2020-08-01"), finding(late, 2, completed="2021-01-05")]
    stray = [walk(TOMELILLA, "2020-07-01", pledge_id=None), walk(TOMELILLA, "2019-12-31")]
    return [one, two, three, late, *stray], findings


@pytest.mark.parametrize("as_of, late_flag, expected", [
    # After the year: the one finding completed 2021-01-05 was not done in time.
    # Only "two" meets the rule: 1 of 4 walks, year over: not met.
    (date(2021, 2, 1), WalkFlag.NOT_DONE_BY_YEAR_END, Status.NOT_MET),
    # On Nov 1 it may still be done: pending. 1/4 = 0.25 < 306/366 elapsed: behind.
    (date(2020, 11, 1), WalkFlag.PENDING, Status.BEHIND),
])
def test_tomelilla_walk_rule(store, as_of, late_flag, expected):
    walks, findings = _tomelilla_walks()
    p = measure(store, TOMELILLA, as_of, walks + findings)["walk-actions"]
    flags = {c.name: c.flags for c in p.walks}
    assert flags == {"one": (WalkFlag.FEWER_SELECTED,), "two": (),
                     "three": (WalkFlag.MORE_SELECTED,), "late": (late_flag,)}
    assert (p.measure, p.achieved, p.target, p.status) == ("walk_rule", 1, 4, expected)
    assert [s[0] for s in next(c for c in p.walks if c.name == "two").selected] == [1, 2]
    assert p.per_quarter["2020Q2"] == 1  # "two" was walked in April


def test_tomelilla_walk_checks_counts_only_walks_up_to_as_of(store):
    walks, findings = _tomelilla_walks()
    store.create_many(walks + findings, "t")
    pledge = PLEDGES[TOMELILLA]
    checks = followup.walk_checks(pledge, followup.load(store, pledge), date(2020, 4, 30))
    # Walked by Apr 30: "one" (Mar 10) and "two" (Apr 10); "two"'s second finding is
    # done Jun 1, after as_of but in the year.
    assert [c.name for c in checks] == ["one", "two"]


def test_tomelilla_finding_done_after_as_of_is_still_pending(store):
    w = walk(TOMELILLA, "2020-03-10")
    records = [w, finding(w, 1, completed="2020-04-01"), finding(w, 2, completed="2020-12-10")]
    p = measure(store, TOMELILLA, date(2020, 11, 1), records)["walk-actions"]
    # On Nov 1 the second finding was not yet done (done Dec 10): pending, not met.
    assert p.walks[0].flags == (WalkFlag.PENDING,)


def test_tomelilla_home_visits_per_month(store):
    counts = [count(TOMELILLA, "home-visits", "2020-02", 3),
              count(TOMELILLA, "home-visits", "2020-02", 2),   # same month, another row
              count(TOMELILLA, "home-visits", "2020-05", 4),
              count(TOMELILLA, "home-visits", "2020-05", 9, pledge_id=None,
                    commitment_id=None)]                       # not linked
    p = measure(store, TOMELILLA, date(2020, 12, 31), counts=counts)["home-visits"]
    assert (p.measure, p.achieved, p.status) == ("count_only", 9, Status.NO_TARGET)
    assert (p.per_month["2020-02"], p.per_month["2020-05"], p.per_month["2020-03"]) == (5, 4, 0)
    assert p.per_quarter == {"2020Q1": 5, "2020Q2": 4, "2020Q3": 0, "2020Q4": 0}


# -- Tyresö 2018 ----------------------------------------------------------------------


def test_tyreso_commitments_without_targets(store):
    records = [activity(TYRESO, "unsafe-places", "2018-03-01"),
               activity(TYRESO, "unsafe-places", "2018-10-01"),
               activity(TYRESO, "traffic", "2018-05-05"),
               activity(TYRESO, "traffic", "2018-05-06", pledge_id=None)]  # not linked
    got = measure(store, TYRESO, date(2018, 12, 31), records)
    assert {k: (p.achieved, p.target, p.status) for k, p in got.items()} == {
        "unsafe-places": (2, None, Status.NO_TARGET),
        "traffic": (1, None, Status.NO_TARGET),
    }
