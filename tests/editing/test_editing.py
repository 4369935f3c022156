"""Writes on behalf of people: roles checked in geo/, conflicts refused, history complete."""

from __future__ import annotations

from datetime import date

import pytest
from shapely.geometry import LineString, Point

from geo.access.auth import PUBLIC, PermissionDenied, User
from geo.domain.model import UnsafePlace, ValidationError
from geo.editing import writes as editing
from geo.store import GeoPackageStore, StaleVersionError
from tests import fixture_data as fx

EDITOR = User(email="eva@tomelilla.se", role="editor", kommuner=("1270",))
OTHER_EDITOR = User(email="olle@tomelilla.se", role="editor", kommuner=("1270",))
SVEDALA_EDITOR = User(email="sven@svedala.se", role="editor", kommuner=("1263",))
ADMIN = User(email="admin@kommun.se", role="admin")


@pytest.fixture
def store(tmp_path) -> GeoPackageStore:
    return fx.build(tmp_path / "edit.gpkg")


def place(**extra) -> UnsafePlace:
    return UnsafePlace(kommun_kod="1270", geometry=Point(13.95, 55.55), category="traffic",
                       source="web_form", reported_date="2020-10-01", **extra)


def test_public_and_other_municipalities_cannot_write(store):
    before = store.data_version()
    for user in (PUBLIC, SVEDALA_EDITOR):
        with pytest.raises(PermissionDenied):
            editing.create(store, user, place())
    assert store.data_version() == before


def test_editor_creates_and_updates_in_own_municipality(store):
    created = editing.create(store, EDITOR, place())
    assert created.updated_by == EDITOR.email
    updated = editing.update(store, EDITOR, "unsafe_places", created.id, {"status": "resolved"}, 1)
    assert updated.version == 2
    with pytest.raises(PermissionDenied):  # moving it to a municipality the editor lacks
        editing.update(store, EDITOR, "unsafe_places", created.id, {"kommun_kod": "1263"}, 2)


def test_only_admins_delete_and_a_reason_is_required(store):
    created = editing.create(store, EDITOR, place())
    with pytest.raises(PermissionDenied):
        editing.delete(store, EDITOR, "unsafe_places", created.id, 1, "dubblett")
    with pytest.raises(ValueError, match="reason"):
        editing.delete(store, ADMIN, "unsafe_places", created.id, 1, "")
    editing.delete(store, ADMIN, "unsafe_places", created.id, 1, "dubblett")
    assert store.get("unsafe_places", created.id) is None


def test_two_writers_on_one_record_the_second_is_refused_and_history_shows_both(store):
    created = editing.create(store, EDITOR, place(description="Mörk gångtunnel"))
    first = store.get("unsafe_places", created.id)
    second = store.get("unsafe_places", created.id)  # both opened version 1
    editing.update(store, EDITOR, "unsafe_places", first.id,
                   {"description": "Mörk gångtunnel, två lampor trasiga"}, first.version)
    with pytest.raises(StaleVersionError) as refused:
        editing.update(store, OTHER_EDITOR, "unsafe_places", second.id,
                       {"description": "Mörk gångtunnel vid skolan"}, second.version)
    assert refused.value.updated_by == EDITOR.email  # "changed by X at T, reload"
    assert EDITOR.email in str(refused.value) and "reload" in str(refused.value)
    stored = store.get("unsafe_places", created.id)
    assert stored.description == "Mörk gångtunnel, två lampor trasiga"  # not overwritten
    history = store.history(record_id=created.id)
    assert [(h.action, h.user) for h in history] == [("create", EDITOR.email),
                                                   ("update", EDITOR.email)]
    # the refused attempt changed nothing: the second editor reloads and saves again
    editing.update(store, OTHER_EDITOR, "unsafe_places", created.id,
                   {"description": "Mörk gångtunnel vid skolan"}, stored.version)
    assert store.history(record_id=created.id)[-1].user == OTHER_EDITOR.email


