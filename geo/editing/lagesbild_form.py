"""The Lägesbild page's rules, without Streamlit: which years, which record, the draft → record.

The page (``views/lagesbild.py``, ``app/lagesbild_form.py``) keeps plain values per draft in
session state; this module chooses the default period (the last two full years, following
the data), finds the saved lägesbild of a municipality or police area and period, starts a
new one with :data:`~geo.domain.lagesbild.DEFAULT_SECTIONS`, turns what was typed into a
validated :class:`~geo.domain.lagesbild.Lagesbild`, says a refusal as one line naming the
field, and picks the kartläggning figures a section shows beside its text. Every rule is
tested without a page (``tests/editing/test_lagesbild_form.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from geo import config, i18n
from geo.access.auth import Action, User
from geo.domain import lagesbild as lb
from geo.domain.enums import PlanStatus
from geo.domain.lagesbild import Lagesbild, Section
from geo.editing.writes import latest_data_year
from geo.situation.model import Figure, Kartlaggning
from geo.store.base import Store


@dataclass(frozen=True)
class Scope:
    """What a lägesbild covers: one municipality, or a local police area's municipalities."""

    kommuner: tuple[str, ...]
    police_area: str = ""

    @property
    def kommun_kod(self) -> str:
        """The municipality the record is kept under (a police area's first)."""
        return self.kommuner[0]


def may_write(user: User, scope: Scope) -> bool:
    """An editor of one of the scope's municipalities (or an admin) writes its lägesbild.

    A police area's lägesbild is a joint document: an editor of any of its municipalities
    may write it.
    """
    return any(user.may(Action.EDIT, k) for k in scope.kommuner)


def may_see_internal(user: User, scope: Scope) -> bool:
    """The internal version only for those who may see internal records of every municipality."""
    return all(user.may(Action.VIEW_INTERNAL, k) for k in scope.kommuner)


def default_years(latest: int | None, today: date) -> tuple[int, int]:
    """The last two full years before ``today``, or before the latest year with data.

    A municipality whose records end in 2020 opens on 2019–2020, not on two empty years.
    """
    last = today.year - 1 if latest is None else min(today.year - 1, latest)
    return last - 1, last


def latest_year(store: Store, kommuner: Iterable[str], today: date) -> int | None:
    """The latest full year before ``today`` with a record of one of ``kommuner``."""
    years = [latest_data_year(store, k, config.FIRST_YEAR, today.year - 1) for k in kommuner]
    found = [y for y in years if y is not None]
    return max(found) if found else None


def find(records: Iterable[Lagesbild], scope: Scope, year_from: int, year_to: int
         ) -> Lagesbild | None:
    """The saved lägesbild of ``scope`` and these years (the newest if there are several)."""
    same = [r for r in records if r.police_area == scope.police_area
            and r.year_from == year_from and r.year_to == year_to
            and (scope.police_area or r.kommun_kod == scope.kommun_kod)]
    return max(same, key=lambda r: (r.updated_at is not None, r.updated_at or 0, r.version),
               default=None) if same else None


def new_record(scope: Scope, year_from: int, year_to: int, scope_name: str, lang: str
               ) -> Lagesbild:
    """A lägesbild not saved yet: the default title and sections (their titles in ``lang``)."""
    return Lagesbild(
        kommun_kod=scope.kommun_kod, police_area=scope.police_area, year_from=year_from,
        year_to=year_to, title=i18n.t("lagesbild_page.default_title", lang, scope=scope_name,
                                      years=years_text(year_from, year_to)),
        sections=tuple(Section(key=key, title=i18n.t(f"lagesbild_page.section.{key}", lang),
                               data=data) for key, data in lb.DEFAULT_SECTIONS))


def years_text(year_from: int, year_to: int) -> str:
    """``2019–2020``, or ``2020`` for one year."""
    return str(year_from) if year_from == year_to else f"{year_from}–{year_to}"


# -- the draft -----------------------------------------------------------------------------

@dataclass
class SectionDraft:
    """One section as the form holds it."""

    key: str
    title: str = ""
    text: str = ""
    data: str = ""


@dataclass
class Draft:
    """What the form holds: the written parts and the decision."""

    title: str = ""
    status: PlanStatus = PlanStatus.DRAFT
    decided_date: date | None = None
    next_revision: date | None = None
    analysis: str = ""
    sections: list[SectionDraft] = field(default_factory=list)


def draft_of(record: Lagesbild) -> Draft:
    """The form's values for a record (saved or new)."""
    return Draft(title=record.title, status=record.status, decided_date=record.decided_date,
                 next_revision=record.next_revision, analysis=record.analysis,
                 sections=[SectionDraft(s.key, s.title, s.text, s.data)
                           for s in record.sections])


class Refusal(ValueError):
    """A draft that cannot be saved: the field (catalog ``lagesbild_page.field.*``) and rule."""

    def __init__(self, field_name: str, rule: str) -> None:
        super().__init__(f"{field_name}: {rule}")
        self.field_name, self.rule = field_name, rule

    def text(self, lang: str) -> str:
        """One line naming the field (``Nästa revidering får inte vara före beslutsdatumet.``)."""
        sentence = i18n.t("lagesbild_page.refusal", lang,
                          field=i18n.t(f"lagesbild_page.field.{self.field_name}", lang),
                          rule=i18n.t(f"lagesbild_page.rule.{self.rule}", lang))
        return sentence[:1].upper() + sentence[1:]


def build(base: Lagesbild, draft: Draft) -> Lagesbild:
    """The record to save: ``base``'s identity and scope with the draft's texts and decision.

    The page's own checks come first, so that each refusal names a field a person sees;
    the record's validation (a text too long) follows. Raises :class:`Refusal`.
    """
    if not draft.title.strip():
        raise Refusal("title", "required")
    if any(not s.title.strip() for s in draft.sections):
        raise Refusal("section_title", "required")
    if draft.status is PlanStatus.DECIDED and draft.decided_date is None:
        raise Refusal("decided_date", "decided_needs_date")
    if draft.decided_date and draft.next_revision and draft.next_revision < draft.decided_date:
        raise Refusal("next_revision", "revision_before_decision")
    try:
        return Lagesbild(
            id=base.id, kommun_kod=base.kommun_kod, police_area=base.police_area,
            year_from=base.year_from, year_to=base.year_to, title=draft.title.strip(),
            sections=tuple(Section(key=s.key, title=s.title.strip(), text=s.text, data=s.data)
                           for s in draft.sections),
            analysis=draft.analysis, status=draft.status, decided_date=draft.decided_date,
            next_revision=draft.next_revision, version=base.version)
    except lb.ValidationError as error:
        name = error.field if error.field in ("title", "analysis", "decided_date",
                                              "next_revision") else "sections"
        raise Refusal(name, error.code if error.code in ("required", "too_long")
                      else "invalid") from error


def new_section_key(draft: Draft) -> str:
    """A key for an added section, unique in the draft (``s1``, ``s2`` …)."""
    taken = {s.key for s in draft.sections}
    return next(f"s{n}" for n in range(1, len(taken) + 2) if f"s{n}" not in taken)


# -- the data beside a section -------------------------------------------------------------

def section_figures(k: Kartlaggning, code: str) -> tuple[Figure, ...]:
    """The kartläggning's figures a section's ``data`` code names (none for "")."""
    return {"activities": k.activities, "counted_activities": k.counted_activities,
            "survey": k.survey, "findings_by_party": k.findings_by_party,
            "watch": k.watch}.get(code, ())
