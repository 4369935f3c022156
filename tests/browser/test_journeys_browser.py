"""Issue 14's journeys: one per role, in Swedish and in English, walked as a person does.

- the public opens a shared link, changes a filter, clicks a feature on the map, reads its
  details and downloads the table;
- the council opens meeting mode from a link, steps through the agenda and prints it;
- the admin signs in, adds a user and sees them listed, and reloads;
- the editor signs in, reloads, registers a safety walk with three findings, sees the
  Löften page count the walk, and signs out.

Each step ends with what the user sees asserted, then :meth:`Journey.seen`: a screenshot
(``artifacts/journey-<role>-<lang>-<nn>-<step>.png``) and, in the Swedish run, no English
on the page outside user data (:func:`tests.browser.english.english_leaks`). At the end
nothing was logged as an error in the console but the messages :func:`unexplained_errors`
lets through, each with the reason why.

One app server for the module, on a store of its own. The journeys run in the file's
order: the public and the council read the fixture's records as they are (their counts are
known by hand, ``tests/fixture_data.py``); the admin and then the editor write (the
editor's walk lands in the public's year and in the council's window).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import subprocess
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from geo import i18n
from geo.access.auth import User, hash_password
from geo.domain import references
from geo.domain.pledge_files import load_pledges
from geo.meeting import agenda as meeting
from geo.store import GeoPackageStore
from tests import fixture_data as fx
from tests.browser.conftest import (
    ARTIFACTS,
    LAYER_DRAWN_JS,
    MAP_IFRAME,
    choose,
    click_map_at,
    commitment_number,
    download,
    drawn,
    map_frame,
    open_registrera,
    recording_page,
    screenshot,
    serve,
    sign_in,
    sign_out,
    table_rows,
    wait_idle,
    wait_on_map,
)
from tests.browser.english import english_leaks, leaks_in
from tests.browser.pagespec import PLEDGE_TITLE, metric

pytestmark = pytest.mark.browser

LANGS = ("sv", "en")
DESK = {"width": 1400, "height": 1000}
PROJECTOR = {"width": 1920, "height": 1080}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
#: The fixture's user data that the journeys show (markup that must be shown as text).
FIXTURE_DATA = (fx.PAYLOAD,)
#: Streamlit's frontend, opened at a page's address (``/mote``), first looks for its server
#: below that address (``/mote/_stcore/health``, ``/mote/_stcore/host-config``) and then at
#: the root: those two 404s are its probe, not a failure of the app.
PAGE_PATH_PROBE = re.compile(r"/[\w-]+/_stcore/(health|host-config)$")
NOT_FOUND = "Failed to load resource: the server responded with a status of 404"


#: The editor of the journey: a coordinator of two municipalities (Tomelilla's walk,
#: Staffanstorp's information meeting), as a local police area's coordinator may be.
COORDINATOR = ("samordnare@kommun.se", "samordnarens lösenord")


@pytest.fixture(scope="module")
def writable_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a fixture store of its own, with the journey's coordinator."""
    folder = tmp_path_factory.mktemp("journeys")
    db = folder / "fixture.gpkg"
    fx.build(db)
    GeoPackageStore(db).save_user(
        User(email=COORDINATOR[0], role="editor", kommuner=("1270", "1230")),
        hash_password(COORDINATOR[1]), "test")
    with serve(db, folder / "streamlit.log") as url:
        yield url


def journey_page(browser: Any, size: dict[str, int]) -> Any:
    """A recording page (its own context) of ``size``, keeping each console error's source."""
    page = recording_page(browser)
    page.set_viewport_size(size)
    page.errors_at = []
    page.on("console", lambda m: m.type == "error" and page.errors_at.append(
        (m.text, m.location.get("url", ""))))
    page.on("pageerror", lambda e: page.errors_at.append((str(e), "")))
    return page


def unexplained_errors(page: Any) -> list[str]:
    """The page's console errors less Streamlit's probe of a page address (see above)."""
    return [f"{text} ({url})" for text, url in page.errors_at
            if not (text.startswith(NOT_FOUND) and PAGE_PATH_PROBE.search(url))]


