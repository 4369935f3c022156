"""The pledge editor's rules: what a form holds, how it becomes a :class:`Pledge`, what it says.

The Löften page (``app/pledge_form.py``) keeps plain values per draft in session state;
this module turns them into a validated pledge, offers only the measures that can count a
commitment's kind, names new commitments, and says a refusal in the user's language. No
Streamlit here: every rule is tested without a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from geo import i18n
from geo.access.auth import Action, User, require
from geo.domain import followup
from geo.domain import validation as v
from geo.domain.enums import ActivityKind, FollowUp, Measure, Responsible, TargetPeriod
from geo.domain.pledge import Commitment, Pledge, default_measure
from geo.io import guard
from geo.store.base import Store

ValidationError = v.ValidationError

#: The pledge's own fields in the order the form shows them (labels: ``pledge_form.field.*``).
PLEDGE_FIELDS = ("kommun_kod", "police_area", "title", "period_start", "period_end",
                 "signed_date", "follow_up", "problem", "goals", "source_url")
#: A commitment row's fields, in the order the form shows them.
COMMITMENT_FIELDS = ("text", "kind", "target_period", "measure", "target", "unit",
                     "responsible")


@dataclass
class CommitmentDraft:
    """One commitment row as the form holds it (``id`` None until it is saved)."""

    text: str = ""
    kind: ActivityKind = ActivityKind.SAFETY_WALK
    target_period: TargetPeriod = TargetPeriod.PLEDGE
    measure: Measure | None = None
    target: float | None = None
    unit: str = ""
    responsible: Responsible = Responsible.BOTH
    id: str | None = None


@dataclass
class PledgeDraft:
    """A pledge as the form holds it: plain values, nothing checked yet."""

    kommun_kod: str = ""
    police_area: str = ""
    title: str = ""
    period_start: date | None = None
    period_end: date | None = None
    signed_date: date | None = None
    follow_up: FollowUp = FollowUp.YEARLY
    problem: str = ""
    goals: str = ""
    source_url: str = ""
    commitments: list[CommitmentDraft] = field(default_factory=list)


class RowError(ValidationError):
    """A commitment row broke a rule: ``row`` is its number as the form shows it (from 1)."""

    def __init__(self, row: int, error: ValidationError) -> None:
        super().__init__(error.field, error.message, error.code, **error.values)
        self.row = row


def draft_of(pledge: Pledge) -> PledgeDraft:
    """The form's values for an existing pledge (goals one per line)."""
    return PledgeDraft(
        kommun_kod=pledge.kommun_kod, police_area=pledge.police_area, title=pledge.title,
        period_start=pledge.period_start, period_end=pledge.period_end,
        signed_date=pledge.signed_date, follow_up=pledge.follow_up, problem=pledge.problem,
        goals="\n".join(pledge.goals), source_url=pledge.source_url,
        commitments=[CommitmentDraft(
            text=c.text, kind=c.kind, target_period=c.target_period, measure=c.measure,
            target=c.target, unit=c.unit or "", responsible=c.responsible, id=c.id,
        ) for c in pledge.commitments],
    )


def new_draft(kommun_kod: str, today: date) -> PledgeDraft:
    """A new pledge's form: this calendar year, one empty commitment to fill in."""
    return PledgeDraft(kommun_kod=kommun_kod, period_start=date(today.year, 1, 1),
                       period_end=date(today.year, 12, 31), commitments=[CommitmentDraft()])


def measures_for(kind: ActivityKind | str, target_period: TargetPeriod | str
                 ) -> list[Measure]:
    """The measures the form offers for a commitment of ``kind``, its default first.

    Each must pass the model's rule (tried on a probe commitment, so the form offers
    nothing a save refuses; :data:`geo.domain.pledge.MEASURE_KINDS` is part of it).
    """
    kind, target_period = ActivityKind(kind), TargetPeriod(target_period)
    valid = []
    for measure in Measure:
        try:
            Commitment(id="probe-c", pledge_id="probe", text="Probe.", kind=kind,
                       target_period=target_period, measure=measure)
        except ValidationError:
            continue
        valid.append(measure)
    first = default_measure(kind, target_period)
    return sorted(valid, key=lambda m: m is not first)


def goals(text: str) -> tuple[str, ...]:
    """The goals typed one per line (empty lines and bullets left out)."""
    lines = (line.strip().lstrip("-•*").strip() for line in (text or "").splitlines())
    return tuple(line for line in lines if line)


