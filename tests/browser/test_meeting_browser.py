"""Meeting mode in Chromium: the arrow keys step through the agenda; screenshots per step.

The meeting page is not yet in ``dashboard.py``'s navigation, so a tiny wrapper app
(in a temporary folder, with ``static/`` linked) runs just that page on the fixture store.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests import fixture_data
from tests.browser.conftest import ROOT, _free_port, map_frame, screenshot, wait_idle

pytestmark = pytest.mark.browser
WRAPPER = f"""import streamlit as st
st.set_page_config(page_title="Trygghetskartan", layout="wide")
st.navigation([st.Page({str(ROOT / 'pages' / 'meeting.py')!r}, url_path="mote")]).run()
"""


@pytest.fixture(scope="module")
def meeting_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("meeting_app")
    (folder / "meeting_wrapper.py").write_text(WRAPPER, encoding="utf-8")
    (folder / "static").symlink_to(ROOT / "static")
    db = folder / "fixture.gpkg"
    fixture_data.build(db)
    port = _free_port()
    env = {**os.environ, "TRYGGHETSKARTAN_DB": str(db), "TRYGGHETSKARTAN_BASEMAP": "",
           "PYTHONPATH": str(ROOT)}
    log = open(folder / "streamlit.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(folder / "meeting_wrapper.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}") from None
            time.sleep(0.2)  # polling the health endpoint, not waiting on the page
    yield url
    process.terminate()
    process.wait(timeout=20)
    log.close()


def _heading(page) -> str:
    return page.locator("[data-testid=stHeading] h3").first.inner_text()


def test_arrow_keys_step_through_the_agenda(meeting_url: str, page) -> None:
    page.goto(f"{meeting_url}/?since=2020-09-01&until=2020-12-31&m_pledge=all")
    wait_idle(page)
    map_frame(page)
    seen = [_heading(page)]
    screenshot(page, "meeting-step-1")
    for number in range(2, 4):
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            "(old) => { const h = document.querySelector('[data-testid=stHeading] h3');"
            " return h && h.innerText !== old; }", arg=seen[-1], timeout=30_000)
        wait_idle(page)
        seen.append(_heading(page))
        screenshot(page, f"meeting-step-{number}")
    assert seen == ["Nya otrygga platser (1)", "Otrygga platser åtgärdade (0)",
                    "Nya brister från trygghetsvandringar (2)"]
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stHeading] h3').innerText"
        ".startsWith('Otrygga platser åtgärdade')", timeout=30_000)
    assert "step=1" in page.url
    assert page.evaluate("() => window.X") is None  # the payload was shown, never run
    assert not page.dialogs
