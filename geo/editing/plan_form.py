"""The åtgärdsplan page's rules: what its forms hold, how they become a plan, what it says.

The Åtgärdsplan page (``views/plan.py``, ``app/plan_form.py``, ``app/plan_rows.py``) keeps
plain values per form in session state; this module turns them into a validated
:class:`~geo.domain.plan.Plan`, names the records a row can link to as a reader does
(never an id), builds the map link of a row, says a refusal in the user's language and
checks the user's role before every write. No Streamlit here: every rule is tested
without a page.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from geo import config, formats, i18n
from geo.access.auth import Action, User, require
from geo.domain import validation as v
from geo.domain.enums import Party, PlanColour, PlanStatus
from geo.domain.filters import Filter
from geo.domain.model import Pledge
from geo.domain.plan import Plan, PlanRow
from geo.domain.plan_followup import LinkState, RowFollowUp
from geo.domain.references import cut
from geo.store.base import Store
from geo.urlstate import filter_query

ValidationError = v.ValidationError

#: The separator of a pledge's id and a commitment's id in the form's one choice of both.
COMMITMENT_SEP = "|"
#: The badge colour Streamlit's Markdown gives each follow-up colour (``:green-badge[…]``).
BADGE = {PlanColour.GREEN: "green", PlanColour.YELLOW: "yellow", PlanColour.RED: "red"}


@dataclass
class PlanDraft:
    """A plan's own fields as the form holds them (the rows are edited one at a time)."""

    title: str = ""
    status: PlanStatus = PlanStatus.DRAFT
    decided_date: date | None = None
    next_revision: date | None = None


@dataclass
class RowDraft:
    """One row of the matrix as the form holds it: plain values, nothing checked yet."""

    problem: str = ""
    place_ids: list[str] = field(default_factory=list)
    finding_ids: list[str] = field(default_factory=list)
    area: str = ""
    cause: str = ""
    action: str = ""
    target: float | None = None
    unit: str = ""
    start_date: date | None = None
    due_date: date | None = None
    responsible: Party = Party.MUNICIPALITY
    #: ``"<pledge id>|<commitment id>"``, or "" for none.
    commitment: str = ""
    comment: str = ""


def plan_draft(plan: Plan | None) -> PlanDraft:
    """The header form's values: the plan's, or a new draft's."""
    if plan is None:
        return PlanDraft()
    return PlanDraft(title=plan.title, status=plan.status, decided_date=plan.decided_date,
                     next_revision=plan.next_revision)


def row_draft(row: PlanRow | None) -> RowDraft:
    """The row form's values: the row's, or an empty row's."""
    if row is None:
        return RowDraft()
    return RowDraft(
        problem=row.problem, place_ids=list(row.place_ids), finding_ids=list(row.finding_ids),
        area=row.area, cause=row.cause, action=row.action, target=row.target,
        unit=row.unit or "", start_date=row.start_date, due_date=row.due_date,
        responsible=row.responsible, comment=row.comment,
        commitment=COMMITMENT_SEP.join((row.pledge_id, row.commitment_id))
        if row.pledge_id and row.commitment_id else "")


def build_plan(draft: PlanDraft, kommun_kod: str, base: Plan | None = None) -> Plan:
    """The plan the header form describes (validated); ``base`` is the stored plan edited."""
    values: dict[str, Any] = dict(title=" ".join(draft.title.split()), status=draft.status,
                                  decided_date=draft.decided_date,
                                  next_revision=draft.next_revision)
    if base is None:
        return Plan(kommun_kod=kommun_kod, **values)
    return dataclasses.replace(base, **values)


def build_row(draft: RowDraft, row_id: str | None = None) -> PlanRow:
    """The row the form describes (validated); ``row_id`` None makes a new row."""
    pledge_id, _, commitment_id = draft.commitment.partition(COMMITMENT_SEP)
    values: dict[str, Any] = dict(
        problem=draft.problem.strip(), place_ids=tuple(draft.place_ids),
        finding_ids=tuple(draft.finding_ids), area=draft.area.strip(),
        cause=draft.cause.strip(), action=draft.action.strip(), target=draft.target,
        unit=draft.unit.strip() or None, start_date=draft.start_date,
        due_date=draft.due_date, responsible=draft.responsible,
        pledge_id=pledge_id or None, commitment_id=commitment_id or None,
        comment=draft.comment.strip())
    return PlanRow(**values) if row_id is None else PlanRow(id=row_id, **values)


def with_row(plan: Plan, row: PlanRow) -> Plan:
    """``plan`` with ``row`` in place of the row of its id, or added at the end."""
    if plan.row(row.id) is None:
        return dataclasses.replace(plan, rows=(*plan.rows, row))
    return dataclasses.replace(plan, rows=tuple(row if r.id == row.id else r
                                                for r in plan.rows))


def without_row(plan: Plan, row_id: str) -> Plan:
    """``plan`` without the row ``row_id``."""
    return dataclasses.replace(plan, rows=tuple(r for r in plan.rows if r.id != row_id))


# -- writes (the role checked again here, whatever the page offered) --------------------------


def save(store: Store, user: User, plan: Plan, expected_version: int | None) -> Plan:
    """Create (``expected_version`` None) or update ``plan``: its municipality's editors only."""
    require(user, Action.EDIT, plan.kommun_kod)
    return store.save_plan(plan, user.label, expected_version)


