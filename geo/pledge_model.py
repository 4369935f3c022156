"""The model's records that are not map features: pledges, commitments, counts.

Validated on construction like :mod:`geo.model`'s features (a bad field raises
:class:`~geo.validation.ValidationError` naming it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from geo import validation as v
from geo.enums import (
    COUNT_ONLY_KINDS,
    ActivityKind,
    FollowUp,
    Measure,
    Responsible,
    TargetPeriod,
)

ValidationError = v.ValidationError


@dataclass(kw_only=True)
class ActivityCount:
    """Home visits or concern talks: a count per month and commitment, never a place."""

    LAYER: ClassVar[str] = "activity_counts"

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
        self.id = v.record_id(self.id)
        self.kommun_kod = v.kommun_kod(self.kommun_kod)
        self.pledge_id = v.slug("pledge_id", self.pledge_id)
        self.commitment_id = v.slug("commitment_id", self.commitment_id)
        self.kind = v.enum_value("kind", self.kind, ActivityKind)
        if self.kind not in COUNT_ONLY_KINDS:
            raise ValidationError("kind", f"{self.kind.value} is not a count-only kind")
        self.month = _month(self.month)
        self.count = v.whole_number("count", self.count, optional=False)
        self.updated_at = v.as_datetime("updated_at", self.updated_at)
        self.version = v.whole_number("version", self.version, optional=False, minimum=1)


@dataclass(kw_only=True)
class Commitment:
    """One thing a pledge promises to do, with a target where the text gives one."""

    id: str
    pledge_id: str
    text: str
    kind: ActivityKind
    target: float | None = None
    unit: str | None = None
    target_period: TargetPeriod = TargetPeriod.PLEDGE
    responsible: Responsible = Responsible.BOTH
    #: How it is counted (:mod:`geo.followup`); left out, it follows from the kind.
    measure: Measure | None = None

    def __post_init__(self) -> None:
        self.id = v.slug("id", self.id, optional=False)
        self.pledge_id = v.slug("pledge_id", self.pledge_id, optional=False)
        if not self.id.startswith(self.pledge_id):
            raise ValidationError("id", f"{self.id!r} does not start with its pledge id",
                                  "id_prefix", id=self.id, pledge=self.pledge_id)
        self.text = v.text("text", self.text, limit=v.config.MAX_LONG_TEXT, required=True)
        self.kind = v.enum_value("kind", self.kind, ActivityKind)
        self.target = v.number("target", self.target)
        self.unit = v.text("unit", self.unit) or None
        if self.target is not None and self.unit is None:  # "8" of what? a report says it
            raise ValidationError("unit", "is required with a target", "unit_required")
        self.target_period = v.enum_value("target_period", self.target_period, TargetPeriod)
        self.responsible = v.enum_value("responsible", self.responsible, Responsible)
        self.measure = (default_measure(self.kind, self.target_period) if self.measure is None
                        else v.enum_value("measure", self.measure, Measure))
        _check_measure(self)


@dataclass(kw_only=True)
class Pledge:
    """A citizen pledge (medborgarlöfte) between a municipality and its police area."""

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
        self.id = v.slug("id", self.id, optional=False)
        self.kommun_kod = v.kommun_kod(self.kommun_kod)
        self.kommun = v.text("kommun", self.kommun, required=True)
        self.police_area = v.text("police_area", self.police_area, required=True)
        self.title = v.text("title", self.title, required=True)
        self.period_start = v.as_date("period_start", self.period_start)
        self.period_end = v.as_date("period_end", self.period_end)
        v.date_order("period_start", self.period_start, "period_end", self.period_end)
        self.signed_date = v.as_date("signed_date", self.signed_date, optional=True)
        self.follow_up = v.enum_value("follow_up", self.follow_up, FollowUp)
        self.problem = v.text("problem", self.problem, limit=v.config.MAX_LONG_TEXT)
        self.goals = tuple(v.text("goals", g, limit=v.config.MAX_LONG_TEXT) for g in self.goals)
        self.source_title = v.text("source_title", self.source_title)
        self.source_date = v.as_date("source_date", self.source_date, optional=True)
        self.source_publisher = v.text("source_publisher", self.source_publisher)
        self.other_sources = tuple(self.other_sources)
        self.commitments = tuple(self.commitments)
        _check_commitments(self.id, self.commitments)
        self.source_url = web_link("source_url", self.source_url)
        self.version = v.whole_number("version", self.version, optional=False, minimum=1)
        if not isinstance(self.archived, bool):
            if self.archived not in (0, 1):
                raise ValidationError("archived", f"{self.archived!r} is not true or false",
                                      "true_or_false")
            self.archived = bool(self.archived)
        self.updated_at = v.as_datetime("updated_at", self.updated_at)
        self.updated_by = v.text("updated_by", self.updated_by)

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


def _check_measure(commitment: Commitment) -> None:
    """Refuse a measure that cannot count this commitment.

    Home visits and concern talks are counted, never placed: only ``count_only`` counts
    them, and ``count_only`` counts nothing else.
    """
    measure, kind = commitment.measure, commitment.kind
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


def _month(value: Any) -> str:
    text_value = str(value or "")
    try:
        date.fromisoformat(text_value + "-01")
    except ValueError:
        raise ValidationError("month", f"{value!r} is not a month (YYYY-MM)") from None
    if len(text_value) != 7:
        raise ValidationError("month", f"{value!r} is not a month (YYYY-MM)")
    return text_value
