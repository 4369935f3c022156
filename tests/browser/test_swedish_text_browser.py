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
from tests.browser.conftest import (
    choose,
    map_frame,
    open_registrera,
    screenshot,
    sign_in,
    wait_idle,
)
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
    open_registrera(page)
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


@pytest.mark.parametrize("late_script", [False, True], ids=["in-time", "late-script"])
def test_the_date_picker_weeks_start_on_monday_in_swedish(page, app_url: str, late_script: bool
                                                          ) -> None:
    """Mötesläge's "since" date: the calendar opens in Swedish, Monday first.

    The calendar's language is set by a script in the page (``st.html``, whose code
    Streamlit loads on demand). On a busy server that code can arrive after the page is
    drawn: held back here until the date field shows, the calendar must still follow.
    """
    held = []
    if late_script:
        page.route("**/static/js/Html.*.js", lambda route: held.append(route))
    page.goto(f"{app_url}/mote{START_QUERY}")
    field = page.locator("[data-testid=stDateInput]").first
    field.wait_for(timeout=90_000)
    wait_idle(page)
    for route in held:
        route.continue_()
    if late_script:
        assert held, "the page's script code was never asked for"
        page.wait_for_function("() => window.__tkWidgetTexts !== undefined", timeout=30_000)
    field.locator("button").last.click()
    grid = page.locator("[role=dialog] table, [role=grid]").first
    grid.wait_for(timeout=20_000)
    headers = [h.strip().lower() for h in grid.locator("th").all_inner_texts() if h.strip()]
    screenshot(page, f"swedish-date-picker-{'late' if late_script else 'in-time'}")
    assert headers[0].startswith("m"), headers  # måndag
    assert english_leaks(page) == []


def test_select_boxes_say_their_own_texts_in_swedish(page, app_url: str) -> None:
    """An empty choice and a search with no match: Streamlit's English, in Swedish.

    On Registrera, a year with no walk leaves the finding's walk choice empty
    ("No options to select"); on the map, typing a name that no municipality has
    answers "No results".
    """
    page.goto(app_url + START_QUERY)
    sign_in(page, *fx.EDITOR)
    open_registrera(page)
    choose(page.get_by_label(i18n.t("filters.year", "sv"), exact=True), "2015")
    wait_idle(page)
    page.locator("[data-testid=stButtonGroup]").get_by_text(
        i18n.t("layers.findings", "sv")).click()
    wait_idle(page)
    walk = page.locator("[data-testid=stForm] [data-testid=stSelectbox]").filter(
        has_text=i18n.t("layers.walks", "sv"))
    walk.wait_for(timeout=30_000)
    placeholders = walk.locator("input").evaluate_all(
        "inputs => inputs.map((input) => input.getAttribute('placeholder'))")
    screenshot(page, "swedish-empty-choice")
    assert placeholders == [i18n.t("select.no_options", "sv")], placeholders

    page.get_by_role("link", name=i18n.t("nav.map", "sv")).click()
    wait_idle(page)
    kommun = page.get_by_label(i18n.t("filters.kommun", "sv"), exact=True)
    kommun.click()
    kommun.press_sequentially("Qwxz")
    listbox = page.get_by_role("listbox")
    listbox.wait_for(timeout=10_000)
    page.wait_for_function(
        "(text) => [...document.querySelectorAll('[role=listbox]')]"
        ".some((box) => box.innerText.includes(text))",
        arg=i18n.t("select.no_results", "sv"), timeout=10_000)
    screenshot(page, "swedish-no-results")
    assert "No results" not in listbox.inner_text()
    assert english_leaks(page) == []
