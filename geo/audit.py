"""The audit log: one JSON line per write, sign-in, import, export, publish and user change.

The history table says what changed inside the database; this log says it outside, where the
municipality's IT department keeps and reads it (the journal, a file that logrotate turns):
who did what to which record, when, from where, and whether it was allowed.

Who and from where travel in a context variable, not as arguments: the app binds the
signed-in editor and the client's address at the start of every run (:func:`bind`), the
command line binds ``cli:<os user>`` (:func:`acting`), and the store, the importer and the
publisher log without being handed either.

No resident is in the log: a line holds ids, layer names, codes and counts, never a
free-text field, a place or person's name, a file name or a coordinate. :func:`record`
takes only the facts named in :data:`FACTS` (a new fact is a decision, reviewed here, not
an accident), and passwords and tokens have no field at all.
"""

from __future__ import annotations

import getpass
import json
import logging
import logging.handlers
import os
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import IO, Any

from geo import config

LOGGER = "trygghetskartan.audit"
_LOG = logging.getLogger(LOGGER)


class Event(StrEnum):
    """What happened (a line's ``event``)."""

    WRITE = "write"
    SIGN_IN = "sign_in"
    SIGN_OUT = "sign_out"
    IMPORT = "import"
    EXPORT = "export"
    PUBLISH = "publish"
    USER = "user"
    #: A write, import or page refused by the role check (:func:`geo.access.auth.require`).
    DENIED = "denied"


#: The outcome of everything that went as asked; any other outcome is logged as a warning.
OK = "ok"

#: The outcome of an error, by the class of the exception (or one of its bases).
_OUTCOMES = {"StaleVersionError": "conflict", "NotFoundError": "not_found",
             "ValidationError": "invalid", "PermissionDenied": "denied",
             "Refused": "refused", "ValueError": "invalid"}

#: The facts a line may hold beyond its fixed fields; each is an id, a code, a count or a
#: flag, never text a person wrote. Add one here only after asking that question.
FACTS = frozenset({
    "waited_s",          # sign-in: the throttle's delay
    "fields",            # update: the names of the fields changed (not their values)
    "records",           # create_many: the ids written (up to :data:`MAX_IDS`)
    "counts",            # per layer or table: how many
    "kommun",            # a municipality code
    "years",             # export: first and last year of the filter
    "format",            # import or export: the file format's code
    "public",            # export: only the public fields and records
    "sha256",            # import: the file's hash (its name can name a person)
    "rows", "valid", "new", "present", "rejected",  # import: the report's numbers
    "status", "reason",  # import: the report's status, a refusal's code
    "dry_run",           # import: checked, not written
    "bytes",             # a stored document's size
    "target_role", "previous_role", "kommuner", "password_changed",  # user changes
    "files",             # publish: files written
    "lang",              # publish: the site's language
    "error",             # an unexpected failure: the exception's class (never its text)
    "writes",            # an operation: store writes made inside it
})
#: Ids listed in one line at most (a bigger write gives its count only).
MAX_IDS = 20

Fact = str | int | float | bool | None | Sequence[str | int] | Mapping[str, int]


@dataclass(frozen=True)
class Actor:
    """Who acts and from where: an editor's e-mail (or ``public``), or ``cli:<os user>``."""

    who: str
    role: str | None = None
    #: The client's address as the app sees it (or a browser session's key), or ``cli``.
    client: str | None = None
    #: ``X-Forwarded-For`` as the proxy sent it (valid addresses only), behind a proxy.
    forwarded_for: str | None = None


_ACTOR: ContextVar[Actor | None] = ContextVar("trygghetskartan_audit_actor", default=None)
_OPERATION: ContextVar[Operation | None] = ContextVar("trygghetskartan_audit_operation",
                                                      default=None)


def current() -> Actor | None:
    """The actor bound in this context, or None (a library call nobody bound)."""
    return _ACTOR.get()


def bind(actor: Actor) -> None:
    """Bind ``actor`` for the rest of this context (the app: once at the start of each run)."""
    _ACTOR.set(actor)


@contextmanager
def acting(actor: Actor) -> Iterator[Actor]:
    """Bind ``actor`` for the block only (the command line, tests)."""
    token = _ACTOR.set(actor)
    try:
        yield actor
    finally:
        _ACTOR.reset(token)


