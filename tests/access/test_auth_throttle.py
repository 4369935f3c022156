"""The sign-in throttle: delays grow, the lock holds and ends, on an injected clock."""

from __future__ import annotations

import threading

import pytest

from geo.access.throttle import HARD_MAX_DELAY_S, Throttle, ThrottleSettings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


SETTINGS = ThrottleSettings(free_failures=5, delay_s=1.0, max_delay_s=10.0, lock_failures=10,
                            client_lock_failures=30, window_s=900.0, lock_s=600.0)


def fail(throttle: Throttle, email: str = "a@b.se", client: str = "10.0.0.1"):
    attempt = throttle.begin(throttle.account_key(email), throttle.client_key(client))
    throttle.end(attempt, success=False)
    return attempt


def succeed(throttle: Throttle, email: str = "a@b.se", client: str = "10.0.0.1"):
    attempt = throttle.begin(throttle.account_key(email), throttle.client_key(client))
    throttle.end(attempt, success=not attempt.locked)
    return attempt


def test_delays_grow_after_the_free_failures_then_the_account_locks():
    throttle = Throttle(SETTINGS, Clock())
    attempts = [fail(throttle) for _ in range(10)]
    assert [a.delay_s for a in attempts] == [0, 0, 0, 0, 0, 1, 2, 4, 8, 10]
    assert not any(a.locked for a in attempts)
    locked = fail(throttle)
    assert locked.locked and locked.delay_s == 10  # refused, after the longest delay


def test_the_right_password_is_refused_during_the_lock_and_accepted_after_it():
    clock = Clock()
    throttle = Throttle(SETTINGS, clock)
    for _ in range(10):
        fail(throttle)
    clock.now += 599
    assert succeed(throttle).locked
    for _ in range(20):  # attempts during the lock neither count nor extend it
        assert fail(throttle).locked
    clock.now += 1.5
    after = succeed(throttle)
    assert not after.locked
    # a success cleared the account's failures (the client's ten still slow this client)
    assert fail(throttle, client="10.0.0.2").delay_s == 0
    assert fail(throttle).delay_s == 10


def test_failures_outside_the_window_are_forgotten():
    clock = Clock()
    throttle = Throttle(SETTINGS, clock)
    for _ in range(9):
        fail(throttle)
    clock.now += 901
    assert fail(throttle).delay_s == 0


def test_the_account_is_locked_whatever_the_client():
    throttle = Throttle(SETTINGS, Clock())
    for n in range(10):
        fail(throttle, client=f"10.0.0.{n}")
    assert succeed(throttle, client="192.168.1.1").locked
    assert not succeed(throttle, email="other@b.se", client="192.168.1.1").locked


def test_one_client_guessing_many_accounts_is_slowed_and_locked():
    throttle = Throttle(SETTINGS, Clock())
    attempts = [fail(throttle, email=f"user{n}@b.se") for n in range(30)]
    assert [a.delay_s for a in attempts[:7]] == [0, 0, 0, 0, 0, 1, 2]
    assert not any(a.locked for a in attempts)
    assert fail(throttle, email="fresh@b.se").locked
    assert not fail(throttle, email="fresh@b.se", client="10.9.9.9").locked


def test_a_success_does_not_clear_the_clients_failures():
    throttle = Throttle(SETTINGS, Clock())
    for n in range(6):
        fail(throttle, email=f"user{n}@b.se")
    succeed(throttle, email="mine@b.se")
    assert fail(throttle, email="x@b.se").delay_s == 2


def test_attempts_in_flight_count_so_parallel_sessions_cannot_pass_the_lock():
    throttle = Throttle(SETTINGS, Clock())
    keys = (throttle.account_key("a@b.se"), throttle.client_key("c"))
    started = [throttle.begin(*keys) for _ in range(12)]
    assert [a.locked for a in started] == [False] * 10 + [True, True]
    assert [a.delay_s for a in started[:10]] == [0, 0, 0, 0, 0, 1, 2, 4, 8, 10]
    for attempt in started:
        throttle.end(attempt, success=False)
    assert throttle.locked_until(keys[0]) > 0


def test_the_account_key_ignores_case_and_spaces():
    throttle = Throttle(SETTINGS, Clock())
    for _ in range(10):
        fail(throttle, email=" A@B.se")
    assert fail(throttle, email="a@b.SE").locked


def test_settings_come_from_the_environment_and_delays_are_capped():
    settings = ThrottleSettings.from_env({
        "TRYGGHETSKARTAN_LOGIN_LOCK_S": "5", "TRYGGHETSKARTAN_LOGIN_DELAY_S": "0.25",
        "TRYGGHETSKARTAN_LOGIN_LOCK_FAILURES": "4", "TRYGGHETSKARTAN_LOGIN_MAX_DELAY_S": "999",
        "TRYGGHETSKARTAN_LOGIN_FREE_FAILURES": "",
    })
    assert (settings.lock_s, settings.delay_s, settings.lock_failures) == (5.0, 0.25, 4)
    assert settings.free_failures == 5 and settings.max_delay_s == HARD_MAX_DELAY_S
    assert ThrottleSettings.from_env({}) == ThrottleSettings()
    with pytest.raises(ValueError, match="TRYGGHETSKARTAN_LOGIN_LOCK_S"):
        ThrottleSettings.from_env({"TRYGGHETSKARTAN_LOGIN_LOCK_S": "ten"})
    with pytest.raises(ValueError):
        ThrottleSettings(lock_failures=0)


def test_threads_share_one_count():
    throttle = Throttle(SETTINGS, Clock())
    threads = [threading.Thread(target=fail, args=(throttle,)) for _ in range(9)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert fail(throttle).delay_s == 10 and throttle.locked_until(
        throttle.account_key("a@b.se")) > 0
