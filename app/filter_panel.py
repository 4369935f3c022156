"""The one filter panel of the map and the export: widgets, URL, defaults → one Filter.

The map (in the sidebar) and the export (in three columns) show the same filter, with
the same URL parameters, defaults and rules, so that an export holds exactly what the
map counts and a shared link opens the same view on either page. The panel owns its
widgets' state: their keys, their start values, and the rule that a pledge belongs to
one municipality (:mod:`app.shared`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import streamlit as st

from app import cached, components
from app.shared import apply_pledge, drop_foreign_pledge, pledge_dropped_notice
from app.urlsync import UrlRead, UrlState
from geo import config, i18n
from geo.domain import validation
from geo.domain.enums import ActivityKind, Category, FindingStatus, Party, PlaceStatus
from geo.domain.filters import PLEDGE_ALL, PLEDGE_NONE, Filter
from geo.domain.model import LAYERS
from geo.domain.pledge import Pledge
from geo.escape import markdown_text
from geo.urlstate import Param

YEARS = list(range(config.FIRST_YEAR, config.LAST_YEAR + 1))
YEAR_CODES = [str(y) for y in YEARS]
CATEGORIES = [c.value for c in Category]
PLACE_STATUSES = [s.value for s in PlaceStatus]
FINDING_STATUSES = [s.value for s in FindingStatus]

Layout = Literal["sidebar", "columns"]
#: Filters a link sets (a lägesbild figure's exact records) that have no widget.
LINK_ONLY = {"kind": [k.value for k in ActivityKind], "responsible": [p.value for p in Party]}


class _LinkValues:
    """The URL's allowed record ids (``id``) or days (``late_on``); others are ignored."""

    def __init__(self, check: Any) -> None:
        self.check = check

    def __contains__(self, value: object) -> bool:
        try:
            return self.check(str(value)) == value
        except (validation.ValidationError, ValueError):
            return False


def url_state(pledges: Mapping[str, Pledge], kommun_names: Mapping[str, str],
              start: tuple[str, int], scope: str) -> UrlState:
    """The filter's URL parameters (codes only) and their defaults (``start``: the start view)."""
    specs = {
        "kommun": Param(kommun_names), "year": Param(YEAR_CODES, convert=int),
        "year_to": Param(YEAR_CODES, convert=int),
        "pledge": Param([PLEDGE_ALL, PLEDGE_NONE, *pledges]),
        "category": Param(CATEGORIES, multi=True),
        "place_status": Param(PLACE_STATUSES, multi=True),
        "finding_status": Param(FINDING_STATUSES, multi=True),
        "layers": Param(LAYERS, multi=True),
        "commitment": Param([c.id for p in pledges.values() for c in p.commitments]),
        **{name: Param(codes, multi=True) for name, codes in LINK_ONLY.items()},
        "id": Param(_LinkValues(validation.record_id), multi=True),  # type: ignore[arg-type]
        "late_on": Param(_LinkValues(lambda v: date.fromisoformat(v).isoformat()),  # type: ignore[arg-type]
                         convert=date.fromisoformat),
    }
    defaults = {"kommun": start[0], "year": start[1], "year_to": None, "pledge": PLEDGE_ALL,
                "category": [], "place_status": [], "finding_status": [],
                "layers": list(LAYERS), "commitment": None, "lang": config.DEFAULT_LANGUAGE,
                "kind": [], "responsible": [], "id": [], "late_on": None}
    return UrlState(specs, defaults, scope)


def _follow_linked_pledge(url: UrlRead, pledges: Mapping[str, Pledge]) -> None:
    """A link with only ``?pledge=…`` opens on the pledge's municipality and years."""
    linked = pledges.get(st.session_state["pledge"])
    if url.read and linked is not None and "kommun" not in st.query_params:
        st.session_state["kommun"] = linked.kommun_kod
        if "year" not in st.query_params:
            st.session_state["year"] = linked.period_start.year
            st.session_state["year_to"] = linked.period_end.year