def cli_actor() -> Actor:
    """The command line's actor: the operating-system user who ran the command.

    As the system names them (``LOGNAME``, ``USER``, the password database); under ``sudo``
    the person who called it, then the account it ran as.
    """
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry and no LOGNAME (a container's uid)
        name = f"uid{os.getuid()}"
    caller = os.environ.get("SUDO_USER")
    return Actor(who=f"cli:{caller} (sudo {name})" if caller and caller != name
                 else f"cli:{name}", client="cli")


def outcome_of(error: BaseException) -> str:
    """The outcome code of a failure (``error`` for one this module does not name)."""
    for cls in type(error).__mro__:
        if cls.__name__ in _OUTCOMES:
            return _OUTCOMES[cls.__name__]
    return "error"


def record(event: Event, *, action: str = "", outcome: str = OK, actor: Actor | None = None,
           who: str | None = None, role: str | None = None, client: str | None = None,
           layer: str | None = None, record_id: str | None = None, version: int | None = None,
           count: int | None = None, **facts: Fact) -> None:
    """Log one line: ``event`` by the bound actor, with ``facts`` from :data:`FACTS`.

    ``actor`` replaces the bound actor and ``who``, ``role``, ``client`` override it (a
    sign-in names the account tried). A store write inside an :func:`operation` is
    counted by the operation's own line instead (a refusal of the role check too: the
    operation says it): an import is one line, not one for the file and one for its records.
    """
    unknown = sorted(set(facts) - FACTS)
    if unknown:
        raise ValueError(f"not an audit fact: {', '.join(unknown)}")
    running = _OPERATION.get()
    if running is not None and event in (Event.WRITE, Event.DENIED):
        running.writes += event is Event.WRITE  # a refusal is the operation's own outcome
        return
    level = logging.INFO if outcome == OK else logging.WARNING
    _configure_once()
    if not _LOG.isEnabledFor(level):
        return
    bound = actor or _ACTOR.get()
    entry: dict[str, Any] = {
        "event": event.value, "action": action or event.value, "outcome": outcome,
        "who": who or (bound.who if bound else None),
        "role": role if role is not None else (bound.role if bound else None),
        "client": client or (bound.client if bound else None),
        "layer": layer, "record": record_id, "version": version, "count": count,
    }
    if bound is not None and bound.forwarded_for:
        entry["forwarded_for"] = bound.forwarded_for
    entry.update({name: _plain(value) for name, value in facts.items()})
    _LOG.log(level, "%s %s", event.value, entry["action"], extra={"audit": entry})


def _plain(value: Fact) -> Any:
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return value


@dataclass
class Operation:
    """An import, export or publish under way: its line is written when it ends."""

    event: Event
    fields: dict[str, Any] = field(default_factory=dict)
    writes: int = 0

    def update(self, **fields: Any) -> None:
        """Add what became known (``outcome``, ``count``, facts) to the line."""
        self.fields.update(fields)


@contextmanager
def operation(event: Event, **fields: Any) -> Iterator[Operation]:
    """One line for the whole block, however it ends; the store writes inside are counted.

    An exception gives the outcome of :func:`outcome_of` (and its class as ``error``) and
    goes on; otherwise the outcome is what the block set with :meth:`Operation.update`.
    """
    running = Operation(event, dict(fields))
    token = _OPERATION.set(running)
    try:
        yield running
    except BaseException as error:
        running.update(outcome=outcome_of(error), error=type(error).__name__)
        raise
    finally:
        _OPERATION.reset(token)
        record(event, writes=running.writes, **running.fields)


# -- output: JSON lines to a stream or a file ----------------------------------------------------

class JsonFormatter(logging.Formatter):
    """A record as one JSON object on one line, its time in UTC (ISO 8601, milliseconds)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = getattr(record, "audit", None) or {"message": record.getMessage()}
        at = datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
        return json.dumps({"time": at.replace("+00:00", "Z"), "level": record.levelname.lower(),
                           **entry}, ensure_ascii=False, separators=(",", ":"), default=str)


class _StandardStream(logging.StreamHandler):
    """``sys.stderr`` or ``sys.stdout`` as it is at each line (a test or a server swaps it)."""

    def __init__(self, name: str) -> None:
        logging.Handler.__init__(self)
        self._name = name

    @property
    def stream(self) -> IO[str]:
        return getattr(sys, self._name)

    @stream.setter
    def stream(self, value: IO[str]) -> None:
        """The stream is looked up at each line; nothing to set."""


_LOCK = threading.Lock()
_CONFIGURED: list[tuple[str, str]] = []
_INSTALLED: list[logging.Handler] = []


def configure(destination: str | None = None, level: str | None = None) -> None:
    """Send the log to ``destination`` at ``level`` (default: as configured).

    See :func:`geo.config.audit_destination`; a file is appended to, and reopened when
    logrotate has moved it (:class:`logging.handlers.WatchedFileHandler`).
    """
    destination = destination or config.audit_destination()
    level = level or config.log_level()
    handler: logging.Handler
    if destination in config.AUDIT_STREAMS:
        handler = _StandardStream(destination)
    else:
        handler = logging.handlers.WatchedFileHandler(destination, encoding="utf-8")
    handler.setFormatter(JsonFormatter())
    with _LOCK:
        for old in _INSTALLED:  # only its own: a test runner may have added one
            _LOG.removeHandler(old)
            old.close()
        _LOG.addHandler(handler)
        _LOG.setLevel(level)
        _LOG.propagate = False  # its own destination, never twice in the server's log
        _INSTALLED[:] = [handler]
        _CONFIGURED[:] = [(destination, level)]


def _configure_once() -> None:
    if not _CONFIGURED:
        configure()


def ensure_configured() -> None:
    """Configure the log now if nothing did yet.

    The app and the CLI call it first, so that a bad setting fails at the start, not
    after a write.
    """
    _configure_once()
