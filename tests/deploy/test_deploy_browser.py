"""Through nginx, in Chromium: an editor signs in on one instance, the sign-in holds across
a reload, she places a finding; a browser that nginx sends to the OTHER instance, with her
sign-in cookie, is signed in there too and sees the finding on the map.

Which instance served a browser is read from ``/healthz`` (its instance name) with the
browser's own cookies, and checked afterwards in nginx's access log: every request of a
browser, its websocket included, went to that one instance.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from app.signin_cookie import BROWSER_COOKIE
from geo import i18n
from tests import fixture_data as fx
from tests.browser.conftest import (
    LAYER_DRAWN_JS,
    MAP_IFRAME,
    drawn,
    map_frame,
    screenshot,
    sign_in,
    wait_on_map,
)
from tests.browser.test_edit_browser import place_finding
from tests.browser.test_edit_journey_browser import open_findings_2020
from tests.browser.test_signin_reload_browser import (
    own_errors,
    reload,
    signed_in,
    wait_for_cookie,
)

pytestmark = pytest.mark.browser

NODE = "trygghetskartan_node"
DESCRIPTION = "Trasig lampa vid gång- och cykelvägen (via nginx)"
LOG_LINE = re.compile(r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) .* '
                      r"upstream=(?P<upstream>\S+) node=(?P<node>\S+)")


def new_page(browser):
    """A page in a context of its own (the stack's certificate is self-signed)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000},
                                  ignore_https_errors=True)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    return page


def instance_of(page, url: str) -> str:
    """The instance nginx sends this browser to (``/healthz`` with the browser's cookies)."""
    response = page.context.request.get(f"{url}/healthz")
    assert response.status == 200
    return response.json()["instance"]


def still_signed_in(page) -> bool:
    """Signed in once the reloaded page has settled: the sign-out button within 30 s.

    Through the proxy the page can be idle for a moment before the run that restores the
    sign-in from the cookie has drawn the sidebar's button (seen once in CI); a person sees
    the button appear. A sign-in that does not hold never shows it.
    """
    button = page.get_by_role("button", name=i18n.t("auth.logout", "sv"))
    try:
        button.wait_for(state="visible", timeout=30_000)
    except PlaywrightTimeout:
        return False
    return signed_in(page)


def node_of(page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == NODE)


def findings_2020(page) -> dict:
    """Registrera, year 2020, the findings layer; the map's frame once it has drawn."""
    open_findings_2020(page)
    frame = map_frame(page)
    frame.wait_for_function("() => window.feature_group.length > 1", timeout=30_000)
    return frame


def upstreams_by_node(stack) -> dict[str, set[tuple[str, str]]]:
    """From nginx's access log: each routing id's (upstream, path) pairs."""
    seen: dict[str, set[tuple[str, str]]] = {}
    for line in stack.access_log.read_text().splitlines():
        match = LOG_LINE.search(line)
        if match:
            path = match["path"].split("?", 1)[0]
            seen.setdefault(match["node"], set()).add((match["upstream"], path))
    return seen


def test_an_edit_on_one_instance_shows_on_the_other(browser, stack):
    editor = new_page(browser)
    other = None
    try:
        editor.goto(stack.url)
        first = instance_of(editor, stack.url)
        sign_in(editor, *fx.EDITOR)
        signin = wait_for_cookie(editor, present=True)
        assert signin["secure"] is True and signin["httpOnly"] is True  # https via nginx
        # the app saw https from nginx's X-Forwarded-Proto (uvicorn trusts 127.0.0.1)
        assert next(c for c in editor.context.cookies()
                    if c["name"] == BROWSER_COOKIE)["secure"] is True
        reload(editor)
        assert still_signed_in(editor), "the sign-in did not hold across a reload through nginx"
        frame = findings_2020(editor)
        before = drawn(frame).get("findings", 0)
        place_finding(editor, frame, DESCRIPTION)
        wait_on_map(editor, LAYER_DRAWN_JS, ["findings", before + 1])
        editor.locator(MAP_IFRAME).scroll_into_view_if_needed()
        screenshot(editor, "deploy_editor_saved_via_nginx")
        assert instance_of(editor, stack.url) == first  # still the same instance

        # a browser that nginx sends to the other instance (at most 20 new browsers)
        for _ in range(20):
            other = new_page(browser)
            second = instance_of(other, stack.url)
            if second != first:
                break
            other.context.close()
            other = None
        assert other is not None, "nginx sent 20 new browsers to the same instance"
        # the editor's sign-in cookie, made by the first instance, holds on the second
        other.context.add_cookies([{k: v for k, v in signin.items() if k != "expires"}])
        other.goto(stack.url)
        assert still_signed_in(other), "a sign-in made on one instance is not valid on the other"
        findings_2020(other)
        wait_on_map(other, LAYER_DRAWN_JS, ["findings", before + 1])
        screenshot(other, "deploy_other_instance_sees_the_finding")

        nodes = {node_of(editor): first, node_of(other): second}
        assert own_errors(editor) == [] and own_errors(other) == []
    finally:
        editor.context.close()
        if other is not None:
            other.context.close()
    # nginx's log: each browser's every request, websocket included, went to one instance
    # (a websocket's line is written when it closes: with its browser, just above)
    ports = {name: f"127.0.0.1:{port}" for port, name in stack.instances.items()}
    deadline = time.monotonic() + 15
    while True:
        by_node = upstreams_by_node(stack)
        if all(("/_stcore/stream" in {path for _, path in by_node.get(node, ())})
               for node in nodes) or time.monotonic() > deadline:
            break
        time.sleep(0.2)  # polling nginx's log file, not a page
    for node, instance in nodes.items():
        served = by_node[node]
        assert {upstream for upstream, _ in served} == {ports[instance]}, served
        assert "/_stcore/stream" in {path for _, path in served}
