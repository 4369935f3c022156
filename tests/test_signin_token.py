"""The signed, expiring sign-in token behind a reload-proof local sign-in (issue 14, item 3)."""

from __future__ import annotations

from geo import signin_token as tok

SECRET = b"s" * 32


def test_a_token_names_its_account_until_it_expires():
    token, claims = tok.issue("redaktor@tomelilla.se", SECRET, now=1000, seconds=60)
    assert tok.verify(token, SECRET, now=1059) == claims
    assert claims.email == "redaktor@tomelilla.se" and claims.expires == 1060
    assert tok.verify(token, SECRET, now=1060) is None  # the set time has passed


def test_a_forged_or_altered_token_is_refused():
    token, _ = tok.issue("redaktor@tomelilla.se", SECRET, now=1000, seconds=60)
    other, _ = tok.issue("admin@kommun.se", b"x" * 32, now=1000, seconds=60)
    version, body, signature = token.split(".")
    longer, _ = tok.issue("redaktor@tomelilla.se", SECRET, now=1000, seconds=10**6)
    assert tok.verify(other, SECRET, now=1001) is None  # another secret
    assert tok.verify(f"{version}.{longer.split('.')[1]}.{signature}", SECRET, 1001) is None
    for bad in (None, "", "v1..", "v2." + body + "." + signature, token + "x", 5, "a" * 5000):
        assert tok.verify(bad, SECRET, now=1001) is None


def test_a_signed_out_token_is_refused_before_it_expires():
    token, claims = tok.issue("redaktor@tomelilla.se", SECRET, now=1000, seconds=60)
    assert tok.verify(token, SECRET, now=1001, revoked={claims.token_id}) is None


def test_the_token_holds_no_password_and_the_cookie_is_strict(monkeypatch):
    token, _ = tok.issue("redaktor@tomelilla.se", SECRET, now=1000, seconds=60)
    assert set(token) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    script = tok.cookie_script(token, 60, secure=True)
    assert "Max-Age=60" in script and "SameSite=Strict" in script and "Secure" in script
    assert "Max-Age=0" in tok.cookie_script(None, 60, secure=False)
    monkeypatch.setenv("TRYGGHETSKARTAN_SESSION_SECONDS", "90")
    assert tok.lifetime() == 90
    monkeypatch.setenv("TRYGGHETSKARTAN_SESSION_SECONDS", "nonsense")
    assert tok.lifetime() == tok.DEFAULT_LIFETIME
    monkeypatch.setenv("TRYGGHETSKARTAN_SESSION_SECRET", "short")
    assert tok.configured_secret() is None  # too short to sign with
