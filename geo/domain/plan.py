"""The åtgärdsplan (law 2023:196) as records: Brå's matrix, one :class:`PlanRow` per action.

A :class:`Plan` belongs to one municipality and holds its rows; the store saves it whole
with the optimistic version check of the map's records (:mod:`geo.store.plan_tables`). A
row reads problem → cause → action → operational goal → when → who → follow-up:

- the problem is a text with links to unsafe places, walk findings and an area;
- the operational goal is a number and a unit, the same fields (and checks) as a pledge
  commitment's target (:class:`~geo.domain.pledge.Commitment`);
- who is a party, the codes a walk finding's ``responsible`` uses (:class:`Party`);
- a row may name a pledge's commitment (``pledge_id`` + ``commitment_id``), so that the
  pledge, the plan and the map form one chain;
- the follow-up colour is computed from the linked records (:mod:`geo.domain.plan_followup`);
  an override of it is kept with who set it, when and why, and is changed only through the
  store's ``override_plan_colour`` (history and audit log), never by saving the plan.

Validated on construction like the other records (a bad field raises
:class:`~geo.domain.validation.ValidationError` naming it).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

from geo.domain import validation as v
from geo.domain.enums import Party, PlanColour, PlanStatus
from geo.domain.fieldspec import FieldSpec, by_name, check_all
from geo.domain.pledge import Commitment, check_target_unit

ValidationError = v.ValidationError
_LONG = v.config.MAX_LONG_TEXT
#: A commitment's target and unit: a plan row's operational goal is the same kind of value.
_GOAL = by_name(Commitment)


def _record_ids(name: str, value: Any) -> tuple[str, ...]:
    """Links to map records: UUIDs, each once, in the order given."""
    ids = tuple(v.record_id(item, name) for item in (value or ()))
    if len(set(ids)) != len(ids):
        raise ValidationError(name, "names a record twice", "duplicate_link")
    return ids


@dataclass(kw_only=True)
class PlanRow:
    """One action of the plan, from the problem it answers to how it is followed up."""

    #: Each field's kind and checks (:mod:`geo.domain.fieldspec`); the rest is ``__post_init__``'s.
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec("id", "id"),
        FieldSpec("problem", "long_text", required=True, limit=_LONG),
        FieldSpec("place_ids", "texts", coerce=_record_ids),
        FieldSpec("finding_ids", "texts", coerce=_record_ids),
        FieldSpec("area", "text"),
        FieldSpec("cause", "long_text", limit=_LONG),
        FieldSpec("action", "long_text", required=True, limit=_LONG),
        _GOAL["target"],
        _GOAL["unit"],
        FieldSpec("start_date", "date"),
        FieldSpec("due_date", "date"),
        FieldSpec("responsible", "choice", required=True, enum=Party),
        FieldSpec("pledge_id", "slug"),
        FieldSpec("commitment_id", "slug"),
        FieldSpec("comment", "long_text", limit=_LONG),
        FieldSpec("colour_override", "choice", enum=PlanColour),
        FieldSpec("override_reason", "text", limit=_LONG),
        FieldSpec("override_by", "text"),
        FieldSpec("override_at", "datetime"),
    )

    id: str = field(default_factory=v.new_id)
    problem: str
    #: Unsafe places and walk findings the problem is about (their ids).
    place_ids: tuple[str, ...] = ()
    finding_ids: tuple[str, ...] = ()
    #: An area the problem is about (a DeSO or RegSO code, a district's name).
    area: str = ""
    cause: str = ""
    action: str
    #: The operational goal: a number and its unit, as a commitment's target.
    target: float | None = None
    unit: str | None = None
    start_date: date | None = None
    due_date: date | None = None
    responsible: Party = Party.MUNICIPALITY
    pledge_id: str | None = None
    commitment_id: str | None = None
    comment: str = ""
    #: The follow-up colour set by hand over the computed one, with who, when and why.
    colour_override: PlanColour | None = None
    override_reason: str = ""
    override_by: str = ""
    override_at: datetime | None = None

    def __post_init__(self) -> None:
        check_all(self, self.FIELDS)
        v.date_order("start_date", self.start_date, "due_date", self.due_date)
        check_target_unit(self.target, self.unit)
        if self.commitment_id is not None:
            if self.pledge_id is None:
                raise ValidationError("pledge_id", "is required with a commitment", "required")
            if not self.commitment_id.startswith(self.pledge_id):
                raise ValidationError("commitment_id", f"{self.commitment_id!r} does not start "
                                      "with its pledge id", "id_prefix",
                                      id=self.commitment_id, pledge=self.pledge_id)
        if self.colour_override is not None:
            for name in ("override_reason", "override_by"):
                if not getattr(self, name):
                    raise ValidationError(name, "is required with an override", "required")
            if self.override_at is None:
                raise ValidationError("override_at", "is required with an override", "required")

    def without_override(self) -> PlanRow:
        """The row as an editor may save it: the override is the store's to set."""
        return dataclasses.replace(self, colour_override=None, override_reason="",
                                   override_by="", override_at=None)


def _rows(name: str, value: Any) -> tuple[PlanRow, ...]:
    """The plan's rows (records or their fields as a mapping), each id once."""
    rows = tuple(r if isinstance(r, PlanRow) else PlanRow(**r) for r in (value or ()))
    ids = [r.id for r in rows]
    if len(set(ids)) != len(ids):
        raise ValidationError(name, "a row occurs twice", "duplicate_row")
    return rows


@dataclass(kw_only=True)
class Plan:
    """A municipality's åtgärdsplan: a draft, or decided on a date with a next revision."""

    #: The history's layer (the record id is the plan's).
    LAYER: ClassVar[str] = "plans"
    #: Each field's kind and checks (:mod:`geo.domain.fieldspec`); the rest is ``__post_init__``'s.
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec("id", "id"),
        FieldSpec("kommun_kod", "kommun"),
        FieldSpec("title", "text", required=True),
        FieldSpec("status", "choice", required=True, enum=PlanStatus),
        FieldSpec("decided_date", "date"),
        FieldSpec("next_revision", "date"),
        FieldSpec("rows", "records", coerce=_rows),
        FieldSpec("version", "int", required=True, minimum=1),
        FieldSpec("updated_at", "datetime"),
        FieldSpec("updated_by", "text"),
    )

    id: str = field(default_factory=v.new_id)
    kommun_kod: str
    title: str
    status: PlanStatus = PlanStatus.DRAFT
    #: When the council decided it (required once decided).
    decided_date: date | None = None
    #: When it is to be revised (the law asks for a lägesbild and a plan kept current).
    next_revision: date | None = None
    rows: tuple[PlanRow, ...] = ()
    #: Kept by the store: optimistic locking as the map's records.
    version: int = 1
    updated_at: datetime | None = None
    updated_by: str = ""

    def __post_init__(self) -> None:
        check_all(self, self.FIELDS)
        if self.status is PlanStatus.DECIDED and self.decided_date is None:
            raise ValidationError("decided_date", "is required when the plan is decided",
                                  "required")
        v.date_order("decided_date", self.decided_date, "next_revision", self.next_revision)

    def row(self, row_id: str) -> PlanRow | None:
        """One row by its id, or None."""
        return next((r for r in self.rows if r.id == row_id), None)
