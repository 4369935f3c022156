"""The OGC API documents against the store: the allowlist, the filters, paging, errors."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest
from shapely.geometry import Point, box

from geo import ogcapi
from geo.domain.filters import Filter
from geo.domain.layers import LAYERS, spec
from geo.map import view
from geo.ogcapi.layers import CACHE
from geo.ogcapi.query import DEFAULT_LIMIT, ITEM_PARAMETERS, MAX_LIMIT
from geo.spatial import public
from tests import fixture_data as fx
from tests import sensitive_fixture as sf
from tests.ogcapi import store as ogcstore

BASE = "http://example.test/ogcapi"


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = ogcstore.build(tmp_path_factory.mktemp("ogcapi") / "store.gpkg")
    CACHE.clear()
    return store


def _items(store, cid: str, lang: str = "sv", **params: str) -> dict:
    answer = ogcapi.items(store, BASE, cid, params, lang)
    assert answer.status == 200 and answer.media_type == "application/geo+json"
    return dict(answer.body)


def _all(store, cid: str, **params: str) -> list[dict]:
    return _items(store, cid, limit="10000", **params)["features"]


def _ids(features) -> list[str]:
    return [f["id"] for f in features]


def _refused(call, status: int, lang: str = "sv") -> dict:
    with pytest.raises(ogcapi.OgcError) as caught:
        call()
    assert caught.value.status == status
    answer = ogcapi.error(caught.value, lang)
    assert answer.status == status and set(answer.body) == {"code", "description"}
    text = json.dumps(answer.body, ensure_ascii=False)
    for python_word in ("Error", "Traceback", "/work", "/tmp", "ValueError", "KeyError"):
        assert python_word not in answer.body["description"], text
    return dict(answer.body)


def test_landing_and_conformance_link_the_parts():
    landing = ogcapi.landing(BASE, {}, "sv").body
    rels = {link["rel"]: link["href"] for link in landing["links"]}
    assert rels == {"self": f"{BASE}/", "service-desc": f"{BASE}/api",
                    "conformance": f"{BASE}/conformance", "data": f"{BASE}/collections"}
    assert "Hembesök" in landing["description"]
    assert ogcapi.conformance({}).body["conformsTo"] == [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson"]


def test_the_api_definition_is_what_qgis_reads():
    # QGIS refuses a landing page without a service-desc link of exactly this type
    (desc,) = [link for link in ogcapi.landing(BASE, {}, "sv").body["links"]
               if link["rel"] == "service-desc"]
    assert desc["type"] == "application/vnd.oai.openapi+json;version=3.0"
    answer = ogcapi.api_definition(BASE, {}, "en")
    assert answer.media_type == desc["type"]
    document = answer.body
    assert document["openapi"].startswith("3.0") and document["servers"] == [{"url": BASE}]
    limit = document["components"]["parameters"]["limit"]["schema"]
    assert (limit["default"], limit["maximum"]) == (DEFAULT_LIMIT, MAX_LIMIT)
    items = document["paths"]["/collections/{collectionId}/items"]["get"]["parameters"]
    names = {document["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]["name"]
             for p in items}
    assert names == ITEM_PARAMETERS | {"collectionId"}  # what the server accepts, no more


def test_collections_are_the_registry_layers_of_municipalities_with_public_data(store):
    body = ogcapi.collections(store, BASE, {}, "en").body
    ids = [c["id"] for c in body["collections"]]
    assert ids == [f"1270-{layer}" for layer in LAYERS]  # no boundary, no counts
    places = body["collections"][0]
    assert places["title"] == "Tomelilla – Unsafe places"
    assert "250 m" in places["description"]
    assert places["links"][1] == {"href": f"{BASE}/collections/1270-unsafe_places/items",
                                  "rel": "items", "type": "application/geo+json",
                                  "title": "The collection's features"}
    assert places["extent"]["temporal"]["interval"] == [
        ["2019-06-01T00:00:00+02:00", "2021-02-03T23:59:59+01:00"]]  # Swedish summer, winter
    west, south, east, north = places["extent"]["spatial"]["bbox"][0]
    assert 13.9 < west < east < 14.0 and 55.5 < south < north < 55.6
    # a watch area without an end is open-ended in time
    areas = ogcapi.collection(store, BASE, "1270-watch_areas", {}, "sv").body
    assert areas["extent"]["temporal"]["interval"] == [["2018-04-01T00:00:00+02:00", None]]


def test_nothing_internal_or_sensitive_is_served(store):
    served = []
    for layer in LAYERS:
        features = _all(store, f"1270-{layer}")
        served += features
        allowed = set(spec(layer).public_fields) | {"generalised"}
        for feature in features:
            assert set(feature["properties"]) <= allowed
            one = ogcapi.item(store, BASE, f"1270-{layer}", feature["id"], {}, "sv").body
            served.append(one)
    text = json.dumps(served, ensure_ascii=False)
    for secret in (sf.MARKER, ogcstore.INTERNAL_MARKER, ogcstore.HOME_VISIT_TITLE,
                   *fx.PRIVATE_TEXTS, "case_number", "extra", "internal_note", "reporter",
                   "contact_person", "visibility", "home_visit", "concern_talk"):
        assert secret not in text, secret
    internal = store.list("unsafe_places", None)
    internal_id = internal.loc[internal["visibility"] == "internal", "id"].iloc[0]
    _refused(lambda: ogcapi.item(store, BASE, "1270-unsafe_places", internal_id, {}, "sv"), 404)


def test_a_count_only_row_forced_into_a_store_is_never_served(tmp_path):
    own = ogcstore.build(tmp_path / "forced.gpkg")
    hidden_id = ogcstore.add_home_visit_row(own)
    CACHE.clear()  # the row went past the store's API (no new data version)
    text = json.dumps(_all(own, "1270-activities", datetime="2020-10-05"), ensure_ascii=False)
    assert ogcstore.HOME_VISIT_TITLE not in text and hidden_id not in text
    _refused(lambda: ogcapi.item(own, BASE, "1270-activities", hidden_id, {}, "sv"), 404)
    CACHE.clear()


def test_a_sensitive_place_is_the_centre_of_its_square_without_text(store):
    drugs = [f for f in _all(store, "1270-unsafe_places")
             if f["properties"]["category"] == "drugs"]
    assert len(drugs) == 1
    (centre,) = public.centres(np.array([sf.PLACE_POINT]))
    x, y = drugs[0]["geometry"]["coordinates"]
    assert (x, y) == pytest.approx((centre.x, centre.y), abs=1e-5)
    assert Point(x, y).distance(sf.PLACE_POINT) > 1e-4  # not the exact place
    assert drugs[0]["properties"]["description"] == ""
    assert drugs[0]["properties"]["generalised"] is True


@pytest.mark.parametrize("year", [2019, 2020, 2021])
def test_a_year_gives_the_public_maps_counts(store, year):
    numbers = view.counts(view.select(store, Filter("1270", year, year)))
    served = {layer: _items(store, f"1270-{layer}", datetime=f"{year}-01-01/{year}-12-31",
                            limit="1")["numberMatched"] for layer in LAYERS}
    assert served == numbers
    assert sum(served.values()) > 0


def test_bbox_selects_what_the_store_has_in_the_box(store):
    frame = store.list("unsafe_places", None, public=True)
    frame = public.generalise("unsafe_places", frame[frame["kommun_kod"] == "1270"])
    area = box(13.950, 55.543, 13.9565, 55.5468)
    expected = set(frame.loc[frame.geometry.intersects(area), "id"])
    assert 0 < len(expected) < len(frame)
    got = _ids(_all(store, "1270-unsafe_places", bbox=",".join(map(str, area.bounds))))
    assert set(got) == expected and len(got) == len(expected)
    # six numbers (with heights) are the same box
    west, south, east, north = area.bounds
    six = f"{west},{south},0,{east},{north},100"
    assert _ids(_all(store, "1270-unsafe_places", bbox=six)) == got
    # an activity without a place is in no box
    assert len(_all(store, "1270-activities")) == 2
    assert len(_all(store, "1270-activities", bbox="10,55,24.5,69.5")) == 1


def test_datetime_instants_intervals_and_open_ends(store):
    def found(cid, value):
        return sorted(f["properties"][spec(cid.split("-")[1]).date_field]
                      for f in _all(store, cid, datetime=value))

    assert found("1270-findings", "2020-09-10") == ["2020-09-10"] * 3
    assert found("1270-findings", "2020-09-11") == []
    # 23:30 UTC on 9 September is 10 September in Sweden
    assert found("1270-findings", "2020-09-09T23:30:00Z") == ["2020-09-10"] * 3
    assert found("1270-findings", "2020-09-09T21:30:00Z") == []
    assert found("1270-unsafe_places", "../2019-12-31") == ["2019-06-01"]
    assert found("1270-unsafe_places", "2021-01-01/..") == ["2021-02-03"]
    assert found("1270-unsafe_places", "2021-01-01/") == ["2021-02-03"]
    assert len(found("1270-unsafe_places", "../..")) == len(_all(store, "1270-unsafe_places"))
    # a span: the area begun in 2018 with no end is there in 2019, the 2020 one is not
    assert found("1270-watch_areas", "2019-06-01") == ["2018-04-01"]
    assert found("1270-watch_areas", "2020-02-01T12:00:00+01:00/2020-02-02") == \
        ["2018-04-01", "2020-02-01"]


def test_paging_follows_next_links_through_every_feature(store):
    everything = _ids(_all(store, "1270-unsafe_places"))
    query = {"limit": "2", "datetime": "../.."}
    seen, pages = [], 0
    while True:
        body = _items(store, "1270-unsafe_places", **query)
        pages += 1
        assert body["numberMatched"] == len(everything)
        assert body["numberReturned"] == len(body["features"]) <= 2
        seen += _ids(body["features"])
        links = {link["rel"]: link["href"] for link in body["links"]}
        assert links["collection"] == f"{BASE}/collections/1270-unsafe_places"
        assert dict(parse_qsl(urlsplit(links["self"]).query))["offset"] == query.get("offset",
                                                                                    "0")
        if "next" not in links:
            break
        query = dict(parse_qsl(urlsplit(links["next"]).query))
        assert query["datetime"] == "../.."  # the filter goes along
    assert seen == everything and pages == 3
    beyond = _items(store, "1270-unsafe_places", offset="100")
    assert beyond["features"] == [] and beyond["numberMatched"] == len(everything) == 6
    assert _items(store, "1270-unsafe_places", limit="99999")["numberReturned"] == 6


def test_pages_come_from_the_cache_until_the_store_changes(store):
    _items(store, "1270-walks", limit="1")
    builds = CACHE.builds
    for offset in range(3):
        _items(store, "1270-walks", limit="1", offset=str(offset))
    assert CACHE.builds == builds
    before = _items(store, "1270-walks")["numberMatched"]
    walk = store.list("walks", None).iloc[0]
    store.update("walks", walk["id"], {"walk_date": date(2021, 5, 5)}, int(walk["version"]),
                 "test")
    after = _items(store, "1270-walks", datetime="2021-05-05")
    assert CACHE.builds == builds + 1
    assert after["numberMatched"] == before == 1


@pytest.mark.parametrize(("params", "key"), [
    ({"bbox": "1,2,3"}, "bbox"), ({"bbox": "a,b,c,d"}, "bbox"), ({"bbox": "1,60,2,55"}, "bbox"),
    ({"bbox": "1,2,3,nan"}, "bbox"), ({"bbox-crs": "EPSG:3006"}, "bbox-crs"),
    ({"datetime": "2020-13-01"}, "datetime"), ({"datetime": "2021-01-01/2020-01-01"}, "datetime"),
    ({"datetime": "2020-01-01/2020-02-01/2020-03-01"}, "datetime"),
    ({"datetime": "yesterday"}, "datetime"),
    ({"limit": "0"}, "limit"), ({"limit": "-5"}, "limit"), ({"limit": "ten"}, "limit"),
    ({"limit": "²"}, "limit"), ({"offset": "-1"}, "offset"), ({"f": "html"}, "f"),
    ({"colour": "red"}, "unknown"),
])
def test_bad_parameters_are_refused_in_the_readers_language(store, params, key):
    body = _refused(lambda: ogcapi.items(store, BASE, "1270-walks", params, "sv"), 400)
    assert body["code"] == "InvalidParameterValue"
    assert body["description"].startswith(("Parametern", "Tjänsten"))
    english = _refused(lambda: ogcapi.items(store, BASE, "1270-walks", params, "en"), 400, "en")
    assert english["description"].startswith("The ")


@pytest.mark.parametrize("cid", ["9999-walks", "1270-boundary", "1270-activity_counts",
                                 "walks", "1270", "../../etc"])
def test_unknown_collections_are_404(store, cid):
    body = _refused(lambda: ogcapi.items(store, BASE, cid, {}, "sv"), 404)
    assert body["code"] == "NotFound"
    _refused(lambda: ogcapi.collection(store, BASE, cid, {}, "sv"), 404)


def test_a_municipality_without_data_answers_empty(store):
    body = _items(store, "0114-walks")
    assert body["numberMatched"] == 0 and body["features"] == []
    _refused(lambda: ogcapi.item(store, BASE, "1270-walks", "no-such-id", {}, "sv"), 404)


def test_language_follows_accept_language():
    assert ogcapi.api.language("en-GB,en;q=0.9") == "en"
    assert ogcapi.api.language("sv-SE,en;q=0.5") == "sv"
    assert ogcapi.api.language(None) == "sv"
