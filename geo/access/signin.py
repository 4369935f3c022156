"""A local sign-in attempt, start to end: throttle, constant-time check, audit line.

Used by the app's sign-in form (``app/session.py``) and testable without Streamlit:
the throttle's clock and the ``sleep`` are injected. Every refusal looks the same to
the visitor (wrong e-mail, wrong password, no password, locked); only the audit log
(:mod:`geo.audit`) tells them apart. The log never holds a password, and holds an unknown
e-mail only as a short hash (a mistyped password pasted into the e-mail field must not
land in the log).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from geo import audit
from geo.access.auth import User, check_password
from geo.access.throttle import Throttle

#: ``lookup(email)``: the user and their password hash, or None (``Store.user``).
Lookup = Callable[[str], "tuple[User, str | None] | None"]


class Outcome(StrEnum):
    SIGNED_IN = "signed_in"
    WRONG_PASSWORD = "wrong_password"     # known account, wrong password
    UNKNOWN = "unknown"                   # no such account (or no password set)
    LOCKED = "locked"                     # refused by the throttle, password not looked at


@dataclass(frozen=True)
class SignInResult:
    outcome: Outcome
    user: User | None = None
    waited_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.user is not None


def email_for_log(email: str, known: bool) -> str:
    """The e-mail for the log: as is when the account exists, else a short hash."""
    if known:
        return email
    digest = hashlib.sha256(email.strip().casefold().encode("utf-8")).hexdigest()[:16]
    return f"unknown:{digest}"


def sign_in(lookup: Lookup, email: str, password: str, *, client: str, throttle: Throttle,
            sleep: Callable[[float], None] = time.sleep) -> SignInResult:
    """Check ``email`` and ``password``, throttled per account and per ``client``.

    The same work is done whatever the outcome: the wait the throttle asks for, one
    lookup and one Argon2 verification (against a dummy hash when there is no hash),
    so that the time taken does not tell whether the account exists or is locked.
    """
    email = email.strip()
    attempt = throttle.begin(throttle.account_key(email), throttle.client_key(client))
    if attempt.delay_s > 0:
        sleep(attempt.delay_s)
    known = lookup(email) if email else None
    password_hash = known[1] if known is not None else None
    matched = check_password(password_hash, password)
    if attempt.locked:
        outcome = Outcome.LOCKED
    elif known is None or not password_hash:
        outcome = Outcome.UNKNOWN
    else:
        outcome = Outcome.SIGNED_IN if matched else Outcome.WRONG_PASSWORD
    throttle.end(attempt, success=outcome is Outcome.SIGNED_IN)
    user = known[0] if known is not None and outcome is Outcome.SIGNED_IN else None
    audit.record(audit.Event.SIGN_IN, action="password",
                 outcome=audit.OK if user else outcome.value,
                 who=email_for_log(email, known is not None),
                 role=user.role.value if user else "public", client=client,
                 waited_s=round(attempt.delay_s, 2))
    return SignInResult(outcome=outcome, user=user, waited_s=attempt.delay_s)


def log_oidc(email: str, client: str, role: str, *, verified: bool) -> None:
    """Log an OpenID Connect sign-in (once per session) and the role it was given.

    Refused (``email_not_verified``) when the provider does not vouch for the e-mail, and
    ``no_role`` when neither the users table nor a claim gives the person a role.
    """
    outcome = audit.OK if verified and role != "public" else \
        "no_role" if verified else "email_not_verified"
    audit.record(audit.Event.SIGN_IN, action="oidc", outcome=outcome, who=email,
                 role=role if outcome == audit.OK else "public", client=client)


def log_sign_out(email: str, client: str) -> None:
    """Log a sign-out (the button; a sign-in that ran out ends without a line)."""
    audit.record(audit.Event.SIGN_OUT, who=email, client=client)
