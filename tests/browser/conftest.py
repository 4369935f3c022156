"""The real app (``streamlit run asgi.py``, as ``make run``) on a free port, driven by
Debian's Chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests import fixture_data

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
from tests.conftest import CHROMIUM_ARGS  # noqa: E402,F401  (kept for scripts that import it)

IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
MAP_FRAME = re.compile(r"streamlit_folium")
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


free_port = _free_port  # for tests that must know the port before the app starts


@contextmanager
def serve(db: Path, log_path: Path, *, env: dict[str, str] | None = None,
          secrets: Path | None = None, port: int | None = None) -> Iterator[str]:
    """``streamlit run asgi.py`` on the store ``db`` on a free port; its URL once up.

    No basemap, so nothing leaves the machine; the output goes to ``log_path``. ``env``
    adds environment variables, ``secrets`` names the only secrets file the app reads
    (``--secrets.files``), ``port`` fixes the port (an OIDC redirect URI names it).
    """
    with serve_process(db, log_path, env=env, secrets=secrets, port=port) as (url, _):
        yield url


@contextmanager
def serve_process(db: Path, log_path: Path, *, env: dict[str, str] | None = None,
                  secrets: Path | None = None, port: int | None = None, root: Path = ROOT
                  ) -> Iterator[tuple[str, int]]:
    """:func:`serve` from the checkout ``root``, yielding the URL and the server's process id.

    Also used by ``bench/`` (the first page load of the map, uploads under load).
    """
    port = port or _free_port()
    env = {**os.environ, "TRYGGHETSKARTAN_DB": str(db), "TRYGGHETSKARTAN_BASEMAP": "",
           "TRYGGHETSKARTAN_AUDIT_LOG": "stderr", **(env or {})}  # the audit log in log_path
    log = open(log_path, "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "asgi.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         *(["--secrets.files", str(secrets)] if secrets else [])],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start; see {log_path}") from None
                time.sleep(0.2)  # polling the server's health endpoint, not waiting on the page
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@contextmanager
def running_app(folder: Path) -> Iterator[str]:
    """Start the app on a fresh fixture store in ``folder``."""
    db = folder / "fixture.gpkg"
    fixture_data.build(db)
    with serve(db, folder / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the fixture store, shared by the read-only browser tests."""
    with running_app(tmp_path_factory.mktemp("browser")) as url:
        yield url


@pytest.fixture(scope="module")
def writable_app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An app with a store of its own, for tests that save records."""
    with running_app(tmp_path_factory.mktemp("writable")) as url:
        yield url


def recording_page(browser):
    """A page in a context of its own that records console errors, dialogs and requests."""
    context = browser.new_context(viewport={"width": 1600, "height": 1100})
    page = context.new_page()
    page.console_errors = []
    page.requests = []
    page.dialogs = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    return page


@pytest.fixture
def page(browser):
    """A fresh recording page (see :func:`recording_page`)."""
    page = recording_page(browser)
    yield page
    page.context.close()


def open_sign_in(page, lang: str = "sv") -> None:
    """Open the sidebar's sign-in panel, from the pledges page of the open app.

    On the pledges page no map's first report can rerun the script while the form is
    being filled in (that loses what was typed).
    """
    from geo import i18n

    wait_idle(page)
    page.get_by_role("link", name=i18n.t("followup.nav", lang)).click()
    page.get_by_role("heading", name=i18n.t("followup.heading", lang)).wait_for(timeout=30_000)
    wait_idle(page)
    page.get_by_text(i18n.t("auth.login", lang)).first.click()


def sign_in(page, email: str, password: str, lang: str = "sv") -> None:
    """Sign in through the sidebar's form (:func:`open_sign_in`), in the open app.

    The fields are typed key by key, as a person does, and the form is sent with its own
    submit button.
    """
    from playwright.sync_api import expect

    from geo import i18n

    open_sign_in(page, lang)
    for label, text in ((i18n.t("auth.email", lang), email),
                        (i18n.t("auth.password", lang), password)):
        field = page.get_by_label(label, exact=True)
        field.wait_for(state="visible")
        field.click()
        field.press_sequentially(text)
        expect(field).to_have_value(text)
    wait_idle(page)
    page.locator("[data-testid=stFormSubmitButton] button").first.click()
    page.get_by_role("button", name=i18n.t("auth.logout", lang)).wait_for(timeout=30_000)
    wait_idle(page)


def sign_out(page, lang: str = "sv") -> None:
    """Sign a local account out with the sidebar's button; back to the public's sidebar."""
    from geo import i18n

    page.get_by_role("button", name=i18n.t("auth.logout", lang)).click()
    page.locator("[data-testid=stSidebar]").get_by_text(
        i18n.t("auth.login", lang), exact=True).first.wait_for(timeout=30_000)
    wait_idle(page)


def open_registrera(page, lang: str = "sv") -> None:
    """Follow the sidebar's link to Registrera (signed in as an editor) and wait for it."""
    from geo import i18n

    page.get_by_role("link", name=i18n.t("edit.nav", lang)).click()
    page.get_by_role("heading", name=i18n.t("edit.heading", lang)).wait_for(timeout=30_000)
    wait_idle(page)


