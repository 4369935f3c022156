"""Take the README screenshot: the app at a URL, optionally zoomed in on a place.

Usage: python docs/screenshot.py URL OUT.png [LAT LON ZOOM]
(start the app first with ``make run``; Debian's Chromium draws it headless).
"""

from __future__ import annotations

import re
import sys

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main(url: str, out: str, *view: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1150})
        page.goto(url)
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]")
        page.wait_for_selector('iframe[title="streamlit_folium.st_folium"]')
        while (frame := page.frame(url=re.compile("streamlit_folium"))) is None:
            page.wait_for_timeout(100)
        frame.wait_for_function("() => window.map && (window.feature_group || []).length > 1")
        if view:
            lat, lon, zoom = float(view[0]), float(view[1]), int(view[2])
            script = f"() => {{ window.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); }}"
            frame.evaluate(script)
        page.screenshot(path=out, full_page=False)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