@dataclass
class Journey:
    """One role's walk through the app in one language, step by step."""

    page: Any
    role: str
    lang: str
    allowed: tuple[str, ...] = FIXTURE_DATA
    steps: int = 0
    #: English seen after each step of the Swedish run, by step (asserted at the end, so
    #: that one leak does not hide the rest of the journey, nor the leaks after it)
    english: dict[str, list[str]] = field(default_factory=dict)

    def t(self, key: str, **values: Any) -> str:
        """The catalog's text in the journey's language."""
        return i18n.t(key, self.lang, **values)

    @property
    def main(self) -> Any:
        """The page's main area."""
        return self.page.locator("[data-testid=stMain]")

    @property
    def sidebar(self) -> Any:
        """The sidebar (language, sign-in, filters)."""
        return self.page.locator("[data-testid=stSidebar]")

    def seen(self, step: str, focus: Any = None) -> None:
        """The end of a step: a screenshot (with ``focus`` scrolled into view), and the
        English on the page in the Swedish run (:attr:`english`)."""
        wait_idle(self.page)
        if focus is not None:
            focus.scroll_into_view_if_needed()
        self.steps += 1
        screenshot(self.page, f"journey-{self.role}-{self.lang}-{self.steps:02d}-{step}")
        if self.lang == "sv" and (leaks := english_leaks(self.page, self.allowed)):
            self.english[f"{self.steps:02d}-{step}"] = leaks

    def finish(self) -> None:
        """The end of the journey: no English was seen in the Swedish run, nothing
        unexplained is in the console, no dialog came up."""
        assert self.english == {}, "English in the Swedish run, by step:\n" + "\n".join(
            f"{step}: {leak}" for step, leaks in self.english.items() for leak in leaks)
        assert unexplained_errors(self.page) == []
        assert self.page.dialogs == []

    def close(self) -> None:
        """Close the journey's browser context, with a screenshot of where it failed."""
        if sys.exc_info()[0] is not None:
            # best effort: a page that hangs must not hide the failure being raised
            with contextlib.suppress(PlaywrightError):
                ARTIFACTS.mkdir(exist_ok=True)
                self.page.screenshot(
                    path=str(ARTIFACTS / f"journey-{self.role}-{self.lang}-failed.png"),
                    timeout=10_000)
        self.page.context.close()

    def nav(self, key: str) -> None:
        """Follow a page's link in the sidebar."""
        self.page.locator("[data-testid=stSidebarNav]").get_by_role(
            "link", name=self.t(key), exact=True).click()
        wait_idle(self.page)

    def language(self) -> None:
        """Choose the journey's language in the sidebar (Swedish is the default)."""
        if self.lang == "sv":
            return
        choose(self.sidebar.get_by_label(i18n.t("app.language", "sv"), exact=True), "English",
               shown_by=self.sidebar.get_by_label(self.t("app.language"), exact=True))
        wait_idle(self.page)


def lang_query(lang: str) -> str:
    """What a link made in ``lang`` adds to its query (Swedish is the default)."""
    return "&lang=en" if lang == "en" else ""


# -- the public --------------------------------------------------------------------------

def pick_in_multiselect(page: Any, box: Any, option: str) -> None:
    """Type ``option`` into a multiselect, click it in the list, close the list.

    A rerun that lands while the list opens closes it (see :func:`choose`): the list is
    opened again until the option shows, at most three times.
    """
    widget = box.locator("xpath=ancestor::*[@data-testid='stMultiSelect']")
    for _ in range(3):
        box.fill(option)
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            break
        except PlaywrightTimeout:
            wait_idle(page)
    page.keyboard.press("Escape")
    wait_idle(page)
    expect(widget.get_by_text(option, exact=True)).to_be_visible()  # its chip


def table_heading(j: Journey) -> Any:
    return j.main.get_by_role("heading", name=re.compile(re.escape(j.t("table.heading"))))


def table_count(j: Journey) -> int:
    """The number in the table's heading, "Objekten på kartan (n)"."""
    return int(re.search(r"\((\d+)\)", table_heading(j).inner_text()).group(1))


def expect_table_count(j: Journey, count: int) -> None:
    """The table's heading comes to say ``count``: the metrics above it are drawn first in
    the same run, so a read right after them can still see the old number."""
    expect(table_heading(j)).to_contain_text(f"({count})", timeout=30_000)


