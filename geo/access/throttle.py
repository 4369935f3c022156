"""Throttling of failed sign-ins: growing delays, then a temporary lock.

Every local sign-in attempt is counted against two keys: the account (the e-mail as
typed, known or not, so that locks do not tell which accounts exist) and the client
(its address, or its browser session when the address is unknown). For each key:

* the first ``free_failures`` failures within ``window_s`` cost nothing extra;
* each further failure doubles a delay, from ``delay_s`` up to ``max_delay_s``, that the
  next attempt waits before its password is checked;
* at ``lock_failures`` failures (``client_lock_failures`` for a client) the key is locked
  for ``lock_s``: every attempt, even with the right password, is refused (with the
  same message as any refusal, after the longest delay) until the lock ends, and the
  count starts again.

Attempts in flight count as failures until they end, so parallel sessions cannot slip
past the lock. A success clears the account's failures (not the client's).

The state lives in this process (:class:`Throttle`), so **each app instance counts for
itself**: behind a proxy with N instances an attacker gets up to N times the attempts
before every instance has locked. The clock is injected so tests need no sleeps.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

ENV_PREFIX = "TRYGGHETSKARTAN_LOGIN_"
#: Above this, a delay would hold a session's script thread too long; settings are capped.
HARD_MAX_DELAY_S = 30.0
#: Keys kept before idle ones are swept (an attacker spraying e-mails cannot grow it freely).
MAX_KEYS = 100_000


@dataclass(frozen=True)
class ThrottleSettings:
    """The numbers of the policy (``TRYGGHETSKARTAN_LOGIN_*`` environment variables)."""

    free_failures: int = 5
    delay_s: float = 1.0
    max_delay_s: float = 10.0
    lock_failures: int = 10
    client_lock_failures: int = 30
    window_s: float = 900.0
    lock_s: float = 900.0

    def __post_init__(self) -> None:
        if min(self.free_failures, self.delay_s, self.max_delay_s, self.window_s,
               self.lock_s) < 0 or min(self.lock_failures, self.client_lock_failures) < 1:
            raise ValueError("sign-in throttle settings must not be negative")
        object.__setattr__(self, "max_delay_s", min(self.max_delay_s, HARD_MAX_DELAY_S))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> ThrottleSettings:
        """The defaults, overridden by ``TRYGGHETSKARTAN_LOGIN_<FIELD>`` (e.g. ``_LOCK_S``)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}  # each field's own type (int or float)
        for name, default in cls().__dict__.items():
            raw = environ.get(ENV_PREFIX + name.upper())
            if raw is None or raw.strip() == "":
                continue
            try:
                values[name] = type(default)(raw.strip())
            except ValueError:
                raise ValueError(f"{ENV_PREFIX}{name.upper()} must be a number") from None
        return cls(**values)

    def delay(self, failures: int) -> float:
        """The wait before an attempt made after ``failures`` failures."""
        if failures < self.free_failures or self.delay_s == 0:
            return 0.0
        return min(self.delay_s * 2 ** min(failures - self.free_failures, 30), self.max_delay_s)


@dataclass
class _Entry:
    failures: deque[float] = field(default_factory=deque)
    lock_until: float = 0.0
    in_flight: int = 0


@dataclass(frozen=True)
class Attempt:
    """One sign-in attempt: how long to wait first, and whether it is refused outright."""

    keys: tuple[str, ...]
    delay_s: float
    locked: bool


class Throttle:
    """Failure counts per key, thread-safe; ``clock`` returns seconds (monotonic)."""

    def __init__(self, settings: ThrottleSettings | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings or ThrottleSettings()
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self._mutex = threading.Lock()

    @staticmethod
    def account_key(email: str) -> str:
        return "account:" + email.strip().casefold()

    @staticmethod
    def client_key(client: str) -> str:
        return "client:" + client

    def _threshold(self, key: str) -> int:
        s = self.settings
        return s.client_lock_failures if key.startswith("client:") else s.lock_failures

    def _entry(self, key: str, now: float) -> _Entry:
        entry = self._entries.get(key)
        if entry is None:
            if len(self._entries) >= MAX_KEYS:
                self._sweep(now)
            entry = self._entries[key] = _Entry()
        while entry.failures and entry.failures[0] <= now - self.settings.window_s:
            entry.failures.popleft()
        return entry

    def _sweep(self, now: float) -> None:
        cutoff = now - self.settings.window_s
        for key in [k for k, e in self._entries.items()
                    if e.in_flight == 0 and e.lock_until <= now
                    and (not e.failures or e.failures[-1] <= cutoff)]:
            del self._entries[key]

    def begin(self, *keys: str) -> Attempt:
        """Start an attempt on ``keys``: its delay and lock (no attempt is started if locked)."""
        with self._mutex:
            now = self._clock()
            entries = [self._entry(key, now) for key in keys]
            locked = any(now < e.lock_until
                         or len(e.failures) + e.in_flight >= self._threshold(key)
                         for key, e in zip(keys, entries, strict=True))
            delay = max((self.settings.delay(len(e.failures) + e.in_flight) for e in entries),
                        default=0.0)
            if locked:  # a locked key waits as long as the slowest failure does
                delay = self.settings.delay(max(self.settings.free_failures,
                                                self.settings.lock_failures))
            else:
                for entry in entries:
                    entry.in_flight += 1
            return Attempt(keys=keys, delay_s=delay, locked=locked)

    def end(self, attempt: Attempt, success: bool) -> None:
        """End an attempt begun by :meth:`begin`: count a failure or clear the account."""
        if attempt.locked:
            return  # refused without counting: the lock ends when it was set to
        with self._mutex:
            now = self._clock()
            for key in attempt.keys:
                entry = self._entry(key, now)
                entry.in_flight = max(entry.in_flight - 1, 0)
                if success:
                    if key.startswith("account:"):
                        entry.failures.clear()
                        entry.lock_until = 0.0
                    continue
                entry.failures.append(now)
                if len(entry.failures) >= self._threshold(key):
                    entry.lock_until = now + self.settings.lock_s
                    entry.failures.clear()

    def locked_until(self, key: str) -> float:
        """When ``key``'s lock ends (0 when it is not locked), on this throttle's clock."""
        with self._mutex:
            entry = self._entries.get(key)
            return entry.lock_until if entry and entry.lock_until > self._clock() else 0.0
