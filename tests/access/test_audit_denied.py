"""A refusal of the role check is one audit line: who tried what, where; the write never runs."""

from __future__ import annotations

import pytest

from geo.access.auth import Action, PermissionDenied, User, require
from geo.editing import writes
from geo.store import GeoPackageStore

EDITOR = User(email="redaktor@tomelilla.se", role="editor", kommuner=("1270",))


def test_a_refused_write_is_one_denied_line_and_no_write(tmp_path, make_record, audit_log):
    store = GeoPackageStore(tmp_path / "store.gpkg")
    store.initialize()
    audit_log()
    elsewhere = make_record("unsafe_places", kommun_kod="1263", description="Hemlig text")
    with pytest.raises(PermissionDenied):
        writes.create(store, EDITOR, elsewhere)
    (entry,) = audit_log()
    assert (entry["event"], entry["action"], entry["outcome"], entry["who"], entry["role"],
            entry["kommun"], entry["level"]) == ("denied", "edit", "denied", EDITOR.email,
                                                 "editor", "1263", "warning")
    assert store.list("unsafe_places").empty and "Hemlig" not in str(entry)


def test_an_allowed_action_leaves_no_line(audit_log):
    require(EDITOR, Action.EDIT, "1270")
    assert audit_log() == []