def test_a_walk_and_its_findings_are_one_piece_of_work(store):
    from geo.domain.model import Finding, SafetyWalk

    walk = SafetyWalk(kommun_kod="1270", walk_date="2020-10-05", name="Kvällsvandring",
                      dark=True, geometry=LineString(
                          [(13.95, 55.54), (13.96, 55.545)]))
    findings = [Finding(kommun_kod="1270", walk_id=walk.id, found_date="2020-10-05",
                        category=c, geometry=Point(13.951 + i / 1000, 55.541))
                for i, c in enumerate(("lighting", "vegetation", "traffic"))]
    editing.create_walk(store, EDITOR, walk, findings)
    stored = store.list("findings").query("walk_id == @walk.id").sort_values("number")
    assert list(stored["number"]) == [1, 2, 3]
    # walk date + 183 days, but within the walk's year (issue 14: a per-year rule counts it)
    assert {str(d)[:10] for d in stored["due_date"]} == {"2020-12-31"}


def test_new_finding_joins_its_walk_with_the_next_number(store):
    walk_id = store.list("walks")["id"].iloc[0]
    record = editing.new_record(store, "findings", "1270",
                                {"category": "drugs", "description": "Sprutor"},
                                Point(13.955, 55.545), walk_id)
    assert (record.number, record.walk_id) == (3, walk_id)  # the fixture walk has 2
    assert record.pledge_id == "tomelilla-2020"
    with pytest.raises(ValidationError) as missing:
        editing.new_record(store, "findings", "1270", {"category": "drugs"},
                           Point(13.955, 55.545), None)
    assert missing.value.field == "walk_id"
    assert missing.value.text("sv") == "välj vandringen som bristen hör till"
    with pytest.raises(ValidationError) as outside:
        editing.check_inside(place().replace(geometry=Point(13.21, 55.64)))  # Staffanstorp
    assert outside.value.text("sv").startswith("ligger utanför Tomelilla")


def test_history_says_what_was_done_in_words_never_codes_or_ids(store):
    created = editing.create(store, EDITOR, place())
    editing.update(store, EDITOR, "unsafe_places", created.id,
                   {"status": "resolved", "description": "Ny belysning"}, 1)
    rows = editing.history_rows(store.history("unsafe_places", created.id), "sv")
    assert [(who, what) for _, who, what in rows] == [
        (EDITOR.email, "Registrerad"),
        (EDITOR.email, "Ändrad: Status, Beskrivning, Åtgärdad")]  # resolved today (the date)
    assert rows[0][0][:4].isdigit()  # when, to the minute
    assert editing.history_rows(store.history("unsafe_places", created.id), "en")[1][2] == (
        "Changed: Status, Description, Resolved")


def test_new_record_is_linked_to_the_pledge_its_date_falls_in(store):
    inside = editing.new_record(store, "unsafe_places", "1270",
                                {"category": "other", "source": "survey",
                                 "reported_date": date(2020, 5, 1)}, Point(13.95, 55.55))
    outside = editing.new_record(store, "unsafe_places", "1270",
                                 {"category": "other", "source": "survey",
                                  "reported_date": date(2019, 5, 1)}, Point(13.95, 55.55))
    assert (inside.pledge_id, outside.pledge_id) == ("tomelilla-2020", None)


def test_a_place_marked_resolved_without_a_date_is_resolved_today(store):
    created = editing.create(store, EDITOR, place())
    updated = editing.update(store, EDITOR, "unsafe_places", created.id,
                             {"status": "resolved"}, 1)
    assert updated.resolved_date == date.today()
    given = editing.update(store, EDITOR, "unsafe_places", created.id,
                           {"resolved_date": date(2020, 11, 1)}, 2)
    assert given.resolved_date == date(2020, 11, 1)
    reopened = editing.update(store, EDITOR, "unsafe_places", created.id, {"status": "active"}, 3)
    assert reopened.resolved_date is None
