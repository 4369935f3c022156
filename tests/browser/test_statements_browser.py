"""The app's accessibility statement and privacy notice: open to the public, axe-clean.

Both pages are reached as a visitor reaches them, from the links at the foot of the
sidebar (on every page); each shows its heading in the page's language, passes axe-core
(WCAG 2.1 A/AA), and is kept as a 1400×1000 screenshot in ``artifacts/``.
"""

from __future__ import annotations

import pytest

from geo import i18n
from tests.browser import axe
from tests.browser.conftest import map_frame, recording_page, screenshot, wait_idle
from tests.browser.pagespec import START_QUERY

pytestmark = pytest.mark.browser
PAGES = {"accessibility": ("public.nav_accessibility", "a11y.title"),
         "privacy": ("public.nav_privacy", "privacy.title")}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_statement_pages_from_the_sidebar(browser, app_url, lang):
    page = recording_page(browser)
    try:
        page.set_viewport_size({"width": 1400, "height": 1000})
        page.goto(app_url + START_QUERY + ("&lang=en" if lang == "en" else ""))
        wait_idle(page)
        map_frame(page)
        # the map's credit names SCB for the boundaries drawn (geo/map/sources.py)
        credit = map_frame(page).locator(".leaflet-control-attribution").inner_text()
        assert i18n.t("sources.boundaries", lang) in credit
        # the about panel at the foot of the page links both pages too
        main = page.locator("[data-testid=stMain]")
        main.get_by_text(i18n.t("about.heading", lang), exact=True).click()
        for link, _ in PAGES.values():
            main.get_by_role("link", name=i18n.t(link, lang), exact=True).wait_for()
        for name, (link, title) in PAGES.items():
            sidebar = page.locator("[data-testid=stSidebar]")
            sidebar.get_by_role("link", name=i18n.t(link, lang), exact=True).click()
            main = page.locator("[data-testid=stMain]")
            main.get_by_role("heading", level=1, name=i18n.t(title, lang)).wait_for(
                timeout=60_000)
            wait_idle(page)
            assert main.get_by_role("link", name=i18n.t("a11y.supervision_link", lang)
                                    ).count() == (1 if name == "accessibility" else 0)
            found = axe.violations(page)
            assert found == [], axe.report(found)
            screenshot(page, f"app_{name}_{lang}")
        assert page.console_errors == []
    finally:
        page.context.close()


def test_a_link_opens_a_statement_page_without_sign_in(page, app_url):
    missing: list[str] = []
    page.on("response", lambda r: r.status == 404 and missing.append(r.url))
    page.goto(app_url + "/personuppgifter?lang=en")
    page.locator("[data-testid=stMain]").get_by_role(
        "heading", level=1, name=i18n.t("privacy.title", "en")).wait_for(timeout=60_000)
    wait_idle(page)
    # Streamlit's client first looks for its server under the page's path (a base URL
    # probe, /personuppgifter/_stcore/health), then at the root: those 404s are its own
    assert all("/personuppgifter/_stcore/" in url for url in missing), missing
    assert len([e for e in page.console_errors if "404" not in e]) == 0, page.console_errors
