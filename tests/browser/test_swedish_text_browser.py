"""No English in the Swedish interface outside user data (issue 14, item 9).

Every public page is opened in Swedish and its readable text (and the map iframe's) is
checked with :func:`tests.browser.english.english_leaks`; the editor's Registrera page
too, with Leaflet.draw's line tool started so that its action buttons show; and the
file uploaders say their texts in Swedish.
"""

from __future__ import annotations

import pytest

from geo import i18n
from tests import fixture_data as fx
from tests.browser.conftest import map_frame, screenshot, sign_in, wait_idle
from tests.browser.english import english_leaks
from tests.browser.pagespec import SPECS, START_QUERY

pytestmark = pytest.mark.browser

PUBLIC = [spec for spec in SPECS if "public" in spec.roles]


@pytest.mark.parametrize("spec", PUBLIC, ids=[s.url_path for s in PUBLIC])
def test_a_public_page_speaks_swedish(page, app_url: str, spec) -> None:
    page.goto(f"{app_url}/{spec.url_path}{START_QUERY}")
    wait_idle(page)
    page.locator("[data-testid=stMain] h1").first.wait_for(timeout=60_000)
    wait_idle(page)
    if spec.has_map:
        map_frame(page)
        wait_idle(page)
    screenshot(page, f"swedish-{spec.url_path}")
    assert english_leaks(page) == []


def test_the_file_uploader_speaks_swedish(page, app_url: str) -> None:
    page.goto(f"{app_url}/tackning{START_QUERY}")
    wait_idle(page)
    zone = page.locator("[data-testid=stFileUploaderDropzone]").first
    zone.wait_for(timeout=60_000)
    wait_idle(page)
    button = zone.locator("button")
    assert button.inner_text().strip().endswith(i18n.t("uploader.browse", "sv"))
    assert "per fil" in zone.inner_text()
    assert english_leaks(page) == []


def test_the_drawing_tools_speak_swedish(page, app_url: str) -> None:
    page.goto(app_url + START_QUERY)
    sign_in(page, *fx.EDITOR)
    page.get_by_role("link", name=i18n.t("edit.nav", "sv")).click()
    page.get_by_role("heading", name=i18n.t("edit.heading", "sv")).wait_for(timeout=60_000)
    wait_idle(page)
    frame = map_frame(page)
    line_tool = frame.locator("a.leaflet-draw-draw-polyline")
    line_tool.wait_for(timeout=30_000)
    assert line_tool.get_attribute("title") == i18n.t("drawtools.polyline", "sv")
    line_tool.click()
    actions = frame.locator(".leaflet-draw-actions").first
    actions.wait_for(timeout=10_000)
    shown = frame.locator(".leaflet-draw-actions a:visible").all_inner_texts()
    screenshot(page, "swedish-drawing-tools")
    assert set(shown) <= {i18n.t("drawtools.finish", "sv"), i18n.t("drawtools.undo", "sv"),
                          i18n.t("drawtools.cancel", "sv")}, shown
    assert i18n.t("drawtools.cancel", "sv") in shown
    assert english_leaks(page) == []
