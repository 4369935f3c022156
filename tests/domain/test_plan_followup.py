"""A plan row's follow-up colour (geo/domain/plan_followup.py): hand-made records, fixed dates.

Issue 19's criterion: a plan row linked to two findings turns green when both are done on
time, yellow while one is open, red when one is late. The records go through a real
GeoPackage store (created, then changed with ``update`` as an editor would), the plan is
saved and read back, and "today" is given to every call: the wall clock is never read.
"""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import LineString, Point

from geo.domain import plan_followup
from geo.domain.enums import PlanColour
from geo.domain.model import Activity, Commitment, Finding, Pledge, SafetyWalk, UnsafePlace
from geo.domain.plan import Plan, PlanRow
from geo.store import GeoPackageStore

GREEN, YELLOW, RED = PlanColour.GREEN, PlanColour.YELLOW, PlanColour.RED
WALKED = date(2024, 4, 10)
DUE = date(2024, 6, 30)  # the row's due date; the findings have none of their own


@pytest.fixture
def store(tmp_path) -> GeoPackageStore:
    store = GeoPackageStore(tmp_path / "plan.gpkg")
    store.initialize()
    return store


def _finding(walk: SafetyWalk, number: int, **fields) -> Finding:
    return Finding(kommun_kod="1270", geometry=Point(13.951, 55.557 + number / 1000),
                   walk_id=walk.id, number=number, found_date=WALKED, category="lighting",
                   description=f"Trasig belysning {number}", status="planned", **fields)


def _walk_with_findings(store: GeoPackageStore, **fields) -> tuple[Finding, Finding]:
    walk = SafetyWalk(kommun_kod="1270", walk_date=WALKED, name="Kvällsvandring centrum",
                      geometry=LineString([(13.93, 55.54), (13.95, 55.56)]))
    first, second = _finding(walk, 1, **fields), _finding(walk, 2, **fields)
    store.create_many([walk, first, second], "anna")
    return first, second


def _plan(store: GeoPackageStore, **row) -> Plan:
    fields = {"problem": "Otrygg gångväg vid stationen", "cause": "Mörkt",
              "action": "Byt belysning", "target": 2, "unit": "armaturer",
              "start_date": date(2024, 4, 15), "due_date": DUE, "responsible": "municipality",
              **row}
    plan = Plan(kommun_kod="1270", title="Åtgärdsplan 2024", rows=(PlanRow(**fields),))
    return store.save_plan(plan, "anna", None)


def _done(store: GeoPackageStore, finding: Finding, on: date) -> None:
    current = store.get("findings", finding.id)
    store.update("findings", finding.id, {"status": "done", "completed_date": on},
                 current.version, "bo")


def _followup(store: GeoPackageStore, plan: Plan, today: date) -> plan_followup.RowFollowUp:
    (row,) = plan_followup.plan_followup(store, store.plan(plan.id), today)
    return row


def test_two_findings_green_when_both_done_on_time_yellow_while_one_is_open_red_when_late(store):
    first, second = _walk_with_findings(store)
    plan = _plan(store, finding_ids=(first.id, second.id))

    def colour(today: date) -> PlanColour | None:
        return _followup(store, plan, today).colour

    assert colour(date(2024, 5, 1)) is YELLOW  # both open, before the due date
    _done(store, first, date(2024, 5, 20))
    assert colour(date(2024, 6, 1)) is YELLOW  # one done, one open: in progress
    assert colour(DUE) is YELLOW  # the due day itself is not late
    late = _followup(store, plan, date(2024, 7, 1))
    assert late.colour is RED  # one still open after the due date: late
    assert [(s.record_id, s.reason) for s in late.links] == [
        (first.id, "done_on_time"), (second.id, "overdue")]
    _done(store, second, date(2024, 6, 28))
    assert colour(date(2024, 7, 1)) is GREEN  # both done on time
    assert colour(date(2025, 1, 1)) is GREEN  # and stays so


def test_a_finding_done_after_its_own_due_date_is_red_and_its_own_date_counts_first(store):
    first, second = _walk_with_findings(store, due_date=date(2024, 5, 31))
    plan = _plan(store, finding_ids=(first.id, second.id))
    _done(store, first, date(2024, 5, 30))
    _done(store, second, date(2024, 6, 15))  # before the row's due date, after its own
    row = _followup(store, plan, date(2024, 7, 1))
    assert row.colour is RED
    assert [s.reason for s in row.links] == ["done_on_time", "done_late"]


