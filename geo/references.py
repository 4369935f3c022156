"""A record's references to other records, as a reader names them: never an id.

A finding refers to its walk, an activity to a commitment and a finding, a finding to
the activity that fixed it. The details panel showed these as stored ids ("Vandring:
d3e283ca-…", issue 14); here each becomes a name and a date from the catalog:
a walk as its date and name, a commitment as its text, a finding as its number, date
and description, an activity as its title and date. (A pledge is named by its title
in :func:`geo.view.details`.)

Only what the caller's ``lookup`` returns is named: the public map passes a lookup
that answers public records only, so a reference to an internal record says that it
is not shown, and nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

from geo import i18n
from geo.model import Activity, Commitment, Feature, Finding, SafetyWalk

#: Field → the layer it refers to (commitments are not a layer: see :func:`labels`).
REFERENCE_LAYERS = {"walk_id": "walks", "activity_id": "activities", "finding_id": "findings"}
#: The longest text shown for a reference before it is cut with "…".
MAX_TEXT = 80

Lookup = Callable[[str, str], Feature | None]


def labels(record: Feature, lang: str, lookup: Lookup,
           commitments: Mapping[str, Commitment]) -> dict[str, str]:
    """Field name → the reader's name of what it refers to, for the record's references."""
    found: dict[str, str] = {}
    for name, layer in REFERENCE_LAYERS.items():
        target_id = getattr(record, name, None)
        if target_id:
            target = lookup(layer, target_id)
            found[name] = (name_of(target, lang) if target is not None
                           else i18n.t("references.not_shown", lang))
    commitment_id = getattr(record, "commitment_id", None)
    if commitment_id:
        commitment = commitments.get(commitment_id)
        found["commitment_id"] = (cut(commitment.text) if commitment is not None
                                  else i18n.t("references.not_shown", lang))
    return found


def name_of(target: Feature, lang: str) -> str:
    """How a reader names one referenced record."""
    if isinstance(target, SafetyWalk):
        return i18n.t("references.walk", lang, date=_day(target.walk_date),
                      name=cut(target.name))
    if isinstance(target, Finding):
        return i18n.t("references.finding", lang, number=target.number,
                      date=_day(target.found_date),
                      description=cut(target.description) or i18n.t("values.none", lang))
    if isinstance(target, Activity):
        return i18n.t("references.activity", lang, title=cut(target.title),
                      date=_day(target.activity_date))
    return i18n.t("references.not_shown", lang)


def _day(value: date) -> str:
    return value.isoformat()


def cut(text: str) -> str:
    """One line of at most :data:`MAX_TEXT` characters (cut with "…"): fits a choice or a list."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"
