"""Issue 14, items 7 and 11, under AppTest: what the public and what staff see of a place.

Item 7: a sensitive place and finding whose typed text is a unique marker; every public
page (map: text, layers, table, its CSV, a clicked feature's details; pledges; meeting:
every step, the comparison and the PDF; region) shows the marker nowhere, an editor's
Registrera shows it. Item 11: Registrera shows an editor of 1270 the internal 1270 record
at its exact place, and an editor of 1230 nothing of it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import streamlit_folium
from google.protobuf.json_format import MessageToJson
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.store import GeoPackageStore
from tests import fixture_data as fx
from tests import sensitive_fixture as sf
from tests.apptest import keep_downloads

ROOT = Path(__file__).resolve().parents[2]
VIEW = {"kommun": "1270", "year": "2020"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sensitive_app") / "store.gpkg"
    sf.build(path)
    return path


@pytest.fixture
def env(db, monkeypatch):
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    monkeypatch.delenv("TRYGGHETSKARTAN_SENSITIVE", raising=False)
    return db


@pytest.fixture
def downloads(monkeypatch) -> dict[str, Any]:
    return keep_downloads(monkeypatch)


def page(path: str, *, user: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / path), default_timeout=60)
    at.session_state["lang"] = "sv"
    if user:
        at.session_state["_local_user"] = user
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def shown(at: AppTest) -> str:
    """Every text the page holds: element protos, widget values, tables as CSV, map layers."""
    parts: list[str] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            parts.append(MessageToJson(proto, ensure_ascii=False))
        value = getattr(node, "value", None) if node.type != "download_button" else None
        if isinstance(value, pd.DataFrame):
            parts.append(value.to_csv())
        elif value is not None:
            parts.append(str(value))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(parts)


def download(at: AppTest, saved: dict[str, Any], label: str) -> bytes:
    button = next(b for b in at.get("download_button") if label in b.proto.label)
    file_id = button.proto.deferred_file_id or Path(button.proto.url).stem
    data = saved[file_id]
    return data() if callable(data) else data


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode("utf-8")


def ids(db: Path) -> dict[str, str]:
    store = GeoPackageStore(db)
    places = store.list("unsafe_places", None, public=False)
    findings = store.list("findings", None, public=False)
    return {
        "place": places.loc[places["description"].str.contains(sf.MARKER), "id"].iloc[0],
        "finding": findings.loc[findings["description"].str.contains(sf.MARKER), "id"].iloc[0],
        "internal": places.loc[places["visibility"] == "internal", "id"].iloc[0],
    }


def click(monkeypatch, layer: str, record_id: str) -> None:
    result = {"last_clicked": None, "last_active_drawing": {
        "type": "Feature", "geometry": None, "properties": {"layer": layer, "id": record_id}}}
    monkeypatch.setattr(streamlit_folium, "st_folium", lambda *a, **k: result)


# -- item 7: the public -------------------------------------------------------------------
def test_public_map_its_table_and_csv_never_show_the_marker(env, downloads):
    at = page("views/map.py", **VIEW)
    assert not at.exception
    table = at.dataframe[-1].value
    assert len(table) == sum(fx.EXPECTED_ALL_2020.values()) + 2  # the two sensitive rows
    assert sf.MARKER not in shown(at)
    csv = download(at, downloads, i18n.t("table.download", "sv")).decode("utf-8")
    assert len(csv.splitlines()) > len(table) and sf.MARKER not in csv


@pytest.mark.parametrize("which", ["place", "finding"])
def test_public_details_of_a_clicked_sensitive_feature(env, monkeypatch, which):
    layer = {"place": "unsafe_places", "finding": "findings"}[which]
    click(monkeypatch, layer, ids(env)[which])
    at = page("views/map.py", **VIEW)
    text = shown(at)
    assert i18n.t("fields.category", "sv") in text  # the details are shown
    assert sf.MARKER not in text


def test_pledges_page_never_shows_the_marker(env):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["pledge"] = "tomelilla-2020"
    at.run()
    at.switch_page("views/pledges.py").run()
    assert not at.exception
    assert sf.MARKER not in shown(at)


def test_meeting_page_every_step_comparison_and_pdf(env, downloads):
    at = page("views/meeting.py", m_kommun="1270", m_pledge="tomelilla-2020",
              since="2020-01-01", until="2020-12-31")
    texts = [shown(at)]
    for _ in range(12):
        if at.button(key="next").disabled:
            break
        at.button(key="next").click().run()
        texts.append(shown(at))
    assert any("Skymd gångväg" in text for text in texts)  # findings are listed
    assert not any(sf.MARKER in text for text in texts)
    at.button(key="prev").click().run()
    at.session_state["step"] = 0
    at.run()
    assert sf.MARKER not in pdf_text(download(at, downloads, i18n.t("meeting.print", "sv")))
    at.segmented_control(key="view").set_value("compare").run()
    assert sf.MARKER not in shown(at)
    assert sf.MARKER not in pdf_text(download(at, downloads, i18n.t("meeting.print", "sv")))


def test_region_page_never_shows_the_marker(env):
    at = page("views/region.py", **VIEW)
    assert not at.exception and sf.MARKER not in shown(at)


# -- staff: Registrera ------------------------------------------------------------------
def drawn(monkeypatch) -> dict[str, dict]:
    """The GeoJSON each layer of the page's map is drawn from, by layer (a spy on the page)."""
    from geo import map as geomap

    seen: dict[str, dict] = {}
    original = geomap.feature_group

    def spy(layer, data, *args, **kwargs):
        seen[layer] = data
        return original(layer, data, *args, **kwargs)

    monkeypatch.setattr(geomap, "feature_group", spy)
    return seen


def features(seen: dict[str, dict], layer: str) -> dict[str, list[float]]:
    return {f["properties"]["id"]: list(f["geometry"]["coordinates"])
            for f in seen[layer]["features"]}


def test_an_editor_sees_the_marker_on_registrera(env, monkeypatch):
    click(monkeypatch, "unsafe_places", ids(env)["place"])
    at = page("views/edit.py", user=fx.EDITOR[0])
    assert not at.exception
    assert sf.MARKER in shown(at)


def _registrera_2020(user: str) -> AppTest:
    at = page("views/edit.py", user=user)
    year = next(box for box in at.selectbox if str(box.key).startswith("edit_year"))
    year.set_value(2020).run()  # the year's widget is keyed per municipality
    return at


def test_registrera_shows_an_editor_internal_records_at_their_exact_place(env, monkeypatch):
    seen = drawn(monkeypatch)
    at = _registrera_2020(fx.EDITOR[0])
    assert not at.exception
    places = features(seen, "unsafe_places")
    assert ids(env)["internal"] in places  # the internal 1270 place can be clicked and edited
    exact = [round(sf.PLACE_POINT.x, 5), round(sf.PLACE_POINT.y, 5)]
    assert places[ids(env)["place"]] == exact  # exact, not the centre of its 250 m square
    found = features(seen, "findings")[ids(env)["finding"]]
    assert found == [round(sf.FINDING_POINT.x, 5), round(sf.FINDING_POINT.y, 5)]


def test_registrera_of_another_kommun_shows_nothing_of_it(env, monkeypatch):
    seen = drawn(monkeypatch)
    at = _registrera_2020(sf.OTHER_EDITOR[0])
    assert not at.exception
    assert at.selectbox(key="edit_kommun").options == ["Staffanstorp (1230)"]
    for layer in seen:
        assert ids(env)["internal"] not in features(seen, layer)
        assert ids(env)["place"] not in features(seen, layer)