def click_feature(page: Any, layer: str) -> None:
    """Click the (only) point of ``layer`` that the map draws, zoomed in on it."""
    frame = map_frame(page)
    frame.wait_for_function("() => window.feature_group.length >= 2", timeout=30_000)
    found = frame.evaluate(
        """(layer) => {
          let target = null;
          const walk = (l) => { const p = l.feature && l.feature.properties;
            if (p && p.layer === layer && l.getLatLng) target = l;
            if (l.eachLayer) l.eachLayer(walk); };
          window.feature_group.filter((g) => window.map.hasLayer(g)).forEach(walk);
          if (target === null) return null;
          const at = target.getLatLng();
          return [at.lng, at.lat];
        }""", layer)
    assert found is not None, f"no {layer} drawn"
    click_map_at(page, *found)


@pytest.mark.parametrize("lang", LANGS)
def test_the_public_follows_a_shared_link_filters_reads_details_and_downloads(
        browser, writable_app_url: str, lang: str) -> None:
    j = Journey(journey_page(browser, DESK), "public", lang)
    page = j.page
    try:
        # 1. A link to Tomelilla's 2020 pledge, shared from the municipality's website
        page.goto(f"{writable_app_url}/?kommun=1270&year=2020&pledge=tomelilla-2020"
                  + lang_query(lang))
        wait_idle(page)
        frame = map_frame(page)
        j.main.get_by_role("heading", name=j.t("app.title")).wait_for()
        kommun = j.sidebar.get_by_label(j.t("filters.kommun"), exact=True)
        assert kommun.input_value() == "Tomelilla (1270)"
        pledge = j.sidebar.get_by_label(j.t("filters.pledge"), exact=True)
        assert pledge.input_value() == "Tomelilla 2020"
        counts = {layer: int(metric(j.main, j.t(f"layers.{layer}")))
                  for layer in fx.EXPECTED_PLEDGE_2020}
        assert counts == fx.EXPECTED_PLEDGE_2020
        frame.wait_for_function("() => window.feature_group.length > 5", timeout=30_000)
        assert drawn(frame) == {k: n - fx.UNPLACED_PLEDGE_2020.get(k, 0)
                                for k, n in counts.items()}
        assert table_count(j) == sum(counts.values())
        j.seen("shared-link")

        # 2. Only lighting: the places and findings of that category, the rest as before
        lighting = i18n.label("category", "lighting", lang)
        pick_in_multiselect(page, j.sidebar.get_by_label(j.t("filters.categories"),
                                                         exact=True), lighting)
        page.wait_for_url(re.compile(r"category=lighting"), timeout=30_000)
        filtered = {**fx.EXPECTED_PLEDGE_2020, "unsafe_places": 1, "findings": 1}
        expect(j.main.locator("[data-testid=stMetricValue]").first).to_have_text(
            str(filtered["unsafe_places"]), timeout=30_000)
        assert {layer: int(metric(j.main, j.t(f"layers.{layer}"))) for layer in filtered} \
            == filtered
        expect_table_count(j, sum(filtered.values()))
        j.seen("filtered")

        # 3. A click on the lighting finding: its details beside the map, by name and date
        click_feature(page, "findings")
        panel = page.locator(".st-key-details")
        panel.get_by_text(j.t("fields.walk_id"), exact=True).wait_for(timeout=30_000)
        wait_idle(page)
        text = panel.inner_text()
        assert j.t("layers.findings") in text
        assert "2020-09-10" in text  # the walk it was found on, by its date
        assert lighting in text and i18n.label("finding_status", "done", lang) in text
        assert fx.PAYLOAD in text  # the walk's name, shown as text
        assert UUID.search(text) is None, text
        assert page.evaluate("() => window.X") is None  # ... and never run
        j.seen("details")

        # 4. The table as CSV: the rows the page lists, in its language, all lighting
        saved = ARTIFACTS / f"journey-public-{lang}.csv"
        download(page, j.main.get_by_role("button", name=j.t("table.download"))).save_as(saved)
        data = saved.read_bytes()  # for Swedish Excel: a BOM, ';' between cells
        assert data.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
        header, rows = rows[0], rows[1:]
        assert header == [j.t(f"table.{key}") for key in
                          ("layer", "date", "type", "status", "name", "pledge")] + ["id"]
        assert len(rows) == table_count(j) == sum(filtered.values())
        per_layer = {layer: sum(row[0] == j.t(f"layers.{layer}") for row in rows)
                     for layer in filtered}
        assert per_layer == filtered
        for row in rows:
            if row[0] in (j.t("layers.unsafe_places"), j.t("layers.findings")):
                assert row[2] == lighting, row
            assert row[1].startswith("2020") or row[0] == j.t("layers.watch_areas"), row
            assert row[5] == "Tomelilla 2020", row
        j.seen("downloaded", focus=j.main.get_by_role("button", name=j.t("table.download")))
        j.finish()
    finally:
        j.close()


