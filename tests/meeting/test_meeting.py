"""The meeting agenda on a store whose changes between two dates are known by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from shapely.geometry import LineString, Point, Polygon

from geo.domain.model import Activity, ActivityCount, Finding, SafetyWalk, UnsafePlace, WatchArea
from geo.domain.pledge_files import load_pledges
from geo.meeting import agenda as meeting
from geo.meeting import views as meeting_views
from geo.store import GeoPackageStore
from geo.store.base import HistoryEntry

SINCE, UNTIL = date(2020, 9, 1), date(2020, 12, 31)
PLEDGE = "tomelilla-2020"


def _pt(i: int) -> Point:
    return Point(13.95 + i * 0.001, 55.54 + i * 0.001)


def _square(i: int) -> Polygon:
    x = 13.94 + i * 0.01
    return Polygon([(x, 55.53), (x + 0.005, 55.53), (x + 0.005, 55.535), (x, 55.535)])


@pytest.fixture(scope="module")
def known(tmp_path_factory: pytest.TempPathFactory) -> tuple[GeoPackageStore, dict[str, str]]:
    """A store with records just inside, just outside and across the window's edges."""
    store = GeoPackageStore(tmp_path_factory.mktemp("meeting") / "m.gpkg")
    store.initialize()
    store.replace_pledges(load_pledges(), "test")
    walk = SafetyWalk(kommun_kod="1270", pledge_id=PLEDGE, walk_date="2020-06-01", name="Vandring",
                      geometry=LineString([(13.95, 55.54), (13.96, 55.55)]))
    ids: dict[str, str] = {}

    def place(name: str, day: str, **extra: object) -> UnsafePlace:
        record = UnsafePlace(kommun_kod="1270", pledge_id=PLEDGE, geometry=_pt(len(ids)),
                             category="lighting", source="survey", reported_date=day,
                             description=name, **extra)
        ids[name] = record.id
        return record

    def finding(name: str, found: str, **extra: object) -> Finding:
        record = Finding(kommun_kod="1270", pledge_id=PLEDGE, walk_id=walk.id, found_date=found,
                         category="vegetation", geometry=_pt(len(ids)), description=name, **extra)
        ids[name] = record.id
        return record

    def activity(name: str, day: str, **extra: object) -> Activity:
        record = Activity(kommun_kod="1270", pledge_id=extra.pop("pledge_id", PLEDGE),
                          kind="physical_measure", activity_date=day, title=name,
                          geometry=_pt(len(ids)), **extra)
        ids[name] = record.id
        return record

    def watch(name: str, start: str, end: str | None = None) -> WatchArea:
        record = WatchArea(kommun_kod="1270", pledge_id=PLEDGE, name=name, start_date=start,
                           end_date=end, geometry=_square(len(ids)))
        ids[name] = record.id
        return record

    records = [
        walk,
        place("place_before", "2020-08-31"), place("place_first_day", "2020-09-01"),
        place("place_last_day", "2020-12-31"), place("place_after", "2021-01-01"),
        place("place_internal", "2020-10-01", visibility="internal"),
        place("place_to_resolve", "2020-03-01"),
        finding("f_new_open", "2020-10-10"),
        finding("f_old_done_in", "2020-06-01", status="done", completed_date="2020-09-01"),
        finding("f_new_done_in", "2020-09-20", status="done", completed_date="2020-12-31",
                due_date="2020-10-01"),
        finding("f_done_after", "2020-06-01", status="done", completed_date="2021-01-05",
                due_date="2020-12-01"),
        finding("f_due_last_day", "2020-06-01", status="planned", due_date="2020-12-31"),
        finding("f_due_day_before", "2020-06-01", status="planned", due_date="2020-12-30"),
        finding("f_to_reject", "2020-06-01", status="assessed", due_date="2020-11-01"),
        finding("f_closed_at_entry", "2020-06-01", status="forwarded", forwarded_to="police",
                due_date="2020-11-01"),
        activity("act_first_day", "2020-09-01"), activity("act_before", "2020-08-31"),
        activity("act_other_pledge", "2020-10-01", pledge_id=None),
        watch("watch_started", "2020-10-01"), watch("watch_ended", "2019-03-01", "2020-11-15"),
        watch("watch_running", "2019-03-01"),
    ]
    store.create_many(records, "test")
    store.add_counts([
        ActivityCount(kommun_kod="1270", pledge_id=PLEDGE, kind="home_visit", month="2020-08",
                      count=5),
        ActivityCount(kommun_kod="1270", pledge_id=PLEDGE, kind="home_visit", month="2020-09",
                      count=3),
        ActivityCount(kommun_kod="1270", pledge_id=PLEDGE, kind="concern_talk", month="2020-12",
                      count=2),
    ], "test")
    # changed after the fact: saved today (the history's timestamp), after UNTIL
    store.update("unsafe_places", ids["place_to_resolve"],
                 {"status": "resolved", "resolved_date": date.today()}, 1, "test")
    store.update("findings", ids["f_to_reject"],
                 {"status": "not_done", "status_reason": "Fastighetsägaren vägrar"}, 1, "test")
    return store, ids


