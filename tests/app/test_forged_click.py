"""Reads are checked like writes: a forged map click never opens another municipality's record.

The edit page turns the id of a clicked feature (streamlit-folium's return value, which
the browser sends) into a record loaded into the form. AppTest cannot click the map, so
``st_folium`` is replaced by a function that returns the click a forging browser sends.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import streamlit_folium
from shapely.geometry import Point
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.access.auth import User, hash_password
from geo.domain.model import ValidationError
from geo.editing import writes as editing
from geo.store import GeoPackageStore
from tests import fixture_data as fx

ROOT = Path(__file__).resolve().parents[2]
STAFFANSTORP_EDITOR = "redaktor@staffanstorp.se"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("forged") / "store.gpkg"
    store = fx.build(path)
    store.save_user(User(email=STAFFANSTORP_EDITOR, role="editor", kommuner=("1230",)),
                    hash_password("staffanstorps lösenord"), "test")
    return path


def _records(db: Path) -> dict[str, object]:
    store = GeoPackageStore(db)
    places = store.list("unsafe_places", None, public=False)
    watch = store.list("watch_areas", None, public=False)
    return {
        "reporter": places.loc[places["reporter"].notna() & (places["reporter"] != ""),
                               "id"].iloc[0],
        "internal": places.loc[places["visibility"] == "internal", "id"].iloc[0],
        "contact": watch.loc[watch["contact_person"] == fx.SECRET, "id"].iloc[0],
    }


def _open_with_click(db: Path, monkeypatch: pytest.MonkeyPatch, email: str, layer: str,
                     record_id: str) -> AppTest:
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    forged = {"last_clicked": None, "last_active_drawing": {
        "type": "Feature", "geometry": {"type": "Point", "coordinates": list(fx.TOMELILLA)},
        "properties": {"layer": layer, "id": record_id}}}
    monkeypatch.setattr(streamlit_folium, "st_folium", lambda *args, **kwargs: forged)
    at = AppTest.from_file(str(ROOT / "views/edit.py"), default_timeout=60)
    at.session_state["lang"] = "sv"
    at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    return at.run()


def _everything_shown(at: AppTest) -> str:
    """Every value the page holds: element protos and widget values, as one text."""
    return "\n".join(str(part) for part in _walk(at._tree) if part is not None)


def _walk(node):
    yield getattr(node, "proto", None)
    yield getattr(node, "value", None)
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


@pytest.mark.parametrize("which,layer", [("reporter", "unsafe_places"),
                                         ("internal", "unsafe_places"),
                                         ("contact", "watch_areas")])
def test_a_forged_click_of_another_kommun_shows_nothing_of_it(db, monkeypatch, which, layer):
    record_id = _records(db)[which]
    at = _open_with_click(db, monkeypatch, STAFFANSTORP_EDITOR, layer, record_id)
    assert not at.exception
    shown = _everything_shown(at)
    for secret in (*fx.PRIVATE_TEXTS, fx.PAYLOAD, "${globalThis", "Karl Karlsson"):
        assert secret not in shown
    assert not [f for f in at.get("form") if f"edit_{record_id}" in str(f.proto)]
    assert i18n.t("details.not_found", "sv") in [info.value for info in at.info]


def test_the_own_editor_still_opens_the_record(db, monkeypatch):
    """The check lets the right editor through (so the test above proves the check)."""
    record_id = _records(db)["contact"]
    at = _open_with_click(db, monkeypatch, fx.EDITOR[0], "watch_areas", record_id)
    assert not at.exception
    assert fx.SECRET in _everything_shown(at)


def test_load_refuses_other_kommuner_and_unknown_ids(db):
    store = GeoPackageStore(db)
    ids = _records(db)
    staffanstorp = User(email=STAFFANSTORP_EDITOR, role="editor", kommuner=("1230",))
    tomelilla = User(email=fx.EDITOR[0], role="editor", kommuner=("1270",))
    assert editing.load(store, staffanstorp, "unsafe_places", ids["internal"]) is None
    assert editing.load(store, staffanstorp, "watch_areas", ids["contact"]) is None
    assert editing.load(store, User(), "watch_areas", ids["contact"]) is None
    assert editing.load(store, tomelilla, "watch_areas", ids["contact"]).contact_person \
        == fx.SECRET
    assert editing.load(store, tomelilla, "no_layer", ids["contact"]) is None
    assert editing.load(store, tomelilla, "watch_areas", ["not", "an", "id"]) is None


def test_a_new_record_outside_its_kommun_is_refused(db):
    store = GeoPackageStore(db)
    values = editing.new_values("unsafe_places", date(2020, 5, 1))
    values.update(category="lighting", source="survey", description="x")
    staffanstorp = (13.21, 55.64)
    with pytest.raises(ValidationError, match="outside"):
        editing.new_record(store, "unsafe_places", "1270", values, Point(staffanstorp))
    inside = editing.new_record(store, "unsafe_places", "1270", values, Point(fx.TOMELILLA))
    assert inside.kommun_kod == "1270"
