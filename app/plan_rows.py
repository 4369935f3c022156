"""The Åtgärdsplan page's matrix and rows: colour with words, links, map, override, effect.

The matrix is a table of text (read by screen readers); the follow-up cell is a badge
whose words say the colour, so no colour stands alone. Each row then gets a card: what
its colour comes from (each linked record and the rule it met), a link to the map showing
exactly those records, the colour set by hand (who, when, why) with the form to set or
lift it, and "Hjälpte det?" computed when asked for. Every text typed by a user is
escaped before it reaches Markdown.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from app import plan_data
from app import plan_form as forms
from app.plan_data import Choices
from geo import i18n
from geo.access.auth import User
from geo.domain.enums import PlanColour
from geo.domain.plan import Plan, PlanRow
from geo.domain.plan_followup import RowFollowUp
from geo.domain.references import cut
from geo.editing import plan_form as rules
from geo.effect import plan as effect_plan
from geo.escape import markdown_text as md
from geo.store import Store


def who(name: str) -> str:
    """A user's name or e-mail address as Markdown text that is not made a link.

    Streamlit's Markdown turns an address into a ``mailto:`` link (in the theme's pale
    link colour: too little contrast in a caption); a word joiner after the ``@``, which
    no one sees or hears, keeps it text.
    """
    return md(name).replace("@", "@\u2060")


def matrix(plan: Plan, follows: list[RowFollowUp], lang: str) -> None:
    """Brå's matrix as one table: problem → cause → action → goal → when → who → follow-up."""
    t = i18n.catalog(lang)
    if not plan.rows:
        st.info(t["plan_page.no_rows"], icon=":material/table_rows:")
        return
    column = lambda name: t[f"plan_page.column.{name}"]  # noqa: E731
    st.table(pd.DataFrame([{
        column("number"): str(number),
        column("problem"): md(f.row.problem),
        column("cause"): md(f.row.cause),
        column("action"): md(f.row.action),
        column("goal"): md(rules.goal_text(f.row)),
        column("when"): md(rules.when_text(f.row)),
        column("who"): i18n.label("party", f.row.responsible, lang),
        column("followup"): rules.badge(f, lang),
    } for number, f in enumerate(follows, start=1)]), hide_index=True)


def row_cards(store: Store, user: User, plan: Plan, follows: list[RowFollowUp],
              choices: Choices, writable: bool, location: str, version: str, today: date,
              lang: str) -> None:
    """One card per row: its colour's reasons, the map, the override and "Hjälpte det?"."""
    names = {**choices.places, **choices.findings, **_commitment_names(choices)}
    for number, follow in enumerate(follows, start=1):
        row = follow.row
        with st.container(border=True, key=f"plan_card_{row.id}"):
            heading, badge_column = st.columns([3, 2])
            heading.markdown("**" + i18n.t("plan_page.row_heading", lang, number=number,
                                           action=md(cut(row.action))) + "**")
            badge_column.markdown(rules.badge(follow, lang))
            _reasons(plan, follow, names, choices, lang)
            if follow.overridden:
                st.caption(rules.override_note(row, follow.computed, lang, who))
            if writable:
                _override(store, user, plan, follow, lang)
            _effect(location, version, plan, row, today, lang)
            if writable:
                st.button(i18n.t("plan_page.edit_row", lang), key=f"plan_edit_{row.id}",
                          icon=":material/edit:", on_click=_choose_row, args=(plan, row.id))