@dataclass
class FilterPanel:
    """What the panel returns: the Filter, the layers shown, and what it must say.

    ``spare`` is the free cell of the columns layout, for the page's own next widget.
    """

    filter: Filter
    layers: list[str]
    dropped: Pledge | None
    spare: Any
    lang: str
    pledges: Mapping[str, Pledge]
    pledge_titles: Mapping[str, str]
    kommun_names: Mapping[str, str]

    def notices(self) -> None:
        """A dropped foreign pledge, the view a pledge sets, a commitment shown alone."""
        kommun = self.filter.kommun_kod
        dropped = self.dropped
        pledge_dropped_notice(self.lang, dropped,
                              self.pledge_titles.get(dropped.id, "") if dropped else "",
                              self.kommun_names.get(kommun, kommun))
        pledge = self.pledges.get(self.filter.pledge)
        if pledge is not None:
            years = self.pledge_titles[pledge.id].split(" ", 1)[1]
            st.caption(i18n.t("filters.pledge_sets_view", self.lang,
                              kommun=markdown_text(pledge.kommun), years=markdown_text(years)))
        flt = self.filter
        if flt.ids or flt.late_on or flt.kinds or flt.responsible:
            notice, clear = st.columns([5, 1])
            notice.info(i18n.t("situation.map_filtered", self.lang), icon=":material/filter_alt:")
            clear.button(i18n.t("situation.map_filtered_clear", self.lang), key="clear_link_only",
                         on_click=lambda: st.session_state.update(
                             id=[], late_on=None, kind=[], responsible=[]))
        commitments = {c.id: c for p in self.pledges.values() for c in p.commitments}
        if self.filter.commitment in commitments:
            notice, clear = st.columns([5, 1])
            notice.info(i18n.t("filters.commitment_shown", self.lang,
                               text=markdown_text(commitments[self.filter.commitment].text)),
                        icon=":material/filter_alt:")
            clear.button(i18n.t("filters.commitment_clear", self.lang), key="clear_commitment",
                         on_click=lambda: st.session_state.update(commitment=None))


class _Widgets:
    """The filter's widgets, each drawn where the layout puts it (its key is its URL name)."""

    def __init__(self, lang: str, pledges: Mapping[str, Pledge],
                 pledge_titles: Mapping[str, str], kommun_names: Mapping[str, str]) -> None:
        self.t = i18n.catalog(lang)
        self.lang, self.pledges = lang, pledges
        self.titles, self.names = pledge_titles, kommun_names

    def pledge(self, where: Any) -> str:
        return where.selectbox(
            self.t["filters.pledge"], [PLEDGE_ALL, PLEDGE_NONE, *self.pledges], key="pledge",
            on_change=apply_pledge, args=(self.pledges,),
            format_func=components.pledge_option_label(self.lang, self.titles))

    def kommun(self, where: Any) -> str:
        names = self.names
        return where.selectbox(self.t["filters.kommun"], list(names), key="kommun",
                               format_func=lambda code: f"{names[code]} ({code})")

    def year(self, where: Any) -> int:
        return where.selectbox(self.t["filters.year"], YEARS, key="year")

    def year_to(self, where: Any, year: int) -> int | None:
        return where.selectbox(self.t["filters.year_to"], YEARS, key="year_to",
                               placeholder=str(year))

    def _codes(self, where: Any, label: str, codes: list[str], key: str, group: str
               ) -> list[str]:
        t = self.t
        return where.multiselect(t[label], codes, key=key, format_func=lambda c: t[f"{group}.{c}"],
                                 placeholder=t["filters.all"])

    def categories(self, where: Any) -> list[str]:
        return self._codes(where, "filters.categories", CATEGORIES, "category", "category")

    def place_statuses(self, where: Any) -> list[str]:
        return self._codes(where, "filters.place_statuses", PLACE_STATUSES, "place_status",
                           "place_status")

    def finding_statuses(self, where: Any) -> list[str]:
        return self._codes(where, "filters.finding_statuses", FINDING_STATUSES,
                           "finding_status", "finding_status")

    def layers(self, where: Any, *, pills: bool) -> list[str]:
        t = self.t
        if pills:
            return where.pills(t["filters.layers"], list(LAYERS), key="layers",
                               selection_mode="multi", format_func=lambda c: t[f"layers.{c}"])
        return where.multiselect(t["filters.layers"], list(LAYERS), key="layers",
                                 format_func=lambda c: t[f"layers.{c}"])


