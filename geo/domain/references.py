"""A record's references to other records, as a reader names them: never an id.

A finding refers to its walk, an activity to a commitment and a finding, a finding to
the activity that fixed it. The details panel showed these as stored ids ("Vandring:
d3e283ca-…", issue 14); here each becomes a name and a date from the catalog:
a walk as its date and name, a commitment as its text, a finding as its number, date
and description, an activity as its title and date. (A pledge is named by its title
in :func:`geo.map.view.details`.)

Only what the caller's ``lookup`` returns is named: the public map passes a lookup
that answers public records only, so a reference to an internal record says that it
is not shown, and nothing of it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date

import pandas as pd

from geo import i18n
from geo.domain.model import (
    Activity,
    Commitment,
    Feature,
    Finding,
    SafetyWalk,
    UnsafePlace,
    WatchArea,
)

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
        return walk_name(target.walk_date, target.name, lang)
    if isinstance(target, Finding):
        return i18n.t("references.finding", lang, number=target.number,
                      date=_day(target.found_date),
                      description=cut(target.description) or i18n.t("values.none", lang))
    if isinstance(target, Activity):
        return i18n.t("references.activity", lang, title=cut(target.title),
                      date=_day(target.activity_date))
    if isinstance(target, UnsafePlace):
        return i18n.t("references.unsafe_place", lang, date=_day(target.reported_date),
                      category=i18n.enum_label(target.category, lang))
    if isinstance(target, WatchArea):
        return i18n.t("references.watch_area", lang, name=cut(target.name),
                      date=_day(target.start_date))
    return i18n.t("references.not_shown", lang)


def walk_name(walk_date: date, name: str, lang: str) -> str:
    """A walk as a reader names it: its date and name."""
    return i18n.t("references.walk", lang, date=_day(walk_date), name=cut(name))


def walk_names(walks: pd.DataFrame, lang: str) -> dict[str, str]:
    """Id → name of each walk in a listed frame (a choice of walk shows these)."""
    return {row.id: walk_name(pd.Timestamp(row.walk_date).date(), row.name, lang)
            for row in walks.itertuples(index=False)}


#: The order an editor's panel lists a record's references in.
PANEL_ORDER = ("pledge_id", "commitment_id", "walk_id", "finding_id", "activity_id")


def panel(record: Feature, lang: str, lookup: Lookup, commitments: Mapping[str, Commitment],
          pledge_titles: Mapping[str, str], skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(field label, name) of what a record refers to, for Registrera's "Vald post".

    The pledge by its title and the rest as :func:`labels` names them: never an id.
    ``skip`` leaves out the links the panel offers as choices instead.
    """
    names = labels(record, lang, lookup, commitments)
    if record.pledge_id:
        names["pledge_id"] = pledge_titles.get(record.pledge_id,
                                               i18n.t("references.not_shown", lang))
    return [(i18n.t(f"fields.{name}", lang), names[name]) for name in PANEL_ORDER
            if name in names and name not in skip]


def _day(value: date) -> str:
    return value.isoformat()


def cut(text: str) -> str:
    """One line of at most :data:`MAX_TEXT` characters (cut with "…"): fits a choice or a list."""
    text = " ".join(str(text or "").split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1].rstrip() + "…"