def _reasons(plan: Plan, follow: RowFollowUp, names: dict[str, str], choices: Choices,
             lang: str) -> None:
    """The row's texts beyond the matrix, each link and its rule, and the map link."""
    t = i18n.catalog(lang)
    row = follow.row
    details = [i18n.t("plan_page.area", lang, area=md(row.area))] if row.area else []
    if row.commitment_id:
        details.append(i18n.t("plan_page.commitment", lang, name=md(names.get(
            row.commitment_id, t["plan_page.missing_record"]))))
    if row.comment:
        details.append(i18n.t("plan_page.comment", lang, comment=md(row.comment)))
    if details:
        st.markdown("  \n".join(details))
    if follow.links:
        st.markdown(t["plan_page.links"] + "\n" + "\n".join(
            f"- {rules.link_line(state, names, lang, md)}" for state in follow.links))
    else:
        st.caption(t["plan_page.no_links"])
    params = rules.map_params(plan.kommun_kod, row, choices.years, lang)
    if params is not None:
        st.page_link("views/map.py", label=t["plan_page.show_on_map"], icon=":material/map:",
                     query_params=params)


def _commitment_names(choices: Choices) -> dict[str, str]:
    """Commitment id → its label (the link states name commitments by their own id)."""
    return {key.partition(rules.COMMITMENT_SEP)[2]: label
            for key, label in choices.commitments.items()}


def _choose_row(plan: Plan, row_id: str) -> None:
    st.session_state[forms.row_choice_key(plan)] = row_id


def _override(store: Store, user: User, plan: Plan, follow: RowFollowUp, lang: str) -> None:
    """Set the colour by hand with a reason, or lift the one set (a reason again)."""
    t = i18n.catalog(lang)
    row = follow.row
    lifting = follow.overridden
    with st.expander(t["plan_page.lift" if lifting else "plan_page.override"]), \
            st.form(f"plan_override_{row.id}", enter_to_submit=False):
        colour = None if lifting else st.selectbox(
            t["plan_page.override_colour"], list(PlanColour), key=f"plan_colour_{row.id}",
            format_func=lambda c: i18n.label("plan_colour", c, lang))
        reason = st.text_input(t["plan_page.lift_reason" if lifting
                                 else "plan_page.override_reason"],
                               key=f"plan_reason_{row.id}")
        submitted = st.form_submit_button(t["plan_page.lift_save" if lifting
                                            else "plan_page.override_save"])
    if submitted:
        forms.run(lambda: _set_colour(store, user, plan, row, colour, reason),
                  lambda p: t["plan_page.lifted" if lifting else "plan_page.override_saved"],
                  lang, plan=plan)


def _set_colour(store: Store, user: User, plan: Plan, row: PlanRow,
                colour: PlanColour | None, reason: str) -> Plan:
    saved = rules.override(store, user, plan, row.id, colour, reason, forms.started(plan))
    forms.reopen(saved.id, saved.version)
    st.session_state.pop(f"plan_reason_{row.id}", None)
    return saved


def _effect(location: str, version: str, plan: Plan, row: PlanRow, today: date,
            lang: str) -> None:
    """"Hjälpte det?": before and after, computed when asked for (or why it cannot be)."""
    t = i18n.catalog(lang)
    with st.expander(t["plan_page.effect"]):
        if (reason := effect_plan.why_not(row, today)) is not None:
            st.caption(effect_plan.reason_text(reason, lang))
            return
        st.caption(t["plan_page.effect_note"])
        if not forms.when_asked(f"plan_effect_{row.id}", t["plan_page.effect_run"],
                                ":material/query_stats:"):
            return
        with st.spinner(t["plan_page.effect_running"]):
            found = plan_data.row_effects(location, version, plan.id, plan.version, row.id,
                                          today, lang)
        if found.basis:
            st.caption(found.basis)
        for outcome, headline, sentences, caveats in found.answers:
            st.markdown(f"**{md(outcome)}: {md(headline)}**")
            st.markdown("\n".join(f"- {md(s)}" for s in sentences))
            if caveats:
                st.caption("\n".join([t["plan_page.effect_caveats"],
                                      *(f"- {md(c)}" for c in caveats)]))
        for reason_line in found.reasons:
            st.caption(reason_line)
        if not found.answers and not found.reasons:
            st.caption(t["plan_page.effect_none"])
