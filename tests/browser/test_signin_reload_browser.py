"""A local sign-in survives a reload (F5), ends after its set time, and a sign-out holds
(issue 14, item 3)."""

from __future__ import annotations

import pytest

from geo import i18n
from geo.signin_token import COOKIE
from tests import fixture_data as fx
from tests.browser.conftest import (
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


def test_a_reload_keeps_the_editor_signed_in_until_the_set_time(browser, short_signin_app):
    page = recording_page(browser)
    try:
        page.goto(short_signin_app)
        sign_in(page, *fx.EDITOR)
        open_registrera(page)
        page.wait_for_function(f"() => document.cookie.includes('{COOKIE}=')", timeout=30_000)
        cookie = signin_cookie(page)
        assert cookie is not None and "redaktor" not in cookie["value"]  # signed, not plain
        assert "password" not in page.url and cookie["value"] not in page.url
        # F5 on Registrera: still signed in, still on Registrera
        reload(page)
        assert signed_in(page)
        page.get_by_role("heading", name=i18n.t("edit.heading", "sv")).wait_for(timeout=30_000)
        screenshot(page, "signin_after_reload")
        # after the set time the server refuses the token, even if the browser kept it
        expires = cookie["expires"]
        page.wait_for_function(f"() => Date.now() / 1000 > {expires} + 1",
                               timeout=(LIFETIME + 30) * 1000, polling=500)
        page.context.add_cookies([{k: v for k, v in cookie.items() if k != "expires"}])
        reload(page)
        assert not signed_in(page)
        assert page.get_by_role("link", name=i18n.t("edit.nav", "sv")).count() == 0
        screenshot(page, "signin_expired_after_reload")
        assert own_errors(page) == []
    finally:
        page.context.close()


def test_a_sign_out_holds_after_a_reload(browser, short_signin_app):
    page = recording_page(browser)
    try:
        page.goto(short_signin_app)
        sign_in(page, *fx.EDITOR)
        page.wait_for_function(f"() => document.cookie.includes('{COOKIE}=')", timeout=30_000)
        cookie = signin_cookie(page)
        page.get_by_role("button", name=i18n.t("auth.logout", "sv")).click()
        wait_idle(page)
        page.wait_for_function(f"() => !document.cookie.includes('{COOKIE}=')",
                               timeout=30_000)
        reload(page)
        assert not signed_in(page)
        # the signed-out token is refused although it has not expired (revoked on the server)
        page.context.add_cookies([{k: v for k, v in cookie.items() if k != "expires"}])
        reload(page)
        assert not signed_in(page)
        screenshot(page, "signin_signed_out_after_reload")
        assert own_errors(page) == []
    finally:
        page.context.close()
