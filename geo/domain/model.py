"""The domain records of DESIGN.md, validated on construction.

Every record is a dataclass whose ``__post_init__`` coerces and checks its fields
and raises :class:`~geo.domain.validation.ValidationError` naming the first bad field.
Records are plain values: the store turns them into rows and back.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, ClassVar, Self

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geo.domain import validation as v
from geo.domain.enums import (
    COUNT_ONLY_KINDS,
    ActivityKind,
    Category,
    FindingStatus,
    Party,
    PlaceSource,
    PlaceStatus,
    Visibility,
)
from geo.domain.fieldspec import FieldSpec, check_all

# The non-map records live in their own module; they are part of the model all the same
# (re-exported through __all__).
from geo.domain.pledge import ActivityCount, Commitment, Pledge

ValidationError = v.ValidationError
_LONG = v.config.MAX_LONG_TEXT


new_id = v.new_id
def utc_now() -> datetime:
    """Return the current time, UTC, to the millisecond."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _priority(value: int) -> None:
    if value > 3:
        raise ValidationError("priority", "must be 1 (high), 2 or 3 (low)")


def _has_a_place(kind: ActivityKind) -> None:
    if kind in COUNT_ONLY_KINDS:
        raise ValidationError(
            "kind", f"{kind.value} is counted per month only and never has a place")


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
    #: Each field's kind and checks, in the order they are checked (:mod:`geo.domain.fieldspec`);
    #: a subclass appends its own.
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec("id", "id"),
        FieldSpec("kommun_kod", "kommun"),
        FieldSpec("geometry", "geometry"),
        FieldSpec("pledge_id", "slug"),
        FieldSpec("visibility", "choice", required=True, enum=Visibility),
        FieldSpec("created_at", "datetime"),
        FieldSpec("updated_at", "datetime"),
        FieldSpec("updated_by", "text"),
        FieldSpec("version", "int", required=True, minimum=1),
        FieldSpec("internal_note", "long_text", limit=_LONG),
        FieldSpec("deleted_at", "datetime"),
        FieldSpec("deleted_reason", "text"),
        FieldSpec("case_number", "text"),
        FieldSpec("extra", "extra"),
    )

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
        check_all(self, self.FIELDS)
        self.validate()

    def validate(self) -> None:
        """Check the rules across fields (each field is checked by its spec before).

        A subclass calls this first, then adds its own.
        """
        if self.deleted_at is not None and not self.deleted_reason:
            raise ValidationError("deleted_reason", "is required when a record is deleted")

    def years(self) -> range:
        """Return the calendar years this feature belongs to."""
        day = getattr(self, self.DATE_FIELD)
        return range(day.year, day.year + 1)

    def replace(self, **changes: Any) -> Self:
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
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        *Feature.FIELDS,
        FieldSpec("reporter", "text"),
        FieldSpec("category", "choice", required=True, enum=Category),
        FieldSpec("source", "choice", required=True, enum=PlaceSource),
        FieldSpec("reported_date", "date", required=True),
        FieldSpec("status", "choice", required=True, enum=PlaceStatus),
        FieldSpec("description", "long_text", limit=_LONG),
        FieldSpec("resolved_date", "date"),
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
        super().validate()
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
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        *Feature.FIELDS,
        FieldSpec("dark", "bool"),
        FieldSpec("walk_date", "date", required=True),
        FieldSpec("name", "text", required=True),
        FieldSpec("organisers", "text"),
        FieldSpec("participants", "int"),
    )

    walk_date: date
    name: str = ""
    organisers: str = ""
    participants: int | None = None
    #: Walked after dark (lighting shows then) rather than in daylight.
    dark: bool = False



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
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        *Feature.FIELDS,
        FieldSpec("walk_id", "reference", required=True),
        FieldSpec("number", "int", required=True, minimum=1),
        FieldSpec("found_date", "date", required=True),
        FieldSpec("category", "choice", required=True, enum=Category),
        FieldSpec("description", "long_text", limit=_LONG),
        FieldSpec("proposed_action", "long_text", limit=_LONG),
        FieldSpec("responsible", "choice", required=True, enum=Party),
        FieldSpec("priority", "int", required=True, minimum=1, rule=_priority),
        FieldSpec("selected", "bool"),
        FieldSpec("status", "choice", required=True, enum=FindingStatus),
        FieldSpec("due_date", "date"),
        FieldSpec("completed_date", "date"),
        FieldSpec("activity_id", "reference"),
        FieldSpec("status_reason", "text", limit=_LONG),
        FieldSpec("forwarded_to", "choice", enum=Party),
        FieldSpec("assignee", "text"),
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
        super().validate()
        v.date_order("found_date", self.found_date, "completed_date", self.completed_date)
        v.date_order("found_date", self.found_date, "due_date", self.due_date)
        if self.status is FindingStatus.DONE and self.completed_date is None:
            raise ValidationError("completed_date", "is required when the status is done")
        if self.status is not FindingStatus.DONE and self.completed_date is not None:
            raise ValidationError("completed_date", "is only set when the status is done")
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
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        *Feature.FIELDS,
        FieldSpec("name", "text", required=True),
        FieldSpec("start_date", "date", required=True),
        FieldSpec("end_date", "date"),
        FieldSpec("households", "int"),
        FieldSpec("contact_person", "text"),
        FieldSpec("contact_phone", "text"),
    )

    name: str
    start_date: date
    end_date: date | None = None
    households: int | None = None
    contact_person: str = ""
    contact_phone: str = ""

    def validate(self) -> None:
        super().validate()
        if isinstance(self.geometry, Polygon):
            self.geometry = MultiPolygon([self.geometry])
        v.date_order("start_date", self.start_date, "end_date", self.end_date)

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
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        *Feature.FIELDS,
        FieldSpec("kind", "choice", required=True, enum=ActivityKind, rule=_has_a_place),
        FieldSpec("activity_date", "date", required=True),
        FieldSpec("title", "text", required=True),
        FieldSpec("quantity", "float"),
        FieldSpec("unit", "text"),
        FieldSpec("commitment_id", "slug"),
        FieldSpec("finding_id", "reference"),
        FieldSpec("description", "long_text", limit=_LONG),
    )

    kind: ActivityKind
    activity_date: date
    title: str = ""
    quantity: float | None = None
    unit: str = ""
    commitment_id: str | None = None
    finding_id: str | None = None
    description: str = ""



FEATURE_TYPES: dict[str, type[Feature]] = {
    cls.LAYER: cls for cls in (UnsafePlace, SafetyWalk, Finding, WatchArea, Activity)
}
#: Map layers in the order the page, the table and ``geo stats`` list them (the registry,
#: :mod:`geo.domain.layers`, holds the rest of what a layer is, drawing order included).
LAYERS: tuple[str, ...] = tuple(FEATURE_TYPES)

__all__ = [
    "FEATURE_TYPES", "LAYERS", "Activity", "ActivityCount", "Commitment",
    "Feature", "Finding", "Pledge", "SafetyWalk", "UnsafePlace", "ValidationError",
    "WatchArea", "new_id", "utc_now",
]
