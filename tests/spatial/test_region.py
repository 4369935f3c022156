"""The region view: hand-checked counts per municipality, the same on PostGIS, the page.

The fixture is the app's hand-worked store (Tomelilla) plus a few records in Ystad and
Sjöbo (same county, same local police area), one in Tyresö (another county), and records
that must not count: internal, deleted, another year.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import LineString, Point
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo import map as geomap
from geo.domain.model import LAYERS, Activity, SafetyWalk, UnsafePlace
from geo.domain.pledge_files import load_pledges
from geo.spatial import police, region
from geo.store import transfer
from tests import fixture_data as fx
from tests.apptest import page_runner
from tests.store.pg_server import pg_cluster  # noqa: F401 - the session fixture

PAGE = str(Path(__file__).resolve().parents[2] / "views" / "region.py")
YSTAD, SJOBO, TYRESO = (13.82, 55.43), (13.70, 55.63), (18.23, 59.24)
ZERO = dict.fromkeys(LAYERS, 0)
#: Public features in 2020 per municipality, counted by hand.
EXPECTED_2020 = {
    "1270": {**ZERO, **fx.EXPECTED_ALL_2020},  # 3 + 1 + 2 + 2 + 2 = 10
    "1286": {**ZERO, "unsafe_places": 2, "walks": 1},
    "1265": {**ZERO, "activities": 1},
    "0138": {**ZERO, "unsafe_places": 1},
}
TWO_MB = 2 * 1024 * 1024


def _place(code: str, xy: tuple[float, float], day: str, **extra) -> UnsafePlace:
    return UnsafePlace(kommun_kod=code, geometry=Point(xy), category="lighting",
                       source="survey", reported_date=day, **extra)


@pytest.fixture(scope="module")
def region_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("region") / "region.gpkg"
    store = fx.build(path)
    store.create_many([
        _place("1286", YSTAD, "2020-02-01"),
        _place("1286", YSTAD, "2020-12-31"),
        _place("1286", YSTAD, "2020-05-01", visibility="internal"),  # not public
        _place("1286", YSTAD, "2019-12-31"),  # another year
        SafetyWalk(kommun_kod="1286", walk_date="2020-04-01", name="Ystad centrum",
                   geometry=LineString([YSTAD, (13.83, 55.44)])),
        Activity(kommun_kod="1265", kind="visible_presence", activity_date="2020-07-01",
                 title="Sommarkväll", geometry=Point(SJOBO)),
        _place("0138", TYRESO, "2020-03-01"),
    ], "test")
    gone = store.create(_place("1265", SJOBO, "2020-03-01"), "test")
    store.delete("unsafe_places", gone.id, 1, "admin", reason="fel kommun")
    return path


def _numbers(frame) -> dict[str, dict[str, int]]:
    return {row["kommun_kod"]: {layer: int(row[layer]) for layer in LAYERS}
            for _, row in frame.iterrows() if row["total"]}


def test_police_area_counts_by_hand(region_db):
    from geo.store import GeoPackageStore

    codes = region.municipalities("police_area", "Ystad")
    # Simrishamn, Sjöbo, Skurup, Tomelilla, Ystad (polisen.se): in name order
    assert codes == ("1291", "1265", "1264", "1270", "1286")
    frame = region.aggregate(GeoPackageStore(region_db), codes, 2020)
    assert list(frame["kommun"]) == ["Simrishamn", "Sjöbo", "Skurup", "Tomelilla", "Ystad"]
    assert _numbers(frame) == {code: EXPECTED_2020[code] for code in codes
                               if code in EXPECTED_2020}
    assert list(frame["total"]) == [0, 1, 0, 10, 3]
    assert frame.crs.to_epsg() == 4326 and frame.geometry.notna().all()


def test_county_and_country(region_db):
    from geo.store import GeoPackageStore

    store = GeoPackageStore(region_db)
    skane = region.municipalities("county", "12")
    assert len(skane) == 33 and "0138" not in skane
    frame = region.aggregate(store, skane, 2020)
    assert len(frame) == 33 and int(frame["total"].sum()) == 14
    assert _numbers(frame) == {k: v for k, v in EXPECTED_2020.items() if k != "0138"}
    country = region.aggregate(store, region.municipalities("country"), 2020)
    assert len(country) == 290 and _numbers(country) == EXPECTED_2020
    in_2019 = sum(fx.EXPECTED_ALL_2019.values()) + 1  # Tomelilla's 2, Ystad's one place
    assert int(region.aggregate(store, skane, 2019)["total"].sum()) == in_2019 == 3
    with pytest.raises(KeyError):
        region.municipalities("county", "99")


def test_every_pledge_police_area_is_known():
    for pledge in load_pledges():
        assert pledge.kommun_kod in region.municipalities("police_area", pledge.police_area)
    assert "1231" in region.municipalities("police_area", "Kävlinge")  # Burlöv
    with pytest.raises(KeyError):
        region.municipalities("police_area", "Motala")  # not verified: not in the file
    assert len(region.counties()) == 21 and region.counties()["12"] == "Skåne län"


def test_postgis_counts_in_sql_agree(region_db, pg_cluster):  # noqa: F811
    from geo.store import GeoPackageStore
    from geo.store.postgis.store import PostGISStore

    url = pg_cluster.new_database()
    postgis = PostGISStore(url)
    try:
        postgis.initialize()
        assert transfer.copy(GeoPackageStore(region_db), postgis).ok
        for kind, code in (("police_area", "Ystad"), ("county", "12"), ("country", "")):
            codes = region.municipalities(kind, code)
            sql = region.aggregate(postgis, codes, 2020)
            lists = region.aggregate(GeoPackageStore(region_db), codes, 2020)
            assert sql.drop(columns="geometry").equals(lists.drop(columns="geometry"))
        assert postgis.counts_by_kommun(2020, ["1286"]) == {"1286": {"unsafe_places": 2,
                                                                    "walks": 1}}
    finally:
        postgis.close()
        pg_cluster.drop_database(url)


def test_classes_and_labels_by_hand(region_db):
    from geo.store import GeoPackageStore

    frame = region.aggregate(GeoPackageStore(region_db),
                             region.municipalities("police_area", "Ystad"), 2020)
    collection = region.choropleth_geojson(frame, "total", "sv")
    assert collection["step"] == 3  # largest 10, in four classes: 1–3, 4–6, 7–9, 10–12
    assert [f["properties"]["k"] for f in collection["features"]] == [0, 1, 0, 4, 1]
    assert collection["features"][3]["properties"]["label"] == "Tomelilla: 10 (totalt 10)"
    labels = [label for _, label in region.class_labels(3, "en")]
    assert labels == ["None", "1–3", "4–6", "7–9", "10–12"]
    walks = region.choropleth_geojson(frame, "walks", "en")  # largest 1: classes of 1
    assert walks["step"] == 1
    assert [f["properties"]["k"] for f in walks["features"]] == [0, 0, 0, 1, 1]
    assert [label for _, label in region.class_labels(1, "sv")] == ["Inga", "1", "2", "3", "4"]


def test_national_payload_is_small(region_db):
    from geo.store import GeoPackageStore

    frame = region.aggregate(GeoPackageStore(region_db), region.municipalities("country"), 2020)
    collection = region.choropleth_geojson(frame, "total", "sv")
    size = len(json.dumps(collection, separators=(",", ":")))
    assert len(collection["features"]) == 290 and size < TWO_MB / 4
    fmap = geomap.base_map("", "")
    region.choropleth_group(collection, "x").add_to(fmap)
    assert len(fmap.get_root().render()) < TWO_MB


# -- the page ---------------------------------------------------------------------------------


@pytest.fixture
def page(region_db, monkeypatch):
    return page_runner(PAGE, region_db, monkeypatch)


def _map(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def _shown(page, **params) -> tuple[AppTest, dict[str, int]]:
    """The page run with ``params`` in its URL, and its metrics by label."""
    at = page(**params)
    assert not at.exception
    return at, {m.label: int(m.value) for m in at.metric}


def test_page_police_area(page):
    at, metrics = _shown(page, region="police_area", lpo="Ystad", year="2020")
    t = i18n.catalog("sv")
    assert metrics[t["region.metrics.municipalities"]] == 5
    assert metrics[t["region.metrics.total"]] == 14
    assert metrics[t["layers.unsafe_places"]] == 3 + 2
    table = at.dataframe[0].value
    assert list(table[t["region.table.kommun"]]) == ["Simrishamn", "Sjöbo", "Skurup",
                                                     "Tomelilla", "Ystad"]
    assert list(table[t["region.table.total"]]) == [0, 1, 0, 10, 3]
    drawn = _map(at)["feature_group"]
    assert drawn.count('"layer": "region"') == 5 and '"Point"' not in drawn
    captions = " ".join(c.value for c in at.caption)
    assert "stäm av" not in captions and "handgjord" not in captions  # no developer note
    assert "Källa: Polisen, lokalpolisområden, hämtat 2026-12-06" in captions


def test_page_county_in_english_then_the_country(page):
    at = page(lang="en", region="county", lan="12", year="2020")
    assert not at.exception
    assert len(at.dataframe[0].value) == 33
    assert "Skåne län 2020: per municipality" in [h.value for h in at.subheader]
    at.radio(key="region").set_value("country").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 290
    assert at.query_params["region"] == "country"  # the URL follows: a link reproduces it
    args = _map(at)
    payload = len(json.dumps(args))
    assert args["feature_group"].count('"layer": "region"') == 290
    assert payload < TWO_MB, payload  # the national view, as sent to the browser
    at.selectbox(key="year").set_value(2019).run()
    assert int(at.dataframe[0].value["Total"].sum()) == 3


def test_page_ignores_an_unknown_region_with_a_notice(page):
    at = page(region="county", lan="99")
    assert not at.exception
    assert any("99" in w.value for w in at.warning)
    assert len(at.dataframe[0].value) == 33  # the default county, Skåne


def test_page_opens_the_start_municipality_s_police_area(page):
    at = page(region="police_area", year="2020")  # no area in the URL: Tomelilla's own
    assert not at.exception
    assert at.selectbox(key="lpo").value == "Ystad"


def test_police_region_is_its_counties_municipalities():
    syd = region.municipalities("police_region", "Syd")
    assert {region.county_of(k) for k in syd} == {"07", "08", "10", "12"}
    assert len(syd) == 58  # Region Syd's 58 municipalities (Brå, polisen.se)
    stockholm = region.municipalities("police_region", "Stockholm")
    assert "0980" in stockholm and "0138" in stockholm  # Gotland and Tyresö
    everywhere = [k for name in police.regions() for k in
                  region.municipalities("police_region", name)]
    assert sorted(everywhere) == sorted(region.municipalities("country"))


def test_page_police_region(page):
    at, metrics = _shown(page, region="police_region", polisregion="Syd", year="2020")
    assert metrics[i18n.t("region.metrics.municipalities", "sv")] == 58
    captions = " ".join(c.value for c in at.caption)
    assert ("Polisregion Syd omfattar Kronobergs län, Kalmar län, Blekinge län och Skåne län."
            in captions)
