"""The domain records of DESIGN.md, validated on construction.

Every record is a dataclass whose ``__post_init__`` coerces and checks its fields
and raises :class:`~geo.validation.ValidationError` naming the first bad field.
Records are plain values: the store turns them into rows and back.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geo import validation as v
from geo.enums import (
    COUNT_ONLY_KINDS,
    ActivityKind,
    Category,
    FindingStatus,
    Party,
    PlaceSource,
    PlaceStatus,
    Visibility,
)

ValidationError = v.ValidationError


new_id = v.new_id
def utc_now() -> datetime:
    """Return the current time, UTC, to the millisecond."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


@dataclass(kw_only=True)
class Feature:
    """Fields every map feature carries."""

    LAYER: ClassVar[str] = ""
    GEOMETRY_TYPES: ClassVar[tuple[str, ...]] = ()
    GEOMETRY_OPTIONAL: ClassVar[bool] = False
    #: The date field that places the feature in a year.
    DATE_FIELD: ClassVar[str] = ""
    #: Fields a public view may show (an allowlist; geometry is implied).
    PUBLIC_FIELDS: ClassVar[tuple[str, ...]] = ()

    id: str = field(default_factory=new_id)
    kommun_kod: str
    geometry: BaseGeometry | None = None
    pledge_id: str | None = None
    visibility: Visibility = Visibility.PUBLIC
    created_at: datetime | None = None
    updated_at: datetime | None = None
    updated_by: str = ""
    version: int = 1
    #: Notes for editors only; never in a public view (not in any PUBLIC_FIELDS).
    internal_note: str = ""
    #: Soft delete: set by an admin with a reason; the record leaves every list.
    deleted_at: datetime | None = None
    deleted_reason: str = ""
    #: The source system's case number (ärendenummer, diarienummer); internal only.
    case_number: str = ""
    #: A file's columns that no field holds, kept by their header as a JSON object of
    #: texts (internal only: staff see and export it, the public never).
    extra: str = ""

    def __post_init__(self) -> None:
        self.id = v.record_id(self.id)
        self.kommun_kod = v.kommun_kod(self.kommun_kod)
        self.geometry = v.geometry(
            "geometry", self.geometry, self.GEOMETRY_TYPES, optional=self.GEOMETRY_OPTIONAL
        )
        self.pledge_id = v.slug("pledge_id", self.pledge_id)
        self.visibility = v.enum_value("visibility", self.visibility, Visibility)
        self.created_at = v.as_datetime("created_at", self.created_at)
        self.updated_at = v.as_datetime("updated_at", self.updated_at)
        self.updated_by = v.text("updated_by", self.updated_by)
        self.version = v.whole_number("version", self.version, optional=False, minimum=1)
        self.internal_note = v.text("internal_note", self.internal_note,
                                    limit=v.config.MAX_LONG_TEXT)
        self.deleted_at = v.as_datetime("deleted_at", self.deleted_at)
        self.deleted_reason = v.text("deleted_reason", self.deleted_reason)
        self.case_number = v.text("case_number", self.case_number)
        self.extra = v.extra("extra", self.extra)
        if self.deleted_at is not None and not self.deleted_reason:
            raise ValidationError("deleted_reason", "is required when a record is deleted")
        self.validate()

    def validate(self) -> None:
        """Check the fields of the subclass (coercing them in place)."""

    def years(self) -> range:
        """Return the calendar years this feature belongs to."""
        day = getattr(self, self.DATE_FIELD)
        return range(day.year, day.year + 1)

    def replace(self, **changes: Any) -> Feature:
        """Return a validated copy with ``changes`` applied."""
        return dataclasses.replace(self, **changes)

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """Return the record's field names in declaration order."""
        return tuple(f.name for f in dataclasses.fields(cls))


@dataclass(kw_only=True)
class UnsafePlace(Feature):
    """A place perceived as unsafe (otrygg plats)."""

    LAYER: ClassVar[str] = "unsafe_places"
    GEOMETRY_TYPES: ClassVar[tuple[str, ...]] = ("Point", "Polygon")
    DATE_FIELD: ClassVar[str] = "reported_date"
    PUBLIC_FIELDS: ClassVar[tuple[str, ...]] = (
        "id", "kommun_kod", "pledge_id", "category", "source", "reported_date", "status",
        "description", "resolved_date",
    )

    category: Category
    source: PlaceSource
    reported_date: date
    status: PlaceStatus = PlaceStatus.ACTIVE
    description: str = ""
    #: Who reported it (personal data: internal only).
    reporter: str = ""
    #: When it was resolved (required then, cleared when reopened): the pledge's
    #: ``places_resolved`` counts by it.
    resolved_date: date | None = None

    def validate(self) -> None:
        self.reporter = v.text("reporter", self.reporter)
        self.category = v.enum_value("category", self.category, Category)
        self.source = v.enum_value("source", self.source, PlaceSource)
        self.reported_date = v.as_date("reported_date", self.reported_date)
        self.status = v.enum_value("status", self.status, PlaceStatus)
        self.description = v.text("description", self.description, limit=v.config.MAX_LONG_TEXT)
        self.resolved_date = v.as_date("resolved_date", self.resolved_date, optional=True)
        v.date_order("reported_date", self.reported_date, "resolved_date", self.resolved_date)
        if self.status is PlaceStatus.RESOLVED and self.resolved_date is None:
            raise ValidationError("resolved_date", "is required when the status is resolved",
                                  "required")
        if self.status is not PlaceStatus.RESOLVED:
            self.resolved_date = None  # reopened: it is no longer resolved on that day