# -- the council -------------------------------------------------------------------------

#: The agenda of the fixture store, 1 Sep – 31 Dec 2020, all pledges: records per item.
AGENDA_SIZES = (1, 0, 2, 1, 2, 0, 0, 0)
MEETING_LINK = "/mote?m_kommun=1270&m_pledge=all&since=2020-09-01&until=2020-12-31"


def agenda_headings(lang: str) -> list[str]:
    """The agenda items' headings as the page shows them, in ``lang``."""
    steps = [f"{i18n.t(f'meeting.steps.{key}', lang)} ({n})"
             for key, n in zip(meeting.STEP_KEYS, AGENDA_SIZES, strict=False)]
    return steps + [i18n.t(f"meeting.steps.{meeting.PROGRESS_STEP}", lang)]


def item_heading(page: Any) -> str:
    """The heading of the agenda item on screen."""
    return page.locator("[data-testid=stHeading] h3").first.inner_text()


def pdf_text(path: Any) -> str:
    """The text of a PDF, as poppler's pdftotext reads it."""
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.mark.parametrize("lang", LANGS)
def test_the_council_opens_meeting_mode_from_a_link_steps_through_and_prints(
        browser, writable_app_url: str, lang: str) -> None:
    j = Journey(journey_page(browser, PROJECTOR), "council", lang)
    page = j.page
    headings = agenda_headings(lang)
    try:
        # 1. The meeting's link, bookmarked on the meeting room's computer
        page.goto(writable_app_url + MEETING_LINK + lang_query(lang))
        wait_idle(page)
        j.main.get_by_role("heading", name=j.t("meeting.heading", kommun="Tomelilla")
                           ).wait_for(timeout=60_000)
        map_frame(page)
        assert page.locator("[role=dialog]").count() == 0
        assert item_heading(page) == headings[0]
        j.main.get_by_text(j.t("meeting.step_of", n=1, total=len(headings)), exact=False
                           ).wait_for()
        j.seen("item-1")

        # 2. Through the agenda with the Next button, item by item
        for number in range(2, len(headings) + 1):
            old = item_heading(page)
            j.main.get_by_role("button", name=j.t("meeting.next")).click()
            page.wait_for_function(
                "(old) => { const h = document.querySelector('[data-testid=stHeading] h3');"
                " return h && h.innerText !== old; }", arg=old, timeout=30_000)
            wait_idle(page)
            assert item_heading(page) == headings[number - 1]
            assert f"step={number - 1}" in page.url
            j.seen(f"item-{number}")
        expect(j.main.get_by_role("button", name=j.t("meeting.next"))).to_be_disabled()
        assert j.main.get_by_text(PLEDGE_TITLE).count() >= 1  # how the pledge is going

        # 3. Print: the agenda as a PDF, in the meeting's language
        with page.expect_download(timeout=60_000) as download:
            j.main.get_by_role("button", name=re.compile(re.escape(j.t("meeting.print")))
                               ).click()
        assert download.value.suggested_filename == j.t(
            "meeting.print_file", kommun="1270", since="2020-09-01")
        saved = ARTIFACTS / f"journey-council-{lang}.pdf"
        download.value.save_as(saved)
        assert saved.read_bytes()[:5] == b"%PDF-"
        text = pdf_text(saved)
        for key in meeting.STEP_KEYS:
            assert i18n.t(f"meeting.steps.{key}", lang) in " ".join(text.split()), key
        other = "en" if lang == "sv" else "sv"
        assert i18n.t("meeting.steps.new_findings", other) not in text
        if lang == "sv":
            assert leaks_in(text.splitlines(), FIXTURE_DATA) == []
        j.seen("printed")
        j.finish()
    finally:
        j.close()


