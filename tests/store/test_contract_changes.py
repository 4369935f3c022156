"""The store contract, changes: update and delete with the version check, history, data version.

Tested only through the Store interface, over every backend of tests/store/conftest.py.
"""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from geo.domain.filters import Filter
from geo.domain.model import ActivityCount, ValidationError
from geo.domain.pledge_files import load_pledges
from geo.store import NotFoundError, StaleVersionError, StoreError
from tests.store.helpers import (
    ELSEWHERE,
    LAYERS,
    STORE_FIELDS,
    UPDATE_CHANGES,
    assert_same_fields,
    unchanged,
)

# -- update -----------------------------------------------------------------------------


@pytest.mark.parametrize("layer", LAYERS)
def test_update_with_the_right_version_applies(store, make_record, layer):
    record = store.create(make_record(layer), "anna")
    changes = UPDATE_CHANGES[layer]
    updated = store.update(layer, record.id, changes, 1, "bo.berg")
    assert updated.version == 2
    got = store.get(layer, record.id)
    assert got.version == 2
    assert got.updated_by == "bo.berg"
    assert got.created_at == record.created_at
    assert got.updated_at >= record.updated_at
    expected = record.replace(**changes)
    assert_same_fields(got, expected, skip=STORE_FIELDS)
    row = store.list(layer).set_index("id").loc[record.id]
    assert row["version"] == 2
    name, value = next(iter(changes.items()))
    assert row[name] == value


def test_update_can_move_the_geometry(store, make_record):
    place = store.create(make_record("unsafe_places"), "anna")
    store.update("unsafe_places", place.id, {"geometry": ELSEWHERE}, 1, "bo")
    assert store.get("unsafe_places", place.id).geometry.equals(ELSEWHERE)
    listed = store.list("unsafe_places")
    assert listed.geometry.iloc[0].equals(ELSEWHERE)


def test_stale_update_is_refused_and_names_who_changed_it(store, make_record):
    place = store.create(make_record("unsafe_places"), "anna")
    store.update("unsafe_places", place.id, {"description": "första"}, 1, "bo.berg")
    after_bo = store.get("unsafe_places", place.id)
    with pytest.raises(StaleVersionError) as caught:
        store.update("unsafe_places", place.id, {"description": "andra"}, 1, "carl")
    assert "bo.berg" in str(caught.value)
    assert caught.value.current == 2
    unchanged(store, "unsafe_places", after_bo)
    assert len(store.history(record_id=place.id)) == 2


def test_update_of_a_missing_record_is_not_found(store, make_record):
    missing = make_record("walks")
    with pytest.raises(NotFoundError):
        store.update("walks", missing.id, {"name": "x"}, 1, "anna")
    assert store.get("walks", missing.id) is None
    assert store.history() == []


@pytest.mark.parametrize("changes", [{"id": "00000000-0000-4000-8000-000000000000"},
                                     {"version": 9}])
def test_update_refuses_to_change_id_or_version(store, make_record, changes):
    walk = store.create(make_record("walks"), "anna")
    with pytest.raises((ValueError, StoreError)):
        store.update("walks", walk.id, changes, 1, "bo")
    unchanged(store, "walks", walk)
    assert store.get("walks", "00000000-0000-4000-8000-000000000000") is None


@pytest.mark.parametrize(
    ("layer", "changes", "field"),
    [
        ("unsafe_places", {"category": "bogus"}, "category"),
        ("findings", {"status": "new"}, "completed_date"),
        ("watch_areas", {"end_date": "2010-01-01"}, "end_date"),
        ("walks", {"geometry": Point(55.5, 13.9)}, "geometry"),
    ],
)
def test_update_that_breaks_validation_changes_nothing(store, make_record, layer, changes,
                                                       field):
    record = store.create(make_record(layer), "anna")
    with pytest.raises(ValidationError) as caught:
        store.update(layer, record.id, changes, 1, "bo")
    assert caught.value.field == field
    unchanged(store, layer, record)
    assert [h.action for h in store.history(record_id=record.id)] == ["create"]
    # The untouched version still accepts a good update.
    assert store.update(layer, record.id, UPDATE_CHANGES[layer], 1, "bo").version == 2