def commitment_id(pledge_id: str, kind: ActivityKind | str, taken: set[str]) -> str:
    """A new commitment's id: the pledge's id and the kind, numbered if the kind repeats."""
    base = f"{pledge_id}-{ActivityKind(kind).value.replace('_', '-')}"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def build(draft: PledgeDraft, pledge_id: str, kommun_name: str,
          base: Pledge | None = None) -> Pledge:
    """The pledge the form describes (validated); ``base`` is the stored pledge edited.

    Fields the form does not show (the source's citation, the version, archiving) come
    from ``base``. A commitment row's refusal is a :class:`RowError` naming its row.
    """
    values: dict[str, Any] = dict(
        id=pledge_id, kommun_kod=draft.kommun_kod, kommun=kommun_name,
        police_area=draft.police_area, title=draft.title,
        period_start=_required_date("period_start", draft.period_start),
        period_end=_required_date("period_end", draft.period_end),
        signed_date=draft.signed_date, follow_up=draft.follow_up, problem=draft.problem,
        goals=goals(draft.goals), source_url=(draft.source_url or "").strip(),
    )
    pledge = replace(base, **values, commitments=()) if base is not None \
        else Pledge(**values)
    taken = {row.id for row in draft.commitments if row.id}
    commitments = []
    for number, row in enumerate(draft.commitments, start=1):
        try:
            commitments.append(_commitment(row, pledge_id, taken))
        except ValidationError as error:
            raise RowError(number, error) from None
    return replace(pledge, commitments=tuple(commitments))


def _commitment(row: CommitmentDraft, pledge_id: str, taken: set[str]) -> Commitment:
    """One row as a commitment; the measure checked first, in the form's words.

    The model refuses the same (``measure_kind``, ``measure_none_target``) in the words of
    a pledge file, naming codes; the form names no codes.
    """
    kind = v.enum_value("kind", row.kind, ActivityKind)
    target_period = v.enum_value("target_period", row.target_period, TargetPeriod)
    measure = (v.enum_value("measure", row.measure, Measure) if row.measure
               else default_measure(kind, target_period))
    if measure not in measures_for(kind, target_period):
        raise ValidationError("measure", f"{measure.value} cannot count {kind.value}",
                              "measure_not_for_kind")
    if measure is Measure.NONE and row.target is not None:
        raise ValidationError("target", "a commitment measured as none has no target",
                              "target_without_measure")
    row_id = row.id
    if row_id is None or not row_id.startswith(pledge_id):
        row_id = commitment_id(pledge_id, kind, taken)
        taken.add(row_id)
    return Commitment(id=row_id, pledge_id=pledge_id, text=row.text, kind=kind,
                      target=row.target, unit=row.unit or None, target_period=target_period,
                      responsible=row.responsible, measure=measure)


def _required_date(name: str, value: date | None) -> date:
    if value is None:
        raise ValidationError(name, "is required", "required")
    return value


def refusal(error: ValidationError, lang: str) -> str:
    """A refusal as one sentence in ``lang``: the row, the field's label and the rule.

    A rule without a catalog text (a code-less refusal of the model) is said generally,
    never in the model's English words.
    """
    t = i18n.catalog(lang)
    name = error.field.rsplit(".", 1)[-1]
    label = t.get(f"pledge_form.field.{name}") or t.get(f"fields.{name}", name)
    rule = error.text(lang) if f"validation.{error.code}" in t else t["validation.invalid"]
    if isinstance(error, RowError):
        return i18n.t("pledge_form.row_refusal", lang, row=error.row, field=label, rule=rule)
    return i18n.t("pledge_form.refusal", lang, field=label, rule=rule)


def preview(store: Store, pledge: Pledge, today: date) -> list[followup.Progress]:
    """The follow-up the commitments will get, counted on the stored records, before saving."""
    return followup.progress(pledge, followup.load(store, pledge),
                             min(today, pledge.period_end))


def same_period(pledge: Pledge, pledges: list[Pledge]) -> Pledge | None:
    """A current pledge of the same municipality starting when ``pledge`` starts, if any.

    "Förnya" twice would otherwise make a second pledge for the same period (an id ``-2``).
    """
    return next((p for p in pledges if p.kommun_kod == pledge.kommun_kod and not p.archived
                 and p.period_start == pledge.period_start and p.id != pledge.id), None)


def editable_kommuner(user: User, every: list[str]) -> list[str]:
    """The municipalities whose pledges ``user`` may write: an editor's own, an admin's all."""
    return [k for k in every if user.may(Action.EDIT, k)]


def may_edit(user: User, pledge: Pledge) -> bool:
    """Whether the page offers ``user`` the editor of ``pledge`` (the write checks again)."""
    return user.may(Action.EDIT, pledge.kommun_kod)


def label(pledge: Pledge, lang: str) -> str:
    """A pledge's name in a choice: its short title, marked when it is archived."""
    if pledge.archived:
        return i18n.t("pledge_form.archived_label", lang, title=pledge.short_title)
    return pledge.short_title


def check_document(data: bytes) -> str:
    """The media type of an uploaded source document, or :class:`~geo.io.errors.Refused`.

    Checked before the pledge is saved, so that a refused file leaves nothing half written
    (the store checks it again through the same guarded reader).
    """
    return guard.read_source_document(data)


def attach_document(store: Store, user: User, pledge: Pledge, name: str, data: bytes) -> None:
    """Keep an uploaded source document with the pledge (the municipality's editors only)."""
    require(user, Action.EDIT, pledge.kommun_kod)
    store.save_pledge_document(pledge.id, _safe_name(name), check_document(data), data,
                               user.label)


def _safe_name(name: str) -> str:
    """A file name without folders or odd characters (it names the public download)."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    return cleaned[:120] or "document"