def override(store: Store, user: User, plan: Plan, row_id: str, colour: PlanColour | None,
             reason: str, expected_version: int) -> Plan:
    """Set (or, with ``colour`` None, lift) a row's colour by hand, with the reason."""
    require(user, Action.EDIT, plan.kommun_kod)
    return store.override_plan_colour(plan.id, row_id, colour, reason, user.label,
                                      expected_version)


# -- words ----------------------------------------------------------------------------------


def refusal(error: ValidationError, lang: str) -> str:
    """A refusal as one line in ``lang``: the field's label and the rule (never English)."""
    t = i18n.catalog(lang)
    name = error.field.rsplit(".", 1)[-1]
    label = t.get(f"plan.fields.{name}") or t.get(f"fields.{name}", name)
    rule = error.text(lang) if f"validation.{error.code}" in t else t["validation.invalid"]
    return i18n.t("plan_page.refusal", lang, field=label, rule=rule)


def colour_words(colour: PlanColour | None, lang: str) -> str:
    """The colour said in words (a colour is never shown alone)."""
    if colour is None:
        return i18n.t("plan.no_colour", lang)
    return i18n.label("plan_colour", colour, lang)


def badge(follow: RowFollowUp, lang: str) -> str:
    """The row's colour as a Markdown badge with its words, marked when set by hand."""
    words = colour_words(follow.colour, lang)
    if follow.overridden:
        words = i18n.t("plan_page.by_hand_badge", lang, colour=words)
    if follow.colour is None:
        return f":gray-badge[{words}]"
    return f":{BADGE[follow.colour]}-badge[{words}]"


def override_note(row: PlanRow, computed: PlanColour | None, lang: str,
                  escape: Callable[[str], str] = str) -> str:
    """Who set the colour by hand, when and why, and what the records alone say.

    ``escape`` makes the typed values inert for the element that shows them (Markdown).
    """
    return i18n.t("plan_page.override_note", lang, who=escape(row.override_by),
                  when=formats.moment(row.override_at) if row.override_at else "",
                  reason=escape(row.override_reason),
                  computed=colour_words(computed, lang).lower())


def link_line(state: LinkState, names: Mapping[str, str], lang: str,
              escape: Callable[[str], str] = str) -> str:
    """One linked record and why it has its colour: "Brist nr 1 (2020-09-10): klar i tid"."""
    name = names.get(state.record_id) or i18n.t(f"plan_page.link_layer.{state.layer}", lang)
    return i18n.t("plan_page.link_line", lang, name=escape(name),
                  reason=i18n.t(f"plan.state.{state.reason}", lang))


def goal_text(row: PlanRow) -> str:
    """The operational goal as a reader says it: "8 trygghetsvandringar"."""
    if row.target is None:
        return ""
    return f"{row.target:g} {row.unit or ''}".strip()


def when_text(row: PlanRow) -> str:
    """When the action is done: its start and due dates."""
    if row.start_date is None and row.due_date is None:
        return ""
    return f"{row.start_date or '…'} – {row.due_date or '…'}"


def place_labels(places: pd.DataFrame, lang: str) -> dict[str, str]:
    """Id → how a reader names each unsafe place (category, date, its text cut short)."""
    return {r.id: i18n.t("plan_page.place_label", lang,
                         category=i18n.label("category", r.category, lang),
                         date=_day(r.reported_date), text=cut(r.description) or "–")
            for r in places.itertuples(index=False)}


def finding_labels(findings: pd.DataFrame, lang: str) -> dict[str, str]:
    """Id → how a reader names each walk finding (number, date, its text cut short)."""
    return {r.id: i18n.t("references.finding", lang, number=r.number,
                         date=_day(r.found_date), description=cut(r.description) or "–")
            for r in findings.itertuples(index=False)}


def commitment_labels(pledges: Iterable[Pledge], kommun_kod: str) -> dict[str, str]:
    """``"<pledge>|<commitment>"`` → "pledge title: commitment" for the municipality's pledges."""
    return {COMMITMENT_SEP.join((p.id, c.id)): f"{p.short_title}: {cut(c.text)}"
            for p in pledges if p.kommun_kod == kommun_kod for c in p.commitments}


def _day(value: Any) -> str:
    return "" if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


# -- the map --------------------------------------------------------------------------------


def map_params(kommun_kod: str, row: PlanRow, years: Mapping[str, int], lang: str
               ) -> dict[str, str | list[str]] | None:
    """The map's URL parameters showing exactly the row's linked places and findings.

    ``years`` is each record's year (reported or found): the map's years span them. None
    when the row links no record the map can show.
    """
    ids = (*row.place_ids, *row.finding_ids)
    shown = [years[i] for i in ids if i in years]
    if not shown:
        return None
    first = max(min(shown), config.FIRST_YEAR)
    last = min(max(shown), config.LAST_YEAR)
    layers = [name for name, linked in (("unsafe_places", row.place_ids),
                                        ("findings", row.finding_ids)) if linked]
    params = filter_query(Filter(kommun_kod, first, last, ids=tuple(ids)), layers)
    if lang != config.DEFAULT_LANGUAGE:
        params["lang"] = lang
    return params


def record_years(places: pd.DataFrame, findings: pd.DataFrame) -> dict[str, int]:
    """Id → the year of each place (reported) and finding (found), for :func:`map_params`."""
    years = {r.id: pd.Timestamp(r.reported_date).year for r in places.itertuples(index=False)
             if not pd.isna(r.reported_date)}
    years.update({r.id: pd.Timestamp(r.found_date).year
                  for r in findings.itertuples(index=False) if not pd.isna(r.found_date)})
    return years