# -- the admin ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_admin_adds_a_user_and_sees_them_listed_after_a_reload(
        browser, writable_app_url: str, lang: str) -> None:
    j = Journey(journey_page(browser, DESK), "admin", lang)
    page = j.page
    email, name = f"ny.redaktor.{lang}@tomelilla.se", "Nora Nyberg"
    j.allowed = (*FIXTURE_DATA, email, name)
    try:
        # 1. The app, in the admin's language
        page.goto(writable_app_url)
        wait_idle(page)
        map_frame(page)
        j.language()
        j.main.get_by_role("heading", name=j.t("app.title")).wait_for()
        j.seen("start")

        # 2. Signed in: the users page is in the sidebar
        sign_in(page, *fx.ADMIN, lang)
        j.sidebar.get_by_text(j.t("auth.signed_in_as", email=fx.ADMIN[0],
                                  role=j.t("auth.role_admin"))).wait_for()
        j.seen("signed-in")

        # 3. The users page lists who may edit
        j.nav("users.nav")
        j.main.get_by_role("heading", name=j.t("users.heading")).wait_for(timeout=30_000)
        wait_idle(page)
        table = j.main.locator("[data-testid=stDataFrame]")
        listed = {row[0]: row for row in table_rows(table)}
        assert {fx.EDITOR[0], fx.ADMIN[0]} <= set(listed)
        assert email not in listed
        j.seen("users")

        # 4. A new editor for Tomelilla
        form = j.main.locator("[data-testid=stForm]")
        form.get_by_label(j.t("users.email"), exact=True).fill(email)
        form.get_by_label(j.t("users.name"), exact=True).fill(name)
        assert form.get_by_label(j.t("users.role"), exact=True).input_value() \
            == j.t("auth.role_editor")
        pick_in_multiselect(page, form.get_by_label(j.t("users.kommuner"), exact=True),
                            "Tomelilla")
        form.get_by_label(j.t("users.password"), exact=True).fill("ett långt lösenord 42")
        wait_idle(page)
        form.get_by_role("button", name=j.t("users.save")).click()
        j.main.get_by_text(j.t("users.saved", email=email)).wait_for(timeout=30_000)
        wait_idle(page)
        row = [email, name, j.t("auth.role_editor"), "Tomelilla"]
        assert {r[0]: r for r in table_rows(table)}[email] == row  # listed at once
        j.seen("user-added")

        # 5. A reload: still signed in, on the users page, the new editor listed
        page.reload()
        j.main.get_by_role("heading", name=j.t("users.heading")).wait_for(timeout=60_000)
        wait_idle(page)
        expect(page.get_by_role("button", name=j.t("auth.logout"))).to_be_visible()
        listed = {r[0]: r for r in table_rows(j.main.locator("[data-testid=stDataFrame]"))}
        assert listed[email] == row
        j.seen("reloaded")
        j.finish()
    finally:
        j.close()


# -- the editor --------------------------------------------------------------------------

#: Where each run's walk goes (west of the town centre, clear of the fixture's records).
WALK_ROUTES = {
    "sv": ((13.9490, 55.5480), (13.9500, 55.5490), (13.9512, 55.5494)),
    "en": ((13.9490, 55.5510), (13.9500, 55.5520), (13.9512, 55.5524)),
}
WALK_RULE = "tomelilla-2020-walk-actions"


