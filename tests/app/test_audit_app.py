"""In the app, the audit line names the signed-in person and the browser session's address.

The app binds them at the start of each run (:mod:`app.audit_context`); the Användare page's
user change and the export's download each leave one line as that person. An export shown
but not downloaded leaves none (the page builds its files ahead).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.audit_context import forwarded_for
from geo import i18n
from tests import fixture_data as fx
from tests.app.conftest import APP
from tests.io.conftest import copy


def labelled(elements, key: str):
    """The one element labelled with the catalog text of ``key``."""
    (element,) = [e for e in elements if e.label == i18n.t(key, "sv")]
    return element


@pytest.fixture
def admin_app(fixture_db: Path, tmp_path: Path, monkeypatch) -> AppTest:
    db = tmp_path / "store.gpkg"
    copy(fixture_db, db)  # the page writes: not into the shared fixture
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["_local_user"] = fx.ADMIN[0]
    return at.run()


def test_a_user_saved_on_the_users_page_is_logged_as_the_admin(admin_app, audit_log):
    at = admin_app.switch_page("views/users.py").run()
    audit_log()
    labelled(at.text_input, "users.email").input("ny@tomelilla.se")
    labelled(at.text_input, "users.name").input("Karin Andersson")
    labelled(at.multiselect, "users.kommuner").select("1270")
    at = labelled(at.button, "users.save").click().run()
    assert not at.exception
    (entry,) = audit_log()
    client = at.session_state["_client_key"]
    assert (entry["event"], entry["action"], entry["record"], entry["who"], entry["role"],
            entry["client"]) == ("user", "create", "ny@tomelilla.se", fx.ADMIN[0], "admin",
                                 client)
    assert client.startswith("session:") and "Karin" not in str(entry)


def test_an_export_is_logged_when_it_is_downloaded(admin_app, audit_log):
    at = admin_app.switch_page("views/data_io.py")
    for name, value in {"kommun": "1270", "year": "2020", "layers": "unsafe_places"}.items():
        at.query_params[name] = value
    at = at.run()
    assert not at.exception
    assert audit_log() == []  # shown, not taken
    (button,) = [b for b in at.get("download_button") if "io_export_unsafe_places" in b.id]
    button.click()
    at = at.run()
    (entry,) = audit_log()
    assert (entry["event"], entry["action"], entry["layer"], entry["who"], entry["role"],
            entry["public"]) == ("export", "geojson", "unsafe_places", fx.ADMIN[0], "admin",
                                 True)
    assert entry["count"] == entry["counts"]["unsafe_places"]


def test_forwarded_for_keeps_only_addresses():
    assert forwarded_for("203.0.113.7, <script>, 10.0.0.1 ") == "203.0.113.7, 10.0.0.1"
    assert forwarded_for("Karin Andersson") is None and forwarded_for(None) is None
    assert forwarded_for(", ".join(f"10.0.0.{n}" for n in range(9))) == \
        "10.0.0.5, 10.0.0.6, 10.0.0.7, 10.0.0.8"