@dataclass(kw_only=True)
class SafetyWalk(Feature):
    """A safety walk (trygghetsvandring): a route or an area walked on one date."""

    LAYER: ClassVar[str] = "walks"
    GEOMETRY_TYPES: ClassVar[tuple[str, ...]] = ("LineString", "MultiLineString", "Polygon")
    DATE_FIELD: ClassVar[str] = "walk_date"
    PUBLIC_FIELDS: ClassVar[tuple[str, ...]] = (
        "id", "kommun_kod", "pledge_id", "walk_date", "name", "organisers", "participants",
    )

    walk_date: date
    name: str = ""
    organisers: str = ""
    participants: int | None = None
    #: Walked after dark (lighting shows then) rather than in daylight.
    dark: bool = False

    def validate(self) -> None:
        if not isinstance(self.dark, bool):
            self.dark = as_bool("dark", self.dark)
        self.walk_date = v.as_date("walk_date", self.walk_date)
        self.name = v.text("name", self.name, required=True)
        self.organisers = v.text("organisers", self.organisers)
        self.participants = v.whole_number("participants", self.participants)


@dataclass(kw_only=True)
class Finding(Feature):
    """Something a safety walk found (brist / iakttagelse), with a proposed action."""

    LAYER: ClassVar[str] = "findings"
    GEOMETRY_TYPES: ClassVar[tuple[str, ...]] = ("Point",)
    DATE_FIELD: ClassVar[str] = "found_date"
    PUBLIC_FIELDS: ClassVar[tuple[str, ...]] = (
        "id", "kommun_kod", "pledge_id", "walk_id", "number", "found_date", "category",
        "description", "proposed_action", "responsible", "priority", "selected", "status",
        "due_date", "completed_date", "status_reason", "forwarded_to",
    )

    walk_id: str
    number: int = 1
    found_date: date
    category: Category
    description: str = ""
    proposed_action: str = ""
    responsible: Party = Party.MUNICIPALITY
    priority: int = 2
    selected: bool = False
    status: FindingStatus = FindingStatus.NEW
    due_date: date | None = None
    completed_date: date | None = None
    activity_id: str | None = None
    #: Why it will not be done (required for "not done").
    status_reason: str = ""
    #: The party it was handed to (required for "forwarded").
    forwarded_to: Party | None = None
    #: Who handles it (internal only).
    assignee: str = ""

    def validate(self) -> None:
        self.walk_id = (v.record_id(self.walk_id, "walk_id") if self.walk_id
                        else _required("walk_id"))
        self.number = v.whole_number("number", self.number, optional=False, minimum=1)
        self.found_date = v.as_date("found_date", self.found_date)
        self.category = v.enum_value("category", self.category, Category)
        self.description = v.text("description", self.description, limit=v.config.MAX_LONG_TEXT)
        self.proposed_action = v.text(
            "proposed_action", self.proposed_action, limit=v.config.MAX_LONG_TEXT
        )
        self.responsible = v.enum_value("responsible", self.responsible, Party)
        self.priority = v.whole_number("priority", self.priority, optional=False, minimum=1)
        if self.priority > 3:
            raise ValidationError("priority", "must be 1 (high), 2 or 3 (low)")
        if not isinstance(self.selected, bool):
            self.selected = as_bool("selected", self.selected)
        self.status = v.enum_value("status", self.status, FindingStatus)
        self.due_date = v.as_date("due_date", self.due_date, optional=True)
        self.completed_date = v.as_date("completed_date", self.completed_date, optional=True)
        v.date_order("found_date", self.found_date, "completed_date", self.completed_date)
        v.date_order("found_date", self.found_date, "due_date", self.due_date)
        if self.status is FindingStatus.DONE and self.completed_date is None:
            raise ValidationError("completed_date", "is required when the status is done")
        if self.status is not FindingStatus.DONE and self.completed_date is not None:
            raise ValidationError("completed_date", "is only set when the status is done")
        self.activity_id = (v.record_id(self.activity_id, "activity_id") if self.activity_id
                            else None)
        self.status_reason = v.text("status_reason", self.status_reason,
                                    limit=v.config.MAX_LONG_TEXT)
        self.forwarded_to = v.enum_value("forwarded_to", self.forwarded_to, Party,
                                         optional=True)
        self.assignee = v.text("assignee", self.assignee)
        if self.status is FindingStatus.NOT_DONE and not self.status_reason:
            raise ValidationError("status_reason", "is required when a finding is not done")
        if self.status is FindingStatus.FORWARDED and self.forwarded_to is None:
            raise ValidationError("forwarded_to", "is required when a finding is forwarded")


