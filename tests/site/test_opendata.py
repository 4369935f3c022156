"""``geo publish`` writes the public layers as open data: the map's features, nothing more."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import shape

from geo import config, i18n
from geo.domain.filters import Filter
from geo.domain.layers import LAYERS
from geo.map import view
from geo.site import opendata, publish
from geo.spatial import public
from tests import fixture_data as fx
from tests.site.conftest import SECRET_SPOT, SECRET_TEXT

#: Fields that are never public: internal, personal, or a source system's.
INTERNAL = {"case_number", "extra", "internal_note", "reporter", "assignee", "contact_person",
            "contact_phone", "updated_by", "visibility", "deleted_reason"}


@pytest.fixture(scope="module")
def frames(site_store):
    return view.select(site_store, Filter("1270", config.FIRST_YEAR, config.LAST_YEAR),
                       public=True)


def collection(site: Path, layer: str) -> dict:
    return json.loads((site / "data" / f"{layer}.geojson").read_text(encoding="utf-8"))


def test_every_layer_in_both_formats_with_the_licence(site):
    written = sorted(p.name for p in (site / "data").iterdir())
    assert written == sorted([f"{layer}.{fmt}" for layer in LAYERS for fmt in ("csv", "geojson")]
                             + ["LICENS.txt"])
    for name in ("catalog.jsonld", "feed.atom", "opendata.html"):
        assert (site / name).is_file(), name


def test_geojson_holds_the_maps_features(site, frames):
    """RFC 7946, as many features per layer as the public map's selection, in its places."""
    drawn = publish.site_data(frames, "1270", "sv", {}, "")["layers"]
    for layer in LAYERS:
        data = collection(site, layer)
        assert data["type"] == "FeatureCollection" and "crs" not in data
        features = data["features"]
        assert len(features) == len(frames[layer]) > 0, layer
        placed = [f for f in features if f["geometry"] is not None]
        assert len(placed) == len(drawn[layer]["features"]), layer
        for ours, theirs in zip(placed, drawn[layer]["features"], strict=True):
            mine, map_shape = shape(ours["geometry"]), shape(theirs["geometry"])
            if ours["properties"]["generalised"]:  # the map draws the square around it
                assert theirs["properties"]["g"] and map_shape.centroid.distance(mine) < 1e-4
            else:
                assert mine.equals(map_shape), layer
        for feature in placed:  # longitude first, in Sweden (CRS84)
            west, south, east, north = shape(feature["geometry"]).bounds
            assert config.SWEDEN_BBOX[0] <= west <= east <= config.SWEDEN_BBOX[2]
            assert config.SWEDEN_BBOX[1] <= south <= north <= config.SWEDEN_BBOX[3]
        for feature in features:
            assert feature["id"] == feature["properties"]["id"]
            assert not INTERNAL & set(feature["properties"]), layer


def test_sensitive_place_is_its_squares_centre_without_text(site):
    features = collection(site, "unsafe_places")["features"]
    (hidden,) = [f for f in features if f["properties"]["category"] == "drugs"]
    assert hidden["properties"]["generalised"] is True
    assert hidden["properties"]["description"] == ""
    (centre,) = public.centres(np.array([shapely.Point(*SECRET_SPOT)]))
    assert hidden["geometry"]["type"] == "Point"
    assert hidden["geometry"]["coordinates"] == pytest.approx(
        [round(centre.x, config.MAP_DECIMALS), round(centre.y, config.MAP_DECIMALS)])
    assert sum(f["properties"]["generalised"] for f in features) == 1
    text = "\n".join(p.read_text(encoding="utf-8") for p in (site / "data").iterdir())
    assert SECRET_TEXT not in text and f"{SECRET_SPOT[0]:.5f}" not in text


def test_no_private_text_no_internal_record_no_counted_visit(site):
    text = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*")
                     if p.suffix in (".geojson", ".csv", ".jsonld", ".atom"))
    for private in fx.PRIVATE_TEXTS:
        assert private not in text
    assert "home_visit" not in text and "concern_talk" not in text


def read(site: Path, layer: str) -> bytes:
    return (site / "data" / f"{layer}.csv").read_bytes()