def test_not_done_is_red_forwarded_yellow_and_a_deleted_finding_gives_no_colour(store):
    first, second = _walk_with_findings(store)
    plan = _plan(store, finding_ids=(first.id, second.id))
    store.update("findings", first.id, {"status": "forwarded", "forwarded_to": "road_authority"},
                 1, "bo")
    assert _followup(store, plan, date(2024, 5, 1)).colour is YELLOW
    store.delete("findings", second.id, 1, "bo", reason="dubblett")
    row = _followup(store, plan, date(2024, 5, 1))
    assert [s.reason for s in row.links] == ["forwarded", "missing"]
    store.update("findings", first.id, {"status": "not_done", "status_reason": "Inga medel",
                                        "forwarded_to": None}, 2, "bo")
    assert _followup(store, plan, date(2024, 5, 1)).colour is RED


def test_unsafe_places_resolved_in_time_or_not(store):
    place = UnsafePlace(kommun_kod="1270", geometry=Point(13.94, 55.55), category="lighting",
                        source="citizen_dialogue", reported_date=date(2024, 2, 1))
    store.create(place, "anna")
    plan = _plan(store, place_ids=(place.id,))
    assert _followup(store, plan, date(2024, 6, 1)).colour is YELLOW
    assert _followup(store, plan, date(2024, 7, 1)).colour is RED
    store.update("unsafe_places", place.id, {"status": "resolved",
                                             "resolved_date": date(2024, 6, 20)}, 1, "bo")
    assert _followup(store, plan, date(2024, 7, 1)).colour is GREEN
    store.update("unsafe_places", place.id, {"resolved_date": date(2024, 7, 2)}, 2, "bo")
    assert _followup(store, plan, date(2024, 8, 1)).colour is RED


def test_a_linked_commitment_takes_its_status_from_the_pledge_followup(store):
    """Two information meetings promised in 2024: none by March is behind (red), one on
    track (yellow), two met (green); one by the year's end is not met (red)."""
    pledge = Pledge(id="testby-2024", kommun_kod="1270", kommun="Tomelilla",
                    police_area="Österlen", title="Medborgarlöfte 2024",
                    period_start=date(2024, 1, 1), period_end=date(2024, 12, 31),
                    commitments=(Commitment(id="testby-2024-meetings", pledge_id="testby-2024",
                                            text="Två informationsmöten",
                                            kind="information_meeting", target=2,
                                            unit="möten"),))
    store.save_pledge(pledge, "anna", None)
    plan = _plan(store, pledge_id=pledge.id, commitment_id="testby-2024-meetings")

    def meeting(on: date) -> None:
        store.create(Activity(kommun_kod="1270", pledge_id=pledge.id,
                              commitment_id="testby-2024-meetings", kind="information_meeting",
                              activity_date=on, title="Informationsmöte", visibility="public"),
                     "anna")

    row = _followup(store, plan, date(2024, 3, 1))
    assert [(s.layer, s.record_id, s.reason) for s in row.links] == [
        ("commitments", "testby-2024-meetings", "behind")]
    assert row.colour is RED
    meeting(date(2024, 2, 1))
    assert _followup(store, plan, date(2024, 3, 1)).colour is YELLOW  # on track
    after = _followup(store, plan, date(2025, 1, 1))
    assert (after.links[0].reason, after.colour) == ("not_met", RED)
    meeting(date(2024, 9, 1))
    assert _followup(store, plan, date(2024, 9, 2)).colour is GREEN  # met


def test_without_links_there_is_no_colour_and_an_override_wins_but_keeps_the_computed(store):
    first, second = _walk_with_findings(store)
    plan = _plan(store, finding_ids=(first.id,))
    bare = store.save_plan(Plan(kommun_kod="1270", title="Tom", rows=(PlanRow(
        problem="Klotter", action="Sanera", responsible="housing_company"),)), "anna", None)
    assert _followup(store, bare, date(2024, 7, 1)).colour is None
    assert _followup(store, plan, date(2024, 7, 1)).colour is RED
    store.override_plan_colour(plan.id, plan.rows[0].id, "yellow", "Entreprenören är beställd",
                               "karin", 1)
    row = _followup(store, plan, date(2024, 7, 1))
    assert (row.colour, row.computed, row.overridden) == (YELLOW, RED, True)


def test_worst_of_the_colours():
    assert plan_followup.worst([GREEN, None, YELLOW]) is YELLOW
    assert plan_followup.worst([GREEN, RED, YELLOW]) is RED
    assert plan_followup.worst([GREEN, GREEN]) is GREEN
    assert plan_followup.worst([None]) is None
