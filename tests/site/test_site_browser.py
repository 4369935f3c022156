"""The published site in Chromium: axe-core (WCAG 2.1 A/AA) on every page, and its credits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geo import config
from geo.site import publish
from geo.store import GeoPackageStore
from tests import fixture_data
from tests.browser import axe

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
PAGES = ("index.html", "pledges/tomelilla-2020.html", "about.html", "accessibility.html",
         "privacy.html")
TILES = "https://kartor.example.se/{z}/{x}/{y}.png"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The fixture's Tomelilla site without a basemap, and with a credited one of its own."""
    folder = tmp_path_factory.mktemp("site-browser")
    store = fixture_data.build(folder / "fixture.gpkg")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(config.BASEMAP_ATTRIBUTION_ENV, "© Kommunens karttjänst")
        patch.setenv(config.CONTACT_EMAIL_ENV, "tillganglighet@tomelilla.se")
        return {basemap: _publish(store, folder / (basemap or "none"), basemap)
                for basemap in ("", TILES)}


def _publish(store: GeoPackageStore, out: Path, basemap: str) -> Path:
    publish.publish(store, "1270", out, basemap=basemap, today=date(2024, 5, 1))
    return out


@pytest.fixture
def page(browser):
    # bypass_csp: the site forbids inline scripts, and axe is injected as one
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("file:", "data:")) else route.abort())  # offline: tiles are not needed for the checks
    yield page
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_every_site_page_passes_axe(sites, page, name):
    page.goto((sites[""] / name).as_uri())
    if name == "index.html":
        page.wait_for_selector("body[data-map-ready='1']", timeout=15_000)
    found = axe.violations(page)
    assert found == [], axe.report(found)
    if name in ("accessibility.html", "privacy.html"):
        (ROOT / "artifacts").mkdir(exist_ok=True)
        page.screenshot(path=str(ROOT / "artifacts" / f"site_{name[:-5]}.png"), full_page=True)
        footer = page.locator("footer")
        assert footer.get_by_role("link", name="Tillgänglighetsredogörelse").count() == 1


def test_the_map_credits_the_basemap_in_use_and_scb(sites, page):
    page.goto((sites[TILES] / "index.html").as_uri())
    page.wait_for_selector("body[data-map-ready='1']", timeout=15_000)
    credit = page.locator(".leaflet-control-attribution").inner_text()
    assert "© Kommunens karttjänst" in credit and "Kommungränser: SCB" in credit
    assert "OpenStreetMap" not in credit
    page.goto((sites[""] / "index.html").as_uri())
    page.wait_for_selector("body[data-map-ready='1']", timeout=15_000)
    credit = page.locator(".leaflet-control-attribution").inner_text()
    assert "Kommungränser: SCB" in credit and "OpenStreetMap" not in credit


def test_the_keyboard_reaches_every_filter_and_the_footer_links(sites, page):
    page.goto((sites[""] / "index.html").as_uri())
    page.wait_for_selector("body[data-map-ready='1']", timeout=15_000)
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("() => { const e = document.activeElement;"
                                  " return e.id || e.dataset.layer || e.getAttribute('href') }"))
    layers = set(page.eval_on_selector_all("input[data-layer]",
                                           "els => els.map(e => e.dataset.layer)"))
    assert {"year", "accessibility.html", "privacy.html"} | layers <= reached
