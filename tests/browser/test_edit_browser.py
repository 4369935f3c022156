"""An editor signs in, places a finding by clicking the map, saves, and sees it drawn."""

from __future__ import annotations

import pytest

from geo import i18n
from tests import fixture_data as fx
from tests.browser.conftest import (
    LAYER_DRAWN_JS,
    drawn,
    map_frame,
    screenshot,
    sign_in,
    wait_idle,
    wait_on_map,
)

pytestmark = pytest.mark.browser


def place_finding(page, frame, description: str) -> None:
    """Click an empty spot south of Tomelilla's centre and save a finding there (also used
    by tests/deploy)."""
    frame.evaluate("() => { window.map.setView([55.5446, 13.9537], 16, {animate: false}); }")
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    # a spot south of the town centre with no feature under it (a click on a feature selects it)
    page.mouse.click(box["x"] + box["width"] * 0.5 + 40, box["y"] + box["height"] * 0.5 + 120)
    page.get_by_text(i18n.t("edit.position", "sv"), exact=False).wait_for(timeout=30_000)
    wait_idle(page)
    form = page.locator("[data-testid=stForm]").last
    form.get_by_label(i18n.t("fields.description", "sv")).fill(description)
    form.get_by_role("button", name=i18n.t("edit.save", "sv")).click()
    page.get_by_text(i18n.t("edit.saved", "sv", what=i18n.t("layers.findings", "sv"))).wait_for(
        timeout=30_000)
    wait_idle(page)


def test_editor_places_a_finding_by_clicking_the_map(page, writable_app_url):
    page.goto(writable_app_url)
    sign_in(page, *fx.EDITOR)
    page.get_by_role("link", name=i18n.t("edit.nav", "sv")).click()
    page.get_by_role("heading", name=i18n.t("edit.heading", "sv")).wait_for(timeout=30_000)
    wait_idle(page)
    # the fixture's walk is in 2020
    page.get_by_label(i18n.t("filters.year", "sv"), exact=True).click()
    page.get_by_role("option", name="2020", exact=True).click()
    wait_idle(page)
    page.locator("[data-testid=stButtonGroup]").get_by_text(i18n.t("layers.findings", "sv")).click()
    wait_idle(page)
    frame = map_frame(page)
    frame.wait_for_function("() => window.feature_group.length > 1", timeout=30_000)
    before = drawn(frame).get("findings", 0)
    place_finding(page, frame, "Trasig lampa vid cykelbanan")
    # the saved finding on the map (the save's rerun may replace the map's frame meanwhile)
    wait_on_map(page, LAYER_DRAWN_JS, ["findings", before + 1])
    screenshot(page, "editor_saved_finding")
    assert page.console_errors == []


def test_public_sees_no_editing_controls(page, app_url):
    page.goto(app_url + "?kommun=1270&year=2020")
    wait_idle(page)
    map_frame(page)
    assert page.get_by_role("link", name=i18n.t("edit.nav", "sv")).count() == 0
    assert page.get_by_role("button", name=i18n.t("edit.save", "sv")).count() == 0
    assert page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
        ".leaflet-draw").count() == 0
    screenshot(page, "public_map_no_editing")