def _names(agenda: meeting.Agenda, key: str, ids: dict[str, str]) -> set[str]:
    by_id = {v: k for k, v in ids.items()}
    return {by_id[i] for i in agenda.step(key).ids}


def test_lists_hold_exactly_the_added_completed_and_changed_records(known) -> None:
    store, ids = known
    agenda = meeting.build(store, "1270", SINCE, UNTIL)
    assert _names(agenda, "new_places", ids) == {"place_first_day", "place_last_day"}
    assert _names(agenda, "new_findings", ids) == {"f_new_open", "f_new_done_in"}
    assert _names(agenda, "findings_done", ids) == {"f_old_done_in", "f_new_done_in"}
    assert _names(agenda, "activities", ids) == {"act_first_day", "act_other_pledge"}
    assert _names(agenda, "watch_started", ids) == {"watch_started"}
    assert _names(agenda, "watch_ended", ids) == {"watch_ended"}
    assert _names(agenda, "places_resolved", ids) == set()  # resolved today, after UNTIL
    assert agenda.counts == {"concern_talk": 2, "home_visit": 3}


def test_overdue_on_the_boundary_dates(known) -> None:
    store, ids = known
    agenda = meeting.build(store, "1270", SINCE, UNTIL)
    # due on UNTIL: not yet overdue; due the day before: overdue; done after UNTIL: was open;
    # rejected today (after UNTIL): was open then; entered already forwarded: never open
    assert _names(agenda, "overdue", ids) == {"f_due_day_before", "f_done_after", "f_to_reject"}
    day_before = meeting.build(store, "1270", SINCE, date(2020, 12, 30))
    # the day before, f_new_done_in (due 1 Oct, done on UNTIL) was still open and overdue
    assert _names(day_before, "overdue", ids) == {"f_done_after", "f_to_reject",
                                                  "f_new_done_in"}
    next_day = meeting.build(store, "1270", SINCE, date(2021, 1, 1))
    assert "f_due_last_day" in _names(next_day, "overdue", ids)
    # the rejection counts from the day it was saved: open no longer today
    today = meeting.build(store, "1270", SINCE, date.today())
    assert "f_to_reject" not in _names(today, "overdue", ids)


def test_a_status_change_is_dated_by_the_history(known) -> None:
    store, ids = known
    today = date.today()
    agenda = meeting.build(store, "1270", today - timedelta(days=1), today)
    assert _names(agenda, "places_resolved", ids) == {"place_to_resolve"}
    assert _names(agenda, "new_places", ids) == set()


def test_one_pledge_and_public_only(known) -> None:
    store, ids = known
    pledge = next(p for p in store.pledges() if p.id == PLEDGE)
    agenda = meeting.build(store, "1270", SINCE, UNTIL, pledge=pledge)
    assert "act_other_pledge" not in _names(agenda, "activities", ids)
    assert ids["place_internal"] not in agenda.step("new_places").ids
    inside = meeting.build(store, "1270", SINCE, UNTIL, public=False)
    assert "place_internal" in _names(inside, "new_places", ids)
    assert [p.id for p, _ in agenda.progress] == [PLEDGE]
    assert "contact_person" not in agenda.step("watch_started").records.columns


def test_refusals(known) -> None:
    store, _ = known
    with pytest.raises(ValueError, match="before"):
        meeting.build(store, "1270", UNTIL, SINCE)
    pledge = next(p for p in store.pledges() if p.kommun_kod != "1270")
    with pytest.raises(ValueError, match="belongs to"):
        meeting.build(store, "1270", SINCE, UNTIL, pledge=pledge)


def test_status_changes_keep_the_latest_update() -> None:
    def entry(seq: int, day: int, action: str, before: str | None, after: str) -> HistoryEntry:
        return HistoryEntry(seq, datetime(2020, 10, day, tzinfo=UTC), "u", "findings", "a",
                            action, {"status": before} if before else None, {"status": after})

    history = [entry(1, 1, "create", None, "new"), entry(2, 5, "update", "new", "planned"),
               entry(3, 9, "update", "planned", "planned"), entry(4, 7, "update", "planned",
                                                                  "done")]
    assert meeting.status_changes(history) == {"a": ("done", date(2020, 10, 7))}


@pytest.mark.parametrize(("until_year", "expected"), [
    (2020, 2020),  # the survey of the year being discussed
    (2021, 2020),  # no survey that year yet: the latest before it
    (2018, 2019),  # before every survey: the first
    (None, 2022),  # no window: the latest
])
def test_survey_year_is_the_one_of_the_period_discussed(until_year, expected):
    assert meeting_views.survey_year([2019, 2020, 2022], until_year) == expected
