"""A local sign-in that survives a reload: a signed, expiring token in an HttpOnly cookie.

The token names only the account's e-mail, an expiry and a random token id, and is signed
with HMAC-SHA256 under a server-side secret (``TRYGGHETSKARTAN_SESSION_SECRET``, or a random
secret per server process when none is configured): it cannot be forged or extended, and it
never carries the password or its hash. The server checks the signature, the expiry and a
denylist of signed-out tokens on every reload, and the account must still exist with its
role (looked up afresh).

A Streamlit page script cannot send a ``Set-Cookie`` header (it talks to the browser over a
websocket), so the cookie is set by an HTTP endpoint of the app's own (:mod:`app.signin_cookie`,
served through ``st.App`` in ``asgi.py``): the signed-in session leaves the token in a
:class:`Handoffs` entry keyed by the browser's own HttpOnly id cookie, and the page asks the
endpoint to apply it. The entry is single-use and lives :data:`HANDOFF_SECONDS`; the token never
reaches the page, its script or a URL.

What it does not protect against: the denylist lives in one server process, so behind several
app instances a stolen token stays valid until it expires (keep the lifetime short).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
from collections.abc import Container
from dataclasses import dataclass

COOKIE = "trygghetskartan_signin"
#: How long the page has to fetch the cookie after the session asked for it, in seconds.
HANDOFF_SECONDS = 30
#: At most this many handoffs wait at once (the oldest are dropped): memory stays bounded.
HANDOFF_LIMIT = 10_000
#: How long a local sign-in lasts, in seconds (``TRYGGHETSKARTAN_SESSION_SECONDS``).
DEFAULT_LIFETIME = 8 * 3600
_VERSION = "v1"


@dataclass(frozen=True)
class Claims:
    """What a valid token says: whose it is, until when, and its own id."""

    email: str
    expires: int
    token_id: str


def lifetime() -> int:
    """The configured lifetime of a local sign-in in seconds (at least one)."""
    raw = os.environ.get("TRYGGHETSKARTAN_SESSION_SECONDS", "")
    try:
        return max(1, int(raw)) if raw.strip() else DEFAULT_LIFETIME
    except ValueError:
        return DEFAULT_LIFETIME


def configured_secret() -> bytes | None:
    """The signing secret from the environment, or None (then one per process is made)."""
    value = os.environ.get("TRYGGHETSKARTAN_SESSION_SECRET", "")
    return value.encode() if len(value) >= 16 else None


def new_secret() -> bytes:
    """A random signing secret (sign-ins then end when the server restarts)."""
    return secrets.token_bytes(32)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: bytes, body: str) -> str:
    return _b64(hmac.new(secret, f"{_VERSION}.{body}".encode(), hashlib.sha256).digest())


def issue(email: str, secret: bytes, now: float, seconds: int) -> tuple[str, Claims]:
    """A signed token for ``email`` valid ``seconds`` from ``now``, and what it says."""
    claims = Claims(email=email, expires=int(now) + seconds, token_id=secrets.token_hex(12))
    body = _b64(json.dumps({"e": claims.email, "x": claims.expires, "i": claims.token_id},
                           separators=(",", ":")).encode())
    return f"{_VERSION}.{body}.{_sign(secret, body)}", claims


def verify(token: object, secret: bytes, now: float, revoked: Container[str] = ()
           ) -> Claims | None:
    """What ``token`` says if it is signed with ``secret``, unexpired and not revoked."""
    if not isinstance(token, str) or len(token) > 2048:
        return None
    parts = token.split(".")
    if len(parts) != 3 or parts[0] != _VERSION:
        return None
    _, body, signature = parts
    if not hmac.compare_digest(signature, _sign(secret, body)):
        return None
    try:
        data = json.loads(_unb64(body))
        claims = Claims(email=str(data["e"]), expires=int(data["x"]), token_id=str(data["i"]))
    except (ValueError, KeyError, TypeError):
        return None
    if claims.expires <= now or claims.token_id in revoked or not claims.email:
        return None
    return claims


@dataclass(frozen=True)
class Handoff:
    """What the endpoint does to the browser's sign-in cookie, kept until the page asks.

    With a ``token`` it sets the cookie for ``max_age`` seconds; without, it deletes it.
    """

    token: str | None
    max_age: int = 0


class Handoffs:
    """Cookie changes waiting for their browser: single use, :data:`HANDOFF_SECONDS` long.

    Keyed by a hash of the browser's id cookie, so only the browser whose session signed in
    (or out) can collect it, once; a later change for the same browser replaces an earlier
    one. Shared by the page scripts (script threads) and the endpoint (the event loop), hence
    the lock.
    """

    def __init__(self, seconds: float = HANDOFF_SECONDS, limit: int = HANDOFF_LIMIT) -> None:
        self._seconds = seconds
        self._limit = limit
        self._waiting: dict[str, tuple[float, Handoff]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(browser_id: str) -> str:
        """The key of a browser: the id itself is never kept."""
        return hashlib.sha256(browser_id.encode()).hexdigest()

    def put(self, browser_id: str, handoff: Handoff, now: float) -> None:
        """Leave ``handoff`` for the browser ``browser_id`` until ``now`` + the set seconds."""
        with self._lock:
            for key in [k for k, (until, _) in self._waiting.items() if until <= now]:
                del self._waiting[key]
            key = self.key(browser_id)
            self._waiting.pop(key, None)
            while len(self._waiting) >= self._limit:
                del self._waiting[next(iter(self._waiting))]
            self._waiting[key] = (now + self._seconds, handoff)

    def take(self, browser_id: str, now: float) -> Handoff | None:
        """The browser's waiting handoff, removed; None when there is none or it is too old."""
        with self._lock:
            until, handoff = self._waiting.pop(self.key(browser_id), (0.0, None))
        return handoff if until > now else None

    def __len__(self) -> int:
        return len(self._waiting)
