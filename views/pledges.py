"""The pledges page: each commitment's target, progress and status, and the report."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from app import cached, components, pledge_form
from app.page import open_page
from app.session import current_user
from app.urlsync import UrlState
from geo import config, i18n
from geo.domain import followup, periods
from geo.domain.followup import Progress
from geo.editing import pledge_form as rules
from geo.escape import markdown_text as md
from geo.report.build import target_text
from geo.spatial import boundaries
from geo.urlstate import Param

lang, t, store, location, version = open_page()
user = current_user(store)
pledges = {p.id: p for p in cached.pledges(location, version)}
# who may write pledges, and where: the page offers it, geo.editing.pledge checks it again
writable = rules.editable_kommuner(user, list(boundaries.names()))
if not pledges and not writable:
    st.info(t["notices.no_features"])
    st.stop()

# The pledge shown here is this page's own choice (key ``followup_pledge``): the map's
# pledge *filter* (key ``pledge``, which may be "all") is another choice, and sharing one
# key made a pledge picked here the map's filter when the user went back (issue 14).
# The URL keeps its short name ``?pledge=…``.
KEY = "followup_pledge"
if not pledges:  # an empty store: the first pledge is written here
    st.title(t["followup.heading"])
    pledge_form.flash()
    pledge_form.new_tab(store, user, set(), writable, lang)
    st.stop()
SPECS = {"pledge": Param(list(pledges), key=KEY)}
DEFAULTS = {"pledge": next(iter(reversed(pledges))), "lang": config.DEFAULT_LANGUAGE}
url_state = UrlState(SPECS, DEFAULTS, scope="pledges")
url_state.open(lang, set_defaults=False)  # the first pledge is chosen below
pledge_form.show_next(KEY)  # a pledge saved in the previous run is the one shown
if KEY not in st.session_state:  # first visit: start from what the map shows
    own = [pid for pid, p in pledges.items() if p.kommun_kod == st.session_state.get("kommun")]
    st.session_state[KEY] = next(
        (pid for pid in (st.session_state.get("pledge"), *reversed(own)) if pid in pledges),
        DEFAULTS["pledge"])
if st.session_state[KEY] not in pledges:
    st.session_state[KEY] = DEFAULTS["pledge"]


with st.sidebar:
    pledge_id = st.selectbox(t["followup.pledge"], list(pledges), key=KEY,
                             format_func=lambda i: rules.label(pledges[i], lang))
url_state.write({"pledge": pledge_id, "lang": lang})
pledge = pledges[pledge_id]
records = cached.followup_records(location, version, pledge_id)
as_of = min(date.today(), pledge.period_end)
results = followup.progress(pledge, records, as_of)

st.title(t["followup.heading"])
pledge_form.flash()
# Editors of the pledge's municipality and admins get the editor beside the follow-up;
# the public (and editors of other municipalities) see the follow-up only.
editing = rules.may_edit(user, pledge)
labels = [t["pledge_form.tab_followup"]]
labels += [t["pledge_form.tab_edit"]] if editing else []
labels += [t["pledge_form.tab_new"]] if writable else []
tabs = st.tabs(labels) if len(labels) > 1 else [st.container()]
if editing:
    with tabs[1]:
        pledge_form.edit_tab(store, user, pledge, list(pledges.values()), lang)
if writable:
    with tabs[-1]:
        pledge_form.new_tab(store, user, set(pledges), writable, lang, pledge.kommun_kod)
def map_link(progress: Progress) -> None:
    """A link to the map showing the records this number counts."""
    if progress.layer is None:
        return
    params = {"kommun": pledge.kommun_kod, "year": str(pledge.period_start.year),
              "year_to": str(pledge.period_end.year), "pledge": pledge.id, "lang": lang}
    if progress.layer == "activities":
        params.update(layers="activities", commitment=progress.commitment.id)
    elif progress.measure == "walk_rule":
        params["layers"] = ["walks", "findings"]
    else:
        params["layers"] = progress.layer
    st.page_link("views/map.py", label=t["followup.show_on_map"], icon=":material/map:",
                 query_params=params)


with tabs[0]:
    # The pledge's texts are typed by editors: every Markdown-rendering element gets them
    # escaped (md), so a link or image in them is shown as text, never fetched.
    st.header(md(pledge.title))
    meta = [f"{t['followup.police_area']}: {md(pledge.police_area)}",
            f"{t['followup.period']}: {pledge.period_start} – {pledge.period_end}"]
    if pledge.signed_date:
        meta.append(f"{t['followup.signed']}: {pledge.signed_date}")
    st.caption(" · ".join(meta))
    pledge_form.source_links(pledge, cached.pledge_document(location, version, pledge.id), lang)
    if store.meta("contents") == "example":
        st.info(t["app.example_data"], icon=":material/info:")
    st.markdown(f"**{i18n.t('followup.as_of', lang, date=as_of.isoformat())}** · "
                + i18n.t("followup.elapsed", lang,
                         share=f"{results[0].elapsed:.0%}" if results else "–"))

    with st.expander(t["followup.goals"], expanded=False):
        for goal in pledge.goals:
            st.markdown(f"- {md(goal)}")


    st.subheader(t["followup.commitments"])
    for progress in results:
        with st.container(border=True):
            text_column, number_column = st.columns([3, 2])
            text_column.markdown(md(progress.commitment.text))
            responsible = progress.commitment.responsible.value
            text_column.caption(f"{t['followup.responsible']}: {t['party.' + responsible]}"
                                if responsible in ("municipality", "police") else "")
            status_label = t[f"followup_status.{progress.status.value}"]
            number_column.metric(
                f"{t['followup.achieved']} / {t['followup.target']}" if progress.target
                else t["followup.achieved"],
                f"{progress.achieved:g} / {progress.target:g}" if progress.target
                else f"{progress.achieved:g}",
                help=md(target_text(progress, lang)),
            )
            number_column.markdown(f"**{t['followup.status']}:** {status_label} · "
                                   f"{t['followup.target']}: {md(target_text(progress, lang))}")
            if progress.share is not None:
                number_column.progress(progress.share)
            with number_column:
                map_link(progress)
            if progress.walks:
                st.caption(t["followup.walk_rule"])
                st.dataframe(pd.DataFrame([{
                    t["followup.walk"]: w.name, t["report.date"]: w.walk_date.isoformat(),
                    t["followup.selected"]: "; ".join(
                        f"{n}. {text} ({t['finding_status.' + s]})"
                        for n, text, s, _ in w.selected),
                    t["followup.flags"]: ", ".join(t[f"walk_flag.{f.value}"] for f in w.flags)
                    or t["followup.walk_ok"],
                } for w in progress.walks]), hide_index=True, width="stretch")
            if progress.per_month:
                st.caption(t["followup.count_only_note"])
                if any(progress.per_month.values()):
                    st.bar_chart(pd.Series(progress.per_month, name=t["followup.per_month"]),
                                 height=180)
                else:  # a chart of zeros has no scale to draw ("0.000000" on its axis)
                    st.caption(t["followup.count_only_none"])

    st.subheader(t["followup.per_quarter"])
    quarter_table = pd.DataFrame(
        [{t["followup.commitment"]: p.commitment.text[:80], **p.per_quarter} for p in results]
    )
    st.dataframe(quarter_table, hide_index=True, width="stretch")

    st.subheader(t["followup.indicators"])
    indicators = followup.watch_indicators(records, followup.pledge_period(pledge))
    left, right = st.columns(2)
    left.metric(t["followup.new_watch"], indicators["new"])
    right.metric(t["followup.active_watch"], indicators["active_at_end"])

    st.subheader(t["followup.report"])
    choices = [q.label for q in periods.quarters(followup.pledge_period(pledge))]
    choices += [y.label for y in periods.years(followup.pledge_period(pledge))]
    period_label = st.selectbox(t["followup.report_period"], choices, key="report_period",
                                index=len(choices) - 1)
    base_name = f"{pledge.id}-{period_label}"
    html_column, pdf_column, csv_column = st.columns(3)
    html_column.download_button(
        t["followup.download_html"], cached.report_text(location, version, pledge_id, period_label,
                                                        lang, "html"),
        file_name=f"{base_name}.html", mime="text/html", key="download_html",
    )
    csv_column.download_button(
        t["followup.download_csv"], cached.report_text(location, version, pledge_id, period_label,
                                                       lang, "csv"),
        file_name=f"{base_name}.csv", mime="text/csv", key="download_csv",
    )
    with pdf_column, st.spinner(t["followup.making_pdf"]):
        pdf_bytes = cached.report_pdf(location, version, pledge_id, period_label, lang)
    pdf_column.download_button(t["followup.download_pdf"], pdf_bytes, file_name=f"{base_name}.pdf",
                               mime="application/pdf", key="download_pdf")
    components.about_panel(lang, store.meta("contents") == "example")
