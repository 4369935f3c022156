"""Issue 14, items 5 and 6, walked as a person does in Chromium.

Item 5: a filter chosen on one page does not leak into another (Karta → Löften → Karta), a
pledge of another municipality is dropped with a notice, and Mötesläge's "År mot år" compares
both years on the same terms. Item 6: a clicked feature's details are in view beside the map
and name what they refer to (a walk by its date and name), never by an id.
"""

from __future__ import annotations

import re

import pytest

from geo import i18n
from tests import fixture_data as fx
from tests.browser.conftest import ARTIFACTS, map_frame, screenshot, table_rows, wait_idle

pytestmark = pytest.mark.browser

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)


def _choose(page, label: str, option: str) -> None:
    """Choose in a selectbox as a person does: open it, type, click the option."""
    box = page.locator("[data-testid=stSidebar]").get_by_label(label, exact=True)
    box.click()
    box.press_sequentially(option.split(" ")[0])  # long lists show only the first options
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def _selected(page, label: str) -> str:
    """The value a sidebar selectbox shows."""
    return page.locator("[data-testid=stSidebar]").get_by_label(label, exact=True).input_value()


def _nav(page, name: str) -> None:
    page.locator("[data-testid=stSidebarNav]").get_by_role("link", name=name).click()
    wait_idle(page)


def test_filters_stay_on_their_page_and_a_foreign_pledge_is_dropped(page, app_url):
    sv = "sv"
    page.goto(app_url + "?kommun=1270&year=2020")
    wait_idle(page)
    map_frame(page)
    assert _selected(page, i18n.t("filters.pledge", sv)) == i18n.t("filters.pledge_all", sv)
    screenshot(page, "journey_filters_1_map")

    _nav(page, i18n.t("followup.nav", sv))  # Löften: choose Tomelilla 2020 there
    page.get_by_role("heading", name=i18n.t("followup.heading", sv)).wait_for()
    _choose(page, i18n.t("followup.pledge", sv), "Tomelilla 2020")
    screenshot(page, "journey_filters_2_pledges")

    _nav(page, i18n.t("nav.map", sv))  # back on Karta: the map's own choice (all pledges)
    map_frame(page)
    assert _selected(page, i18n.t("filters.pledge", sv)) == i18n.t("filters.pledge_all", sv)
    assert _selected(page, i18n.t("filters.kommun", sv)) == "Tomelilla (1270)"
    screenshot(page, "journey_filters_3_map_again")

    # The map's pledge filter set to Tomelilla 2020, then Svedala chosen: Svedala wins.
    _choose(page, i18n.t("filters.pledge", sv), "Tomelilla 2020")
    _choose(page, i18n.t("filters.kommun", sv), "Svedala (1263)")
    notice = i18n.t("filters.pledge_dropped", sv, pledge="Tomelilla 2020", kommun="Svedala")
    main = page.locator("[data-testid=stMain]")
    main.get_by_text("Svedala har inga registrerade uppgifter").wait_for()  # Svedala's view
    wait_idle(page)
    assert main.get_by_text(notice).count() == 1
    assert _selected(page, i18n.t("filters.kommun", sv)) == "Svedala (1263)"
    assert _selected(page, i18n.t("filters.pledge", sv)) == i18n.t("filters.pledge_all", sv)
    assert [int(v) for v in main.locator("[data-testid=stMetricValue]").all_inner_texts()] \
        == [0] * 5
    assert main.get_by_text("Tomelilla 2020", exact=False).count() == 1  # the notice only
    screenshot(page, "journey_filters_4_svedala")


def test_year_against_year_counts_both_years_on_the_same_terms(page, app_url):
    sv = "sv"
    page.goto(app_url)
    wait_idle(page)
    page.goto(app_url + "/mote?m_kommun=1270&m_pledge=tomelilla-2020&since=2020-09-01"
              "&until=2020-12-31&view=compare")
    wait_idle(page)
    rows = {row[0]: row[1:] for row in table_rows(page.locator("[data-testid=stDataFrame]").first)}
    places = rows[i18n.t("layers.unsafe_places", sv)]
    # 2019 against 2020, every record of Tomelilla in both years (not the 2020 pledge's only)
    assert places[:2] == [str(fx.EXPECTED_ALL_2019["unsafe_places"]),
                          str(fx.EXPECTED_ALL_2020["unsafe_places"])]
    watch = rows[i18n.t("layers.watch_areas", sv)]
    assert watch[:2] == [str(fx.EXPECTED_ALL_2019["watch_areas"]),
                         str(fx.EXPECTED_ALL_2020["watch_areas"])]
    page.get_by_text(i18n.t("meeting.compare_terms_all", sv)).wait_for()
    screenshot(page, "journey_meeting_compare")


def _in_view(page, locator) -> None:
    box = locator.bounding_box()
    size = page.viewport_size
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= size["height"], (box, size)
    assert box["x"] >= 0 and box["x"] + box["width"] <= size["width"], (box, size)


@pytest.mark.parametrize("width,height", [(1400, 1000), (1920, 1080)])
def test_clicked_finding_details_are_in_view_and_name_the_walk(browser, app_url, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(app_url + "?kommun=1270&year=2020&layers=findings")
        wait_idle(page)
        frame = map_frame(page)
        frame.wait_for_function("() => window.feature_group.length >= 2", timeout=30_000)
        point = frame.evaluate(
            """() => {
              let target = null;
              const walk = (l) => { const p = l.feature && l.feature.properties;
                if (p && p.layer === 'findings' && l.getLatLng) target = l;
                if (l.eachLayer) l.eachLayer(walk); };
              window.feature_group.forEach(walk);
              const p = window.map.latLngToContainerPoint(target.getLatLng());
              const box = window.map.getContainer().getBoundingClientRect();
              return {x: box.left + p.x, y: box.top + p.y};
            }"""
        )
        iframe_box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
        page.mouse.click(iframe_box["x"] + point["x"], iframe_box["y"] + point["y"])
        panel = page.locator(".st-key-details")
        label = i18n.t("fields.walk_id", "sv")
        panel.get_by_text(label, exact=True).wait_for(timeout=30_000)
        wait_idle(page)
        text = panel.inner_text()
        assert UUID.search(text) is None, text
        assert "2020-09-10" in text  # the walk, by its date
        _in_view(page, panel)
        screenshot(page, f"details_{width}x{height}_full")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"details_{width}x{height}.png"))  # the viewport
    finally:
        context.close()


def test_from_the_map_to_the_export_the_layers_come_along(page, app_url):
    """The map's layer choice (pills) and the export's (a list) are one filter: all five."""
    sv = "sv"
    page.goto(app_url + "?kommun=1270&year=2020")
    wait_idle(page)
    map_frame(page)
    _nav(page, i18n.t("io.page.title_export", sv))
    main = page.locator("[data-testid=stMain]")
    main.get_by_role("heading", name=i18n.t("io.page.title_export", sv)).wait_for()
    wait_idle(page)
    buttons = main.get_by_role("button", name=re.compile("^Ladda ner "))
    assert buttons.count() == 5, page.url
    assert main.get_by_text(i18n.t("io.page.no_layers", sv)).count() == 0
