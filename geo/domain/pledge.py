"""The model's records that are not map features: pledges, commitments, counts.

Validated on construction like :mod:`geo.domain.model`'s features (a bad field raises
:class:`~geo.domain.validation.ValidationError` naming it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from geo.domain import validation as v
from geo.domain.enums import (
    COUNT_ONLY_KINDS,
    ActivityKind,
    FollowUp,
    Measure,
    Responsible,
    TargetPeriod,
)
from geo.domain.fieldspec import FieldSpec, as_given, as_tuple, check_all

ValidationError = v.ValidationError
_LONG = v.config.MAX_LONG_TEXT


def _counted_only(kind: ActivityKind) -> None:
    if kind not in COUNT_ONLY_KINDS:
        raise ValidationError("kind", f"{kind.value} is not a count-only kind")


def _month(name: str, value: Any) -> str:
    text_value = str(value or "")
    try:
        date.fromisoformat(text_value + "-01")
    except ValueError:
        raise ValidationError(name, f"{value!r} is not a month (YYYY-MM)") from None
    if len(text_value) != 7:
        raise ValidationError(name, f"{value!r} is not a month (YYYY-MM)")
    return text_value


def _unit(name: str, value: Any) -> str | None:
    return v.text(name, value) or None


def _archived(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value not in (0, 1):
        raise ValidationError(name, f"{value!r} is not true or false", "true_or_false")
    return bool(value)


def web_link(field: str, value: Any) -> str:
    """An http(s) address or "": a link shown to the public must not run script or read files.

    ``javascript:``, ``data:`` and ``file:`` links would run or leak when clicked; only
    absolute web addresses with a host are kept.
    """
    link = v.text(field, value, limit=v.config.MAX_LONG_TEXT)
    if not link:
        return ""
    parts = urlsplit(link)
    if (parts.scheme.lower() not in ("http", "https") or not parts.hostname
            or any(c.isspace() for c in link)):
        raise ValidationError(field, f"{link[:60]!r} is not a web address (http:// or https://)",
                              "web_link")
    return link


def check_target_unit(target: float | None, unit: str | None) -> None:
    """A target needs its unit: "8" of what? A report says it (commitments, plan rows)."""
    if target is not None and unit is None:
        raise ValidationError("unit", "is required with a target", "unit_required")


@dataclass(kw_only=True)
class ActivityCount:
    """Home visits or concern talks: a count per month and commitment, never a place."""

    LAYER: ClassVar[str] = "activity_counts"
    #: Each field's kind and checks (:mod:`geo.domain.fieldspec`); ``updated_by`` is the store's.
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec("id", "id"),
        FieldSpec("kommun_kod", "kommun"),
        FieldSpec("pledge_id", "slug"),
        FieldSpec("commitment_id", "slug"),
        FieldSpec("kind", "choice", required=True, enum=ActivityKind, rule=_counted_only),
        FieldSpec("month", "text", coerce=_month),
        FieldSpec("count", "int", required=True),
        FieldSpec("updated_at", "datetime"),
        FieldSpec("updated_by", "text", coerce=as_given),
        FieldSpec("version", "int", required=True, minimum=1),
    )

    id: str = field(default_factory=v.new_id)
    kommun_kod: str
    pledge_id: str | None = None
    commitment_id: str | None = None
    kind: ActivityKind
    month: str
    count: int
    updated_at: datetime | None = None
    updated_by: str = ""
    version: int = 1

    def __post_init__(self) -> None:
        check_all(self, self.FIELDS)


@dataclass(kw_only=True)
class Commitment:
    """One thing a pledge promises to do, with a target where the text gives one."""

    #: Each field's kind and checks (:mod:`geo.domain.fieldspec`); the rest is ``__post_init__``'s.
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec("id", "slug", required=True),
        FieldSpec("pledge_id", "slug", required=True),
        FieldSpec("text", "long_text", required=True, limit=_LONG),
        FieldSpec("kind", "choice", required=True, enum=ActivityKind),
        FieldSpec("target", "float"),
        FieldSpec("unit", "text", coerce=_unit),
        FieldSpec("target_period", "choice", required=True, enum=TargetPeriod),
        FieldSpec("responsible", "choice", required=True, enum=Responsible),
        FieldSpec("measure", "choice", enum=Measure),
    )

    id: str
    pledge_id: str
    text: str
    kind: ActivityKind
    target: float | None = None
    unit: str | None = None
    target_period: TargetPeriod = TargetPeriod.PLEDGE
    responsible: Responsible = Responsible.BOTH
    #: How it is counted (:mod:`geo.domain.followup`); left out, it follows from the kind.
    measure: Measure | None = None

    def __post_init__(self) -> None:
        check_all(self, self.FIELDS)
        if not self.id.startswith(self.pledge_id):
            raise ValidationError("id", f"{self.id!r} does not start with its pledge id",
                                  "id_prefix", id=self.id, pledge=self.pledge_id)
        check_target_unit(self.target, self.unit)
        if self.measure is None:
            self.measure = default_measure(self.kind, self.target_period)
        _check_measure(self, self.measure)


@dataclass(kw_only=True)
class Pledge:
    """A citizen pledge (medborgarlöfte) between a municipality and its police area."""

    #: Each field's kind and checks (:mod:`geo.domain.fieldspec`); the rest is ``__post_init__``'s.
    FIELDS: ClassVar[tuple[FieldSpec, ...]] = (
        FieldSpec("id", "slug", required=True),
        FieldSpec("kommun_kod", "kommun"),
        FieldSpec("kommun", "text", required=True),
        FieldSpec("police_area", "text", required=True),
        FieldSpec("title", "text", required=True),
        FieldSpec("period_start", "date", required=True),
        FieldSpec("period_end", "date", required=True),
        FieldSpec("signed_date", "date"),
        FieldSpec("follow_up", "choice", required=True, enum=FollowUp),
        FieldSpec("problem", "long_text", limit=_LONG),
        FieldSpec("goals", "texts", limit=_LONG),
        FieldSpec("source_document", "text", coerce=as_given),
        FieldSpec("source_title", "text"),
        FieldSpec("source_date", "date"),
        FieldSpec("source_publisher", "text"),
        FieldSpec("other_sources", "texts", coerce=as_tuple),
        FieldSpec("commitments", "records"),
        FieldSpec("source_url", "text", limit=_LONG, coerce=web_link),
        FieldSpec("version", "int", required=True, minimum=1),
        FieldSpec("archived", "bool", coerce=_archived),
        FieldSpec("updated_at", "datetime"),
        FieldSpec("updated_by", "text"),
    )

    id: str
    kommun_kod: str
    kommun: str
    police_area: str
    title: str
    period_start: date
    period_end: date
    signed_date: date | None = None
    follow_up: FollowUp = FollowUp.YEARLY
    problem: str = ""
    goals: tuple[str, ...] = ()
    source_document: str = ""
    #: The source document as a reader cites it (a file name means nothing in print):
    #: its title (default: the pledge's), its date and who issued it.
    source_title: str = ""
    source_date: date | None = None
    source_publisher: str = ""
    other_sources: tuple[str, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    #: A link to the source (the municipality's page of the pledge), besides or instead of
    #: a document kept in the store.
    source_url: str = ""
    #: Kept by the store: optimistic locking as the map's records, archiving instead of
    #: deleting (an archived pledge stays in history and reports, out of new work).
    version: int = 1
    archived: bool = False
    updated_at: datetime | None = None
    updated_by: str = ""

    def __post_init__(self) -> None:
        check_all(self, self.FIELDS)
        v.date_order("period_start", self.period_start, "period_end", self.period_end)
        _check_commitments(self.id, self.commitments)

    @property
    def years(self) -> range:
        """Calendar years the pledge period covers."""
        return range(self.period_start.year, self.period_end.year + 1)

    @property
    def short_title(self) -> str:
        """"Tomelilla 2020", "Staffanstorp 2018–2019": short enough for a choice or a link."""
        first, last = self.period_start.year, self.period_end.year
        return f"{self.kommun} {first}" + (f"–{last}" if last != first else "")


def _check_commitments(pledge_id: str, commitments: tuple[Commitment, ...]) -> None:
    """Each commitment belongs to this pledge and has an id of its own (the store's key)."""
    seen: set[str] = set()
    for commitment in commitments:
        if commitment.pledge_id != pledge_id:
            raise ValidationError("commitments", f"{commitment.id} belongs to "
                                  f"{commitment.pledge_id}, not {pledge_id}", "id_prefix",
                                  id=commitment.id, pledge=pledge_id)
        if commitment.id in seen:
            raise ValidationError("commitments", f"{commitment.id} occurs twice",
                                  "duplicate_commitment", id=commitment.id)
        seen.add(commitment.id)


def default_measure(kind: ActivityKind, target_period: TargetPeriod) -> Measure:
    """The measure a commitment gets when its pledge does not name one (as the seeds do)."""
    if kind in COUNT_ONLY_KINDS:
        return Measure.COUNT_ONLY
    if kind is ActivityKind.SAFETY_WALK:
        return Measure.WALK_RULE if target_period is TargetPeriod.PER_WALK else Measure.WALKS
    if kind is ActivityKind.POLICE_HOURS:
        return Measure.HOURS
    if target_period in (TargetPeriod.MONTH, TargetPeriod.WEEK):
        return Measure.UNITS
    return Measure.ACTIVITIES


#: Measures that count records of another layer (walks, findings, watch areas, places):
#: only for the kinds whose work they count (a safety walk's count is no measure of an
#: information meeting). The other measures count the commitment's linked activities.
MEASURE_KINDS: dict[Measure, frozenset[ActivityKind]] = {
    Measure.WALKS: frozenset({ActivityKind.SAFETY_WALK, ActivityKind.OTHER}),
    Measure.WALK_RULE: frozenset({ActivityKind.SAFETY_WALK}),
    Measure.FINDINGS_DONE: frozenset({ActivityKind.SAFETY_WALK, ActivityKind.PHYSICAL_MEASURE,
                                      ActivityKind.OTHER}),
    Measure.NEW_WATCH_AREAS: frozenset({ActivityKind.WATCH_STARTUP_MEETING,
                                        ActivityKind.WATCH_CONTACT_MEETING,
                                        ActivityKind.INFORMATION_MEETING, ActivityKind.OTHER}),
    Measure.PLACES_RESOLVED: frozenset({ActivityKind.PHYSICAL_MEASURE, ActivityKind.OTHER}),
}


def _check_measure(commitment: Commitment, measure: Measure) -> None:
    """Refuse a measure (the commitment's, its default filled in) that cannot count it.

    Home visits and concern talks are counted, never placed: only ``count_only`` counts
    them, and ``count_only`` counts nothing else.
    """
    kind = commitment.kind
    if (kind in COUNT_ONLY_KINDS) != (measure is Measure.COUNT_ONLY):
        raise ValidationError("measure", f"{measure} cannot count {kind.value}",
                              "measure_kind", measure=measure.value, kind=kind.value)
    if measure is Measure.UNITS and commitment.target_period not in (TargetPeriod.MONTH,
                                                                     TargetPeriod.WEEK):
        raise ValidationError("measure", "units needs a target per month or per week",
                              "measure_units")
    if measure is Measure.WALK_RULE and kind is not ActivityKind.SAFETY_WALK:
        raise ValidationError("measure", "walk_rule counts safety walks only",
                              "measure_walk_rule")
    if measure is Measure.NONE and commitment.target is not None:
        raise ValidationError("target", "a commitment measured as none has no target",
                              "measure_none_target")
    kinds = MEASURE_KINDS.get(measure)
    if kinds is not None and kind not in kinds:
        raise ValidationError("measure", f"{measure} does not count {kind.value}",
                              "measure_record_kind", measure=measure.value, kind=kind.value)
