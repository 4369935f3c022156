"""A local sign-in that survives a reload: a signed, expiring token kept in a browser cookie.

Streamlit 1.67 run with ``streamlit run`` cannot send a ``Set-Cookie`` header from a
page script, so the cookie is written by the page (``document.cookie``) and is therefore
not HttpOnly. What makes it safe enough to keep:

- the token names only the account's e-mail, an expiry and a random token id, and is
  signed with HMAC-SHA256 under a server-side secret (``TRYGGHETSKARTAN_SESSION_SECRET``,
  or a random secret per server process when none is configured): it cannot be forged
  or extended, and it never carries the password or its hash;
- the server checks the signature, the expiry and a denylist of signed-out tokens on
  every reload, and the account must still exist with its role (looked up afresh);
- it is never in a URL, it is ``SameSite=Strict`` and ``Secure`` over HTTPS.

What it does not protect against: a script running in the page could read it (every
user text is escaped before it reaches the page, see :mod:`geo.escape`), and the
denylist lives in one server process, so behind several app instances a stolen token
stays valid until it expires (keep the lifetime short).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Container
from dataclasses import dataclass

COOKIE = "trygghetskartan_signin"
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


def cookie_script(token: str | None, seconds: int, secure: bool) -> str:
    """The page script that stores ``token`` in the cookie (or deletes it when None)."""
    value = token or ""
    max_age = seconds if token else 0
    attributes = f"; Path=/; Max-Age={max_age}; SameSite=Strict" + ("; Secure" if secure else "")
    # the token is base64url and dots only, nothing to escape; json.dumps quotes it anyway
    return f"<script>document.cookie = {json.dumps(COOKIE + '=' + value + attributes)};</script>"
