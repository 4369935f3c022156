"""A local police area: its municipalities' figures added up, one link per municipality."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from geo.domain.model import UnsafePlace
from geo.situation import for_police_area
from tests.situation import fixture
from tests.situation.test_kartlaggning import followed

YSTAD = "1286"


@pytest.fixture(scope="module")
def area(town):
    """The town (Tomelilla's code) and two lighting reports 20 m apart in Ystad, 2021."""
    store, named = town
    for name, lon in (("Y1", 13.8200), ("Y2", 13.8203)):  # about 19 m apart at 55.43° N
        named[name] = UnsafePlace(kommun_kod=YSTAD, geometry=Point(lon, 55.43),
                                  category="lighting", source="web_form",
                                  reported_date="2021-04-0" + name[1], description=name)
        store.create(named[name], "tester")
    return store, for_police_area(store, "Lokalpolisområde Ystad", 2021, 2022,
                                  as_of=fixture.AS_OF, units={"1270": fixture.districts()})


def test_the_figures_add_up_the_municipalities(area):
    store, result = area
    assert result.police_area == "Ystad"
    assert result.kommuner == ("1291", "1265", "1264", "1270", "1286")
    total = result.places_by_category[0].current
    assert (total.value, total.level) == (8, "police_area")  # six in the town, two in Ystad
    assert len(total.links) == 5
    lighting = next(t for t in result.places_by_category if t.current.get("category") == "lighting")
    assert lighting.current.value == 5
    for figure in result.figures():
        if figure.links:
            assert len(followed(store, figure)) == figure.records, figure


def test_a_recurring_place_in_another_municipality(area):
    store, result = area
    sizes = [(p.figure.value, tuple(link.filter.kommun_kod for link in p.figure.links))
             for p in result.recurring]
    assert sizes == [(3, ("1270",)), (2, ("1286",)), (2, ("1270",))]


def test_areas_of_one_municipality_only(area):
    _, result = area
    got = {t.current.get("area"): (t.current.value, len(t.current.links))
           for t in result.places_by_area}
    assert got == {"N": (3, 1), "S": (2, 1), None: (1, 1)}  # Ystad has no areas given
    assert result.area_level == "file"