def test_csv_is_the_open_data_dialect(site, frames):
    """rfc4180 through the one writer: no BOM, ',', CRLF, text exact (no formula guard)."""
    for layer in LAYERS:
        data = read(site, layer)
        assert not data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        assert len(rows) == len(frames[layer]) + 1
        assert rows[0][:len(frames[layer].columns) - 1] == [
            c for c in frames[layer].columns if c != "geometry"]
        table = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        assert len(table) == len(frames[layer])
    findings = pd.read_csv(io.BytesIO(read(site, "findings")), dtype=str, keep_default_na=False)
    assert {"lon", "lat"} <= set(findings) and "wkt" not in findings  # points only
    assert fx.PAYLOAD in set(findings["description"])  # as typed, no apostrophe added
    places = pd.read_csv(io.BytesIO(read(site, "unsafe_places")), keep_default_na=False)
    assert {"lon", "lat", "wkt"} <= set(places)


def test_csv_places_a_sensitive_point_at_its_squares_centre(site):
    places = pd.read_csv(io.BytesIO(read(site, "unsafe_places")), keep_default_na=False)
    hidden = places[places["category"] == "drugs"].iloc[0]
    (centre,) = public.centres(np.array([shapely.Point(*SECRET_SPOT)]))
    assert hidden["generalised"] == 1 and hidden["description"] == ""
    assert (hidden["lon"], hidden["lat"]) == pytest.approx(
        (round(centre.x, config.MAP_DECIMALS), round(centre.y, config.MAP_DECIMALS)))


def test_licence_file_names_the_licence(site):
    text = (site / "data" / "LICENS.txt").read_text(encoding="utf-8")
    assert "CC0 1.0" in text and "http://creativecommons.org/publicdomain/zero/1.0/" in text
    assert "allmän egendom" in text and "public domain" in text  # Swedish and English


def test_licence_setting(monkeypatch):
    monkeypatch.setenv(config.OPENDATA_LICENCE_ENV, "CC-BY-4.0")
    assert opendata.licence() == ("CC-BY-4.0", "CC BY 4.0",
                                  "http://creativecommons.org/licenses/by/4.0/")
    assert "CC BY 4.0" in opendata.licence_text()
    monkeypatch.setenv(config.OPENDATA_LICENCE_ENV, "MIT")
    with pytest.raises(config.ConfigError, match="CC0-1.0, CC-BY-4.0"):
        opendata.licence()


def test_the_site_links_the_data(site):
    page = (site / "opendata.html").read_text(encoding="utf-8")
    for layer in LAYERS:
        for fmt in ("geojson", "csv"):
            assert f'href="data/{layer}.{fmt}"' in page
    assert 'href="data/LICENS.txt"' in page and 'rel="license"' in page and "CC0 1.0" in page
    assert 'href="feed.atom"' in page and 'href="catalog.jsonld"' in page
    assert i18n.t("opendata.feed_intro", "sv") in page and ">Licensfil</a>" in page
    assert ">GeoJSON</a>" in page and not re.search(r"<a [^>]*></a>", page)  # no empty link
    for name in ("index.html", "about.html", "opendata.html", "pledges/tomelilla-2020.html"):
        html = (site / name).read_text(encoding="utf-8")
        root = "../" if "/" in name else ""
        assert f'<link rel="alternate" type="application/atom+xml" href="{root}feed.atom"' in html
        assert f'href="{root}opendata.html">Öppna data</a>' in html


def test_a_wrong_setting_leaves_the_published_site_alone(site_store, tmp_path, monkeypatch):
    out = tmp_path / "public"
    out.mkdir()
    (out / publish.MARKER).write_text("1270\n", encoding="utf-8")
    (out / "index.html").write_text("the site as it was", encoding="utf-8")
    monkeypatch.setenv(config.OPENDATA_CONTACT_ENV, "not an address")
    with pytest.raises(config.ConfigError, match=config.OPENDATA_CONTACT_ENV):
        publish.publish(site_store, "1270", out)
    assert (out / "index.html").read_text(encoding="utf-8") == "the site as it was"
