"""The role matrix: each page × each role shows or refuses what it should."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from tests import fixture_data as fx
from tests.app.conftest import APP

ROLES = {"public": None, "editor": fx.EDITOR[0], "admin": fx.ADMIN[0]}
#: page → (title key, roles that may open it)
PAGES = {
    "views/map.py": ("app.title", {"public", "editor", "admin"}),
    "views/pledges.py": ("followup.heading", {"public", "editor", "admin"}),
    "views/edit.py": ("edit.heading", {"editor", "admin"}),
    "views/users.py": ("users.heading", {"admin"}),
    "views/coverage.py": ("coverage.title", {"public", "editor", "admin"}),
    "views/meeting.py": ("meeting.heading", {"public", "editor", "admin"}),
    "views/region.py": ("region.title", {"public", "editor", "admin"}),
    "views/plan.py": ("plan_page.heading", {"editor", "admin"}),
}
#: The import/export page: everyone may export, editors and admins may also import.
DATA_IO_TITLES = {"public": "io.page.title_export", "editor": "io.page.title",
                  "admin": "io.page.title"}


@pytest.mark.parametrize("role", list(ROLES))
def test_import_needs_a_role_and_export_is_for_everyone(fixture_db, monkeypatch, role):
    at = run(monkeypatch, fixture_db, role, "views/data_io.py")
    assert not at.exception
    assert i18n.t(DATA_IO_TITLES[role], "sv") in [title.value for title in at.title]


def run(monkeypatch, db, role: str, page: str | None = None) -> AppTest:
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    at = AppTest.from_file(APP, default_timeout=60)
    if ROLES[role]:
        at.user = {"is_logged_in": True, "email": ROLES[role], "email_verified": True}
    at.run()  # the entry page first, as a visitor arrives
    if page:
        at.switch_page(page).run()
    return at


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("page", list(PAGES))
def test_each_page_opens_only_for_its_roles(fixture_db, monkeypatch, role, page):
    title_key, allowed = PAGES[page]
    if role not in allowed:  # not in this role's page list: it cannot be opened at all
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            run(monkeypatch, fixture_db, role, page)
        return
    at = run(monkeypatch, fixture_db, role, page)
    assert not at.exception
    assert i18n.t(title_key, "sv", kommun="Tomelilla") in [title.value for title in at.title]


@pytest.mark.parametrize("role", list(ROLES))
def test_public_sees_sign_in_and_no_editing_controls(fixture_db, monkeypatch, role):
    at = run(monkeypatch, fixture_db, role)
    buttons = [b.label for b in at.button]
    labels = [e.label for e in at.expander]
    if role == "public":
        assert i18n.t("auth.login", "sv") in labels
        assert i18n.t("auth.logout", "sv") not in buttons
        assert not [f for f in at.get("form") if "edit_" in str(f.proto)]
    else:
        assert i18n.t("auth.logout", "sv") in buttons


def test_editor_page_has_the_forms_and_drawing_tools(fixture_db, monkeypatch):
    at = run(monkeypatch, fixture_db, "editor", "views/edit.py")
    assert not at.exception and not at.error
    assert i18n.t("edit.save", "sv") in [b.label for b in at.get("form_submit_button")]
    (component,) = at.get("component_instance")
    import json

    args = json.loads(component.proto.json_args)
    assert any("leaflet.draw.js" in link for link in args["js_links"])
    assert all(link.startswith("/app/static/") for link in args["js_links"])


@pytest.mark.parametrize("page", ["views/edit.py", "views/users.py", "views/plan.py"])
def test_a_page_reached_without_the_role_refuses_by_itself(fixture_db, monkeypatch, page):
    """Even run directly (not through the page list), the page checks the role."""
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(fixture_db))
    at = AppTest.from_file(str(fx.Path(__file__).resolve().parents[2] / page),
                           default_timeout=60).run()
    # refused; the message itself is redacted (client.showErrorDetails = "none")
    assert at.exception and ("may not" in at.exception[0].message
                             or "redacted" in at.exception[0].message)
    assert not at.get("form")