def _sidebar(w: _Widgets, where: Any) -> tuple[dict[str, Any], Any]:
    """The map's sidebar: pledge first (it sets the place and years), the years side by side."""
    with st.sidebar:
        st.header(w.t["filters.heading"])
        chosen: dict[str, Any] = {"pledge": w.pledge(st), "kommun": w.kommun(st)}
        left, right = st.columns(2)
        chosen["year"] = w.year(left)
        chosen["year_to"] = w.year_to(right, chosen["year"])
        chosen |= {"categories": w.categories(st), "place_statuses": w.place_statuses(st),
                   "finding_statuses": w.finding_statuses(st), "layers": w.layers(st, pills=True)}
    return chosen, None


def _columns(w: _Widgets, where: Any) -> tuple[dict[str, Any], Any]:
    """The export's three columns, row by row; the last row's third cell is left free."""
    first, second, third = where.columns(3)
    chosen: dict[str, Any] = {"kommun": w.kommun(first), "year": w.year(second)}
    chosen["year_to"] = w.year_to(third, chosen["year"])
    chosen |= {"pledge": w.pledge(first), "categories": w.categories(second),
               "place_statuses": w.place_statuses(third),
               "finding_statuses": w.finding_statuses(first),
               "layers": w.layers(second, pills=False)}
    return chosen, third


def filter_panel(lang: str, location: str, version: str, pledges: Mapping[str, Pledge],
                 pledge_titles: Mapping[str, str], kommun_names: Mapping[str, str], *,
                 scope: str, layout: Layout = "sidebar", where: Any = None) -> FilterPanel:
    """Read the URL, draw the filter, write the URL back; the chosen Filter and layers.

    The widgets go to the sidebar or, in ``layout="columns"``, to three columns in
    ``where`` (a container such as a tab; the page by default), and so does the notice
    of years in the wrong order. Ignored URL values are warned about where the panel is
    called; a pledge of another municipality than the one chosen is dropped
    (:meth:`FilterPanel.notices` says so).
    """
    where = st if where is None else where
    state = url_state(pledges, kommun_names, cached.start_view(location, version, date.today()),
                      scope)
    _follow_linked_pledge(state.open(lang), pledges)
    # A pledge belongs to one municipality: when the municipality chosen (here, on another
    # page, or in the link) is another one, the municipality wins and the pledge is dropped,
    # with a notice (the pledge no longer overrides the municipality the user chose).
    dropped = drop_foreign_pledge(pledges)
    widgets = _Widgets(lang, pledges, pledge_titles, kommun_names)
    chosen, spare = (_sidebar if layout == "sidebar" else _columns)(widgets, where)
    state.write()
    year, year_to = chosen["year"], chosen["year_to"]
    if year_to is not None and year_to < year:
        where.info(i18n.t("notices.year_order", lang, year=year))
    flt = Filter(
        kommun_kod=chosen["kommun"], year_from=year,
        year_to=year_to if year_to is not None and year_to >= year else year,
        pledge=chosen["pledge"], categories=tuple(sorted(chosen["categories"])),
        place_statuses=tuple(sorted(chosen["place_statuses"])),
        finding_statuses=tuple(sorted(chosen["finding_statuses"])),
        commitment=st.session_state.get("commitment"),
        kinds=tuple(st.session_state.get("kind") or ()),
        responsible=tuple(st.session_state.get("responsible") or ()),
        ids=tuple(st.session_state.get("id") or ()), late_on=st.session_state.get("late_on"),
    )
    return FilterPanel(flt, list(chosen["layers"] or []), dropped, spare, lang, pledges,
                       pledge_titles, kommun_names)
