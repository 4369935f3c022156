"""Who may do what: roles, users, password hashes, and the permission check every write uses.

Three roles: *public* (no login: read-only map and pledge progress), *editor*
(registers and updates records in their municipalities), *admin* (everything,
including deletes, pledges, users and imports). The pages offer what a role may
do, but the check that counts is :func:`require`, called by every write in
``geo/`` — a page that forgot a check still cannot write.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from geo import audit
from geo.domain import validation as v

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HASHER = PasswordHasher()
MIN_PASSWORD = 10


class Role(StrEnum):
    PUBLIC = "public"
    EDITOR = "editor"
    ADMIN = "admin"


class Action(StrEnum):
    EDIT = "edit"          # create and update records
    DELETE = "delete"      # soft delete with a reason
    IMPORT = "import"
    MANAGE_USERS = "manage_users"
    VIEW_INTERNAL = "view_internal"


#: What each role may do (admins may do everything).
ALLOWED: dict[Role, frozenset[Action]] = {
    Role.PUBLIC: frozenset(),
    Role.EDITOR: frozenset({Action.EDIT, Action.IMPORT, Action.VIEW_INTERNAL}),
    Role.ADMIN: frozenset(Action),
}


class PermissionDenied(Exception):
    """The user's role or municipalities do not allow this."""


@dataclass(frozen=True)
class User:
    """A signed-in person (or the anonymous public)."""

    email: str = ""
    name: str = ""
    role: Role = Role.PUBLIC
    kommuner: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "role", v.enum_value("role", self.role, Role))
        object.__setattr__(self, "kommuner", tuple(v.kommun_kod(k) for k in self.kommuner))
        if self.role is not Role.PUBLIC and not _EMAIL_RE.match(self.email):
            raise v.ValidationError("email", f"{self.email!r} is not an e-mail address")

    @property
    def label(self) -> str:
        """Who made a change, as the history shows it."""
        return self.email or "public"

    def workplaces(self, every: Iterable[str], action: Action = Action.VIEW_INTERNAL
                   ) -> list[str]:
        """The municipalities a staff page offers (the first is the page's start).

        The user's own, in her own order (the first is her home municipality); an admin
        without any gets every one, in ``every``'s order; an account the role does not reach
        anywhere gets none (the page says so). One rule for Registrera, Lägesbild and
        Åtgärdsplan.
        """
        every = list(every)
        own = [k for k in self.kommuner if k in every]
        return own or [k for k in every if self.may(action, k)]

    def may(self, action: Action, kommun_kod: str | None = None) -> bool:
        """True when the role allows ``action`` (in ``kommun_kod``, for editors)."""
        if action not in ALLOWED[self.role]:
            return False
        if self.role is Role.ADMIN or kommun_kod is None:
            return True
        return kommun_kod in self.kommuner


PUBLIC = User()


def require(user: User, action: Action, kommun_kod: str | None = None) -> None:
    """Refuse with :class:`PermissionDenied` unless ``user`` may do ``action``."""
    if not user.may(action, kommun_kod):
        audit.record(audit.Event.DENIED, action=action.value, outcome="denied",
                     who=user.email or "public", role=user.role.value, kommun=kommun_kod)
        where = f" in {kommun_kod}" if kommun_kod else ""
        raise PermissionDenied(f"{user.label} ({user.role.value}) may not {action.value}{where}")


def hash_password(password: str) -> str:
    """An Argon2id hash of a password (refusing short ones)."""
    if len(password) < MIN_PASSWORD:
        raise v.ValidationError("password", f"must be at least {MIN_PASSWORD} characters")
    return _HASHER.hash(password)


#: A hash of a random password that nobody knows, made with the same parameters as every
#: new hash: checked instead when there is no hash (an unknown e-mail, an account without
#: a password), so that a refusal takes as long whether or not the account exists.
DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(32))


def check_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches the stored hash; as slow when there is no hash."""
    try:
        matched = _HASHER.verify(password_hash or DUMMY_HASH, password)
    except VerificationError:
        return False
    except InvalidHashError:  # a damaged stored hash fails at once: spend the time anyway
        _spend(password)
        return False
    return matched and bool(password_hash)


def _spend(password: str) -> None:
    try:
        _HASHER.verify(DUMMY_HASH, password)
    except VerificationError:
        pass
