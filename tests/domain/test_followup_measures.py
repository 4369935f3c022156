"""Each measure of :mod:`geo.domain.followup` on a pledge made by hand (issue 15).

Strängnäs (0486) is not one of the seed municipalities: its 2019 pledge is written
here, as a coordinator would enter it, and every record counted or not is placed on
the period's edges so that the right answer can be worked out by reading the test.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from shapely.geometry import LineString, Point, Polygon

from geo.domain import followup
from geo.domain.enums import ActivityKind, Measure, TargetPeriod
from geo.domain.followup import Status, WalkFlag
from geo.domain.model import Activity, Finding, SafetyWalk, WatchArea
from geo.domain.pledge import Commitment, Pledge, ValidationError, default_measure
from geo.store import GeoPackageStore

KOMMUN, X, Y = "0486", 17.03, 59.37
PLEDGE_ID = "strangnas-2019"


def commitment(suffix: str, kind: ActivityKind, measure: Measure | None, target: float | None,
               period: TargetPeriod = TargetPeriod.PLEDGE) -> Commitment:
    return Commitment(id=f"{PLEDGE_ID}-{suffix}", pledge_id=PLEDGE_ID, text=f"Löfte {suffix}.",
                      kind=kind, measure=measure, target=target, target_period=period,
                      unit="st" if target is not None else None)


PLEDGE = Pledge(
    id=PLEDGE_ID, kommun_kod=KOMMUN, kommun="Strängnäs", police_area="Södermanland",
    title="Medborgarlöfte Strängnäs 2019", period_start=date(2019, 1, 1),
    period_end=date(2019, 12, 31),
    commitments=(
        commitment("watch", ActivityKind.WATCH_STARTUP_MEETING, Measure.NEW_WATCH_AREAS, 8),
        commitment("walks", ActivityKind.SAFETY_WALK, Measure.WALK_RULE, 3,
                   TargetPeriod.PER_WALK),
        commitment("done", ActivityKind.PHYSICAL_MEASURE, Measure.FINDINGS_DONE, 3),
        commitment("info", ActivityKind.INFORMATION_MEETING, Measure.NONE, None),
    ),
)


@pytest.fixture
def store(tmp_path) -> GeoPackageStore:
    s = GeoPackageStore(tmp_path / "t.gpkg")
    s.initialize()
    s.replace_pledges([PLEDGE], "t")
    return s


def progress(store, records, as_of: date = date(2020, 1, 15)) -> dict[str, followup.Progress]:
    if records:
        store.create_many(list(records), "t")
    loaded = followup.load(store, PLEDGE)
    return {p.commitment.id.removeprefix(PLEDGE_ID + "-"): p
            for p in followup.progress(PLEDGE, loaded, as_of)}


def area(name: str, start: str) -> WatchArea:
    square = Polygon([(X, Y), (X + 0.01, Y), (X + 0.01, Y + 0.01), (X, Y + 0.01)])
    return WatchArea(kommun_kod=KOMMUN, geometry=square, name=name, start_date=start)


def walk(day: str, name: str) -> SafetyWalk:
    return SafetyWalk(kommun_kod=KOMMUN, pledge_id=PLEDGE_ID, walk_date=day, name=name,
                      geometry=LineString([(X, Y), (X + 0.01, Y + 0.01)]))


def finding(w: SafetyWalk | None, number: int, found: str, *, selected: bool = False,
            done: str | None = None, status: str | None = None) -> Finding:
    return Finding(kommun_kod=KOMMUN, pledge_id=PLEDGE_ID, walk_id=w.id if w else None,
                   number=number, found_date=found, category="lighting", selected=selected,
                   geometry=Point(X, Y), completed_date=done,
                   status=status or ("done" if done else "new"))


def test_new_watch_areas_counts_those_started_in_the_period(store):
    areas = [area("före", "2018-12-31"), area("första dagen", "2019-01-01"),
             area("sista dagen", "2019-12-31"), area("efter", "2020-01-01")]
    p = progress(store, areas)["watch"]
    # started on the period's first and last day: 2; the day before and after: not
    assert (p.measure, p.layer, p.achieved, p.target) == ("new_watch_areas", "watch_areas", 2, 8)
    assert p.status is Status.NOT_MET  # the period is over, 2 of 8
    names = {a.id: a.name for a in areas}
    assert sorted(names[i] for i in p.record_ids) == ["första dagen", "sista dagen"]


def test_walk_rule_with_three_actions_per_walk(store):
    three, two, four = walk("2019-03-01", "tre"), walk("2019-05-01", "två"), \
        walk("2019-09-01", "fyra")
    records = [three, two, four,
               *(finding(three, n, "2019-03-01", selected=True, done="2019-06-01")
                 for n in (1, 2, 3)),
               finding(three, 4, "2019-03-01"),  # proposed, not selected: not counted
               *(finding(two, n, "2019-05-01", selected=True, done="2019-06-01")
                 for n in (1, 2)),
               *(finding(four, n, "2019-09-01", selected=True, done="2019-10-01")
                 for n in (1, 2, 3, 4))]
    p = progress(store, records)["walks"]
    flags = {c.name: c.flags for c in p.walks}
    # only "tre" selected exactly three and did them within the year
    assert flags == {"tre": (), "två": (WalkFlag.FEWER_SELECTED,),
                     "fyra": (WalkFlag.MORE_SELECTED,)}
    assert (p.measure, p.achieved, p.target, p.per_walk) == ("walk_rule", 1, 3, 3)


def test_findings_done_counts_completions_inside_the_period(store):
    w = walk("2019-01-01", "vandring")
    records = [w,
               finding(w, 1, "2019-01-01", done="2019-01-01"),    # first day: counted
               finding(w, 2, "2019-06-01", done="2019-12-31"),    # last day: counted
               finding(w, 3, "2019-12-30", done="2020-01-01"),    # the day after: not
               finding(w, 4, "2019-06-01", status="planned"),     # not done: not
               finding(w, 5, "2019-06-01", status="in_progress")]
    p = progress(store, records)["done"]
    assert (p.measure, p.layer, p.achieved, p.target) == ("findings_done", "findings", 2, 3)
    # counted up to the day asked about: on 2019-06-30 only the first was done
    early = progress(store, [], as_of=date(2019, 6, 30))["done"]
    assert early.achieved == 1


def test_none_reports_linked_activities_without_a_target(store):
    info = next(c for c in PLEDGE.commitments if c.measure is Measure.NONE)
    meetings = [Activity(kommun_kod=KOMMUN, pledge_id=PLEDGE_ID, commitment_id=info.id,
                         kind=ActivityKind.INFORMATION_MEETING, activity_date=day,
                         title="Informationsmöte", geometry=Point(X, Y))
                for day in ("2019-02-01", "2019-10-01", "2020-02-01")]
    p = progress(store, meetings, as_of=date(2020, 3, 1))["info"]
    assert (p.measure, p.achieved, p.target, p.status) == ("none", 2, None, Status.NO_TARGET)


def test_places_resolved_counts_places_resolved_in_the_period():
    places = pd.DataFrame({
        "id": ["a", "b", "c", "d"],
        "status": ["resolved", "resolved", "active", "resolved"],
        "resolved_date": [date(2019, 1, 1), date(2020, 1, 1), None, None],
    })
    empty = pd.DataFrame(columns=["id"])
    records = followup.PledgeRecords(walks=empty, findings=empty, activities=empty,
                                     watch_areas=empty, counts=empty, places=places)
    c = commitment("places", ActivityKind.PHYSICAL_MEASURE, Measure.PLACES_RESOLVED, 2)
    p = followup.commitment_progress(PLEDGE, c, records, date(2020, 6, 1))
    # "a" resolved on the first day; "b" after the period; "c" still active; "d" no date
    assert (p.measure, p.layer, p.achieved, p.record_ids) == (
        "places_resolved", "unsafe_places", 1, ("a",))


@pytest.mark.parametrize("kind, period, expected", [
    (ActivityKind.HOME_VISIT, TargetPeriod.PLEDGE, Measure.COUNT_ONLY),
    (ActivityKind.SAFETY_WALK, TargetPeriod.PER_WALK, Measure.WALK_RULE),
    (ActivityKind.SAFETY_WALK, TargetPeriod.YEAR, Measure.WALKS),
    (ActivityKind.POLICE_HOURS, TargetPeriod.YEAR, Measure.HOURS),
    (ActivityKind.DISPATCH, TargetPeriod.MONTH, Measure.UNITS),
    (ActivityKind.INFORMATION_MEETING, TargetPeriod.PLEDGE, Measure.ACTIVITIES),
])
def test_a_commitment_without_a_measure_gets_its_kinds(kind, period, expected):
    assert default_measure(kind, period) is expected
    assert commitment("x", kind, None, 1).measure is default_measure(kind, TargetPeriod.PLEDGE)


@pytest.mark.parametrize("kind, measure, target, period", [
    (ActivityKind.HOME_VISIT, Measure.ACTIVITIES, None, TargetPeriod.PLEDGE),  # never placed
    (ActivityKind.INFORMATION_MEETING, Measure.COUNT_ONLY, None, TargetPeriod.PLEDGE),
    (ActivityKind.DISPATCH, Measure.UNITS, 1, TargetPeriod.YEAR),       # units: month/week
    (ActivityKind.OTHER, Measure.WALK_RULE, 2, TargetPeriod.PER_WALK),  # walks only
    (ActivityKind.OTHER, Measure.NONE, 3, TargetPeriod.PLEDGE),         # none: no number
    (ActivityKind.OTHER, "everything", 3, TargetPeriod.PLEDGE),         # unknown
    (ActivityKind.INFORMATION_MEETING, Measure.WALKS, None, TargetPeriod.PLEDGE),  # not walks
])
def test_a_measure_that_cannot_count_the_commitment_is_refused(kind, measure, target, period):
    with pytest.raises(ValidationError):
        commitment("x", kind, measure, target, period)