def draw_line(page: Any, points: tuple[tuple[float, float], ...], lang: str) -> None:
    """Draw a line with Leaflet.draw's line tool: its button, a click per point, Finish."""
    frame = map_frame(page)
    frame.wait_for_function("() => window.feature_group.length > 1", timeout=30_000)
    middle = points[len(points) // 2]
    frame.evaluate("([lng, lat]) => window.map.setView([lat, lng], 17, {animate: false})",
                   list(middle))
    frame.locator("a.leaflet-draw-draw-polyline").click()
    box = page.locator(MAP_IFRAME).bounding_box()
    frame.locator(".leaflet-draw-actions").first.wait_for(timeout=10_000)  # the tool is on
    for number, (lng, lat) in enumerate(points, start=1):
        at = frame.evaluate(
            """([lng, lat]) => { const p = window.map.latLngToContainerPoint([lat, lng]);
                 const r = window.map.getContainer().getBoundingClientRect();
                 return {x: p.x + r.left, y: p.y + r.top}; }""", [lng, lat])
        # Leaflet.draw puts a handle on each point it takes; for 50 ms after a point it
        # takes no other (its guard against double clicks), so a point it did not take
        # is clicked again, as a person does who sees no handle appear
        for _ in range(3):
            page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
            try:
                frame.wait_for_function(
                    "(n) => document.querySelectorAll('.leaflet-editing-icon').length >= n",
                    arg=number, timeout=2_000)
                break
            except PlaywrightTimeout:
                continue
        else:
            raise AssertionError(f"Leaflet.draw took no point {number} of the line")
    frame.get_by_role("link", name=i18n.t("drawtools.finish", lang), exact=True).click()


def save_new(j: Journey, layer: str) -> None:
    """Send the new record's form: no refusal, the record drawn on the map, "Sparat: …".

    The confirmation is shown on the save's own rerun; the map remounts with the new
    record and its first report reruns the page, which may take the confirmation away
    before it can be read (seen about one save in eight here). That is warned about, not
    failed on: the record drawn on the map is what the editor is sure to see.
    """
    page = j.page
    before = drawn(wait_on_map(page, "() => window.feature_group.length > 1")).get(layer, 0)
    form = j.main.locator("[data-testid=stForm]").last
    wait_idle(page)
    form.get_by_role("button", name=j.t("edit.save")).click()
    saved = j.main.get_by_text(j.t("edit.saved", what=j.t(f"layers.{layer}")))
    refused = j.main.locator("[data-testid=stAlertContentError]")
    try:
        saved.or_(refused).first.wait_for(timeout=15_000)
    except PlaywrightTimeout:
        warnings.warn(f"{j.role} journey ({j.lang}): the confirmation of a saved {layer} "
                      "record went before it could be read (the map's remount reran the "
                      "page)", stacklevel=2)
    wait_idle(page)
    assert refused.count() == 0, refused.all_inner_texts()
    wait_on_map(page, LAYER_DRAWN_JS, [layer, before + 1])
    wait_idle(page)


def place(j: Journey, lng: float, lat: float) -> None:
    """Click an empty spot on the map for a new record; once more if no place shows.

    A click that lands while the map remounts (after a save) is lost, as it would be for
    a person, who then clicks again.
    """
    position = j.main.get_by_text(j.t("edit.position"), exact=False)
    for _ in range(2):
        click_map_at(j.page, lng, lat)
        try:
            position.wait_for(timeout=15_000)
            break
        except PlaywrightTimeout:
            wait_idle(j.page)
    else:
        raise AssertionError("two clicks on the map placed no record")
    wait_idle(j.page)


def type_date(form: Any, label: str, day: str) -> None:
    """Type a date into a date field, part by part, as a keyboard user does."""
    field = form.get_by_role("group", name=label)
    field.get_by_role("spinbutton").first.click()
    field.page.keyboard.type(day.replace("-", ""))
    field.page.keyboard.press("Escape")  # the calendar that opened with the field closes
    expect(field).to_have_text(day)


def walk_rule(j: Journey) -> tuple[int, int]:
    """Löften's count for the per-walk rule: walks that meet it, of the pledge's walks."""
    label = f"{j.t('followup.achieved')} / {j.t('followup.target')}"
    achieved, target = metric(j.main, label).split(" / ")
    return int(achieved), int(target)


def open_loften(j: Journey) -> None:
    """Open Löften from the sidebar, on the Tomelilla pledge (chosen again if another is)."""
    j.nav("followup.nav")
    heading = j.main.get_by_role("heading", name=PLEDGE_TITLE)
    if heading.count() == 0:
        choose(j.sidebar.get_by_label(j.t("followup.pledge"), exact=True), "Tomelilla 2020")
    heading.wait_for(timeout=30_000)
    wait_idle(j.page)


# -- the activity linked to a commitment (issue 14, item 2) ---------------------------------

#: Staffanstorp's pledge and the commitment the editor's information meeting counts for.
STAFFANSTORP = next(p for p in load_pledges() if p.id == "staffanstorp-2018-2019")
INFO_MEETINGS = next(c for c in STAFFANSTORP.commitments
                     if c.id == "staffanstorp-2018-2019-info-meetings")
#: A place in Staffanstorp (lon, lat) for the meeting.
STAFFANSTORP_PLACE = (13.2095, 55.6405)


#: Counts the sidebar's year boxes on every change of the page from now on (the most seen
#: at once in ``window.__yearBoxes``): the user never sees the old box beside the new one.
WATCH_YEAR_BOXES_JS = """(label) => {
  window.__yearBoxes = 0;
  const count = () => {
    const n = document.querySelectorAll(
      `[data-testid=stSidebar] input[aria-label="${label}"]`).length;
    window.__yearBoxes = Math.max(window.__yearBoxes, n);
  };
  count();
  new MutationObserver(count).observe(document.body, {childList: true, subtree: true});
}"""
#: The page is idle and shows one year box, holding ``year``.
ONE_YEAR_BOX_JS = """([label, year]) => {
  if (!document.querySelector('[data-testid=stApp][data-test-script-state=notRunning]')) {
    return false;
  }
  const boxes = document.querySelectorAll(`[data-testid=stSidebar] input[aria-label="${label}"]`);
  return boxes.length === 1 && boxes[0].value === year;
}"""


def expect_year(j: Journey, year: str) -> None:
    """The sidebar settles on one year box showing ``year`` (fails after a minute if not)."""
    j.page.wait_for_function(ONE_YEAR_BOX_JS, arg=[j.t("filters.year"), year], timeout=60_000)
    expect(j.sidebar.get_by_label(j.t("filters.year"), exact=True)).to_have_value(year)


def register_activity_for_commitment(j: Journey, title: str) -> None:
    """On Registrera, in Staffanstorp 2019, an information meeting placed on the map and
    linked to the pledge and to "Minst fem informationstillfällen …", both offered by name."""
    page = j.page
    page.evaluate(WATCH_YEAR_BOXES_JS, j.t("filters.year"))
    choose(j.sidebar.get_by_label(j.t("edit.kommun"), exact=True), "Staffanstorp (1230)")
    wait_idle(page)
    # the year is kept per municipality: the box shows Staffanstorp's, never beside Tomelilla's
    expect_year(j, "2019")  # Staffanstorp's data and pledge end in 2019
    assert page.evaluate("window.__yearBoxes") == 1
    j.main.locator("[data-testid=stButtonGroup]").get_by_text(
        j.t("layers.activities"), exact=True).click()
    wait_idle(page)
    place(j, *STAFFANSTORP_PLACE)
    choose(j.main.get_by_label(j.t("fields.kind"), exact=True),
           i18n.label("activity_kind", "information_meeting", j.lang))
    wait_idle(page)
    # the pledge running in the year, and the one commitment of the activity's kind
    expect(j.main.get_by_role("combobox", name=j.t("fields.pledge_id"), exact=True)
           ).to_have_value(STAFFANSTORP.short_title)
    expect(j.main.get_by_role("combobox", name=j.t("fields.commitment_id"), exact=True)
           ).to_have_value(re.compile("^" + re.escape(INFO_MEETINGS.text[:30])))
    form = j.main.locator("[data-testid=stForm]").last
    form.get_by_label(j.t("fields.title"), exact=True).fill(title)
    j.seen("activity-form", focus=form)
    save_new(j, "activities")
    j.seen("activity-saved")


def information_sessions(j: Journey) -> str:
    """Löften's number beside "Minst fem informationstillfällen …" (Staffanstorp)."""
    j.nav("followup.nav")
    choose(j.sidebar.get_by_label(j.t("followup.pledge"), exact=True), STAFFANSTORP.short_title)
    j.main.get_by_role("heading", name=STAFFANSTORP.title).wait_for(timeout=30_000)
    wait_idle(j.page)
    return commitment_number(j.main, INFO_MEETINGS.text[:60])


# -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_the_editor_registers_a_walk_with_three_findings_and_sees_it_counted(
        browser, writable_app_url: str, lang: str) -> None:
    j = Journey(journey_page(browser, DESK), "editor", lang)
    page = j.page
    walk = {"sv": "Kvällsvandring Västra delen", "en": "Kvällsvandring Norra delen"}[lang]
    findings = [("lighting", "Mörk passage vid skolan", True),
                ("vegetation", "Buskar skymmer gångvägen", True),
                ("vandalism", "Klotter på elskåpet", False)]
    try:
        # 1. The app, in the editor's language; signed in (the sign-in lands on Löften)
        page.goto(writable_app_url)
        wait_idle(page)
        map_frame(page)
        j.language()
        sign_in(page, *COORDINATOR, lang)
        j.sidebar.get_by_text(j.t("auth.signed_in_as", email=COORDINATOR[0],
                                  role=j.t("auth.role_editor"))).wait_for()
        open_loften(j)
        before = walk_rule(j)
        j.seen("signed-in")

        # 2. Registrera, and a reload there: still signed in, still on Registrera
        open_registrera(page, lang)
        page.reload()
        j.main.get_by_role("heading", name=j.t("edit.heading")).wait_for(timeout=60_000)
        wait_idle(page)
        expect(page.get_by_role("button", name=j.t("auth.logout"))).to_be_visible()
        expect_year(j, "2020")  # the year of the municipality's data
        map_frame(page)
        j.seen("registrera-reloaded")

        # 3. The walk: its route drawn on the map, then its form
        j.main.locator("[data-testid=stButtonGroup]").get_by_text(
            j.t("layers.walks"), exact=True).click()
        wait_idle(page)
        draw_line(page, WALK_ROUTES[lang], lang)
        j.main.get_by_text(j.t("edit.position"), exact=False).wait_for(timeout=30_000)
        wait_idle(page)
        form = j.main.locator("[data-testid=stForm]").last
        expect(form.get_by_role("group", name=j.t("fields.walk_date"))).to_have_text(
            "2020-12-31")  # a walk registered afterwards: the last day of the year on screen
        form.get_by_label(j.t("fields.name"), exact=True).fill(walk)
        form.get_by_label(j.t("fields.organisers"), exact=True).fill("Kommunen och polisen")
        form.get_by_label(j.t("fields.participants"), exact=True).fill("14")
        j.seen("walk-form")
        save_new(j, "walks")
        # the route is used up: a second save would not register the same walk again
        expect(j.main.get_by_text(j.t("edit.no_shape"))).to_be_visible()
        j.seen("walk-saved")

        # 4. Three findings of the walk: two chosen for action and done, one not chosen
        j.main.locator("[data-testid=stButtonGroup]").get_by_text(
            j.t("layers.findings"), exact=True).click()
        wait_idle(page)
        for number, (category, description, chosen) in enumerate(findings):
            lng, lat = WALK_ROUTES[lang][number]
            place(j, lng, lat - 0.0004)  # beside the route, on no record
            form = j.main.locator("[data-testid=stForm]").last
            # the walk just saved is offered first, named by its date and name
            expect(form.get_by_label(j.t("layers.walks"), exact=True)).to_have_value(
                references.walk_name(date(2020, 12, 31), walk, lang))
            choose(form.get_by_label(j.t("fields.category"), exact=True),
                   i18n.label("category", category, lang))
            form.get_by_label(j.t("fields.description"), exact=True).fill(description)
            if chosen:
                form.get_by_text(j.t("fields.selected"), exact=True).click()
                choose(form.get_by_label(j.t("fields.status"), exact=True),
                       i18n.label("finding_status", "done", lang))
                type_date(form, j.t("fields.completed_date"), "2020-12-31")
            j.seen(f"finding-{number + 1}-form", focus=form)
            save_new(j, "findings")
            j.seen(f"finding-{number + 1}-saved")


        # 5. Löften counts the walk: one more walk, and it meets the rule
        open_loften(j)
        assert walk_rule(j) == (before[0] + 1, before[1] + 1)
        walks = {row[0]: row for row in table_rows(
            j.main.locator("[data-testid=stDataFrame]").first)}
        done = i18n.label("finding_status", "done", lang)
        assert walks[walk][1:] == [
            "2020-12-31", f"1. {findings[0][1]} ({done}); 2. {findings[1][1]} ({done})",
            j.t("followup.walk_ok")]
        j.seen("loften-counted")

        # 6. An information meeting in Staffanstorp, linked to its commitment: counted at once
        sessions = int(information_sessions(j).split(" / ")[0])
        open_registrera(page, lang)
        register_activity_for_commitment(j, {"sv": "Informationsmöte om märk-DNA",
                                             "en": "Informationsmöte om grannsamverkan"}[lang])
        assert information_sessions(j) == f"{sessions + 1} / 5"
        j.seen("loften-activity-counted")

        # 7. Signed out: the public's sidebar, and the public's Löften counts the walk too
        sign_out(page, lang)
        assert page.get_by_role("link", name=j.t("edit.nav")).count() == 0
        open_loften(j)
        assert walk_rule(j) == (before[0] + 1, before[1] + 1)
        j.seen("signed-out")
        j.finish()
    finally:
        j.close()
