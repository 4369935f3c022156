"""GDAL's OGC API – Features driver (as QGIS uses it) reads the running app's ``/ogcapi``.

One ``streamlit run asgi.py`` on the test store for the module; pyogrio's GDAL lists the
collections and reads them whole and by bbox; the counts are the public map's.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pyogrio
import pytest
from shapely.geometry import box

from geo import config
from geo.domain.filters import Filter
from geo.domain.layers import LAYERS
from geo.map import view
from tests import sensitive_fixture as sf
from tests.browser.conftest import serve
from tests.ogcapi import store as ogcstore

pytestmark = pytest.mark.slow


#: A GIS client's network settings: this test process has GDAL hardened for users' files
#: (:mod:`geo.io.gdalsafe`: a one-second HTTP timeout), which the reads here set aside.
CLIENT = {"GDAL_HTTP_TIMEOUT": "60", "GDAL_HTTP_CONNECTTIMEOUT": "10"}


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, object]]:
    folder = tmp_path_factory.mktemp("oapif")
    store = ogcstore.build(folder / "store.gpkg")
    before = {name: pyogrio.get_gdal_config_option(name) for name in CLIENT}
    with serve(folder / "store.gpkg", folder / "streamlit.log") as url:
        pyogrio.set_gdal_config_options(CLIENT)
        try:
            yield url, store
        finally:
            pyogrio.set_gdal_config_options(before)


def _get(url: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers["content-type"], json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, error.headers["content-type"], json.load(error)


def test_gdal_lists_and_reads_the_public_layers(served):
    url, store = served
    source = f"OAPIF:{url}/ogcapi"
    listed = [name for name, _ in pyogrio.list_layers(source)]
    assert listed == [f"1270-{layer}" for layer in LAYERS]
    public_map = view.counts(view.select(
        store, Filter("1270", config.FIRST_YEAR, config.LAST_YEAR)))
    read = {}
    for layer in LAYERS:
        frame = pyogrio.read_dataframe(source, layer=f"1270-{layer}")
        read[layer] = len(frame)
        assert "case_number" not in frame and "extra" not in frame
        text = frame.drop(columns="geometry").to_json(force_ascii=False, date_format="iso")
        assert sf.MARKER not in text and ogcstore.INTERNAL_MARKER not in text
    assert read == public_map
    assert frame.crs.to_epsg() == 4326


def test_gdal_reads_a_bbox_and_pages_through_the_server(served):
    url, store = served
    source = f"OAPIF:{url}/ogcapi"
    area = box(13.950, 55.543, 13.9565, 55.5468)
    frame = pyogrio.read_dataframe(source, layer="1270-unsafe_places", bbox=area.bounds)
    stored = view.select(store, Filter("1270", config.FIRST_YEAR, config.LAST_YEAR),
                         ("unsafe_places",))["unsafe_places"]
    expected = stored.loc[stored.geometry.intersects(area), "id"]
    assert 0 < len(frame) == len(expected) < len(stored)
    assert sorted(frame["id"]) == sorted(expected)
    # pages of two: GDAL follows the next links to the end
    paged = pyogrio.read_dataframe(source, layer="1270-unsafe_places", PAGE_SIZE="2")
    assert sorted(paged["id"]) == sorted(stored["id"]) and len(stored) == 6
    # a page as any client sees it
    status, kind, page = _get(f"{url}/ogcapi/collections/1270-unsafe_places/items?limit=2")
    assert status == 200 and kind.startswith("application/geo+json")
    assert page["numberReturned"] == 2 and page["numberMatched"] == len(stored)
    nxt = next(link["href"] for link in page["links"] if link["rel"] == "next")
    assert nxt.startswith(f"{url}/ogcapi/collections/1270-unsafe_places/items?")


def test_the_landing_page_names_the_api_definition_qgis_needs(served):
    url, _ = served
    status, _, landing = _get(f"{url}/ogcapi")
    desc = next(link for link in landing["links"] if link["rel"] == "service-desc")
    assert status == 200 and desc["href"] == f"{url}/ogcapi/api"
    request = urllib.request.Request(desc["href"], headers={"Accept": desc["type"]})
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["content-type"] == desc["type"]
        assert json.load(response)["servers"] == [{"url": f"{url}/ogcapi"}]


def test_errors_are_ogc_json_from_the_server(served):
    url, _ = served
    for path, status in (("/ogcapi/collections/1270-walks/items?bbox=1,2", 400),
                         ("/ogcapi/collections/1270-walks/items?datetime=igår", 400),
                         ("/ogcapi/collections/9999-walks", 404),
                         ("/ogcapi/collections/1270-walks/items/nope", 404),
                         ("/ogcapi/no/such/page", 404)):
        got, kind, body = _get(url + urllib.parse.quote(path, safe="/?=,&"))
        assert (got, kind) == (status, "application/json"), path
        assert set(body) == {"code", "description"}
        assert "Traceback" not in body["description"] and "/" not in body["code"]
