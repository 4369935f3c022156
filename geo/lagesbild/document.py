"""Everything a lägesbild or plan document needs, read from the store once.

:func:`document` gathers the kartläggning (:mod:`geo.situation`), the coordinator's texts
(:class:`~geo.domain.lagesbild.Lagesbild`), the analysis (hers, else the drafted skeleton),
the åtgärdsplan with each row's follow-up colour and, where the estimator is there, each
row's "did it help?" (:mod:`geo.effect`). The renderers (:mod:`geo.lagesbild.render`,
:mod:`geo.lagesbild.word`) only read the :class:`Document`: the HTML, PDF and Word files
say the same thing because they are made from the same values.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from geo import audit
from geo.domain.lagesbild import Lagesbild
from geo.domain.plan import Plan
from geo.domain.plan_followup import RowFollowUp, plan_followup
from geo.effect.words import Description
from geo.situation import Kartlaggning, build, for_police_area
from geo.store.base import Store

#: The module of the analysis draft and of the plan rows' "did it help?" (other branches
#: of issue 19): used when present, so a document renders before they land.
DRAFT_MODULE = "geo.situation.analysis"
EFFECT_MODULE = "geo.effect.plan"


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
    #: True when the "did it help?" estimator was available when the document was built.
    effects_computed: bool = False


def document(store: Store, kommuner: Sequence[str], year_from: int, year_to: int, *,
             lang: str, public: bool, as_of: date, police_area: str | None = None,
             plan_id: str | None = None, texts: Lagesbild | None = None,
             units: Any = None) -> Document:
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
    effects, computed = _effects(store, plan, as_of, public, lang)
    written = texts.analysis.strip() if texts is not None else ""
    analysis = written or draft_analysis(k, lang)
    pledges = {p.id: p.title for p in store.pledges()}
    return Document(
        kartlaggning=k, texts=texts, analysis=analysis,
        analysis_drafted=not written and bool(analysis), plan=plan, followups=followups,
        effects=effects, lang=lang, public=public, as_of=as_of,
        example=store.meta("contents") == "example",
        pledges={r.commitment_id: pledges.get(r.pledge_id or "", r.pledge_id or "")
                 for r in (plan.rows if plan else ()) if r.commitment_id},
        effects_computed=computed,
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


def draft_analysis(k: Kartlaggning, lang: str) -> str:
    """The drafted analysis skeleton (:func:`geo.situation.analysis.draft`); empty without it."""
    if importlib.util.find_spec(DRAFT_MODULE) is None:
        return ""
    return str(importlib.import_module(DRAFT_MODULE).draft(k, lang))


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


def _effects(store: Store, plan: Plan | None, today: date, public: bool, lang: str
             ) -> tuple[dict[str, tuple[Effect, ...]], bool]:
    """Each row's "did it help?" when the estimator for plan rows is installed."""
    if importlib.util.find_spec(EFFECT_MODULE) is None:
        return {}, False
    if plan is None:
        return {}, True
    row_effects = importlib.import_module(EFFECT_MODULE).row_effects
    found = {row.id: tuple(row_effects(store, plan, row, today=today, public=public,
                                       lang=lang)) for row in plan.rows}
    return {row_id: found for row_id, found in found.items() if found}, True
