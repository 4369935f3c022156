"""The åtgärdsplan worded: Brå's matrix, the follow-up in words, and "did it help?".

Each row reads problem (with what it is linked to) → cause → action → operational goal →
when → who → follow-up. The follow-up's colour is always named in words beside its swatch
(never colour alone), with the state of each linked record, the comment and, when the
colour was set by hand, the computed colour and the reason; who set it only in the
internal version. Below the matrix, each row's before-and-after comparison.
"""

from __future__ import annotations

from collections import Counter

from geo import formats, i18n
from geo.domain.enums import PlanColour
from geo.domain.plan_followup import RowFollowUp
from geo.effect.plan import outcome_label
from geo.lagesbild.blocks import Block, Cell, Heading, Items, MapLink, Page, Paragraph, Table
from geo.lagesbild.content import Words
from geo.lagesbild.document import Document

_COLUMNS = ("number", "problem", "cause", "action", "goal", "when", "who", "followup")
#: Relative widths: the texts wide, the number and the dates narrow.
_WIDTHS = (4, 18, 13, 16, 10, 11, 9, 19)
#: Where a shortened action ends in a heading.
_SHORT = 90


def page(doc: Document) -> Page:
    """The plan of ``doc`` alone, in its language (a page saying there is none without one)."""
    w = Words(doc.lang)
    place = w.place(doc.kartlaggning)
    plan = doc.plan
    blocks: list[Block] = [Paragraph(w("plan_doc.about"), "explain")]
    if doc.example:
        blocks.append(Paragraph(w("lagesbild_doc.example_note"), "note"))
    if plan is None:
        return Page(doc.lang, w("plan_doc.kicker"), w("plan_doc.subtitle", place=place), "",
                    (), (*blocks, Paragraph(w("plan_doc.none"), "note")), landscape=True)
    rows = tuple(_row(i, f, doc, w) for i, f in enumerate(doc.followups, start=1))
    blocks += [Heading(2, w("plan_doc.matrix")),
               Table(w("plan_doc.matrix"), tuple(w(f"plan_doc.column.{c}") for c in _COLUMNS),
                     rows, (), _WIDTHS, dense=True),
               Heading(2, w("plan_doc.colours")),
               Items(tuple(w(f"plan_colour.{c.value}") for c in PlanColour)
                     + (w("plan.no_colour"),))]
    blocks += _effects(doc, w)
    return Page(doc.lang, w("plan_doc.kicker"), plan.title, w("plan_doc.subtitle", place=place),
                _facts(doc, w), tuple(blocks), landscape=True)


def _facts(doc: Document, w: Words) -> tuple[tuple[str, str], ...]:
    plan = doc.plan
    assert plan is not None
    rows = [(w("lagesbild_doc.fact.status"), i18n.enum_label(plan.status, w.lang))]
    if plan.decided_date:
        rows.append((w("lagesbild_doc.fact.decided"), w.day(plan.decided_date)))
    if plan.next_revision:
        rows.append((w("lagesbild_doc.fact.next_revision"), w.day(plan.next_revision)))
    rows.append((w("lagesbild_doc.fact.version"), str(plan.version)))
    rows.append((w("lagesbild_doc.fact.as_of"), w.day(doc.as_of)))
    if not doc.public and plan.updated_by:
        changed = formats.moment(plan.updated_at) if plan.updated_at else ""
        rows.append((w("lagesbild_doc.fact.updated"),
                     f"{changed} ({plan.updated_by})".strip()))
    rows.append((w("lagesbild_doc.fact.version_kind"),
                 w("lagesbild_doc.public" if doc.public else "lagesbild_doc.internal")))
    return tuple(rows)


