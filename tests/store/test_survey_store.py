"""Survey results in the store, on both backends: kept, replaced, read back, copied.

The ``store`` fixture gives an empty GeoPackage and an empty PostGIS database (the latter is
skipped, with the reason, where PostgreSQL and PostGIS are not installed). The areas are the
synthetic test fixtures of ``tests/data/survey`` (not real DeSO boundaries).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.store import GeoPackageStore, Store, transfer
from geo.survey import results as survey
from tests.store.pg_server import pg_cluster  # noqa: F401 - the session fixture

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "survey"


def _import(store: Store, kind: str, name: str = "good") -> None:
    survey.import_table(store, survey.read_table(FIXTURES / f"{kind}_{name}.csv"), "1270", kind,
                        areas=survey.read_areas(FIXTURES / f"{kind}_areas.geojson"), user="kim")


def test_results_and_areas_are_kept_and_read_back(store: Store) -> None:
    before = store.data_version()
    _import(store, "deso")
    assert store.data_version() != before  # caches keyed on it refresh
    results = store.survey_results("1270")
    assert results[["area_id", "year", "unsafe_evening", "source"]].values.tolist() == [
        ["1270A0010", 2019, 20.5, "import"], ["1270B0020", 2019, 25.5, "import"],
        ["1270C0030", 2019, 30.5, "import"], ["1270A0010", 2020, 21.5, "import"],
        ["1270B0020", 2020, 26.5, "import"], ["1270C0030", 2020, 31.5, "import"]]
    areas = store.survey_areas("1270", "deso")
    given = survey.read_areas(FIXTURES / "deso_areas.geojson")
    assert areas["area_id"].tolist() == given["area_id"].tolist()
    for mine, theirs in zip(areas.geometry, given.geometry, strict=True):
        assert mine.symmetric_difference(theirs).area < 1e-12  # the same square, as MultiPolygon
    assert store.survey_areas("1270", "regso").empty and store.survey_results("1263").empty
    assert store.history(layer="survey_results")[-1].user == "kim"


def test_a_new_import_replaces_the_same_area_and_year_only(store: Store) -> None:
    _import(store, "deso")
    table = survey.read_table(b"desokod;year;unsafe_evening\n1270A0010;2020;9\n")
    survey.import_table(store, table, "1270", "deso")  # polygons already stored: accepted
    results = store.survey_results("1270").set_index(["area_id", "year"])
    assert results.loc[("1270A0010", 2020), "unsafe_evening"] == 9.0
    assert results.loc[("1270A0010", 2019), "unsafe_evening"] == 20.5
    assert results["worry_burglary"].isna().sum() == 1  # the new row has no burglary share
    assert len(results) == 6


def test_a_refused_table_keeps_nothing(store: Store) -> None:
    with pytest.raises(survey.SurveyError):
        _import(store, "regso", "bad")
    assert store.survey_results("1270").empty and store.survey_areas("1270", "regso").empty


def test_polygon_kinds_need_polygons(store: Store) -> None:
    table = survey.read_table(FIXTURES / "district_good.csv")
    with pytest.raises(survey.SurveyError, match="need the areas' polygons"):
        survey.import_table(store, table, "1270", "district")


def test_clear_empties_the_survey_tables(store: Store) -> None:
    _import(store, "district")
    store.clear()
    assert store.survey_results("1270").empty and store.survey_areas("1270", "district").empty


def test_copy_carries_results_and_areas(store: Store, tmp_path: Path) -> None:
    for kind in ("deso", "regso", "district"):
        _import(store, kind)
    target = GeoPackageStore(tmp_path / "copy.gpkg")
    target.initialize()
    report = transfer.copy(store, target)
    assert report.ok, [c.examples for c in report.checks if not c.ok]
    counts = {c.table: c.target for c in report.checks}
    assert counts["survey_results"] == 3 * 2 + 2 * 2 + 3 * 2 and counts["survey_areas"] == 8
    assert target.survey_results("1270").equals(store.survey_results("1270"))
    assert target.survey_areas("1270", "district")["area_id"].tolist() == [
        "<b>Öster</b> & ${x}", "Centrum", "Väster"]