def choose(combobox, option: str, shown_by=None) -> None:
    """Pick ``option`` in a Streamlit selectbox by typing it, as a keyboard user does.

    A rerun that lands while the list opens closes it again (seen about one time in three
    here), so the list is opened again until the option shows, at most three times.
    ``shown_by`` is the selectbox that shows the choice afterwards, when the choice renames
    it (the language's own label changes with the language).
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    page = combobox.page
    for _ in range(3):
        combobox.fill(option)  # the combobox filters its options on what is typed
        combobox.press("ArrowDown")
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            break
        except PlaywrightTimeout:
            wait_idle(page)
    expect(shown_by or combobox).to_have_value(option, timeout=30_000)


def table_rows(table) -> list[list[str]]:
    """The cells of a ``st.dataframe``, row by row, as its grid keeps them for screen readers."""
    table.locator("[role=gridcell]").first.wait_for(state="attached")
    return [[c.strip() for c in row.locator("[role=gridcell]").all_inner_texts()]
            for row in table.locator("[role=row]").all()
            if row.locator("[role=gridcell]").count()]


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as a test artefact."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def wait_idle(page) -> None:
    """Wait for Streamlit's own idle state (never a sleep)."""
    page.wait_for_selector(IDLE, timeout=60_000)


def map_frame(page):
    """The map iframe, once its feature groups have been added."""
    page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]', timeout=60_000)
    deadline = time.monotonic() + 60
    while (frame := page.frame(url=MAP_FRAME)) is None:
        if time.monotonic() > deadline:
            raise AssertionError("the map iframe never loaded")
        page.wait_for_timeout(100)
    frame.wait_for_function("() => window.map && window.feature_group", timeout=60_000)
    return frame


def click_map_at(page, lng: float, lat: float, dx: int = 0, dy: int = 0) -> None:
    """Centre the map on a place and click it (plus an offset in pixels), as a mouse does."""
    # a rerun that moves the map (a message above it) briefly shows the old and the new one
    page.wait_for_function(f"() => document.querySelectorAll('{MAP_IFRAME}').length === 1",
                           timeout=30_000)
    wait_idle(page)
    frame = map_frame(page)
    frame.wait_for_function("() => window.feature_group.length > 1", timeout=30_000)
    point = frame.evaluate(
        """([lng, lat]) => { window.map.setView([lat, lng], 17, {animate: false});
             const p = window.map.latLngToContainerPoint([lat, lng]);
             const r = window.map.getContainer().getBoundingClientRect();
             return {x: p.x + r.left, y: p.y + r.top}; }""", [lng, lat])
    # a person scrolls the map into view before clicking it (a long form may be in view)
    page.locator(MAP_IFRAME).scroll_into_view_if_needed()
    box = page.locator(MAP_IFRAME).bounding_box()
    page.mouse.click(box["x"] + point["x"] + dx, box["y"] + point["y"] + dy)


