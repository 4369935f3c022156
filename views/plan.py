"""Åtgärdsplan (staff): a municipality's action plans as Brå's matrix, edited and followed up.

For the user's municipality (a choice when there are several): the plans to choose from
and a new one; the matrix with each row's follow-up colour in words; each row's linked
records, map link, colour set by hand and "Hjälpte det?"; the form that adds or changes a
row. The page list shows it to those who may see internal records; every write checks the
role again (:mod:`geo.editing.plan_form`).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from app import plan_data, plan_downloads, plan_form, plan_rows
from app.page import open_page
from app.session import current_user
from geo import formats, i18n
from geo.access.auth import Action, require
from geo.escape import markdown_text as md
from geo.spatial import boundaries

lang, t, store, location, version = open_page()
user = current_user(store)
require(user, Action.VIEW_INTERNAL)  # the page list already hides it; this makes sure
today = date.today()

st.title(t["plan_page.heading"])
st.caption(t["plan_page.intro"])
plan_form.flash()
names = boundaries.names()
kommuner = user.workplaces(names)
if not kommuner:
    st.info(t["plan_page.no_kommun"])
    st.stop()
with st.sidebar:
    kommun = st.selectbox(t["plan_page.kommun"], kommuner, key="plan_kommun",
                          format_func=lambda k: f"{names[k]} ({k})")
writable = user.may(Action.EDIT, kommun)
plans = {p.id: p for p in plan_data.plans(location, version, kommun)}
if (shown := st.session_state.pop(plan_form.SHOW_NEXT_KEY, None)) in plans:
    st.session_state["plan_choice"] = shown
if st.session_state.get("plan_choice") not in plans and plans:
    st.session_state["plan_choice"] = next(iter(plans))

if writable:
    with st.expander(t["plan_page.new_plan"], expanded=not plans):
        plan_form.new_plan(store, user, kommun, lang)
if not plans:
    st.info(i18n.t("plan_page.none_yet", lang, kommun=names[kommun]))
    st.stop()
with st.sidebar:
    plan_id = st.selectbox(
        t["plan_page.plan"], list(plans), key="plan_choice",
        format_func=lambda i: i18n.t("plan_page.plan_label", lang, title=plans[i].title,
                                     status=i18n.label("plan_status", plans[i].status, lang)))
plan = plans[plan_id]
plan_form.started(plan)  # the version this user's forms start from, from the first sight

st.header(md(plan.title))
not_set = t["plan_page.not_set"]
st.markdown(i18n.t("plan_page.meta", lang, status=i18n.label("plan_status", plan.status, lang),
                   decided=plan.decided_date or not_set, revision=plan.next_revision or not_set))
if plan.updated_at is not None:
    st.caption(i18n.t("plan_page.version", lang, version=plan.version,
                      when=formats.moment(plan.updated_at),
                      who=plan_rows.who(plan.updated_by or "–")))
if writable:
    with st.expander(t["plan_page.edit_plan"]):
        plan_form.edit_plan(store, user, plan, lang)
else:
    st.caption(t["plan_page.read_only"])

follows = plan_data.followups(location, version, plan.id, today)
choices = plan_data.choices(location, version, kommun, lang)
st.subheader(t["plan_page.matrix"])
plan_rows.matrix(plan, follows, lang)
if plan.rows:
    st.subheader(t["plan_page.rows"])
    plan_rows.row_cards(store, user, plan, follows, choices, writable, location, version,
                        today, lang)
if writable:
    st.subheader(t["plan_page.row_form"])
    plan_form.row_form(store, user, plan, choices, lang)
plan_downloads.downloads(location, version, plan, today, lang)
