"""The map page in a real Chromium: drawn features, no remount, clicks, escaping, offline."""

from __future__ import annotations

import pytest

from geo import i18n
from geo.domain.model import LAYERS
from tests import fixture_data as fx
from tests.browser.conftest import DRAWN_JS, drawn, local_only, map_frame, screenshot, wait_idle

pytestmark = pytest.mark.browser

PLEDGE_QUERY = "?kommun=1270&year=2020&pledge=tomelilla-2020"


def metric_values(page) -> dict[str, int]:
    """The per-layer counts the page shows above the map."""
    values = {}
    for layer in LAYERS:
        label = i18n.t(f"layers.{layer}", "sv")
        metric = page.locator("[data-testid=stMetric]", has_text=label)
        values[layer] = int(metric.locator("[data-testid=stMetricValue]").inner_text())
    return values


def check_pledge_map(page, app_url: str, shot: str) -> None:
    """The pledge's URL draws exactly the counted features, offline and without errors."""
    page.goto(app_url + PLEDGE_QUERY)
    wait_idle(page)
    frame = map_frame(page)
    counts = metric_values(page)
    assert counts == fx.EXPECTED_PLEDGE_2020
    expected = {k: v - fx.UNPLACED_PLEDGE_2020.get(k, 0) for k, v in counts.items()}
    frame.wait_for_function(
        f"() => window.feature_group.length >= {len(LAYERS) + 1}", timeout=30_000
    )
    assert drawn(frame) == expected
    assert frame.evaluate("() => window.map.getContainer().offsetHeight") > 300
    # one scale bar, in metres or kilometres: no feet or miles under it
    scale_lines = frame.locator(".leaflet-control-scale-line").all_inner_texts()
    assert len(scale_lines) == 1 and scale_lines[0].split()[-1] in ("m", "km"), scale_lines
    shown = page.content() + frame.content()
    assert [text for text in fx.PRIVATE_TEXTS if text in shown] == []
    screenshot(page, shot)
    assert local_only(page.requests, app_url) == []  # Leaflet comes from the app itself
    assert page.console_errors == []


def test_url_with_filters_draws_the_counted_features_offline(page, app_url):
    check_pledge_map(page, app_url, "map_tomelilla_2020")


def test_year_change_redraws_without_remounting_the_map(page, app_url):
    page.goto(app_url + "?kommun=1270&year=2020")
    wait_idle(page)
    frame = map_frame(page)
    frame.evaluate("() => { window.map.setZoom(14, {animate: false}); window.__marker = 'kept'; }")
    assert frame.evaluate("() => window.map.getZoom()") == 14
    page.get_by_label(i18n.t("filters.year", "sv"), exact=True).click()
    page.get_by_role("option", name="2019", exact=True).click()
    wait_idle(page)
    expected = {k: v for k, v in fx.EXPECTED_ALL_2019.items() if v}
    frame.wait_for_function(
        f"""(expected) => {{
          const drawn = ({DRAWN_JS})();
          const keys = Object.keys(expected);
          return keys.length === Object.keys(drawn).length
            && keys.every((k) => drawn[k] === expected[k]);
        }}""",
        arg=expected, timeout=30_000,
    )
    # the same Leaflet map object, with the zoom the user chose: no remount
    assert frame.evaluate("() => window.__marker") == "kept"
    assert frame.evaluate("() => window.map.getZoom()") == 14
    screenshot(page, "map_tomelilla_2019_after_year_change")


def test_click_on_a_feature_shows_its_details(page, app_url):
    page.goto(app_url + PLEDGE_QUERY + "&layers=watch_areas")
    wait_idle(page)
    frame = map_frame(page)
    frame.wait_for_function("() => window.feature_group.length >= 2", timeout=30_000)
    point = frame.evaluate(
        """() => {
          let target = null;
          const walk = (l) => { if (l.feature && l.feature.properties.layer === 'watch_areas')
                                  target = l; if (l.eachLayer) l.eachLayer(walk); };
          window.feature_group.forEach(walk);
          const p = window.map.latLngToContainerPoint(target.getBounds().getCenter());
          const box = window.map.getContainer().getBoundingClientRect();
          return {x: box.left + p.x, y: box.top + p.y};
        }"""
    )
    iframe_box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    page.mouse.click(iframe_box["x"] + point["x"], iframe_box["y"] + point["y"])
    details = page.locator("[data-testid=stHtml]").filter(has_text="Grannsamverkan Ekvägen")
    details.get_by_text("Grannsamverkan Ekvägen").wait_for(timeout=30_000)
    wait_idle(page)
    assert details.get_by_text(i18n.t("fields.households", "sv")).count() == 1
    assert page.get_by_text(fx.SECRET).count() == 0  # the contact person is never shown
    screenshot(page, "map_click_details")


