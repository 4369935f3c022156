"""Everything a lägesbild or plan document needs, read from the store once.

:func:`document` gathers the kartläggning (:mod:`geo.situation`), the coordinator's texts
(:class:`~geo.domain.lagesbild.Lagesbild`), the analysis (hers, else the drafted skeleton),
the åtgärdsplan with each row's follow-up colour and each row's "did it help?"
(:mod:`geo.effect.plan`). The renderers (:mod:`geo.lagesbild.render`,
:mod:`geo.lagesbild.word`) only read the :class:`Document`: the HTML, PDF and Word files
say the same thing because they are made from the same values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from geo import audit
from geo.domain.filters import Filter
from geo.domain.lagesbild import Lagesbild
from geo.domain.plan import Plan
from geo.domain.plan_followup import RowFollowUp, plan_followup
from geo.domain.plan_followup import load as load_linked
from geo.effect import plan as plan_effects
from geo.effect.words import Description
from geo.situation import Kartlaggning, analysis, build, for_police_area
from geo.situation.build import AreaUnits
from geo.store.base import Store
from geo.urlstate import map_url


class Effect(Protocol):
    """One "did it help?" result of a plan row (``geo.effect.plan.RowEffect``)."""

    @property
    def outcome(self) -> str: ...  # ``places``, ``findings``, ``survey:<measure>``

    @property
    def description(self) -> Description: ...


@dataclass(frozen=True)
class Document:
    """A lägesbild and its plan as the renderers read them (nothing is read later)."""

    kartlaggning: Kartlaggning
    #: The coordinator's sections and analysis, or None when none are saved.
    texts: Lagesbild | None
    #: The analysis to print: the saved one, else the draft (empty: neither exists).
    analysis: str
    #: True when ``analysis`` is the drafted skeleton, not the coordinator's text.
    analysis_drafted: bool
    plan: Plan | None
    #: Each plan row's follow-up, in the plan's order.
    followups: tuple[RowFollowUp, ...]
    #: Plan row id → its "did it help?" results (rows without any are left out).
    effects: Mapping[str, tuple[Effect, ...]]
    lang: str
    public: bool
    as_of: date
    #: The store holds the example data (the documents say so).
    example: bool = False
    #: Commitment id → the pledge's title, for the rows linked to a pledge.
    pledges: Mapping[str, str] = field(default_factory=dict)
    #: True when "did it help?" was asked for each row (False: the section says it is not).
    effects_computed: bool = False
    #: Plan row id → why it has no (or no counted) answer, in words.
    why_not: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Plan row id → what its area was compared with, in words.
    basis: Mapping[str, str] = field(default_factory=dict)
    #: Plan row id → the map's address showing exactly the records the row links to.
    row_maps: Mapping[str, str] = field(default_factory=dict)


def document(store: Store, kommuner: Sequence[str], year_from: int, year_to: int, *,
             lang: str, public: bool, as_of: date, police_area: str | None = None,
             plan_id: str | None = None, texts: Lagesbild | None = None,
             units: AreaUnits | None = None) -> Document:
    """Build the document of ``kommuner`` (or ``police_area``'s) for the years given.

    ``plan_id`` picks the plan (none: the municipalities' decided plan with the latest
    decision, else the latest changed); ``texts`` are the coordinator's saved parts;
    ``units`` the areas of the area figures (:func:`geo.situation.build`). ``public``
    counts only public records and leaves out who changed the plan.

    Raises
    ------
    KeyError
        For an unknown police area or plan id.
    """
    if police_area:
        k = for_police_area(store, police_area, year_from, year_to, as_of=as_of,
                            units=units, public=public)
    else:
        k = build(store, kommuner, year_from, year_to, as_of=as_of, units=units,
                  public=public)
    plan = _plan(store, k.kommuner, plan_id)
    followups = tuple(plan_followup(store, plan, as_of)) if plan is not None else ()
    assessed = {row.id: plan_effects.assess(store, plan, row, today=as_of, public=public,
                                            lang=lang) for row in plan.rows} if plan else {}
    written = texts.analysis.strip() if texts is not None else ""
    analysis = written or draft_analysis(k, lang)
    pledges = {p.id: p.title for p in store.pledges()}
    return Document(
        kartlaggning=k, texts=texts, analysis=analysis,
        analysis_drafted=not written and bool(analysis), plan=plan, followups=followups,
        effects={i: a.effects for i, a in assessed.items() if a.effects}, lang=lang,
        public=public, as_of=as_of,
        example=store.meta("contents") == "example",
        pledges={r.commitment_id: pledges.get(r.pledge_id or "", r.pledge_id or "")
                 for r in (plan.rows if plan else ()) if r.commitment_id},
        effects_computed=True,
        why_not={i: tuple(plan_effects.reason_text(r, lang) for r in a.reasons)
                 for i, a in assessed.items() if a.reasons},
        basis={i: plan_effects.basis_text(a, lang) for i, a in assessed.items() if a.basis},
        row_maps=row_maps(store, plan) if plan is not None else {},
    )


def log_export(doc: Document, part: str, fmt: str, size: int, *,
               actor: audit.Actor | None = None) -> None:
    """One audit line for a document handed out: what, whose, which years, public or not.

    Called where the file leaves (the CLI's write, a page's download), as
    :func:`geo.io.export.log_export` is for the map's files.
    """
    k = doc.kartlaggning
    audit.record(audit.Event.EXPORT, action=part, actor=actor, format=fmt,
                 kommun=k.kommuner[0] if len(k.kommuner) == 1 else None,
                 kommuner=list(k.kommuner), years=list(k.years), public=doc.public,
                 lang=doc.lang, bytes=size)


def row_maps(store: Store, plan: Plan) -> dict[str, str]:
    """Each row's map link: its places and findings, over the years they were found in."""
    records = load_linked(store, plan)
    found: dict[str, str] = {}
    for row in plan.rows:
        days = [*(records.places[i].reported_date for i in row.place_ids if i in records.places),
                *(records.findings[i].found_date for i in row.finding_ids
                  if i in records.findings)]
        if not days:
            continue
        layers = tuple(layer for layer, ids in (("unsafe_places", row.place_ids),
                                                ("findings", row.finding_ids)) if ids)
        shown = Filter(plan.kommun_kod, min(days).year, max(days).year,
                       ids=tuple(sorted((*row.place_ids, *row.finding_ids))))
        found[row.id] = map_url(shown, layers)
    return found


def draft_analysis(k: Kartlaggning, lang: str) -> str:
    """The drafted analysis skeleton (:func:`geo.situation.analysis.draft`)."""
    return analysis.draft(k, lang)


def _plan(store: Store, kommuner: Sequence[str], plan_id: str | None) -> Plan | None:
    if plan_id:
        plan = store.plan(plan_id)
        if plan is None or plan.kommun_kod not in kommuner:
            raise KeyError(f"unknown plan {plan_id!r}")
        return plan
    plans = [p for k in kommuner for p in store.plans(k)]
    decided = [p for p in plans if p.decided_date is not None]
    if decided:
        return max(decided, key=lambda p: (p.decided_date, p.id))
    return max(plans, key=lambda p: (str(p.updated_at or ""), p.id)) if plans else None
