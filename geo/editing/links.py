"""Which pledge and commitment a record is linked to when an editor registers it.

Löften counts an activity only when it is linked to a commitment of its pledge, and a
safety walk only when it is linked to the pledge (:mod:`geo.domain.followup`); an activity
entered without those links never counted (issue 14, item 2). Registrera therefore
offers the links here: the municipality's pledges that run in the year in view (the
one in view first), and the chosen pledge's commitments that count activities, by
their text, with a sensible default. :func:`check` refuses links that do not fit
(the ids come from the browser); :mod:`geo.editing.writes` calls it on every write.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from geo import i18n
from geo.domain import references
from geo.domain.enums import ActivityKind
from geo.domain.followup import counts_activities
from geo.domain.model import Feature, Pledge, ValidationError

#: The links an editor chooses, per layer (the other layers follow their date or walk).
LINKED_LAYERS: dict[str, tuple[str, ...]] = {
    "activities": ("pledge_id", "commitment_id"),
    "walks": ("pledge_id",),
}
#: Fields drawn before the links, outside the form: the default commitment follows them,
#: and a widget inside a Streamlit form does not rerun the page when it changes.
CHOSEN_FIRST: dict[str, tuple[str, ...]] = {"activities": ("kind",)}


@dataclass(frozen=True)
class Choice:
    """One link to choose: the ids offered (None: no link), the default, their labels."""

    field: str
    options: tuple[str | None, ...]
    default: str | None
    labels: Mapping[str | None, str] = dataclasses.field(default_factory=dict)  # `field` is a field

    @property
    def index(self) -> int:
        """The default's position among the options (what a select box opens on)."""
        return self.options.index(self.default)

    def label(self, value: str | None) -> str:
        """How an option is shown: a pledge's short title, a commitment's text, never an id."""
        return self.labels[value]


def current_pledges(pledges: Iterable[Pledge], kommun_kod: str, year: int) -> list[Pledge]:
    """The municipality's pledges whose period touches ``year``, the latest begun first."""
    return sorted((p for p in pledges if p.kommun_kod == kommun_kod and year in p.years),
                  key=lambda p: p.period_start, reverse=True)


def pledge_choice(pledges: Iterable[Pledge], kommun_kod: str, year: int, day: date,
                  lang: str, record: Feature | None = None) -> Choice:
    """The pledges a record dated ``day`` in ``year`` can be linked to; no pledge last.

    For a new record the default (offered first) is the pledge that runs on ``day``,
    else the pledge in view (the latest begun that runs in ``year``), else none. An
    existing ``record`` keeps its own link (offered first, also from another year).
    """
    own = {p.id: p for p in pledges if p.kommun_kod == kommun_kod}
    offered = current_pledges(own.values(), kommun_kod, year)
    if record is not None:
        first = own.get(record.pledge_id) if record.pledge_id else None
    else:
        running = [p for p in offered if p.period_start <= day <= p.period_end]
        first = next(iter(running or offered), None)
    ordered = list({p.id: p for p in ([first] if first else []) + offered}.values())
    labels: dict[str | None, str] = {p.id: p.short_title for p in ordered}
    labels[None] = i18n.t("links.no_pledge", lang)
    return Choice("pledge_id", (*(p.id for p in ordered), None),
                  first.id if first else None, labels)


def commitment_choice(pledge: Pledge | None, kind: ActivityKind | str | None, lang: str,
                      record: Feature | None = None) -> Choice:
    """The commitments of ``pledge`` an activity of ``kind`` can count towards; none last.

    Only commitments that Löften counts activities for are offered (safety walks count
    walk records, home visits and concern talks monthly counts), and the record's own.
    An existing ``record`` still linked to ``pledge`` keeps its own commitment (or none);
    otherwise the default is the one commitment whose kind is the activity's, if
    exactly one is, else none.
    """
    own = getattr(record, "commitment_id", None)
    commitments = pledge.commitments if pledge is not None else ()
    offered = [c for c in commitments if counts_activities(c) or c.id == own]
    if record is not None and pledge is not None and record.pledge_id == pledge.id:
        default = own if any(c.id == own for c in offered) else None
    else:
        kind_code = getattr(kind, "value", kind)
        matching = [c.id for c in offered if c.kind.value == kind_code]
        default = matching[0] if len(matching) == 1 else None
    labels: dict[str | None, str] = {c.id: references.cut(c.text) for c in offered}
    labels[None] = i18n.t("links.no_commitment", lang)
    return Choice("commitment_id", (*(c.id for c in offered), None), default, labels)


def check(record: Feature, pledges: Iterable[Pledge], kommun_name: str = "") -> None:
    """Refuse a link that does not fit the record (the ids come from the browser).

    The pledge must be one of the record's municipality, a commitment must belong to
    the record's pledge, and an activity or walk must be dated in its pledge's period
    (Löften counts only those).
    """
    commitment_id = getattr(record, "commitment_id", None)
    if record.pledge_id is None:
        if commitment_id is not None:
            raise ValidationError("commitment_id", "needs the pledge it belongs to",
                                  "commitment_without_pledge")
        return
    pledge = next((p for p in pledges if p.id == record.pledge_id), None)
    if pledge is None or pledge.kommun_kod != record.kommun_kod:
        raise ValidationError("pledge_id", f"is not a pledge of {record.kommun_kod}",
                              "pledge_foreign", kommun=kommun_name or record.kommun_kod)
    if commitment_id is not None and commitment_id not in {c.id for c in pledge.commitments}:
        raise ValidationError("commitment_id", f"is not a commitment of {pledge.id}",
                              "commitment_foreign", pledge=pledge.short_title)
    day = getattr(record, record.DATE_FIELD, None)
    if record.LAYER in LINKED_LAYERS and isinstance(day, date) \
            and not pledge.period_start <= day <= pledge.period_end:
        raise ValidationError(record.DATE_FIELD, f"lies outside the pledge {pledge.id}",
                              "outside_pledge", pledge=pledge.short_title,
                              start=pledge.period_start.isoformat(),
                              end=pledge.period_end.isoformat())
