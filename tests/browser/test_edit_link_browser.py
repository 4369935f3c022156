"""An activity registered on Registrera counts on Löften at once (issue 14, item 2).

The real app on the example data, where Staffanstorp's pledge 2018–2019 has four of its
five information sessions: Staffanstorp's editor registers an information meeting
linked to the pledge and the commitment, and Löften says 5 / 5. The map's frame is the
same element before and after the save (no remount: pan and zoom kept). The chosen
record's panel names what it refers to, and leaves at once on another layer's tab.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from geo import i18n
from geo.access.auth import User, hash_password
from geo.cli import main as cli
from geo.domain.pledge_files import load_pledges
from geo.store import GeoPackageStore
from tests.browser.conftest import (
    commitment_number,
    map_frame,
    screenshot,
    serve,
    sign_in,
    wait_idle,
)
from tests.browser.english import english_leaks
from tests.sensitive_fixture import OTHER_EDITOR as STAFFANSTORP_EDITOR

pytestmark = pytest.mark.browser

FRAME = 'iframe[title="streamlit_folium.st_folium"]'
PLEDGE = next(p for p in load_pledges() if p.id == "staffanstorp-2018-2019")
INFO_MEETINGS = next(c for c in PLEDGE.commitments
                     if c.id == "staffanstorp-2018-2019-info-meetings")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@pytest.fixture(scope="module")
def example_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on ``geo init --example`` with an editor of Staffanstorp (1230)."""
    folder = tmp_path_factory.mktemp("link")
    db = folder / "example.gpkg"
    assert cli.main(["init", "--example", "--db", str(db)]) == 0
    GeoPackageStore(db).save_user(
        User(email=STAFFANSTORP_EDITOR[0], role="editor", kommuner=("1230",)),
        hash_password(STAFFANSTORP_EDITOR[1]), "test")
    with serve(db, folder / "streamlit.log") as url:
        yield url


@pytest.fixture
def page(browser):
    """A page at 1400×1000, the size the screenshots are judged at."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.console_errors = []
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


def _choose(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def _select_box(page, field_key: str):
    """The select box labelled with ``field_key``'s text (its value: the chosen option)."""
    return page.get_by_role("combobox", name=i18n.t(field_key, "sv"), exact=True)


def _open_registrera(page, layer: str) -> None:
    page.get_by_role("link", name=i18n.t("edit.nav", "sv")).click()
    page.get_by_role("heading", name=i18n.t("edit.heading", "sv")).wait_for(timeout=30_000)
    wait_idle(page)
    _choose(page, i18n.t("filters.year", "sv"), "2019")
    page.locator("[data-testid=stButtonGroup]").get_by_text(i18n.t(f"layers.{layer}", "sv")
                                                             ).click()
    wait_idle(page)


def _information_sessions(page) -> str:
    """The number shown beside the commitment "Minst fem informationstillfällen …"."""
    return commitment_number(page.locator("[data-testid=stMain]"), INFO_MEETINGS.text[:60])


def _open_loften(page) -> None:
    page.get_by_role("link", name=i18n.t("followup.nav", "sv")).click()
    page.get_by_role("heading", name=i18n.t("followup.heading", "sv")).wait_for(timeout=30_000)
    wait_idle(page)


