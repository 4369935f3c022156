"""The lifecycle of a walk finding: which status may follow which, and when it is overdue.

new → assessed → planned → in progress → done; from any open status also
*not done* (a reason is required) or *forwarded* to another party (the party is
required: property owner, road authority, housing company …). A closed finding
can be reopened as *assessed* when things change.
"""

from __future__ import annotations

from datetime import date

from geo.domain.enums import OPEN_FINDING_STATUSES, FindingStatus
from geo.domain.validation import ValidationError

S = FindingStatus
_CLOSE = {S.DONE, S.NOT_DONE, S.FORWARDED}
#: Allowed next statuses.
TRANSITIONS: dict[FindingStatus, frozenset[FindingStatus]] = {
    S.NEW: frozenset({S.ASSESSED, S.PLANNED, S.NOT_DONE, S.FORWARDED}),
    S.ASSESSED: frozenset({S.PLANNED, S.IN_PROGRESS, S.NOT_DONE, S.FORWARDED}),
    S.PLANNED: frozenset({S.IN_PROGRESS} | _CLOSE),
    S.IN_PROGRESS: frozenset({S.PLANNED} | _CLOSE),
    S.DONE: frozenset({S.ASSESSED}),
    S.NOT_DONE: frozenset({S.ASSESSED}),
    S.FORWARDED: frozenset({S.ASSESSED}),
}


def check_transition(current: FindingStatus | str, new: FindingStatus | str) -> None:
    """Refuse a status change the lifecycle does not allow, naming both statuses."""
    current, new = FindingStatus(current), FindingStatus(new)
    if current is not new and new not in TRANSITIONS[current]:
        allowed = ", ".join(sorted(s.value for s in TRANSITIONS[current]))
        raise ValidationError(
            "status", f"cannot go from {current.value} to {new.value} (allowed: {allowed})"
        )


def is_overdue(status: FindingStatus | str, due_date: date | None, today: date) -> bool:
    """An open finding past its due date."""
    return due_date is not None and due_date < today and \
        FindingStatus(status) in OPEN_FINDING_STATUSES
