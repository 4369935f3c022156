"""Local sign-in in the browser: wrong passwords slow down and lock the account, the right
password waits out the lock, and unknown and known e-mails are refused as fast."""

from __future__ import annotations

import statistics
import time

import pytest
from playwright.sync_api import expect

from geo import i18n
from geo.access.auth import User, hash_password
from tests import fixture_data as fx
from tests.auditlog import entries
from tests.browser.conftest import open_sign_in, screenshot, serve, wait_idle

pytestmark = pytest.mark.browser

LOCK_S = 30.0
MAX_DELAY_S = 1.2
#: Failures after the lock (each refused with the longest delay).
LOCKED_TRIES = 3
#: A short policy for the test: 5 free failures, delays 0.4 → 1.2 s, a 30 s lock at 10
#: (long enough for three more attempts and the right password on a loaded machine; the
#: test waits out the rest, so a longer lock is only a longer test).
SETTINGS = {"TRYGGHETSKARTAN_LOGIN_FREE_FAILURES": "5", "TRYGGHETSKARTAN_LOGIN_DELAY_S": "0.4",
            "TRYGGHETSKARTAN_LOGIN_MAX_DELAY_S": str(MAX_DELAY_S),
            "TRYGGHETSKARTAN_LOGIN_LOCK_FAILURES": "10",
            "TRYGGHETSKARTAN_LOGIN_LOCK_S": str(LOCK_S)}
TIMING_ACCOUNTS = [f"tid{n}@tomelilla.se" for n in range(8)]

