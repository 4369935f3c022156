"""The public lägesbild and plan as the website shows them: WCAG 2.1 AA (axe) in Chromium.

The HTML files are opened from disk, as a visitor's browser opens a downloaded file: the
page needs nothing from anywhere. The Swedish pages are read for English words too.
"""

from __future__ import annotations

import pytest

from geo import lagesbild
from tests.browser.axe import violations
from tests.browser.english import leaks_in, visible_lines
from tests.lagesbild.conftest import ARTIFACTS, SCRIPT


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_public_documents_pass_axe(docs, browser, tmp_path, lang):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    requests: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda request: requests.append(request.url))
        for part in lagesbild.PARTS:
            path = tmp_path / f"{part}-{lang}.html"
            path.write_text(lagesbild.html(docs[(lang, True)], part,
                                           map_base="https://karta.tomelilla.se"),
                            encoding="utf-8")
            page.goto(path.as_uri())
            assert page.get_by_role("heading", level=1).count() == 1
            assert violations(page) == [], part
            if lang == "sv":  # user texts (the plan's rows, the hostile text) are theirs
                lines = [line for line in visible_lines(page) if SCRIPT not in line]
                assert leaks_in(lines) == [], part
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"html-{part}-{lang}.png"), full_page=True)
        assert [url for url in requests if not url.startswith("file:")] == []
    finally:
        context.close()
