"""The import and export page in Streamlit's AppTest."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.access.auth import User
from geo.domain.model import LAYERS
from geo.store import GeoPackageStore
from tests.app.test_map_page import metric_counts
from tests.apptest import keep_downloads
from tests.io.conftest import DATA, copy, digest

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "views" / "data_io.py")
APP = str(ROOT / "dashboard.py")
ADMIN = "admin@tomelilla.se"
VIEW = {"kommun": "1270", "year": "2020", "pledge": "tomelilla-2020"}


@pytest.fixture
def page_store(fixture_store, tmp_path, monkeypatch) -> GeoPackageStore:
    store = GeoPackageStore(tmp_path / "page.gpkg")
    copy(fixture_store.path, store.path)
    store.save_user(User(email=ADMIN, role="admin"), None, "test")
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(store.path))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    return store


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    return keep_downloads(monkeypatch)


def run_page(user: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    if user:
        at.session_state["_local_user"] = user
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def test_public_sees_the_export_only(page_store):
    at = run_page()
    assert not at.exception
    assert at.title[0].value == i18n.t("io.page.title_export", "sv")
    assert not at.get("file_uploader")


def test_dry_run_shows_the_report_and_writes_nothing(page_store):
    at = run_page(ADMIN)
    assert not at.exception and at.title[0].value == i18n.t("io.page.title", "sv")
    before = digest(page_store.path)
    at.file_uploader(key="io_upload").set_value(
        [("platser.csv", (DATA / "places_bad_rows.csv").read_bytes(), "text/csv")]).run()
    assert not at.exception
    assert at.selectbox(key="io_map_unsafe_places_0").value == "category"  # the guess, shown
    at.button(key="io_dry_run").click().run()
    assert not at.exception
    assert "Provkörning" in at.warning[0].value
    line = i18n.t("io.page.line", "sv")
    rejected = next(d.value for d in at.dataframe if line in d.value.columns)
    assert list(rejected[line]) == [3, 4, 5, 6, 7]
    fields = list(rejected[i18n.t("io.page.field", "sv")])  # by name, never by code
    assert fields == ["Kategori", "Rapporterad", "Plats eller form", "Plats eller form",
                      "Beskrivning"], fields
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[i18n.t("io.page.n_rejected", "sv")] == "5"
    assert digest(page_store.path) == before
    at.checkbox(key="io_skip").check().run()
    at.button(key="io_import").click().run()
    assert not at.exception and "Importerade 1 nya" in at.success[0].value
    assert len(page_store.list("unsafe_places", public=False)) == 6


def test_export_count_equals_the_map_count(page_store, downloads):
    shown = AppTest.from_file(APP, default_timeout=60)
    for name, value in VIEW.items():
        shown.query_params[name] = value
    shown.run()
    assert not shown.exception
    on_map = metric_counts(shown)
    at = run_page(**VIEW)
    assert not at.exception
    assert metric_counts(at) == on_map
    at.selectbox(key="io_format").set_value("gpkg").run()
    button = next(b for b in at.get("download_button") if b.proto.id.endswith("io_export_"
                                                                              + "_".join(LAYERS)))
    import pyogrio

    path = Path(page_store.path).with_name("export.gpkg")
    path.write_bytes(downloads[Path(button.proto.url).stem])
    assert {name: len(pyogrio.read_dataframe(path, layer=name))
            for name, _ in pyogrio.list_layers(path)} == on_map
    at.selectbox(key="io_format").set_value("geojson").run()
    button = next(b for b in at.get("download_button") if b.proto.id.endswith("io_export_walks"))
    walks = json.load(io.BytesIO(downloads[Path(button.proto.url).stem]))
    assert len(walks["features"]) == on_map["walks"]


def test_file_text_is_shown_not_run(page_store):
    payload = "<img src=x onerror=alert(1)>${globalThis.X=1}"
    data = f"Kategori;{payload};Källa;Datum;Lat;Long\nBelysning;x;Enkät;2020-03-01;55,54;13,95\n"
    at = run_page(ADMIN)
    at.file_uploader(key="io_upload").set_value(
        [("x.csv", data.encode("utf-8"), "text/csv")]).run()
    assert not at.exception
    label = at.selectbox(key="io_map_unsafe_places_1").label
    assert label.replace("\\<", "").count("<") == 0  # markdown shows \< as text, never a tag
    assert "\\$" in label and "onerror=alert" in label  # no LaTeX either


def test_an_office_file_gets_its_source_on_the_page(page_store):
    """Windows-1252, N/E, no source column: the page asks for Källa, by its Swedish names."""
    office = ROOT / "tests" / "data" / "office" / "places_excel_cp1252_tm.csv"
    at = run_page(ADMIN)
    at.file_uploader(key="io_upload").set_value(
        [("otrygga.csv", office.read_bytes(), "text/csv")]).run()
    assert not at.exception
    source = at.selectbox(key="io_fixed_unsafe_places_source")
    assert source.label == "Källa (obligatoriskt: filen har ingen kolumn)"
    assert "Medborgardialog" in source.options
    plats = at.selectbox(key="io_map_unsafe_places_0")  # Plats: kept as extra information
    assert plats.value == "__extra__" and plats.format_func(plats.value) == \
        i18n.t("io.page.keep_extra", "sv")
    crs_names = at.selectbox(key="io_crs").options
    assert "SWEREF 99 13 30 (EPSG:3008)" in crs_names
    before = digest(page_store.path)
    at.button(key="io_dry_run").click().run()  # without a source: one line, nothing written
    assert at.error and at.error[0].value.replace("\\", "").startswith(
        "Avvisad: Filen har ingen kolumn för Källa (source)")
    assert digest(page_store.path) == before
    source.set_value("citizen_dialogue").run()
    at.button(key="io_import").click().run()
    assert not at.exception and "Importerade 4 nya" in at.success[0].value, at.error
    assert any("Plats" in c.value for c in at.caption)
    assert any("Källa = Medborgardialog" in c.value for c in at.caption)
    places = page_store.list("unsafe_places", public=False)
    new = places[places["case_number"] != ""]
    assert len(new) == 4 and set(new["source"]) == {"citizen_dialogue"}
