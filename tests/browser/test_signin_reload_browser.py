"""A local sign-in survives a reload (F5), ends after its set time, and a sign-out holds
(issue 14, item 3). The sign-in cookie is HttpOnly: no script in the page can read it."""

from __future__ import annotations

import time

import pytest

from app.signin_cookie import BROWSER_COOKIE
from geo import i18n
from geo.access import token as tok
from geo.access.token import COOKIE
from tests import fixture_data as fx
from tests.browser.conftest import (
    map_frame,
    open_registrera,
    recording_page,
    screenshot,
    serve,
    sign_in,
    wait_idle,
)

pytestmark = pytest.mark.browser

LIFETIME = 30  # seconds: long enough to sign in and reload, short enough to wait out


@pytest.fixture(scope="module")
def short_signin_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signin_reload")
    db = folder / "fixture.gpkg"
    fx.build(db)
    with serve(db, folder / "streamlit.log",
               env={"TRYGGHETSKARTAN_SESSION_SECONDS": str(LIFETIME)}) as url:
        yield url


def signed_in(page) -> bool:
    wait_idle(page)
    page.locator("[data-testid=stSidebar]").wait_for(timeout=30_000)
    return page.get_by_role("button", name=i18n.t("auth.logout", "sv")).count() == 1


def signin_cookie(page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == COOKIE), None)


def wait_for_cookie(page, present: bool) -> dict | None:
    """The sign-in cookie once the browser holds it (or once it is gone), as the browser
    keeps it: an HttpOnly cookie is seen only from outside the page."""
    deadline = time.monotonic() + 30
    while ((cookie := signin_cookie(page)) is not None) != present:
        if time.monotonic() > deadline:
            raise AssertionError(f"the sign-in cookie never {'came' if present else 'went'}")
        page.wait_for_timeout(100)  # polling the browser's cookie jar, not the page
    return cookie


def own_errors(page) -> list[str]:
    """Console errors, less Streamlit's own when a page URL is loaded directly: its probes
    of ``<page>/_stcore/health`` and ``host-config`` (404) and the "page not found" notice,
    which is issue 14's item 4 (deep links), tested by its own journey."""
    return [e for e in page.console_errors
            if not e.startswith("Failed to load resource: the server responded with a status "
                                "of 404") and "main page" not in e]


def reload(page) -> None:
    page.reload()
    page.locator("[data-testid=stSidebarNav]").wait_for(timeout=30_000)
    wait_idle(page)


def public_view(page) -> None:
    """What the public sees: nobody signed in, no Registrera page."""
    assert not signed_in(page)
    assert page.get_by_role("link", name=i18n.t("edit.nav", "sv")).count() == 0


def put_back(page, cookie: dict, value: str | None = None) -> None:
    """The browser holds ``cookie`` again (with another ``value``), attributes kept."""
    page.context.add_cookies([{**{k: v for k, v in cookie.items() if k != "expires"},
                               **({"value": value} if value is not None else {})}])


def test_the_signin_cookie_is_httponly_and_strict(browser, short_signin_app):
    page = recording_page(browser)
    try:
        page.goto(short_signin_app)
        sign_in(page, *fx.EDITOR)
        cookie = wait_for_cookie(page, present=True)
        assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
        assert cookie["path"] == "/" and cookie["secure"] is False  # plain http here
        assert COOKIE not in page.evaluate("document.cookie")  # no script in the page sees it
        browser_id = next(c for c in page.context.cookies() if c["name"] == BROWSER_COOKIE)
        assert browser_id["httpOnly"] is True and BROWSER_COOKIE not in page.evaluate(
            "document.cookie")
        assert "redaktor" not in cookie["value"]  # signed, not plain
        assert "password" not in page.url and cookie["value"] not in page.url
        assert not any(cookie["value"] in url for url in page.requests)
        assert own_errors(page) == []
    finally:
        page.context.close()


def test_a_reload_keeps_the_editor_signed_in_until_the_set_time(browser, short_signin_app):
    page = recording_page(browser)
    try:
        page.goto(short_signin_app)
        sign_in(page, *fx.EDITOR)
        open_registrera(page)
        cookie = wait_for_cookie(page, present=True)
        # F5 on Registrera: still signed in, still on Registrera
        reload(page)
        assert signed_in(page)
        page.get_by_role("heading", name=i18n.t("edit.heading", "sv")).wait_for(timeout=30_000)
        screenshot(page, "signin_after_reload")
        # after the set time the server refuses the token, even if the browser kept it
        expires = cookie["expires"]
        page.wait_for_function(f"() => Date.now() / 1000 > {expires} + 1",
                               timeout=(LIFETIME + 30) * 1000, polling=500)
        put_back(page, cookie)
        reload(page)
        public_view(page)
        screenshot(page, "signin_expired_after_reload")
        assert own_errors(page) == []
    finally:
        page.context.close()


def test_a_sign_out_clears_the_cookie_and_holds_after_a_reload(browser, short_signin_app):
    page = recording_page(browser)
    try:
        page.goto(short_signin_app)
        sign_in(page, *fx.EDITOR)
        cookie = wait_for_cookie(page, present=True)
        page.goto(short_signin_app)  # the map, loaded afresh: still signed in
        assert signed_in(page)
        page.get_by_role("button", name=i18n.t("auth.logout", "sv")).click()
        wait_idle(page)
        wait_for_cookie(page, present=False)  # the server cleared it: the page cannot
        reload(page)
        public_view(page)
        map_frame(page)  # the public map
        screenshot(page, "signin_signed_out_after_reload")
        # the signed-out token is refused although it has not expired (revoked on the server)
        put_back(page, cookie)
        reload(page)
        public_view(page)
        assert own_errors(page) == []
    finally:
        page.context.close()


def test_a_tampered_cookie_signs_nobody_in(browser, short_signin_app):
    page = recording_page(browser)
    try:
        page.goto(short_signin_app)
        sign_in(page, *fx.EDITOR)
        cookie = wait_for_cookie(page, present=True)
        version, body, signature = cookie["value"].split(".")
        _, admin_body, other_signature = tok.issue(fx.ADMIN[0], b"x" * 32, time.time(),
                                                   LIFETIME)[0].split(".")
        forged = {"editor's body, another secret's signature":
                      f"{version}.{body}.{other_signature}",
                  "the admin's body, the editor's signature": f"{version}.{admin_body}.{signature}",
                  "not a token": fx.ADMIN[0]}
        for what, value in forged.items():
            put_back(page, cookie, value)
            reload(page)
            assert not signed_in(page), what
            wait_for_cookie(page, present=False)  # the server cleared the bad cookie
        public_view(page)
        assert own_errors(page) == []
    finally:
        page.context.close()
