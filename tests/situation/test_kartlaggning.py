"""The kartläggning of the hand-made town, figure by figure, and every link followed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geo.indicators.crime import import_file
from geo.situation import Figure, build
from geo.store import GeoPackageStore
from geo.urlstate import parse_filter
from tests.situation import fixture

ALL = "*"
DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def result(town):
    store, _ = town
    return build(store, [fixture.KOMMUN], 2021, 2022, as_of=fixture.AS_OF,
                 units=fixture.districts())


def followed(store, figure: Figure, public: bool = False) -> set[str]:
    """The ids of the records the figure's links show, each link parsed back from its URL."""
    ids: list[str] = []
    for link in figure.links:
        flt, layers = parse_filter(link.url)
        assert (flt, layers) == (link.filter, link.layers)
        for layer in layers:
            ids.extend(store.list(layer, flt, public=public)["id"])
    assert len(ids) == len(set(ids))
    return set(ids)


def names(town, ids: set[str]) -> set[str]:
    _, named = town
    return {name for name, record in named.items() if record.id in ids}


def table(figures, *dimensions: str) -> dict:
    return {tuple(f.get(d) for d in dimensions): f.value for f in figures}


def test_every_figure_equals_the_records_its_link_shows(town, result):
    store, _ = town
    linked = [f for f in result.figures() if f.links]
    assert len(linked) > 40
    for figure in linked:
        assert len(followed(store, figure)) == figure.records, figure
        if figure.note != "share_of_area":
            assert figure.records == figure.value, figure
    # a figure without a link says why: counts only, survey results, or nothing to show
    assert {f.note for f in result.unlinked()} == {"count_only", "survey_page", "nothing"}
    assert all(f.value == 0 for f in result.unlinked() if f.note == "nothing")


def test_places_by_category_with_the_previous_period(result):
    trends = {t.current.get("category"): (t.current.value, t.previous.value)
              for t in result.places_by_category}
    # current: P1 P2 P4 lighting, P3 P7 drugs, P8 traffic; previous: P6 lighting, P5 vegetation
    assert trends == {None: (6, 2), "lighting": (3, 1), "drugs": (2, 0), "traffic": (1, 0),
                      "vegetation": (0, 1)}
    assert result.places_by_category[0].change == 4
    assert (result.years, result.previous_years) == ((2021, 2022), (2019, 2020))
    assert {t.current.level for t in result.places_by_category} == {"kommun"}


def test_places_by_category_and_year(result):
    got = {k: v for k, v in table(result.places_by_category_year, "category", "year").items() if v}
    assert got == {("lighting", "2019"): 1, ("lighting", "2021"): 2, ("lighting", "2022"): 1,
                   ("drugs", "2021"): 1, ("drugs", "2022"): 1, ("traffic", "2021"): 1,
                   ("vegetation", "2020"): 1}
    assert len(result.places_by_category_year) == 4 * 4  # four categories × four years


def test_places_by_area(town, result):
    store, _ = town
    got = {t.current.get("area"): (t.current.value, t.previous.value)
           for t in result.places_by_area}
    assert got == {"N": (3, 1), "S": (2, 1), None: (1, 0)}
    north = result.places_by_area[0].current
    assert names(town, followed(store, north)) == {"P1", "P2", "P4"}
    assert north.level == "file" and north.years == (2021, 2022)
    outside = result.places_by_area[-1]
    assert outside.current.note == "outside_areas"
    assert outside.previous.links == () and outside.previous.note == "nothing"


def test_findings_opened_done_late_forwarded(town, result):
    store, _ = town
    got = {f.measure: f.value for f in result.findings}
    assert got == {"findings_opened": 5, "findings_done": 1, "findings_late": 2,
                   "findings_forwarded": 1}
    late = next(f for f in result.findings if f.measure == "findings_late")
    assert names(town, followed(store, late)) == {"F2", "F5"}  # F6 is late, found in 2020


def test_findings_by_responsible_party(result):
    got = table(result.findings_by_party, "party")
    by = {}
    for f in result.findings_by_party:
        by.setdefault(f.get("party"), {})[f.measure.removeprefix("findings_")] = f.value
    assert by == {
        "municipality": {"opened": 2, "done": 1, "late": 0, "forwarded": 0},
        "police": {"opened": 1, "done": 0, "late": 1, "forwarded": 0},
        "property_owner": {"opened": 1, "done": 0, "late": 1, "forwarded": 0},
        "road_authority": {"opened": 1, "done": 0, "late": 0, "forwarded": 1},
    }
    assert got  # parties in the enum's order
    assert [f.get("party") for f in result.findings_by_party][::4] == [
        "municipality", "police", "property_owner", "road_authority"]


