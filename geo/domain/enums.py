"""The closed vocabularies of the domain (codes; names come from the i18n catalog)."""

from __future__ import annotations

from enum import StrEnum


class Code(StrEnum):
    """A string enum whose value is the stored code."""



class Visibility(Code):
    PUBLIC = "public"
    INTERNAL = "internal"


class Category(Code):
    """What makes a place unsafe; shared by unsafe places and walk findings."""

    LIGHTING = "lighting"
    VEGETATION = "vegetation"
    TRAFFIC = "traffic"
    YOUTH_GATHERING = "youth_gathering"
    VANDALISM = "vandalism"
    DRUGS = "drugs"
    BURGLARY = "burglary"
    HARASSMENT = "harassment"
    OTHER = "other"


class PlaceSource(Code):
    SURVEY = "survey"
    CITIZEN_DIALOGUE = "citizen_dialogue"
    SAFETY_WALK = "safety_walk"
    WEB_FORM = "web_form"
    POLICE = "police"


class PlaceStatus(Code):
    ACTIVE = "active"
    RESOLVED = "resolved"


class FindingStatus(Code):
    """The lifecycle of a walk finding (see :mod:`geo.domain.lifecycle` for the allowed steps)."""

    NEW = "new"
    ASSESSED = "assessed"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_DONE = "not_done"
    FORWARDED = "forwarded"


class Party(Code):
    """Who is responsible for acting on a walk finding."""

    MUNICIPALITY = "municipality"
    POLICE = "police"
    PROPERTY_OWNER = "property_owner"
    ROAD_AUTHORITY = "road_authority"
    HOUSING_COMPANY = "housing_company"
    OTHER = "other"


class Responsible(Code):
    """Who carries a pledge commitment."""

    MUNICIPALITY = "municipality"
    POLICE = "police"
    BOTH = "both"


class ActivityKind(Code):
    SAFETY_WALK = "safety_walk"
    INFORMATION_MEETING = "information_meeting"
    WATCH_STARTUP_MEETING = "watch_startup_meeting"
    WATCH_CONTACT_MEETING = "watch_contact_meeting"
    POLICE_HOURS = "police_hours"
    CONCERN_TALK = "concern_talk"
    HOME_VISIT = "home_visit"
    DISPATCH = "dispatch"
    VISIBLE_PRESENCE = "visible_presence"
    PHYSICAL_MEASURE = "physical_measure"
    OTHER = "other"


#: Kinds that concern identifiable children and families: counts only, never a place.
COUNT_ONLY_KINDS = frozenset({ActivityKind.HOME_VISIT, ActivityKind.CONCERN_TALK})


class TargetPeriod(Code):
    PLEDGE = "pledge"
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"
    PER_WALK = "per_walk"


class Measure(Code):
    """How a commitment is counted: the rules are in :mod:`geo.domain.followup`."""

    ACTIVITIES = "activities"
    HOURS = "hours"
    WALKS = "walks"
    UNITS = "units"
    WALK_RULE = "walk_rule"
    NEW_WATCH_AREAS = "new_watch_areas"
    FINDINGS_DONE = "findings_done"
    PLACES_RESOLVED = "places_resolved"
    COUNT_ONLY = "count_only"
    NONE = "none"


class FollowUp(Code):
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    COUNCIL = "council"


#: Findings still to be acted on (the rest are closed: done, not done, forwarded).
OPEN_FINDING_STATUSES = frozenset({FindingStatus.NEW, FindingStatus.ASSESSED,
                                   FindingStatus.PLANNED, FindingStatus.IN_PROGRESS})


class PlanStatus(Code):
    """Where an åtgärdsplan stands: a draft, or decided (by the council, with a date)."""

    DRAFT = "draft"
    DECIDED = "decided"


class PlanColour(Code):
    """A plan row's follow-up (Brå's matrix): done on time, in progress, late."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"
