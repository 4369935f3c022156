"""The finding lifecycle: allowed steps, required reason and party, overdue."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import Point

from geo.access.auth import User
from geo.domain.lifecycle import TRANSITIONS, check_transition, is_overdue
from geo.domain.model import Finding, ValidationError
from geo.editing import writes as editing
from geo.store import GeoPackageStore
from tests import fixture_data as fx

EDITOR = User(email="eva@tomelilla.se", role="editor", kommuner=("1270",))


@pytest.mark.parametrize(("old", "new"), [("new", "assessed"), ("assessed", "planned"),
                                          ("planned", "in_progress"), ("in_progress", "done"),
                                          ("new", "forwarded"), ("planned", "not_done"),
                                          ("done", "assessed")])
def test_allowed_steps(old, new):
    check_transition(old, new)


@pytest.mark.parametrize(("old", "new"), [("new", "done"), ("done", "planned"),
                                          ("forwarded", "done"), ("not_done", "in_progress")])
def test_invalid_steps_are_refused_with_both_statuses_named(old, new):
    with pytest.raises(ValidationError) as refused:
        check_transition(old, new)
    assert refused.value.field == "status"
    assert old in refused.value.message and new in refused.value.message


def test_every_status_has_a_way_on():
    assert all(TRANSITIONS[status] for status in TRANSITIONS)


def _finding(**extra) -> Finding:
    return Finding(kommun_kod="1270", walk_id="00000000-0000-4000-8000-000000000000",
                   found_date="2020-09-10", category="lighting", geometry=Point(13.95, 55.54),
                   **extra)


def test_not_done_needs_a_reason_and_forwarded_needs_a_party():
    with pytest.raises(ValidationError) as no_reason:
        _finding(status="not_done")
    assert no_reason.value.field == "status_reason"
    with pytest.raises(ValidationError) as no_party:
        _finding(status="forwarded")
    assert no_party.value.field == "forwarded_to"
    assert _finding(status="forwarded", forwarded_to="housing_company").forwarded_to == \
        "housing_company"


def test_overdue_only_while_open_and_after_the_due_date():
    due = date(2021, 3, 10)
    assert is_overdue("planned", due, date(2021, 3, 11))
    assert not is_overdue("planned", due, date(2021, 3, 10))  # due that day: not yet late
    assert not is_overdue("done", due, date(2022, 1, 1))
    assert not is_overdue("forwarded", due, date(2022, 1, 1))
    assert not is_overdue("new", None, date(2022, 1, 1))


def test_editing_refuses_a_skipped_step_and_changes_nothing(tmp_path):
    store: GeoPackageStore = fx.build(tmp_path / "l.gpkg")
    finding = next(f for f in (store.get("findings", i) for i in store.list("findings")["id"])
                   if f.status.value == "new")
    with pytest.raises(ValidationError):
        editing.update(store, EDITOR, "findings", finding.id,
                       {"status": "done", "completed_date": date(2020, 10, 1)}, finding.version)
    assert store.get("findings", finding.id).version == finding.version
    editing.update(store, EDITOR, "findings", finding.id, {"status": "assessed"},
                   finding.version)
    assert store.get("findings", finding.id).status.value == "assessed"
