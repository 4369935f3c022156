"""The «Öppna data» page in Chromium: WCAG 2.1 AA (axe), every link opens, a screenshot."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.axe import violations

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.browser
def test_the_open_data_page(site, browser):
    # the page's CSP allows only its own scripts: axe is injected from outside it
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto((site / "index.html").as_uri())
        page.get_by_role("link", name="Öppna data").click()
        assert page.url.endswith("/opendata.html")
        assert page.get_by_role("heading", level=1).inner_text() == "Öppna data"
        assert violations(page) == []
        hrefs = page.eval_on_selector_all("main a[href]", "links => links.map(a => a.href)")
        local = [href for href in hrefs if href.startswith("file:")]
        assert len(local) == 10 + 3  # two files a layer, the licence, the feed, the catalogue
        for href in local:
            assert Path(href.removeprefix("file://")).is_file(), href
        (ROOT / "artifacts").mkdir(exist_ok=True)
        page.screenshot(path=str(ROOT / "artifacts" / "publish_opendata.png"), full_page=True)
    finally:
        context.close()
