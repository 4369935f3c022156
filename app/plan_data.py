"""The Åtgärdsplan page's reads, cached on plain values and the store's data version.

Every plan write leaves a history row, so the data version changes with it and the next
run reads the plan afresh (another user's save too). "Did it help?" is the slow one: it
is computed only when asked for, once per plan version, row, day and language.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import streamlit as st

from app import cached
from geo import config
from geo.domain import plan_followup
from geo.domain.filters import Filter
from geo.domain.plan import Plan
from geo.editing import plan_form as rules
from geo.effect import plan as effect_plan


class Choices(NamedTuple):
    """What a row can link to in one municipality, named as a reader names it."""

    places: dict[str, str]
    findings: dict[str, str]
    commitments: dict[str, str]
    #: Each place's and finding's year, for the row's map link.
    years: dict[str, int]


@st.cache_data(show_spinner=False, max_entries=16)
def plans(location: str, version: str, kommun_kod: str) -> list[Plan]:
    """The municipality's plans (drafts first, then the newest decision)."""
    return cached.store(location).plans(kommun_kod)


@st.cache_data(show_spinner=False, max_entries=32)
def followups(location: str, version: str, plan_id: str, today: date
              ) -> list[plan_followup.RowFollowUp]:
    """Each row's computed colour and the states of its links, as of ``today``."""
    store = cached.store(location)
    plan = store.plan(plan_id)
    return plan_followup.plan_followup(store, plan, today) if plan is not None else []


@st.cache_data(show_spinner=False, max_entries=16)
def choices(location: str, version: str, kommun_kod: str, lang: str) -> Choices:
    """The municipality's unsafe places, walk findings and pledge commitments (staff: all)."""
    store = cached.store(location)
    every_year = Filter(kommun_kod, config.FIRST_YEAR, config.LAST_YEAR)
    places = store.list("unsafe_places", every_year)
    findings = store.list("findings", every_year)
    return Choices(rules.place_labels(places, lang), rules.finding_labels(findings, lang),
                   rules.commitment_labels(store.pledges(), kommun_kod),
                   rules.record_years(places, findings))


class Effects(NamedTuple):
    """"Did it help?" for one row as plain text: answers, reasons for missing ones, basis."""

    #: (what was counted, headline, sentences, caveats) per outcome.
    answers: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]]
    reasons: list[str]
    basis: str


@st.cache_data(show_spinner=False, max_entries=64)
def row_effects(location: str, version: str, plan_id: str, plan_version: int, row_id: str,
                today: date, lang: str) -> Effects:
    """"Did it help?" for one row (:func:`geo.effect.plan.assess`), said in ``lang``.

    Keyed on plain values only (the plan's id and version, the row's id, the day and the
    language, with the store's data version); the result is text, not the estimator's arrays.
    """
    store = cached.store(location)
    plan = store.plan(plan_id)
    row = plan.row(row_id) if plan is not None else None
    if plan is None or row is None:
        return Effects([], [], "")
    # staff only (the page asks for the right to see internal records in the plan's
    # municipality): internal records count too, as in the staff version of the document
    found = effect_plan.assess(store, plan, row, today=today, lang=lang, public=False)
    return Effects(
        [(effect_plan.outcome_label(e.outcome, lang), e.description.headline,
          tuple(e.description.sentences), tuple(e.description.caveats))
         for e in found.effects],
        [effect_plan.reason_text(r, lang) for r in found.reasons],
        effect_plan.basis_text(found, lang))
