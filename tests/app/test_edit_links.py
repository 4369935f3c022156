"""Registrera links an activity to a pledge and a commitment, and Löften counts it (issue 14).

AppTest cannot click the map: ``st_folium`` is replaced by a function that returns what
the browser would (nothing, or a click on a record), as in ``test_forged_click``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import streamlit_folium
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.access.auth import User, hash_password
from geo.domain.model import Activity
from geo.store import GeoPackageStore
from tests import fixture_data as fx
from tests.app.conftest import APP

ROOT = Path(__file__).resolve().parents[2]
EDITOR = "redaktor@staffanstorp.se"
PLEDGE = "staffanstorp-2018-2019"
INFO_MEETINGS = "staffanstorp-2018-2019-info-meetings"
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "links.gpkg"
    store = fx.build(path)
    store.save_user(User(email=EDITOR, role="editor", kommuner=("1230",)),
                    hash_password("staffanstorps lösenord"), "test")
    return path


def _page(db: Path, monkeypatch: pytest.MonkeyPatch, script: str = "views/edit.py",
          click: dict | None = None) -> AppTest:
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    monkeypatch.setattr(streamlit_folium, "st_folium", lambda *args, **kwargs: click or {})
    at = AppTest.from_file(str(ROOT / script), default_timeout=60)
    at.session_state["lang"] = "sv"
    at.user = {"is_logged_in": True, "email": EDITOR, "email_verified": True}
    return at.run()


def _box(at: AppTest, label_key: str):
    return next(b for b in at.selectbox if b.label == i18n.t(label_key, "sv"))


def _activities_2019(at: AppTest) -> AppTest:
    next(b for b in at.selectbox if str(b.key).startswith("edit_year")).set_value(2019).run()
    at.segmented_control(key="edit_layer").set_value("activities").run()
    assert not at.exception
    return at


def test_an_information_meeting_is_linked_to_its_commitment_and_counted(db, monkeypatch):
    at = _activities_2019(_page(db, monkeypatch))
    assert _box(at, "fields.pledge_id").value == PLEDGE
    assert _box(at, "fields.commitment_id").value == ""  # no commitment of the kind in view
    assert _box(at, "fields.pledge_id").options == ["Staffanstorp 2018–2019",
                                                    "Inget medborgarlöfte"]
    _box(at, "fields.kind").set_value("information_meeting").run()
    commitment = _box(at, "fields.commitment_id")
    assert commitment.value == INFO_MEETINGS  # the one commitment of the activity's kind
    assert not any(UUID.search(o) or o.startswith(PLEDGE) for o in commitment.options)
    next(t for t in at.text_input if t.label == i18n.t("fields.title", "sv")).input(
        "Informationsmöte om märk-DNA")
    next(b for b in at.button if b.label == i18n.t("edit.save", "sv")).click().run()
    assert not at.exception and not at.error
    saved = GeoPackageStore(db).list("activities", None, public=False)
    saved = saved[saved["kommun_kod"] == "1230"]
    assert list(saved["commitment_id"]) == [INFO_MEETINGS]
    assert list(saved["pledge_id"]) == [PLEDGE]
    # Löften counts it at once: 1 of 5 information sessions
    loften = AppTest.from_file(APP, default_timeout=60)
    loften.session_state["lang"] = "sv"
    loften.run()  # the entry page first: pages are known by their url_path after a run
    loften.query_params["pledge"] = PLEDGE
    loften.switch_page("views/pledges.py").run()
    assert not loften.exception
    assert "1 / 5" in [m.value for m in loften.metric]


def test_the_commitments_follow_the_pledge_chosen(db, monkeypatch):
    at = _activities_2019(_page(db, monkeypatch))
    _box(at, "fields.pledge_id").set_value("").run()  # "Inget medborgarlöfte"
    assert _box(at, "fields.commitment_id").options == ["Inget åtagande"]
    _box(at, "fields.pledge_id").set_value(PLEDGE).run()
    assert len(_box(at, "fields.commitment_id").options) > 1


def test_a_selected_activity_shows_its_links_by_name_and_its_history_in_words(db,
                                                                             monkeypatch):
    store = GeoPackageStore(db)
    store.create(Activity(kommun_kod="1230", pledge_id=PLEDGE, commitment_id=INFO_MEETINGS,
                          kind="information_meeting", activity_date="2019-03-05",
                          title="Grannsamverkan i Hjärup"), fx.EDITOR[0])
    activity = store.list("activities", None, public=False)
    record_id = activity.loc[activity["kommun_kod"] == "1230", "id"].iloc[0]
    click = {"last_clicked": None, "last_active_drawing": {
        "type": "Feature", "geometry": None,
        "properties": {"layer": "activities", "id": record_id}}}
    at = _page(db, monkeypatch, click=click)
    assert not at.exception
    assert "Grannsamverkan i Hjärup (2019-03-05)" in [c.value for c in at.caption]
    assert _box(at, "fields.pledge_id").value == PLEDGE
    assert _box(at, "fields.commitment_id").value == INFO_MEETINGS
    history = at.dataframe[0].value
    assert list(history.iloc[:, 2]) == [i18n.t("edit.history_create", "sv")]
    shown = " ".join([*(m.value for m in at.markdown), *(c.value for c in at.caption),
                      *(h.value for h in at.subheader)])
    assert not UUID.search(shown) and PLEDGE not in shown


def test_a_walk_is_linked_to_a_pledge_only(db, monkeypatch):
    at = _page(db, monkeypatch)
    next(b for b in at.selectbox if str(b.key).startswith("edit_year")).set_value(2019).run()
    at.segmented_control(key="edit_layer").set_value("walks").run()
    assert not at.exception
    assert _box(at, "fields.pledge_id").value == PLEDGE
    assert not [b for b in at.selectbox if b.label == i18n.t("fields.commitment_id", "sv")]
