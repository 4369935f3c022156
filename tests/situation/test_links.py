"""The filters a figure's link needs: by hand on single records, and through the URL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from shapely.geometry import Point

from geo.domain.filters import Filter
from geo.domain.model import Activity, Finding, UnsafePlace, ValidationError
from geo.urlstate import filter_query, map_url, parse_filter
from tests.domain.test_filters import FILTERS, RECORDS

WALK = "0b7f0c62-1d0e-4c51-9a43-6f4f3a8e2f10"


def _finding(**extra) -> Finding:
    return Finding(kommun_kod="1270", geometry=Point(13.9, 55.5), walk_id=WALK,
                   found_date="2021-05-10", category="lighting", **extra)


def test_late_on_a_day_is_open_and_past_its_due_date():
    late = Filter("1270", 2021, 2021, late_on=date(2021, 9, 1))
    assert late.matches(_finding(due_date="2021-08-31"))
    assert not late.matches(_finding(due_date="2021-09-01"))  # due that day: not yet late
    assert not late.matches(_finding())  # no due date: never late
    assert not late.matches(_finding(due_date="2021-08-31", status="done",
                                     completed_date="2021-09-02"))
    assert not late.matches(_finding(due_date="2021-08-31", status="forwarded",
                                     forwarded_to="police"))
    place = UnsafePlace(kommun_kod="1270", geometry=Point(13.9, 55.5), category="lighting",
                        source="survey", reported_date="2021-03-01")
    assert late.matches(place)  # other layers are unaffected


def test_responsible_kinds_and_ids():
    police = _finding(responsible="police")
    assert Filter("1270", 2021, 2021, responsible=("police",)).matches(police)
    assert not Filter("1270", 2021, 2021, responsible=("municipality",)).matches(police)
    activity = Activity(kommun_kod="1270", kind="dispatch", activity_date="2021-02-02",
                        title="x")
    assert Filter("1270", 2021, 2021, kinds=("dispatch",)).matches(activity)
    assert not Filter("1270", 2021, 2021, kinds=("other",)).matches(activity)
    assert Filter("1270", 2021, 2021, ids=(police.id,)).matches(police)
    assert not Filter("1270", 2021, 2021, ids=(activity.id,)).matches(police)


def test_the_new_filters_select_some_but_not_all():
    """The store comparison (tests/domain/test_filters.py) is not vacuous for them."""
    layers = {"kinds": "activities", "responsible": "findings", "late_on": "findings",
              "ids": "unsafe_places"}
    for name, layer in layers.items():
        mine = [r for r in RECORDS if r.LAYER == layer]
        sizes = [sum(f.matches(r) for r in mine) for f in FILTERS if getattr(f, name)]
        assert sum(0 < n < len(mine) for n in sizes) >= 2, name
        # the field itself narrows: the same filter without it selects more
        assert any(sum(f.matches(r) for r in mine) > n for f, n in zip(
            [_without(f, name) for f in FILTERS if getattr(f, name)], sizes, strict=True))


def _without(flt: Filter, name: str) -> Filter:
    return replace(flt, **{name: None if name == "late_on" else ()})


@pytest.mark.parametrize("flt", [f for f in FILTERS if f.ids or f.late_on or f.kinds
                                 or f.responsible or f.categories][:12])
def test_a_link_parses_back_to_its_filter(flt):
    url = map_url(flt, ("findings", "activities"))
    assert parse_filter(url) == (flt, ("findings", "activities"))
    assert url.startswith("/?kommun=")


def test_the_url_leaves_defaults_out():
    assert filter_query(Filter("1270", 2021, 2021)) == {"kommun": "1270", "year": "2021"}


@pytest.mark.parametrize("query", ["?kommun=1270", "?kommun=12&year=2020",
                                   "?kommun=1270&year=2020&responsible=nobody",
                                   "?kommun=1270&year=2020&id=1%27+OR+1"])
def test_a_bad_link_is_refused(query):
    with pytest.raises((ValidationError, ValueError)):
        parse_filter(query)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_code_a_figure_uses_has_words(lang):
    from geo import i18n
    from geo.situation import model

    t = i18n.catalog(lang)
    codes = {name: getattr(model, name) for name in dir(model) if name.isupper()}
    for name, code in codes.items():
        group = name.split("_")[0].lower()
        assert f"situation.{group}.{code}" in t, (name, code)
