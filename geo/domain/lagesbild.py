"""The coordinator's part of a lägesbild (law 2023:196 §4): her sections and the analysis.

The kartläggning is computed from the store each time (:mod:`geo.situation`); what a
person writes is kept here, saved and versioned like a plan (:mod:`geo.store`):

- *Annan information*: sections (:class:`Section`), each a heading and a text (dialogues held, what
  residents and staff said), with the code of the data the app shows beside it
  (:data:`SECTION_DATA`);
- *Analys*: one text, started from the drafted skeleton (:mod:`geo.situation.analysis`)
  and edited by the coordinator;
- the decision date and the next revision date (the law asks for a lägesbild kept
  current), for one municipality or a local police area, over whole years.

Validated on construction like the other records (a bad field raises
:class:`~geo.domain.validation.ValidationError` naming it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar

from geo.domain import validation as v
from geo.domain.enums import PlanStatus
from geo.domain.fieldspec import FieldSpec, check_all

ValidationError = v.ValidationError
_LONG = v.config.MAX_LONG_TEXT
#: What a section can show beside its text (catalog ``lagesbild.data.<code>``): nothing,
#: activities by kind, home visits and concern talks (counts), the survey by area,
#: findings by responsible party, watch-area coverage.
SECTION_DATA = ("", "activities", "counted_activities", "survey", "findings_by_party", "watch")
#: The sections a new lägesbild starts with (catalog ``lagesbild.section.<key>``).
DEFAULT_SECTIONS = (("dialogues", "activities"), ("residents", "survey"),
                    ("staff", "findings_by_party"))


def _data_code(name: str, value: Any) -> str:
    code = str(value or "")
    if code not in SECTION_DATA:
        raise ValidationError(name, f"{code!r} is not data a section can show", "choice",
                              value=code)
    return code


@dataclass(kw_only=True)
class Section:
    """One section of *Annan information*: a heading, the text, and the data beside it."""

    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec("key", "slug", required=True),
        FieldSpec("title", "text", required=True),
        FieldSpec("text", "long_text", limit=_LONG),
        FieldSpec("data", "text", coerce=_data_code),
    )

    #: A short code, unique in the lägesbild (the default sections' keys, or the user's).
    key: str
    title: str
    text: str = ""
    data: str = ""

    def __post_init__(self) -> None:
        check_all(self, self.FIELDS)


def _sections(name: str, value: Any) -> tuple[Section, ...]:
    sections = tuple(s if isinstance(s, Section) else Section(**s) for s in (value or ()))
    keys = [s.key for s in sections]
    if len(set(keys)) != len(keys):
        raise ValidationError(name, "a section occurs twice", "duplicate_section")
    return sections


def _year(name: str, value: Any) -> int:
    year = v.whole_number(name, value, optional=False, minimum=2000)
    if year > 2100:
        raise ValidationError(name, f"{year} is not a year", "year", value=year)
    return year


@dataclass(kw_only=True)
class Lagesbild:
    """A lägesbild's written parts for one municipality (or police area) and years."""

    #: The history's layer (the record id is the lägesbild's).
    LAYER: ClassVar[str] = "situation_reports"
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec("id", "id"),
        FieldSpec("kommun_kod", "kommun"),
        FieldSpec("police_area", "text"),
        FieldSpec("year_from", "int", required=True, coerce=_year),
        FieldSpec("year_to", "int", required=True, coerce=_year),
        FieldSpec("title", "text", required=True),
        FieldSpec("sections", "records", coerce=_sections),
        FieldSpec("analysis", "long_text", limit=4 * _LONG),
        FieldSpec("status", "choice", required=True, enum=PlanStatus),
        FieldSpec("decided_date", "date"),
        FieldSpec("next_revision", "date"),
        FieldSpec("version", "int", required=True, minimum=1),
        FieldSpec("updated_at", "datetime"),
        FieldSpec("updated_by", "text"),
    )

    id: str = field(default_factory=v.new_id)
    #: The municipality it is for; with ``police_area`` set, the first of the area's.
    kommun_kod: str
    #: A local police area's name when the lägesbild covers its municipalities together.
    police_area: str = ""
    year_from: int
    year_to: int
    title: str
    sections: tuple[Section, ...] = ()
    #: The analysis as the coordinator wrote it (empty: not written yet; pages offer the draft).
    analysis: str = ""
    status: PlanStatus = PlanStatus.DRAFT
    #: When the council decided it (required once decided), and when it is to be revised.
    decided_date: date | None = None
    next_revision: date | None = None
    #: Kept by the store: optimistic locking as the map's records.
    version: int = 1
    updated_at: datetime | None = None
    updated_by: str = ""

    def __post_init__(self) -> None:
        check_all(self, self.FIELDS)
        if self.year_to < self.year_from:
            raise ValidationError("year_to", "is before year_from", "date_order")
        if self.status is PlanStatus.DECIDED and self.decided_date is None:
            raise ValidationError("decided_date", "is required when it is decided", "required")
        v.date_order("decided_date", self.decided_date, "next_revision", self.next_revision)

    def section(self, key: str) -> Section | None:
        """One section by its key, or None."""
        return next((s for s in self.sections if s.key == key), None)