#: Records each change of Streamlit's script state with the page's clock.
WATCH_JS = """() => {
  if (window.__watching) return;
  window.__watching = true; window.__runs = [];
  const app = document.querySelector('[data-testid=stApp]');
  new MutationObserver(() => window.__runs.push(
      [app.getAttribute('data-test-script-state'), performance.now()]))
    .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
RUN_DONE_JS = """() => {
  const runs = window.__runs;
  const started = runs.findIndex((r) => r[0] === 'running');
  const done = runs.findIndex((r, i) => i > started && r[0] === 'notRunning');
  return started >= 0 && done > started ? runs[done][1] - window.__t0 : null;
}"""


@pytest.fixture(scope="module")
def signin_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signin")
    store = fx.build(folder / "fixture.gpkg")
    hashed = hash_password("ett annat lösenord")
    for email in TIMING_ACCOUNTS:
        store.save_user(User(email=email, role="editor", kommuner=("1270",)), hashed, "test")
    with serve(folder / "fixture.gpkg", folder / "streamlit.log", env=SETTINGS) as url:
        yield url, folder / "streamlit.log"


def open_form(page, url: str) -> None:
    page.goto(url)
    open_sign_in(page)
    page.get_by_label(i18n.t("auth.email", "sv"), exact=True).wait_for(state="visible")
    page.evaluate(WATCH_JS)


def attempt(page, email: str, password: str) -> float:
    """Send the form once; seconds from the click to the end of the run it caused."""
    for label, text in ((i18n.t("auth.email", "sv"), email),
                        (i18n.t("auth.password", "sv"), password)):
        field = page.get_by_label(label, exact=True)
        field.fill(text)
        expect(field).to_have_value(text)
    page.evaluate("() => { window.__runs = []; window.__t0 = performance.now(); }")
    page.locator("[data-testid=stFormSubmitButton] button").first.click()
    page.wait_for_function(RUN_DONE_JS, timeout=60_000)
    return page.evaluate(RUN_DONE_JS) / 1000


def refused(page) -> bool:
    return page.get_by_text(i18n.t("auth.failed", "sv"), exact=True).count() == 1


def signed_in(page) -> bool:
    return page.get_by_role("button", name=i18n.t("auth.logout", "sv")).count() == 1


def test_wrong_passwords_slow_down_and_lock_and_the_right_one_waits_out_the_lock(
        page, signin_app):
    url, log_path = signin_app
    open_form(page, url)
    times = []
    for n in range(10 + LOCKED_TRIES):
        times.append(attempt(page, fx.EDITOR[0], f"fel lösenord {n}"))
        assert refused(page) and not signed_in(page)
        if n == 9:
            locked_at = time.monotonic()  # the tenth failure locks the account
    print("attempt times (s):", [round(t, 2) for t in times])
    # what the server made each attempt wait (its log), and that the visitor waited it:
    # a loaded machine only adds time, so the page's times are held to it from below
    tries = [e for e in entries(log_path.read_text())
             if e["event"] == "sign_in" and e["who"] == fx.EDITOR[0]]
    waits = [e["waited_s"] for e in tries]
    assert len(waits) == 10 + LOCKED_TRIES, waits
    assert waits[:5] == [0.0] * 5, waits  # five free failures
    assert 0 < waits[5] < waits[6] < waits[7] == waits[9] == MAX_DELAY_S, waits  # growing
    assert waits[10:] == [MAX_DELAY_S] * LOCKED_TRIES, waits  # locked: longest delay, refused
    assert all(took >= waited for took, waited in zip(times, waits, strict=True)), (times, waits)

    # the right password during the lock: the same refusal
    attempt(page, *fx.EDITOR)
    assert refused(page) and not signed_in(page)
    screenshot(page, "signin_locked")

    # the lock ends LOCK_S after the tenth failure: a server-side clock, nothing on the
    # page to wait for, so the test waits it out (plus a margin)
    remaining = locked_at + LOCK_S + 1.0 - time.monotonic()
    assert remaining > 0, "the attempts took longer than the lock; raise LOCK_S"
    page.wait_for_timeout(remaining * 1000)
    attempt(page, *fx.EDITOR)
    page.get_by_role("button", name=i18n.t("auth.logout", "sv")).wait_for(timeout=30_000)
    wait_idle(page)
    assert signed_in(page)
    log = log_path.read_text()
    tries = [e for e in entries(log) if e["event"] == "sign_in" and e["who"] == fx.EDITOR[0]]
    assert len(tries) == 12 + LOCKED_TRIES
    assert all(e["client"].startswith("session:") for e in tries)
    outcomes = [e["outcome"] for e in tries]
    assert outcomes.count("locked") == LOCKED_TRIES + 1 and outcomes[-1] == "ok"
    assert tries[-1]["role"] == "editor" and tries[-1]["level"] == "info"
    assert fx.EDITOR[1] not in log and "fel lösenord" not in log


def test_unknown_and_known_emails_are_refused_as_fast(browser, signin_app):
    """Four tries per fresh session and account after one uncounted warm-up (no delay
    applies), 16 of each kind.

    The ratio is taken per session (known, unknown, unknown, known: paired in time) and
    its median asserted within 20 %: a browser round trip adds the page's own rerun, and
    other processes share the machine; the 10 % bound is held at the geo level
    (tests/access/test_auth_signin.py). Before the fix the ratio was about 0.5.
    """
    url, _ = signin_app
    known, unknown, ratios = [], [], []
    for n, email in enumerate(TIMING_ACCOUNTS):
        context = browser.new_context(viewport={"width": 1600, "height": 1100})
        page = context.new_page()
        try:
            open_form(page, url)
            absent = f"finns.inte.{n}@tomelilla.se"
            # the session's first sign-in run is slower (imports, first hash): not counted
            attempt(page, f"uppvarmning.{n}@tomelilla.se", "fel lösenord!")
            # four more failures: five in all, the free ones for the session and each account;
            # the order alternates so neither kind always comes first or last
            order = [(email, "known"), (absent, "unknown"), (absent, "unknown"),
                     (email, "known")]
            if n % 2:
                order = [order[1], order[0], order[3], order[2]]
            times: dict[str, list[float]] = {"known": [], "unknown": []}
            for address, kind in order:
                times[kind].append(attempt(page, address, "fel lösenord!"))
                assert refused(page)
        finally:
            context.close()
        known += times["known"]
        unknown += times["unknown"]
        ratios.append(statistics.mean(times["unknown"]) / statistics.mean(times["known"]))
    ratio = statistics.median(ratios)
    print(f"refusal medians: known {statistics.median(known):.3f} s, unknown "
          f"{statistics.median(unknown):.3f} s; median per-session ratio {ratio:.3f}")
    assert 0.8 <= ratio <= 1.25, (ratios, known, unknown)
