"""The public map in Chromium on a store full of payloads: text is shown, nothing runs or loads.

Every text field holds Markdown, HTML and formula payloads (tests/app/test_payloads.py),
and one place's description is an image on a loopback listener of this test. The map
page opens, a payload place is clicked (the details panel used to render its text as
Markdown), and then: no ``img`` with the payload source exists, ``globalThis.X`` is
undefined, no dialog opened and the listener received no request.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from shapely.geometry import Point

from geo.domain.model import UnsafePlace
from tests import fixture_data as fx
from tests.app.test_payloads import HTML_JS, seed
from tests.browser.conftest import map_frame, screenshot, serve, wait_idle

pytestmark = pytest.mark.browser


class Listener:
    """A TCP listener on loopback that counts the connections it accepts."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self.running = False
        self.thread.join(timeout=5)
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    listening = Listener()
    yield listening
    listening.close()


@pytest.fixture(scope="module")
def payload_app(tmp_path_factory: pytest.TempPathFactory, listener):
    folder: Path = tmp_path_factory.mktemp("payload-app")
    db = folder / "payloads.gpkg"
    store = seed(db)
    image = f"![x](http://127.0.0.1:{listener.port}/x.png)"
    place = UnsafePlace(
        kommun_kod="1270", pledge_id="tomelilla-2020", category="lighting", source="survey",
        reported_date="2020-10-02", geometry=Point(fx.TOMELILLA[0] - 0.004, fx.TOMELILLA[1]),
        description=f"{image} {HTML_JS} **bold**")
    store.create_many([place], "test")
    with serve(db, folder / "streamlit.log") as url:
        yield url, place.id


CLICK_JS = """(id) => {
  // the screen point of the unsafe place whose description loads the listener's image
  let target = null;
  const walk = (l) => { if (l.feature && l.feature.properties.id === id) target = l;
                        if (l.eachLayer) l.eachLayer(walk); };
  window.feature_group.filter((g) => window.map.hasLayer(g)).forEach(walk);
  window.map.setView(target.getLatLng(), 18, {animate: false});
  const p = window.map.latLngToContainerPoint(target.getLatLng());
  const box = window.map.getContainer().getBoundingClientRect();
  return {x: box.left + p.x, y: box.top + p.y};
}"""


def test_the_public_map_shows_payloads_as_text_and_fetches_nothing(page, payload_app,
                                                                   listener):
    url, place_id = payload_app
    page.goto(url + "?kommun=1270&year=2020&pledge=tomelilla-2020"
              "&layers=unsafe_places")
    wait_idle(page)
    frame = map_frame(page)
    frame.wait_for_function("() => window.feature_group.length >= 2", timeout=30_000)
    point = frame.evaluate(CLICK_JS, place_id)
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    details = page.locator("[data-testid=stHtml], [data-testid=stTable]").filter(
        has_text="bold")
    details.first.wait_for(timeout=30_000)
    wait_idle(page)
    shown = details.first.inner_text()
    assert "<img src=x onerror=alert(1)>" in shown and "**bold**" in shown  # as text
    screenshot(page, "payload_details")
    for scope in (page, frame):
        assert scope.locator(f"img[src*='127.0.0.1:{listener.port}']").count() == 0
        assert scope.locator("img[src='x']").count() == 0
        assert scope.evaluate("() => typeof globalThis.X") == "undefined"
    assert page.dialogs == []
    assert not [url for url in page.requests if f":{listener.port}" in url]
    assert listener.hits == 0
