"""What each public write of a store tells the audit log, and the wrapper that tells it.

:class:`geo.store.common.WriteSteps` wraps every method named in :data:`WRITES` on each
store class that derives from it (``__init_subclass__``): one place for both backends and
for any later one, and no caller (page, command, importer) has to remember to log. Each
write leaves one line whether it succeeds or is refused (a stale version, a missing record),
after the transaction has ended. A public method that opens a write transaction and is not
named here fails tests/store/test_audit_writes.py.

A line names the layer, the record's id and version, the names of the fields an update
changed and counts; never a field's value, a deletion's reason or a document's name.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from geo import audit
from geo.audit import Event

Args = Mapping[str, Any]
#: ``(arguments, result or None, what ``before`` read)`` → the line's fields.
Describe = Callable[[Args, Any, Any], dict[str, Any]]

#: Marks a method already wrapped (a subclass inherits it wrapped).
AUDITED = "__audited__"
_INSIDE: ContextVar[bool] = ContextVar("trygghetskartan_audit_write", default=False)


@dataclass(frozen=True)
class Write:
    """How one write method is logged."""

    describe: Describe
    #: The parameter naming who writes (used when no actor is bound).
    user: str | None = "user"
    event: Event = Event.WRITE
    #: Reads what the line needs from before the write: ``before(store, arguments)``.
    before: Callable[[Any, Args], Any] | None = None


def _version(result: Any) -> int | None:
    return getattr(result, "version", None)


def _create(a: Args, result: Any, _: Any) -> dict[str, Any]:
    record = a["record"]
    return {"action": "create", "layer": record.LAYER, "record_id": record.id,
            "version": _version(result), "count": 1}


def _create_many(a: Args, result: Any, _: Any) -> dict[str, Any]:
    records = a["records"]
    counts: dict[str, int] = {}
    for record in records:
        counts[record.LAYER] = counts.get(record.LAYER, 0) + 1
    fields: dict[str, Any] = {"action": "create", "layer": ",".join(counts) or None,
                              "count": len(records), "counts": counts}
    if len(records) <= audit.MAX_IDS:
        fields["records"] = [record.id for record in records]
    return fields


def _update(a: Args, result: Any, _: Any) -> dict[str, Any]:
    return {"action": "update", "layer": a["layer"], "record_id": a["record_id"],
            "version": _version(result), "fields": sorted(a["changes"])}


def _delete(a: Args, result: Any, _: Any) -> dict[str, Any]:
    return {"action": "delete", "layer": a["layer"], "record_id": a["record_id"],
            "version": a["expected_version"] + 1}


def _save_pledge(a: Args, result: Any, _: Any) -> dict[str, Any]:
    return {"action": "create" if a["expected_version"] is None else "update",
            "layer": "pledges", "record_id": a["pledge"].id, "version": _version(result)}


def _save_plan(a: Args, result: Any, _: Any) -> dict[str, Any]:
    return {"action": "create" if a["expected_version"] is None else "update",
            "layer": "plans", "record_id": a["plan"].id, "version": _version(result),
            "count": len(a["plan"].rows)}


def _save_lagesbild(a: Args, result: Any, _: Any) -> dict[str, Any]:
    """Which lägesbild and version; never its texts."""
    return {"action": "create" if a["expected_version"] is None else "update",
            "layer": "situation_reports", "record_id": a["doc"].id, "version": _version(result),
            "count": len(a["doc"].sections)}


def _override_plan_colour(a: Args, result: Any, _: Any) -> dict[str, Any]:
    """The row and that its colour was set by hand; the reason is the history's, not the log's."""
    return {"action": "override", "layer": "plans", "record_id": a["plan_id"],
            "version": _version(result), "records": [a["row_id"]], "fields": ["colour_override"]}


def _user_before(store: Any, a: Args) -> Any:
    found = store.user(a["user"].email)
    return None if found is None else found[0]


def _save_user(a: Args, result: Any, before: Any) -> dict[str, Any]:
    user = a["user"]
    return {"action": "update" if before is not None else "create", "layer": "users",
            "record_id": user.email, "target_role": user.role.value,
            "previous_role": before.role.value if before is not None else None,
            "kommuner": list(user.kommuner), "password_changed": a["password_hash"] is not None}


def _remove_user(a: Args, result: Any, _: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {"action": "delete", "layer": "users", "record_id": a["email"]}
    if result is False:
        fields["outcome"] = "not_found"
    return fields


def _counted(action: str, layer: str, items: str) -> Describe:
    """A write of many rows of one table: its action, table and count."""
    def describe(a: Args, result: Any, _: Any) -> dict[str, Any]:
        return {"action": action, "layer": layer or a["table"], "count": len(a[items])}
    return describe


#: Every public write of a store, by method name.
WRITES: dict[str, Write] = {
    "create": Write(_create),
    "create_many": Write(_create_many),
    "update": Write(_update),
    "delete": Write(_delete),
    "import_records": Write(lambda a, r, _: {
        "action": "create", "layer": a["layer"],
        "count": r if isinstance(r, int) else len(a["records"])}),
    "add_counts": Write(_counted("create", "activity_counts", "counts")),
    "save_survey": Write(_counted("import", "survey_results", "results")),
    "replace_crime_statistics": Write(_counted("import", "crime_statistics", "figures")),
    "replace_pledges": Write(_counted("replace", "pledges", "pledges")),
    "save_pledge": Write(_save_pledge),
    "archive_pledge": Write(lambda a, r, _: {
        "action": "archive", "layer": "pledges", "record_id": a["pledge_id"],
        "version": _version(r)}),
    "save_pledge_document": Write(lambda a, r, _: {
        "action": "document", "layer": "pledges", "record_id": a["pledge_id"],
        "bytes": len(a["data"])}),
    "save_plan": Write(_save_plan),
    "override_plan_colour": Write(_override_plan_colour),
    "save_lagesbild": Write(_save_lagesbild),
    "set_meta": Write(lambda a, r, _: {"action": "meta", "layer": "store_meta",
                                       "record_id": a["key"]}, user=None),
    "import_rows": Write(_counted("load", "", "rows"), user=None),
    "clear": Write(lambda a, r, _: {"action": "clear", "layer": "*"}, user=None),
    "save_user": Write(_save_user, user="by", event=Event.USER, before=_user_before),
    "remove_user": Write(_remove_user, user="by", event=Event.USER),
}


def wrap(cls: type) -> None:
    """Wrap the writes of :data:`WRITES` that ``cls`` has and that are not wrapped yet."""
    for name, spec in WRITES.items():
        method = getattr(cls, name, None)
        if method is not None and not getattr(method, AUDITED, False):
            setattr(cls, name, _audited(method, spec))


def _audited(method: Callable[..., Any], spec: Write) -> Callable[..., Any]:
    signature = inspect.signature(method)

    @functools.wraps(method)
    def write(self: Any, *args: Any, **kwargs: Any) -> Any:
        if _INSIDE.get():  # a write within a write: the outer one logs
            return method(self, *args, **kwargs)
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        arguments = bound.arguments
        before = spec.before(self, arguments) if spec.before else None
        token = _INSIDE.set(True)
        try:
            result = method(self, *args, **kwargs)
        except BaseException as error:
            _log(spec, arguments, None, before, audit.outcome_of(error),
                 type(error).__name__)
            raise
        finally:
            _INSIDE.reset(token)
        _log(spec, arguments, result, before, audit.OK)
        return result

    setattr(write, AUDITED, True)
    return write


def _log(spec: Write, arguments: Args, result: Any, before: Any, outcome: str,
         error: str | None = None) -> None:
    fields = spec.describe(arguments, result, before)
    fields.setdefault("outcome", outcome)
    if outcome != audit.OK:  # refused: the version the caller read, and why
        fields.update(outcome=outcome, error=error,
                      version=arguments.get("expected_version", fields.get("version")))
    named = arguments.get(spec.user) if spec.user else None
    who = None if audit.current() is not None else (named if isinstance(named, str) else None)
    audit.record(spec.event, who=who, **fields)