DRAWN_JS = """() => {
  // features per data layer (properties.layer and .id, as geo.map.layers sends them)
  const counts = {};
  const walk = (layer) => {
    const p = layer.feature && layer.feature.properties;
    if (p && p.layer && p.id) counts[p.layer] = (counts[p.layer] || 0) + 1;
    if (layer.eachLayer) layer.eachLayer(walk);
  };
  // streamlit-folium keeps replaced groups in this array: count those on the map
  window.feature_group.filter((g) => window.map.hasLayer(g)).forEach(walk);
  return counts;
}"""


def drawn(frame) -> dict[str, int]:
    """Features per data layer that Leaflet holds on the map."""
    return frame.evaluate(DRAWN_JS)


#: ``([layer, n]) => …``: Leaflet holds ``n`` features of ``layer`` on the map (exactly).
LAYER_DRAWN_JS = "([layer, n]) => ((" + DRAWN_JS + ")()[layer] || 0) === n"


def wait_on_map(page, predicate: str, arg=None):
    """Wait until ``predicate`` holds in the map's frame; the frame, once it does.

    A save's rerun may replace the map's frame while it is being read ("Frame was
    detached", seen in CI): the frame is then taken again, at most three times.
    """
    from playwright.sync_api import Error as PlaywrightError

    for _ in range(3):
        try:
            frame = map_frame(page)
            frame.wait_for_function(predicate, arg=arg, timeout=30_000)
            return frame
        except PlaywrightError as error:
            if "detached" not in str(error):
                raise
            wait_idle(page)
    raise AssertionError("the map's frame kept being replaced")


def local_only(urls: list[str], base: str) -> list[str]:
    """The requested URLs that left the app's own host."""
    return [u for u in urls if not (u.startswith(base) or u.startswith(("data:", "blob:",
                                                                          "about:")))]


def upload_survey(page, *files: Path) -> None:
    """Put files in the survey import form's uploaders (table, then areas) and send it.

    Each file must have a name the uploader does not show yet: the wait is for its chip.
    """
    form = page.locator("[data-testid=stForm]").last
    for number, path in enumerate(files):
        uploader = form.locator("[data-testid=stFileUploader]").nth(number)
        uploader.locator("input[type=file]").set_input_files(path)
        # the chip shortens long names in the middle ("distr...reas.geojson")
        uploader.locator("[data-testid=stFileChipName]", has_text=path.name[-10:]).wait_for()
    wait_idle(page)
    form.locator("[data-testid=stFormSubmitButton] button").click()


def commitment_number(main, text: str) -> str:
    """Löften's number ("4 / 5") in the card of the commitment whose text holds ``text``.

    The card is the smallest block with the text and one number: the blocks around it
    (the tab, the page) hold the text too, with every card's number.
    """
    cards = main.locator("[data-testid=stVerticalBlock]").filter(has_text=text).filter(
        has=main.page.locator("[data-testid=stMetric]"))
    cards.first.wait_for(timeout=30_000)
    for card in reversed(cards.all()):
        values = card.locator("[data-testid=stMetricValue]")
        if values.count() == 1:
            return values.inner_text()
    raise AssertionError(f"no card with one number holds {text!r}")


def download(page: Any, button: Any) -> Any:
    """Press a download button and return the download; once more if none starts.

    A press that lands while a rerun replaces the button starts nothing (seen on a busy
    machine); a person presses again.
    """
    for attempt in range(2):
        wait_idle(page)
        try:
            with page.expect_download(timeout=30_000 * (attempt + 1)) as started:
                button.click()
            return started.value
        except PlaywrightTimeout:
            if attempt:
                raise
    raise AssertionError("unreachable")
