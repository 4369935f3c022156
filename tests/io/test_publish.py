"""The static public site: public data only, sensitive places as squares, works offline."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from shapely.geometry import Point

from geo import formats, i18n
from geo.domain import periods
from geo.domain.model import UnsafePlace
from geo.site import publish
from geo.store import GeoPackageStore
from tests import fixture_data as fx
from tests.io.conftest import copy

ROOT = Path(__file__).resolve().parents[2]
SECRET_SPOT = (13.94123, 55.54987)
SECRET_TEXT = "Langning bakom Storgatan 5"
#: Keeps the page's Leaflet map as ``window.__map`` (map.js holds it in a closure).
KEEP_MAP = """Object.defineProperty(window, "L", {configurable: true,
  set(v) { this._L = v; v.Map.addInitHook(function () { window.__map = this; }); },
  get() { return this._L; }});"""
#: The features (per layer) and the boundary that are not wholly inside the map's view.
OUTSIDE_VIEW = """() => { const view = window.__map.getBounds(), out = {};
  window.TK.order.forEach(function (layer) {
    out[layer] = window.TK.layers[layer].features.filter(
      function (f) { return !view.contains(L.geoJSON(f).getBounds()); }).length; });
  out.boundary = view.contains(L.geoJSON(window.TK.boundary).getBounds()) ? 0 : 1;
  return out; }"""


@pytest.fixture(scope="module")
def site(fixture_store, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    store = GeoPackageStore(folder / "store.gpkg")
    copy(fixture_store.path, store.path)
    store.create(UnsafePlace(kommun_kod="1270", geometry=Point(*SECRET_SPOT), category="drugs",
                             source="police", reported_date="2020-08-01",
                             description=SECRET_TEXT), "test")
    out = folder / "public"
    publish.publish(store, "1270", out, lang="sv", today=date(2024, 5, 1))
    return out


def every_text(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*")
                     if p.suffix in (".html", ".js", ".css") and "vendor" not in p.parts)


def test_pages_and_assets(site):
    for name in ("index.html", "about.html", "pledges/tomelilla-2020.html",
                 "reports/tomelilla-2020-2020Q4.html", "assets/data.js", "assets/map.js",
                 "assets/vendor/leaflet/leaflet.js", "assets/vendor/leaflet/leaflet.css"):
        assert (site / name).is_file(), name
    index = (site / "index.html").read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:)?//', index)  # nothing loaded from elsewhere
    assert "pledges/tomelilla-2020.html" in index
    pledge = (site / "pledges/tomelilla-2020.html").read_text(encoding="utf-8")
    assert "../reports/tomelilla-2020-2020Q4.html" in pledge and "<table>" in pledge
    assert "Tomelilla kommun och lokalpolisområde Ystad" in pledge  # the parties, in Swedish


def test_only_public_fields_and_records(site):
    text = every_text(site)
    assert fx.SECRET not in text and fx.INTERNAL_TEXT not in text
    assert "contact_person" not in text and "internal_note" not in text


def test_user_text_is_inert(site):
    text = every_text(site)
    assert "<img src=x" not in text and "onerror=alert(1)>" not in text.replace("\\u003e", "")
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in (site / "assets/data.js").read_text(
        encoding="utf-8")


def test_sensitive_places_are_250_m_squares_without_text(site):
    data = (site / "assets/data.js").read_text(encoding="utf-8")
    assert SECRET_TEXT not in data
    assert f"{SECRET_SPOT[0]:.5f}" not in data or f"{SECRET_SPOT[1]:.5f}" not in data
    squares = re.findall(r'\{"type":"Feature","geometry":\{"type":"Polygon","coordinates":'
                         r'\[\[(\[[^\]]+\](?:,\[[^\]]+\]){4})\]\]\},"properties":\{[^{]*\{[^}]*\}'
                         r',"y0":2020,"y1":2020,"g":true', data)
    assert len(squares) == 1


@pytest.mark.browser
def test_site_opens_offline_in_chromium(site, browser):
    blocked, problems = [], []

    def only_local(route):
        url = route.request.url
        if url.startswith(("file:", "data:")) or "//127.0.0.1" in url or "//localhost" in url:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.route("**/*", only_local)
        page.add_init_script(KEEP_MAP)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto((site / "index.html").as_uri())
        page.wait_for_selector("body[data-map-ready='1']", timeout=15_000)
        assert page.locator(".leaflet-overlay-pane canvas").count() == 1
        # the first view holds everything drawn, the boundary included, at once (no animation)
        assert set(page.evaluate(OUTSIDE_VIEW).values()) == {0}
        counts = {layer: int(page.locator(f"#count-{layer}").inner_text()) for layer in
                  ("unsafe_places", "walks", "findings", "watch_areas", "activities")}
        assert counts == {"unsafe_places": 5, "walks": 1, "findings": 2, "watch_areas": 2,
                          "activities": 1}  # all years, public, with a place
        # Leaflet's own texts in the site's language (its zoom buttons and credit were English)
        assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == i18n.t(
            "maptools.zoom_in", "sv")
        assert page.locator(".leaflet-control-zoom-out").get_attribute("title") == i18n.t(
            "maptools.zoom_out", "sv")
        assert page.locator(".leaflet-control-attribution a").first.get_attribute(
            "title") == i18n.t("maptools.leaflet", "sv")
        page.select_option("#year", "2019")
        assert page.locator("#count-unsafe_places").inner_text() == "1"
        (ROOT / "artifacts").mkdir(exist_ok=True)
        page.select_option("#year", "")
        page.screenshot(path=str(ROOT / "artifacts" / "publish_site.png"), full_page=True)
        page.goto((site / "pledges" / "tomelilla-2020.html").as_uri())
        # the pledge's page names its period as a reader says it, not "2020Q4"
        period = formats.period_name(periods.parse("2020Q4"), "sv")
        assert page.get_by_role("heading", level=2).filter(
            has_text="Läget vid slutet av").inner_text() == f"Läget vid slutet av {period}"
        page.click(f"text=Uppföljningsrapporten för {period}")
        # the report names its period as a reader says it (issue 14): "Fjärde kvartalet 2020"
        assert formats.period_name(periods.parse("2020Q4"), "sv") in page.title().lower()
    finally:
        context.close()
    assert blocked == [] and problems == []
