"""Every page in a real Chromium, in Swedish and English, as the public and as an editor.

For each page a role has (``tests/browser/pagespec.py``; the users page as the admin):
it opens from the sidebar, Streamlit goes idle, the page shows what it should in the
page's language (a check per page: counts, tables, download buttons, the drawn map),
nothing is logged as an error, nothing is requested from outside the app's own host, a
screenshot is kept in ``artifacts/``, axe-core finds no WCAG 2.1 A/AA violation, and
the keyboard reaches every filter.

One browser session per role and language, signed in once and moved from page to page
through the sidebar as a person does (a new URL would be a new Streamlit session, signed
out). Opening ``/loften`` directly makes Streamlit 1.67 show a "page not found" notice
before it runs the page (a Streamlit quirk, see the README); links inside the app do not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from geo import i18n
from tests.browser import axe
from tests.browser.conftest import (
    local_only,
    map_frame,
    recording_page,
    screenshot,
    sign_in,
    wait_idle,
)
from tests.browser.pagespec import ACCOUNTS, SPECS, START_QUERY, PageSpec, heading

pytestmark = pytest.mark.browser

LANGS = ("sv", "en")
CASES = [pytest.param(spec, role, lang, id=f"{spec.name}-{role}-{lang}")
         for spec in SPECS for role in spec.roles for lang in LANGS]
#: Elements waived from the contrast rule only (none: the theme in .streamlit/config.toml
#: makes Streamlit's captions and pills pass).
STREAMLIT_THEME_CONTRAST: tuple[str, ...] = ()

Sessions = Callable[[str, str], Any]


@pytest.fixture(scope="module")
def sessions(browser, app_url: str) -> Iterator[Sessions]:
    """One page per (role, language), opened on the start view and signed in once."""
    opened: dict[tuple[str, str], Any] = {}

    def get(role: str, lang: str) -> Any:
        if (role, lang) not in opened:
            page = recording_page(browser)
            page.goto(app_url + START_QUERY + ("&lang=en" if lang == "en" else ""))
            wait_idle(page)
            map_frame(page)  # a link followed before the map is up can lose the language
            if role != "public":
                sign_in(page, *ACCOUNTS[role], lang)
            opened[role, lang] = page
        return opened[role, lang]

    yield get
    for page in opened.values():
        page.context.close()


def open_page(sessions: Sessions, spec: PageSpec, role: str, lang: str) -> Any:
    """Follow the page's sidebar link in the role's session; the page once idle."""
    page = sessions(role, lang)
    nav = page.locator("[data-testid=stSidebarNav]")
    nav.get_by_role("link", name=spec.nav(lang, role), exact=True).click()
    page.locator("[data-testid=stMain]").get_by_role(
        "heading", name=heading(spec, lang, role)).wait_for(timeout=60_000)
    wait_idle(page)
    if spec.has_map:
        map_frame(page)
        wait_idle(page)
    page.console_errors.clear()  # what is logged from here on belongs to this page
    page.requests.clear()
    return page


def other_language_only(lang: str) -> list[str]:
    """A few words no page may show in ``lang`` (they are the other language's)."""
    other = "en" if lang == "sv" else "sv"
    keys = ("filters.heading", "table.heading", "legend.heading", "followup.commitments",
            "app.language", "auth.logout", "auth.login")
    return [i18n.t(key, other) for key in keys if i18n.t(key, other) != i18n.t(key, lang)]


@pytest.mark.parametrize(("spec", "role", "lang"), CASES)
def test_page_shows_its_content_offline_without_errors(sessions, app_url, spec, role, lang):
    page = open_page(sessions, spec, role, lang)
    t = i18n.catalog(lang)
    if spec.name != "map":
        assert page.url.split("?")[0].endswith("/" + spec.url_path)
    spec.check(page, t, role)
    wait_idle(page)
    signed_in = page.get_by_role("button", name=t["auth.logout"]).count()
    assert signed_in == (role != "public")
    for word in other_language_only(lang):
        assert page.get_by_text(word, exact=True).count() == 0, f"{word!r} on the {lang} page"
    path = screenshot(page, f"page_{spec.name}_{role}_{lang}")
    assert path.stat().st_size > 10_000
    assert page.get_by_text("Page not found").count() == 0
    assert local_only(page.requests, app_url) == []
    assert page.console_errors == []


@pytest.mark.parametrize("role", ["public", "editor", "admin"])
def test_sidebar_lists_the_pages_of_the_role(sessions, role):
    page = sessions(role, "sv")
    wait_idle(page)
    nav = page.locator("[data-testid=stSidebarNav]")
    shown = {spec.name for spec in SPECS
             if nav.get_by_role("link", name=spec.nav("sv", role), exact=True).count()}
    expected = {spec.name for spec in SPECS if role not in spec.hidden_from}
    assert shown == expected


@pytest.mark.parametrize(("spec", "role", "lang"), CASES)
def test_page_meets_wcag_21_aa(sessions, spec, role, lang):
    page = open_page(sessions, spec, role, lang)
    # a window tall enough for the whole page: axe cannot judge the contrast of text that
    # Streamlit's scroll container keeps out of view
    page.set_viewport_size({"width": 1600, "height": 6000})
    try:
        wait_idle(page)
        found = axe.violations(page, contrast_exempt=STREAMLIT_THEME_CONTRAST)
    finally:
        page.set_viewport_size({"width": 1600, "height": 1100})
    assert found == [], "axe-core, WCAG 2.1 A/AA:\n" + axe.report(found)


FOCUSED_WIDGET_JS = """() => {
  // the label of the widget that holds the keyboard focus (null outside a widget)
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const widget = el.closest('[data-testid=stSelectbox], [data-testid=stMultiSelect],'
    + '[data-testid=stButtonGroup], [data-testid=stRadio], [data-testid=stCheckbox],'
    + '[data-testid=stTextInput], [data-testid=stNumberInput], [data-testid=stDateInput],'
    + '[data-testid=stSlider], [data-testid=stFileUploader]');
  if (!widget) return null;
  const label = widget.querySelector('[data-testid=stWidgetLabel]');
  return label ? label.innerText.trim() : null;
}"""


@pytest.mark.parametrize(("spec", "role", "lang"), CASES)
def test_keyboard_reaches_every_filter(sessions, spec, role, lang):
    page = open_page(sessions, spec, role, lang)
    t = i18n.catalog(lang)
    expected = [t["app.language"], *spec.filters(t, role)]
    page.locator("body").focus()
    reached: list[str] = []
    for _ in range(200):
        page.keyboard.press("Tab")
        label = page.evaluate(FOCUSED_WIDGET_JS)
        if label and label not in reached:
            reached.append(label)
        if set(expected) <= set(reached):
            break
    assert [label for label in expected if label not in reached] == [], (
        f"reached by Tab: {reached}"
    )
