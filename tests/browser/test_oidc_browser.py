"""OpenID Connect end to end: ``st.login`` against a real provider on loopback
(``oidc-provider-mock``), the role from the users table, ``email_verified`` required,
sign out."""

from __future__ import annotations

import secrets

import pytest

from geo import i18n
from tests import fixture_data as fx
from tests.auditlog import entries
from tests.browser.conftest import free_port, open_sign_in, screenshot, serve, wait_idle

pytestmark = pytest.mark.browser

UNVERIFIED = "overifierad@tomelilla.se"


@pytest.fixture(scope="module")
def oidc_app(tmp_path_factory):
    oidc_provider_mock = pytest.importorskip("oidc_provider_mock")
    pytest.importorskip("authlib")
    folder = tmp_path_factory.mktemp("oidc")
    fx.build(folder / "fixture.gpkg")
    users = [
        oidc_provider_mock.User(sub="redaktor", claims={"email": fx.EDITOR[0],
                                                        "email_verified": True}),
        oidc_provider_mock.User(sub="overifierad", claims={"email": fx.EDITOR[0],
                                                           "email_verified": False}),
    ]
    with oidc_provider_mock.run_server_in_thread(user_claims=users) as provider:
        issuer = f"http://localhost:{provider.server_port}"
        port = free_port()
        secrets_file = folder / "secrets.toml"
        secrets_file.write_text(
            "[auth]\n"
            f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            f'cookie_secret = "{secrets.token_hex(32)}"\n'
            'client_id = "trygghetskartan-test"\n'
            f'client_secret = "{secrets.token_hex(16)}"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n')
        with serve(folder / "fixture.gpkg", folder / "streamlit.log", secrets=secrets_file,
                   port=port):
            yield f"http://localhost:{port}", folder / "streamlit.log"


@pytest.fixture
def oidc_page(page):
    # the mock provider's pages link a stylesheet on a CDN: nothing leaves the machine
    page.route("**/*", lambda route: route.abort() if not route.request.url.startswith(
        ("http://localhost", "http://127.0.0.1")) else route.continue_())
    return page


def sign_in_with_provider(page, url: str, subject: str) -> None:
    page.goto(url)
    open_sign_in(page)
    page.get_by_role("button", name=i18n.t("auth.login_oidc", "sv")).click()
    # the provider's own authorisation form
    page.get_by_role("heading", name="Authorize Client").wait_for(timeout=30_000)
    page.get_by_role("button", name=subject, exact=True).click()
    page.wait_for_url(url + "/**", timeout=30_000)
    wait_idle(page)


def sign_out(page, url: str) -> None:
    page.get_by_role("button", name=i18n.t("auth.logout", "sv")).click()
    # st.logout goes to the provider's end-session endpoint when it can name the session
    # (the mock asks for a click, then sends the browser back), else straight to the app
    end_session = page.get_by_role("button", name="End session")
    public = page.get_by_text(i18n.t("auth.login", "sv"), exact=True)
    end_session.or_(public).first.wait_for(timeout=30_000)
    if end_session.count():
        end_session.click()
    page.wait_for_url(url + "/**", timeout=30_000)
    public.first.wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_role("button", name=i18n.t("auth.logout", "sv")).count() == 0


def test_an_editor_signs_in_through_oidc_and_out_again(oidc_page, oidc_app):
    page = oidc_page
    url, log_path = oidc_app
    sign_in_with_provider(page, url, "redaktor")
    page.get_by_role("button", name=i18n.t("auth.logout", "sv")).wait_for(timeout=30_000)
    assert page.get_by_text(fx.EDITOR[0], exact=False).count() >= 1
    page.get_by_role("link", name=i18n.t("edit.nav", "sv")).click()
    page.get_by_role("heading", name=i18n.t("edit.heading", "sv")).wait_for(timeout=30_000)
    wait_idle(page)
    screenshot(page, "oidc_editor_signed_in")
    sign_out(page, url)
    assert page.get_by_role("link", name=i18n.t("edit.nav", "sv")).count() == 0
    assert page.get_by_text(i18n.t("auth.login", "sv")).count() >= 1
    lines = [(e["event"], e["action"], e["who"], e["role"], e["outcome"])
             for e in entries(log_path.read_text()) if e["event"] in ("sign_in", "sign_out")]
    assert lines == [("sign_in", "oidc", fx.EDITOR[0], "editor", "ok"),
                     ("sign_out", "sign_out", fx.EDITOR[0], "editor", "ok")]


def test_an_unverified_email_stays_public(oidc_page, oidc_app):
    page = oidc_page
    url, log_path = oidc_app
    sign_in_with_provider(page, url, "overifierad")
    page.get_by_text(i18n.t("auth.email_unverified", "sv")).wait_for(timeout=30_000)
    wait_idle(page)
    assert page.get_by_role("link", name=i18n.t("edit.nav", "sv")).count() == 0
    screenshot(page, "oidc_unverified_public")
    assert ("sign_in", "email_not_verified", "public") in [
        (e["event"], e["outcome"], e["role"]) for e in entries(log_path.read_text())]
    sign_out(page, url)