# -- delete and history -------------------------------------------------------------------


@pytest.mark.parametrize("layer", LAYERS)
def test_delete_removes_and_is_recorded(store, make_record, layer):
    keep = store.create(make_record(layer), "anna")
    gone = store.create(make_record(layer), "anna")
    store.delete(layer, gone.id, 1, "bo", reason="dubblett")
    assert store.get(layer, gone.id) is None
    assert set(store.list(layer)["id"]) == {keep.id}
    last = store.history(record_id=gone.id)[-1]
    assert (last.action, last.user, last.layer, last.reason) == ("delete", "bo", layer,
                                                                 "dubblett")
    assert last.before["id"] == gone.id and last.before["deleted_at"] is None
    # a soft delete: the record is kept, marked, with the reason, for the history
    assert last.after["deleted_reason"] == "dubblett" and last.after["version"] == 2
    kept = store.get(layer, gone.id, deleted=True)
    assert kept.deleted_at is not None and kept.deleted_reason == "dubblett"


def test_delete_requires_a_reason(store, make_record):
    walk = store.create(make_record("walks"), "anna")
    with pytest.raises(ValueError, match="reason"):
        store.delete("walks", walk.id, 1, "bo", reason=" ")
    assert store.get("walks", walk.id).version == 1


def test_delete_refuses_a_stale_version_and_a_missing_id(store, make_record):
    walk = store.create(make_record("walks"), "anna")
    store.update("walks", walk.id, {"name": "ny"}, 1, "bo")
    with pytest.raises(StaleVersionError):
        store.delete("walks", walk.id, 1, "carl", reason="fel")
    assert store.get("walks", walk.id).version == 2
    with pytest.raises(NotFoundError):
        store.delete("walks", make_record("walks").id, 1, "carl", reason="fel")


def test_history_has_one_entry_per_change(store, make_record):
    area = store.create(make_record("watch_areas"), "anna")
    other = store.create(make_record("walks"), "anna")
    store.update("watch_areas", area.id, {"households": 60}, 1, "bo")
    store.delete("watch_areas", area.id, 2, "carl", reason="avslutat")

    entries = store.history(record_id=area.id)
    assert [(e.action, e.user) for e in entries] == [
        ("create", "anna"), ("update", "bo"), ("delete", "carl")]
    create, update, delete = entries
    assert {e.layer for e in entries} == {"watch_areas"}
    assert create.before is None and create.after["version"] == 1
    assert create.after["households"] == 42
    assert update.before["version"] == 1 and update.after["version"] == 2
    assert update.before["households"] == 42 and update.after["households"] == 60
    assert delete.before["version"] == 2 and delete.after["deleted_reason"] == "avslutat"
    assert create.at <= update.at <= delete.at
    assert create.seq < update.seq < delete.seq

    assert [e.record_id for e in store.history("walks")] == [other.id]
    assert len(store.history()) == 4


def test_data_version_changes_on_writes_only(store, make_record):
    seen = [store.data_version()]

    def changed():
        now = store.data_version()
        assert now not in seen
        seen.append(now)

    def unchanged():
        assert store.data_version() == seen[-1]

    place = store.create(make_record("unsafe_places"), "anna")
    changed()
    store.get("unsafe_places", place.id)
    store.list("unsafe_places")
    store.list("unsafe_places", Filter("1270", 2020, 2020), public=True)
    store.history()
    store.pledges()
    store.counts("1270")
    unchanged()
    store.update("unsafe_places", place.id, {"status": "active"}, 1, "bo")
    changed()
    store.create_many([make_record("walks"), make_record("walks")], "anna")
    changed()
    store.delete("unsafe_places", place.id, 2, "bo", reason="dubblett")
    changed()
    store.replace_pledges(load_pledges(), "admin")
    changed()
    store.add_counts([ActivityCount(kommun_kod="1270", kind="home_visit", month="2020-01",
                                    count=2)], "anna")
    changed()
    unchanged()
