"""The example data's åtgärdsplan for Tomelilla: real links, a colour mix, an override."""

from __future__ import annotations

from geo.domain.enums import PlanColour
from geo.domain.plan_followup import plan_followup
from geo.domain.pledge_files import load_pledges
from geo.example import generate, municipality_boundaries
from geo.example.plan import tomelilla_plan
from tests.lagesbild.conftest import AS_OF, OVERRIDER


def test_the_plan_links_to_example_records_and_is_the_same_each_time():
    pledges = load_pledges()
    data = generate(pledges, municipality_boundaries(sorted({p.kommun_kod for p in pledges})))
    plan = tomelilla_plan(data)
    assert plan is not None and plan == tomelilla_plan(data)
    places = {p.id: p for p in data.unsafe_places if p.kommun_kod == "1270"}
    findings = {f.id: f for f in data.findings if f.kommun_kod == "1270"}
    linked_places = [i for r in plan.rows for i in r.place_ids]
    linked_findings = [i for r in plan.rows for i in r.finding_ids]
    assert linked_places and all(i in places for i in linked_places)
    assert len(linked_findings) == 2 and all(i in findings for i in linked_findings)
    area_rows = [r for r in plan.rows if r.area and r.start_date]
    assert area_rows and all(len(r.area) == 13 and r.area.isdigit() for r in area_rows)
    assert any(r.commitment_id == "tomelilla-2020-walk-actions" for r in plan.rows)


def test_the_stored_plan_scores_green_and_red_and_keeps_a_hand_set_colour(store):
    plan = store.plans("1270")[0]
    followups = plan_followup(store, plan, AS_OF)
    assert {f.computed for f in followups} >= {PlanColour.GREEN, PlanColour.RED}
    hand = [f for f in followups if f.overridden]
    assert len(hand) == 1 and hand[0].row.override_by == OVERRIDER