def test_payload_text_is_shown_not_run(page, app_url):
    page.goto(app_url + PLEDGE_QUERY)
    wait_idle(page)
    frame = map_frame(page)
    frame.wait_for_function(f"() => window.feature_group.length >= {len(LAYERS) + 1}")
    # open the walk's hover label, as a mouse-over does: the name is shown as text
    opened = frame.evaluate(
        """() => {
          let found = null;
          const walk = (l, parent) => {
            if (l.feature && l.feature.properties.layer === 'walks') found = [l, parent];
            if (l.eachLayer) l.eachLayer((child) => walk(child, l));
          };
          window.feature_group.filter((g) => window.map.hasLayer(g)).forEach((g) => walk(g, null));
          const [line, geojson] = found;
          line.fire('mouseover', {latlng: line.getLatLngs()[1]}, true);  // propagates
          return geojson.isTooltipOpen();
        }"""
    )
    assert opened
    tooltip = frame.locator(".leaflet-tooltip")
    tooltip.first.wait_for(timeout=10_000)
    assert fx.PAYLOAD in tooltip.first.inner_text()
    assert frame.locator(".leaflet-tooltip img").count() == 0
    assert frame.evaluate("() => globalThis.X") is None
    assert page.evaluate("() => globalThis.X") is None
    assert page.dialogs == []
    screenshot(page, "payload_tooltip")


# -- the map page's big layers ---------------------------------------------------------------

BIG_LAYER_JS = """() => {
  // [features the group holds, circle markers on the map, grid cells, points in the cells]
  let held = 0, drawn = 0;
  const walk = (l) => { if (l.feature && l.feature.properties.id) held += 1;
                        if (l.eachLayer) l.eachLayer(walk); };
  window.feature_group.forEach(walk);
  window.map.eachLayer((l) => { if (l.feature && l.feature.properties.id) drawn += 1; });
  const cells = [...document.querySelectorAll('.leaflet-marker-icon')];
  const inCells = cells.reduce((n, c) => n + Number(c.textContent), 0);
  return [held, drawn, cells.length, inCells];
}"""


def test_a_big_point_layer_shows_counts_per_cell_until_zoomed_in(page, app_url):
    """More points than ``MAX_POINTS_DRAWN``: a count per grid cell at municipality zoom,
    the points themselves (those in view) once zoomed in; nothing is lost on the way."""
    import uuid

    import geopandas as gpd
    import numpy as np
    from shapely import points
    from streamlit_folium import _get_feature_group_string, _get_map_string

    from geo import map as geomap

    n = geomap.MAX_POINTS_DRAWN + 1000
    rng = np.random.default_rng(7)
    lon, lat = fx.TOMELILLA
    frame = gpd.GeoDataFrame({
        "id": [str(uuid.UUID(int=int(i))) for i in rng.integers(0, 2**63, n)],
        "category": rng.choice(["lighting", "traffic", "vandalism"], n),
        "status": rng.choice(["active", "resolved"], n),
        "geometry": points(lon + rng.normal(0, 0.01, n), lat + rng.normal(0, 0.006, n)),
    }, crs=4326)
    fmap = geomap.base_map("", "")
    fmap.get_root().render()
    script = _get_map_string(fmap)
    group = geomap.feature_group(
        "unsafe_places", geomap.layer_payload("unsafe_places", frame), "Otrygga platser")
    groups = _get_feature_group_string(group, fmap, 0)
    assets = f"{app_url}/app/static/vendor/leaflet"
    page.set_content(
        f'<!doctype html><html lang="sv"><head><link rel="stylesheet" href="{assets}/leaflet.css">'
        f'<script src="{assets}/leaflet.js"></script></head><body>'
        f'<div id="map_div" style="width:1200px;height:600px"></div>'
        f"<script>{script}\nwindow.map = map_div;</script><script>{groups}</script></body></html>"
    )
    page.wait_for_function("() => window.map && window.feature_group")

    def at_zoom(zoom: int) -> list[int]:
        page.evaluate("([lat, lon, zoom]) => { window.map.setView([lat, lon], zoom, "
                      "{animate: false}); }", [lat, lon, zoom])
        return page.evaluate(BIG_LAYER_JS)

    held, drawn_points, cells, in_cells = at_zoom(12)
    assert (held, drawn_points) == (n, 0)
    assert 0 < cells < 200 and in_cells == n  # all in view at this zoom, all counted
    held, drawn_points, cells, in_cells = at_zoom(geomap.POINTS_FROM_ZOOM)
    assert (held, cells) == (n, 0)
    assert 0 < drawn_points < n  # the points in view (and a margin), not all of them
    at_zoom(12)
    page.locator(".leaflet-marker-icon").first.click()
    page.wait_for_function("() => window.map.getZoom() === 14")  # a cell zooms in (animated)
    assert page.console_errors == []