def _row(number: int, f: RowFollowUp, doc: Document, w: Words) -> tuple[Cell, ...]:
    row = f.row
    linked = []
    if row.place_ids:
        linked.append(w("plan_doc.place") if len(row.place_ids) == 1
                      else w("plan_doc.places", n=w.number(len(row.place_ids))))
    if row.finding_ids:
        linked.append(w("plan_doc.finding") if len(row.finding_ids) == 1
                      else w("plan_doc.findings", n=w.number(len(row.finding_ids))))
    if row.area:
        linked.append(w("plan_doc.area", area=row.area))
    if row.commitment_id:
        linked.append(w("plan_doc.commitment",
                        pledge=doc.pledges.get(row.commitment_id) or row.pledge_id or ""))
    shown = doc.row_maps.get(row.id)
    problem = Cell(row.problem, lines=(f"{w('plan_doc.linked')} "
                                       f"{formats.listing(linked, w.lang)}",) if linked else (),
                   after=(MapLink(w("plan_doc.map"), shown),) if shown else ())
    goal = f"{w.number(row.target)} {row.unit or ''}".strip() if row.target is not None else ""
    when = tuple(text for text in (
        w("plan_doc.from", day=w.day(row.start_date)) if row.start_date else "",
        w("plan_doc.until", day=w.day(row.due_date)) if row.due_date else "") if text)
    return (Cell(str(number)), problem, Cell(row.cause), Cell(row.action), Cell(goal),
            Cell(when[0] if when else "", lines=when[1:]),
            Cell(i18n.enum_label(row.responsible, w.lang)), _followup(f, doc, w))


def _followup(f: RowFollowUp, doc: Document, w: Words) -> Cell:
    """The colour in words, each linked record's state, the override and the comment."""
    colour = f.colour
    text = w(f"plan_colour.{colour.value}") if colour else w("plan.no_colour")
    states = Counter(f"{w(f'plan_doc.layer.{s.layer}')}: {w(f'plan.state.{s.reason}')}"
                     for s in f.links)
    lines = [f"{state} ({n})" if n > 1 else state for state, n in states.items()]
    row = f.row
    if f.overridden:
        computed = w(f"plan_colour.{f.computed.value}") if f.computed else w(
            "plan_doc.computed_none")
        lines.append(w("plan_doc.override", computed=computed, reason=row.override_reason))
        day = w.day(row.override_at.date()) if row.override_at else ""
        lines.append(w("plan_doc.override_on", day=day) if doc.public
                     else w("plan_doc.override_by", who=row.override_by, day=day))
    if row.comment:
        lines.append(w("plan_doc.comment", text=row.comment))
    return Cell(text, lines=tuple(lines), colour=colour.value if colour else "")


def _effects(doc: Document, w: Words) -> list[Block]:
    """Each row's before-and-after comparison, in plain words with its caveats."""
    blocks: list[Block] = [Heading(2, w("plan_doc.effect_heading")),
                           Paragraph(w("plan_doc.effect_intro"), "explain"),
                           Paragraph(w("effect.not_cause"), "explain")]
    if not doc.effects_computed:
        return [*blocks, Paragraph(w("plan_doc.effect_missing"), "note")]
    once = w("effect.not_cause")  # said once above, not under every answer
    for number, f in enumerate(doc.followups, start=1):
        action = f.row.action if len(f.row.action) <= _SHORT \
            else f.row.action[:_SHORT].rsplit(" ", 1)[0] + " …"
        blocks.append(Heading(3, w("plan_doc.effect_row", number=number, action=action)))
        effects = doc.effects.get(f.row.id, ())
        if doc.basis.get(f.row.id):
            blocks.append(Paragraph(doc.basis[f.row.id], "explain"))
        blocks += [Paragraph(why) for why in doc.why_not.get(f.row.id, ())]
        if not effects and not doc.why_not.get(f.row.id):
            blocks.append(Paragraph(w("plan_doc.effect_empty")))
        for effect in effects:
            said = effect.description
            blocks.append(Heading(4, f"{_outcome(effect.outcome, w)}: {said.headline}"))
            blocks += [Paragraph(s) for s in said.sentences if s != once]
            if said.caveats:
                blocks.append(Items(tuple(said.caveats)))
    return blocks


def _outcome(code: str, w: Words) -> str:
    """What was compared: unsafe places, findings or a survey measure."""
    return outcome_label(code, w.lang)
