"""A page that fails shows one sentence in the visitor's language; details go to the log."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.meeting import agenda as meeting
from tests.app.conftest import APP

ROOT = Path(__file__).resolve().parents[2]
SECRET_PATH = "/srv/trygghetskartan/secrets/store.gpkg"


def _broken(*args, **kwargs):
    raise RuntimeError(f"unable to open database file {SECRET_PATH}")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_failing_page_shows_a_short_message_and_logs_the_details(
        fixture_db, monkeypatch, caplog, lang):
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(fixture_db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    monkeypatch.setattr(meeting, "build", _broken)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()
    with caplog.at_level(logging.ERROR, logger="trygghetskartan"):
        at.switch_page("views/meeting.py").run()
    assert not at.exception  # no traceback reaches the page
    assert i18n.t("app.failed", lang) in [error.value for error in at.error]
    shown = "\n".join(str(node.proto) for node in at._tree.children.values())
    assert SECRET_PATH not in shown and "Traceback" not in shown
    assert any(SECRET_PATH in record.exc_text or SECRET_PATH in str(record.exc_info[1])
               for record in caplog.records if record.exc_info)


def test_the_pages_still_stop_and_rerun(fixture_db, monkeypatch):
    """st.stop (an empty window on the meeting page) is not turned into an error."""
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(fixture_db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["since"] = "2020-12-01"
    at.query_params["until"] = "2020-01-01"
    at.run()
    at.switch_page("views/meeting.py").run()
    assert not at.exception
    assert i18n.t("app.failed", "sv") not in [error.value for error in at.error]


def test_error_details_are_off_in_the_config():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] == "none"
