"""The åtgärdsplan's records (geo/domain/plan.py): one field table each, the rules across fields."""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from datetime import UTC, date, datetime

import pytest

from geo import i18n
from geo.domain.enums import Party, PlanColour, PlanStatus
from geo.domain.fieldspec import by_name
from geo.domain.model import Commitment, Finding, ValidationError
from geo.domain.plan import Plan, PlanRow


def _row(**fields) -> PlanRow:
    return PlanRow(**{"problem": "Otrygg gångtunnel", "action": "Ny belysning", **fields})


@pytest.mark.parametrize("cls", [Plan, PlanRow], ids=lambda cls: cls.__name__)
def test_every_field_has_exactly_one_spec_and_every_spec_a_field(cls):
    specs = Counter(spec.name for spec in cls.FIELDS)
    assert [name for name, n in specs.items() if n > 1] == []
    assert set(specs) == {f.name for f in dataclasses.fields(cls)}


def test_the_goal_is_a_commitments_target_and_who_a_findings_party():
    """One place for what a field is: the same specs, not copies."""
    row, commitment = by_name(PlanRow), by_name(Commitment)
    assert row["target"] is commitment["target"] and row["unit"] is commitment["unit"]
    assert row["responsible"].enum is by_name(Finding)["responsible"].enum is Party
    with pytest.raises(ValidationError) as caught:
        _row(target=3)
    assert (caught.value.field, caught.value.code) == ("unit", "unit_required")
    assert _row(target="3", unit="armaturer").target == 3.0


def test_a_row_checks_its_links_dates_and_commitment():
    place = str(uuid.uuid4())
    assert _row(place_ids=[place.upper()]).place_ids == (place,)
    for bad, field in [({"place_ids": ["torget"]}, "place_ids"),
                       ({"finding_ids": [place, place]}, "finding_ids"),
                       ({"start_date": "2024-06-01", "due_date": "2024-05-01"}, "due_date"),
                       ({"commitment_id": "tomelilla-2020-walks"}, "pledge_id"),
                       ({"pledge_id": "ystad-2021", "commitment_id": "tomelilla-2020-walks"},
                        "commitment_id"),
                       ({"responsible": "kommunen"}, "responsible"),
                       ({"problem": ""}, "problem"), ({"action": " "}, "action")]:
        with pytest.raises(ValidationError) as caught:
            _row(**bad)
        assert caught.value.field == field, bad
    linked = _row(pledge_id="tomelilla-2020", commitment_id="tomelilla-2020-walks")
    assert linked.responsible is Party.MUNICIPALITY


def test_an_override_needs_who_when_and_why():
    at = datetime(2024, 7, 1, 9, tzinfo=UTC)
    for missing in ("override_reason", "override_by", "override_at"):
        fields = {"colour_override": "green", "override_reason": "Klart enligt besiktning",
                  "override_by": "karin", "override_at": at, missing: None}
        with pytest.raises(ValidationError) as caught:
            _row(**fields)
        assert caught.value.field == missing
    row = _row(colour_override="red", override_reason="Inga medel", override_by="karin",
               override_at=at)
    assert row.colour_override is PlanColour.RED
    assert row.without_override() == dataclasses.replace(row, colour_override=None,
                                                         override_reason="", override_by="",
                                                         override_at=None)


def test_a_plan_decided_has_a_date_and_revises_after_it():
    with pytest.raises(ValidationError) as caught:
        Plan(kommun_kod="1270", title="Plan", status="decided")
    assert caught.value.field == "decided_date"
    with pytest.raises(ValidationError) as caught:
        Plan(kommun_kod="1270", title="Plan", decided_date="2024-03-01",
             next_revision="2023-03-01")
    assert caught.value.field == "next_revision"
    plan = Plan(kommun_kod="1270", title="Plan", status="decided", decided_date="2024-03-01",
                next_revision="2025-03-01", rows=[_row(), {"problem": "Klotter",
                                                           "action": "Sanera"}])
    assert plan.status is PlanStatus.DECIDED and plan.decided_date == date(2024, 3, 1)
    assert [type(r) for r in plan.rows] == [PlanRow, PlanRow]
    assert plan.row(plan.rows[1].id).problem == "Klotter" and plan.row("saknas") is None
    with pytest.raises(ValidationError) as caught:
        Plan(kommun_kod="1270", title="Plan", rows=[plan.rows[0], plan.rows[0]])
    assert (caught.value.field, caught.value.code) == ("rows", "duplicate_row")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_codes_states_and_rules_have_names_in_both_languages(lang):
    for member in [*PlanStatus, *PlanColour]:
        assert i18n.enum_label(member, lang)
    for state in ("done_on_time", "done_late", "open", "overdue", "not_done", "forwarded",
                  "resolved", "met", "on_track", "behind", "not_met", "no_target", "missing"):
        assert i18n.t(f"plan.state.{state}", lang)
    for spec in (*Plan.FIELDS, *PlanRow.FIELDS):
        if spec.name not in ("id", "kommun_kod", "rows", "version", "updated_at",
                             "updated_by"):
            assert i18n.t(f"plan.fields.{spec.name}", lang)
    error = ValidationError("rows", "x", "row_taken", id="a", plan="b")
    assert error.text(lang) != "x"
