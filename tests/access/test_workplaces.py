"""Which municipalities a staff page offers (``User.workplaces``): one rule for every page."""

from __future__ import annotations

from geo.access.auth import Action, User

EVERY = ["1214", "1230", "1270", "1286"]


def test_an_editor_gets_her_own_in_her_order_the_first_her_home():
    editor = User(email="r@tomelilla.se", role="editor", kommuner=("1286", "1270", "9999"))
    assert editor.workplaces(EVERY) == ["1286", "1270"]
    assert editor.workplaces(EVERY, Action.EDIT) == ["1286", "1270"]


def test_an_admin_gets_her_own_or_without_any_every_one():
    assert User(email="a@kommun.se", role="admin", kommuner=("1230",)).workplaces(EVERY) == [
        "1230"]
    assert User(email="a@kommun.se", role="admin").workplaces(EVERY) == EVERY


def test_an_account_the_role_reaches_nowhere_gets_none():
    assert User(email="r@kommun.se", role="editor").workplaces(EVERY) == []
    assert User().workplaces(EVERY) == []
