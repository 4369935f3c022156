"""OIDC claims → role (``email_verified`` required) and the local form's one refusal."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from tests import fixture_data as fx
from tests.app.conftest import APP

UNVERIFIED = i18n.t("auth.email_unverified", "sv")


def run(monkeypatch, db, user: dict | None = None, page: str | None = None) -> AppTest:
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    at = AppTest.from_file(APP, default_timeout=60)
    if user:
        at.user = user
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def nav_allows_edit(at: AppTest) -> bool:
    try:
        at.switch_page("views/edit.py").run()
    except ValueError:
        return False
    return not at.exception


@pytest.mark.parametrize(("verified", "role"), [
    (True, "editor"), ("true", "editor"), (False, None), ("false", None), (None, None),
    ("yes", None), (1, None),
])
def test_the_users_table_role_needs_a_verified_email(fixture_db, monkeypatch, verified, role):
    claims = {"is_logged_in": True, "email": fx.EDITOR[0]}
    if verified is not None:
        claims["email_verified"] = verified
    at = run(monkeypatch, fixture_db, claims)
    assert not at.exception
    warnings = [w.value for w in at.warning]
    if role:
        assert UNVERIFIED not in warnings
        assert nav_allows_edit(at)
    else:
        assert UNVERIFIED in warnings  # a Swedish notice, and the public's pages only
        assert i18n.t("auth.logout", "sv") in [b.label for b in at.button]
        assert not nav_allows_edit(at)


def test_a_role_claim_needs_a_verified_email_too(fixture_db, monkeypatch):
    claims = {"is_logged_in": True, "email": "ny@tomelilla.se", "roles": ["editor"],
              "kommuner": ["1270"]}
    assert not nav_allows_edit(run(monkeypatch, fixture_db, claims))
    assert nav_allows_edit(run(monkeypatch, fixture_db, {**claims, "email_verified": True}))


def test_the_oidc_sign_in_is_logged_once_per_session(fixture_db, monkeypatch, audit_log):
    at = run(monkeypatch, fixture_db, {"is_logged_in": True, "email": fx.EDITOR[0],
                                       "email_verified": False})
    at.run()
    lines = [(e["event"], e["action"], e["who"], e["role"], e["client"], e["outcome"])
             for e in audit_log()]
    assert lines == [("sign_in", "oidc", fx.EDITOR[0], "public",
                      at.session_state["_client_key"], "email_not_verified")]


def test_a_verified_oidc_sign_in_is_logged_with_its_role(fixture_db, monkeypatch, audit_log):
    at = run(monkeypatch, fixture_db, {"is_logged_in": True, "email": fx.EDITOR[0],
                                       "email_verified": True})
    at.run()
    lines = [(e["event"], e["action"], e["who"], e["role"], e["outcome"]) for e in audit_log()]
    assert lines == [("sign_in", "oidc", fx.EDITOR[0], "editor", "ok")]


def submit(at: AppTest, email: str, password: str) -> AppTest:
    at.text_input(key="login_email").input(email)
    at.text_input(key="login_password").input(password)
    (button,) = [b for b in at.button if b.label == i18n.t("auth.login", "sv")]
    return button.click().run()


def test_every_refusal_shows_the_same_message_and_is_logged(fixture_db, monkeypatch, audit_log):
    monkeypatch.setenv("TRYGGHETSKARTAN_LOGIN_DELAY_S", "0")
    from app.session import throttle
    throttle.clear()  # settings are read when the throttle is made
    try:
        at = run(monkeypatch, fixture_db)
        messages = []
        for email, password in ((fx.EDITOR[0], "fel lösenord!"), ("ingen@tomelilla.se", "x"),
                                ("", "")):
            at = submit(at, email, password)
            messages.append([e.value for e in at.error])
        assert messages == [[i18n.t("auth.failed", "sv")]] * 3
        at = submit(at, *fx.EDITOR)
        assert i18n.t("auth.logout", "sv") in [b.label for b in at.button]
    finally:
        throttle.clear()
    lines = audit_log()
    assert [(e["event"], e["outcome"]) for e in lines] == [
        ("sign_in", "wrong_password"), ("sign_in", "unknown"), ("sign_in", "unknown"),
        ("sign_in", "ok")]
    client = at.session_state["_client_key"]
    assert {e["client"] for e in lines} == {client} and client.startswith("session:")
    text = json.dumps(lines, ensure_ascii=False)
    assert fx.EDITOR[1] not in text and "fel lösenord" not in text