@dataclass(kw_only=True)
class WatchArea(Feature):
    """A neighbourhood-watch area (grannsamverkansområde)."""

    LAYER: ClassVar[str] = "watch_areas"
    GEOMETRY_TYPES: ClassVar[tuple[str, ...]] = ("Polygon", "MultiPolygon")
    DATE_FIELD: ClassVar[str] = "start_date"
    #: ``contact_person`` and ``contact_phone`` are personal data: never in this list.
    PUBLIC_FIELDS: ClassVar[tuple[str, ...]] = (
        "id", "kommun_kod", "pledge_id", "name", "start_date", "end_date", "households",
    )

    name: str
    start_date: date
    end_date: date | None = None
    households: int | None = None
    contact_person: str = ""
    contact_phone: str = ""

    def validate(self) -> None:
        if isinstance(self.geometry, Polygon):
            self.geometry = MultiPolygon([self.geometry])
        self.name = v.text("name", self.name, required=True)
        self.start_date = v.as_date("start_date", self.start_date)
        self.end_date = v.as_date("end_date", self.end_date, optional=True)
        v.date_order("start_date", self.start_date, "end_date", self.end_date)
        self.households = v.whole_number("households", self.households)
        self.contact_person = v.text("contact_person", self.contact_person)
        self.contact_phone = v.text("contact_phone", self.contact_phone)

    def years(self) -> range:
        """A watch area belongs to every year its start–end span touches."""
        last = self.end_date.year if self.end_date else max(self.start_date.year, date.today().year)
        return range(self.start_date.year, last + 1)


@dataclass(kw_only=True)
class Activity(Feature):
    """A completed activity or measure (genomförd aktivitet / åtgärd)."""

    LAYER: ClassVar[str] = "activities"
    GEOMETRY_TYPES: ClassVar[tuple[str, ...]] = ("Point", "Polygon", "MultiPolygon", "LineString")
    GEOMETRY_OPTIONAL: ClassVar[bool] = True
    DATE_FIELD: ClassVar[str] = "activity_date"
    PUBLIC_FIELDS: ClassVar[tuple[str, ...]] = (
        "id", "kommun_kod", "pledge_id", "commitment_id", "kind", "activity_date", "title",
        "quantity", "unit", "finding_id", "description",
    )

    kind: ActivityKind
    activity_date: date
    title: str = ""
    quantity: float | None = None
    unit: str = ""
    commitment_id: str | None = None
    finding_id: str | None = None
    description: str = ""

    def validate(self) -> None:
        self.kind = v.enum_value("kind", self.kind, ActivityKind)
        if self.kind in COUNT_ONLY_KINDS:
            raise ValidationError(
                "kind", f"{self.kind.value} is counted per month only and never has a place"
            )
        self.activity_date = v.as_date("activity_date", self.activity_date)
        self.title = v.text("title", self.title, required=True)
        self.quantity = v.number("quantity", self.quantity)
        self.unit = v.text("unit", self.unit)
        self.commitment_id = v.slug("commitment_id", self.commitment_id)
        self.finding_id = (v.record_id(self.finding_id, "finding_id") if self.finding_id
                           else None)
        self.description = v.text("description", self.description, limit=v.config.MAX_LONG_TEXT)


FEATURE_TYPES: dict[str, type[Feature]] = {
    cls.LAYER: cls for cls in (UnsafePlace, SafetyWalk, Finding, WatchArea, Activity)
}
#: Map layers in the order the page, the table and ``geo stats`` list them.
LAYERS: tuple[str, ...] = ("unsafe_places", "walks", "findings", "watch_areas", "activities")
#: The same layers in drawing order (areas below lines below points).
DRAW_ORDER: tuple[str, ...] = ("watch_areas", "walks", "activities", "unsafe_places", "findings")


def _required(name: str) -> str:
    raise ValidationError(name, "is required")


def as_bool(name: str, value: Any) -> bool:
    """A stored or typed true/false (1/0, "true"/"false") as a bool; else a ValidationError."""
    if value in (0, 1, "0", "1", "true", "false", "True", "False"):
        return str(value).lower() in ("1", "true")
    raise ValidationError(name, f"{value!r} is not true or false")


# The non-map records live in their own module; they are part of the model all the same.
from geo.pledge_model import ActivityCount, Commitment, Pledge  # noqa: E402

__all__ = [
    "FEATURE_TYPES", "LAYERS", "DRAW_ORDER", "Activity", "ActivityCount", "Commitment",
    "Feature", "Finding", "Pledge", "SafetyWalk", "UnsafePlace", "ValidationError",
    "WatchArea", "new_id", "utc_now",
]