def test_activities_by_kind_and_counts_only(result):
    assert table(result.activities, "kind") == {("visible_presence",): 2,
                                                ("information_meeting",): 1}
    counted = result.counted_activities
    assert table(counted, "kind") == {("concern_talk",): 2, ("home_visit",): 7}
    assert all(f.links == () and f.source == "counts" for f in counted)


def test_watch_areas_and_their_coverage(town, result):
    store, _ = town
    total, *shares = result.watch
    assert total.value == 2  # WA3 ended in 2019
    assert names(town, followed(store, total)) == {"WA1", "WA2"}
    assert {f.get("area"): f.value for f in shares} == pytest.approx({"N": 0.25, "S": 0.125})
    assert [names(town, followed(store, f)) for f in shares] == [{"WA1"}, {"WA2"}]


def test_recurring_places(town, result):
    store, _ = town
    found = [names(town, followed(store, p.figure)) for p in result.recurring]
    assert found == [{"P1", "P2", "F1"}, {"P3", "F4"}]
    first = result.recurring[0]
    assert first.figure.value == 3 and first.categories == ("lighting",)
    assert (first.first.isoformat(), first.last.isoformat()) == ("2021-03-01", "2021-08-01")
    assert first.figure.level == "place"


@pytest.mark.parametrize(("distance", "groups"), [
    (10, []),
    (20, [{"P1", "F1"}, {"P3", "F4"}]),  # P1–F1 11 m, P3–F4 14 m, F1–P2 21 m
    (25, [{"P1", "P2", "F1"}, {"P3", "F4"}]),  # a chain: P1–P2 are 30 m apart
])
def test_recurring_places_at_other_distances(town, distance, groups):
    store, _ = town
    got = build(store, [fixture.KOMMUN], 2021, 2022, as_of=fixture.AS_OF, distance_m=distance)
    assert [names(town, followed(store, p.figure)) for p in got.recurring] == groups
    assert got.places_by_area == () and len(got.watch) == 1  # no units, no area figures


def test_survey_results_by_area(result):
    got = {(f.measure, f.get("area"), f.get("year")): f.value for f in result.survey}
    assert got == {("survey_unsafe_evening", "N", "2021"): 30.0,
                   ("survey_worry_burglary", "N", "2021"): 20.0}
    assert {(f.level, f.source, f.note) for f in result.survey} == {
        ("district", "survey", "survey_page")}


def test_crime_figures_empty_without_an_import(result):
    assert result.crime == () and result.notes == ("no_crime_data",)


def test_crime_figures_from_an_imported_table(town, monkeypatch):
    store, _ = town
    asked = []

    def reported_crimes(kommun_kod, years):
        asked.append((kommun_kod, list(years)))
        return {2021: 812, 2022: 790}

    monkeypatch.setattr(store, "reported_crimes", reported_crimes, raising=False)
    got = build(store, [fixture.KOMMUN], 2021, 2022, as_of=fixture.AS_OF)
    assert asked == [("1270", [2021, 2022])]
    assert table(got.crime, "year") == {("2021",): 812, ("2022",): 790}
    assert got.notes == () and {f.source for f in got.crime} == {"bra"}


def test_crime_figures_from_an_imported_bra_file(tmp_path):
    """The Brå export imported into a store: per year its "Totalt antal brott" row (not the
    sum of the crime types beside it); a year with no total in the file has no figure."""
    store = GeoPackageStore(tmp_path / "crime.gpkg")
    store.initialize()
    import_file(store, DATA / "crime" / "tomelilla_bra.csv", kommun_kod=fixture.KOMMUN,
                user="tester", today=date(2025, 6, 1))
    got = build(store, [fixture.KOMMUN], 2021, 2022, as_of=fixture.AS_OF)
    assert table(got.crime, "year") == {("2021",): 1198, ("2022",): 1243}
    assert got.notes == ()


def test_the_public_version_counts_public_records_only(town):
    store, _ = town
    public = build(store, [fixture.KOMMUN], 2021, 2022, as_of=fixture.AS_OF, public=True)
    assert public.places_by_category[0].current.value == 5  # P7 is internal
    for figure in public.figures():
        if figure.links:
            assert len(followed(store, figure, public=True)) == figure.records, figure


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_figure_has_words_in_the_catalog(result, lang):
    from geo import i18n

    t = i18n.catalog(lang)
    for figure in result.figures():
        for key in (f"measure.{figure.measure}", f"source.{figure.source}",
                    f"level.{figure.level}", *([f"note.{figure.note}"] if figure.note else []),
                    *(f"by.{d}" for d, _ in figure.by)):
            assert f"situation.{key}" in t, key
