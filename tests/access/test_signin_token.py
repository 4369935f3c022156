"""The signed, expiring sign-in token behind a reload-proof local sign-in (issue 14, item 3)."""

from __future__ import annotations

from geo.access import token as tok

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


def test_the_token_holds_no_password_and_the_settings_are_read(monkeypatch):
    token, _ = tok.issue("redaktor@tomelilla.se", SECRET, now=1000, seconds=60)
    assert set(token) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    monkeypatch.setenv("TRYGGHETSKARTAN_SESSION_SECONDS", "90")
    assert tok.lifetime() == 90
    monkeypatch.setenv("TRYGGHETSKARTAN_SESSION_SECONDS", "nonsense")
    assert tok.lifetime() == tok.DEFAULT_LIFETIME
    monkeypatch.setenv("TRYGGHETSKARTAN_SESSION_SECRET", "short")
    assert tok.configured_secret() is None  # too short to sign with


def test_a_handoff_is_collected_once_by_its_own_browser():
    handoffs = tok.Handoffs(seconds=30)
    handoffs.put("browser-a", tok.Handoff("token-a", 60), now=1000)
    assert handoffs.take("browser-b", now=1001) is None  # another browser gets nothing
    assert handoffs.take("browser-a", now=1001) == tok.Handoff("token-a", 60)
    assert handoffs.take("browser-a", now=1002) is None  # single use
    assert "browser-a" not in repr(handoffs._waiting)  # only a hash of the id is kept


def test_a_handoff_expires_and_a_later_one_replaces_it():
    handoffs = tok.Handoffs(seconds=30)
    handoffs.put("browser-a", tok.Handoff("token-a", 60), now=1000)
    assert handoffs.take("browser-a", now=1030) is None  # 30 seconds are over
    handoffs.put("browser-a", tok.Handoff("token-a", 60), now=1000)
    handoffs.put("browser-a", tok.Handoff(None), now=1001)  # signed out before collecting
    assert handoffs.take("browser-a", now=1002) == tok.Handoff(None)


def test_waiting_handoffs_stay_bounded():
    handoffs = tok.Handoffs(seconds=30, limit=3)
    for n in range(5):
        handoffs.put(f"browser-{n}", tok.Handoff(f"token-{n}", 60), now=1000)
    assert len(handoffs) == 3
    assert handoffs.take("browser-0", now=1001) is None  # the oldest were dropped
    assert handoffs.take("browser-4", now=1001) == tok.Handoff("token-4", 60)
    handoffs.put("browser-5", tok.Handoff("token-5", 60), now=2000)  # the old ones expired
    assert len(handoffs) == 1