def test_an_information_meeting_registered_for_the_pledge_counts_on_loften(
        page, example_app_url):
    page.goto(example_app_url)
    sign_in(page, *STAFFANSTORP_EDITOR)  # signs in on Löften
    _choose(page, i18n.t("followup.pledge", "sv"), "Staffanstorp 2018–2019")
    assert _information_sessions(page) == "4 / 5"

    _open_registrera(page, "activities")
    frame = map_frame(page)
    frame.wait_for_function("() => window.feature_group.length > 1", timeout=30_000)
    # marks on the map's element and its window, and a view of the editor's own
    frame.evaluate("() => { window.tkMarker = 'kvar'; "
                   "window.map.setView([55.64, 13.21], 15, {animate: false}); }")
    page.evaluate(f"() => {{ document.querySelector('{FRAME}').tkMarker = 'kvar'; }}")
    _choose(page, i18n.t("fields.kind", "sv"),
            i18n.label("activity_kind", "information_meeting", "sv"))
    # the pledge in view, and the commitment of the activity's kind, chosen by their names
    expect(_select_box(page, "fields.pledge_id")).to_have_value("Staffanstorp 2018–2019")
    expect(_select_box(page, "fields.commitment_id")).to_have_value(
        re.compile("^Minst fem informationstillfällen"))
    form = page.locator("[data-testid=stForm]").last
    form.get_by_label(i18n.t("fields.title", "sv"), exact=True).fill(
        "Informationsmöte om grannsamverkan och märk-DNA")
    screenshot(page, "edit_link_activity_form")
    assert english_leaks(page) == []
    form.get_by_role("button", name=i18n.t("edit.save", "sv")).click()
    page.get_by_text(i18n.t("edit.saved", "sv", what=i18n.t("layers.activities", "sv"))
                     ).wait_for(timeout=30_000)
    wait_idle(page)
    # the same map: the element, its window and the editor's zoom survived the save
    assert page.evaluate(f"""() => {{ const f = document.querySelectorAll('{FRAME}');
        return [f.length, f[0].tkMarker, f[0].contentWindow.tkMarker,
                f[0].contentWindow.map.getZoom()]; }}""") == [1, "kvar", "kvar", 15]

    _open_loften(page)
    assert _information_sessions(page) == "5 / 5"
    screenshot(page, "edit_link_loften_counted")
    assert english_leaks(page) == []
    assert page.console_errors == []


FIRST_FINDING_JS = """() => {
  // the first finding Leaflet draws: centre the map on it, return its pixel in the frame
  let found = null;
  const walk = (l) => { const p = l.feature && l.feature.properties;
    if (!found && p && p.layer === 'findings' && l.getLatLng) found = l.getLatLng();
    if (l.eachLayer) l.eachLayer(walk); };
  window.feature_group.filter((g) => window.map.hasLayer(g)).forEach(walk);
  window.map.setView(found, 18, {animate: false});
  const c = window.map.latLngToContainerPoint(found);
  return {x: c.x, y: c.y};
}"""

STALE_WATCH_JS = """(heading) => {
  // true once the new layer's heading is shown beside a table from before (the history)
  window.tkStale = false;
  const check = () => {
    const headings = Array.from(document.querySelectorAll('h3')).map((h) => h.innerText.trim());
    if (headings.includes(heading) && document.querySelector('[data-testid=stDataFrame]'))
      window.tkStale = true;
  };
  new MutationObserver(check).observe(document.body, {subtree: true, childList: true,
                                                      characterData: true});
}"""


def test_a_chosen_finding_is_named_and_its_history_leaves_with_the_layer(
        page, example_app_url):
    page.goto(example_app_url)
    sign_in(page, *STAFFANSTORP_EDITOR)
    _open_registrera(page, "findings")
    frame = map_frame(page)
    frame.wait_for_function("() => window.feature_group.length > 1", timeout=30_000)
    point = frame.evaluate(FIRST_FINDING_JS)
    box = page.locator(FRAME).bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.get_by_role("heading", name=f"{i18n.t('edit.selected', 'sv')}: "
                     f"{i18n.t('layers.findings', 'sv')}").wait_for(timeout=30_000)
    wait_idle(page)
    panel = page.locator("[data-testid=stColumn]").nth(1)
    text = panel.inner_text()
    # the finding by number and date, its walk by date and name: no id anywhere
    assert re.search(r"Brist nr \d+ \(2019-\d\d-\d\d\)", text), text
    assert i18n.t("fields.walk_id", "sv") in text and re.search(r"2019-\d\d-\d\d, ", text)
    assert not UUID.search(text)
    expect(panel.get_by_text(i18n.t("edit.history", "sv"), exact=True)).to_be_visible()
    screenshot(page, "edit_link_finding_selected")
    assert english_leaks(page) == []
    # another layer's tab: the chosen finding's history goes with the rest of its panel
    activities = i18n.t("layers.activities", "sv")
    page.evaluate(STALE_WATCH_JS, activities)
    page.locator("[data-testid=stButtonGroup]").get_by_text(activities).click()
    page.get_by_role("heading", name=activities, exact=True).wait_for(timeout=30_000)
    wait_idle(page)
    assert page.locator("[data-testid=stDataFrame]").count() == 0
    assert page.evaluate("() => window.tkStale") is False
    assert page.console_errors == []

