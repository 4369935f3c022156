"""The CLI on PostGIS writes what it writes on GeoPackage, for the same data.

Each command runs twice, on the example GeoPackage and on its copy in PostGIS
(:mod:`tests.postgis_example`), and the files and printed lines must be the same, so a
council that moves to PostGIS gets the same reports, exports, coverage and briefs.
Import on PostGIS is tested with the importer (tests/io).
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geo.cli import main as cli
from tests.postgis_example import example_stores, pg_cluster  # noqa: F401 - fixtures

TOMELILLA_2020 = ["--kommun", "1270", "--year", "2020"]
#: name → (arguments, ending in the option that names the file; how the file is compared)
FILE_COMMANDS: dict[str, tuple[list[str], str]] = {
    "report.csv": (["report", "--pledge", "tomelilla-2020", "--quarter", "2020",
                    "--format", "csv", "--out"], "bytes"),
    "report.html": (["report", "--pledge", "staffanstorp-2018-2019", "--quarter", "2019Q2",
                     "--format", "html", "--lang", "en", "--out"], "bytes"),
    "export.geojson": (["export", *TOMELILLA_2020, "--format", "geojson",
                        "--layer", "unsafe_places", "--out"], "bytes"),
    "export-public.geojson": (["export", *TOMELILLA_2020, "--format", "geojson",
                               "--layer", "watch_areas", "--public", "--out"], "bytes"),
    "export.csv": (["export", *TOMELILLA_2020, "--format", "csv", "--layer", "findings",
                    "--out"], "bytes"),
    "export.open311": (["export", *TOMELILLA_2020, "--format", "open311", "--out"], "bytes"),
    "export.gpkg": (["export", *TOMELILLA_2020, "--format", "gpkg", "--out"], "gpkg"),
    "export.xlsx": (["export", "--kommun", "1230", "--year", "2018", "--year-to", "2019",
                     "--format", "xlsx", "--public", "--out"], "xlsx"),
    "snapshot.html": (["snapshot", "--kommun", "1270", "--since", "2020-01-01",
                       "--until", "2020-12-31", "--format", "html", "--out"], "bytes"),
    "coverage.csv": (["coverage", *TOMELILLA_2020, "--json", "--csv"], "bytes"),
}


def run(capsys, args: list[str]) -> str:
    code = cli.main(args)
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def both(capsys, stores, args: list[str], tmp_path: Path | None = None, name: str = ""
         ) -> dict[str, tuple[str, Path | None]]:
    """Run one command on each backend: its output, and the file it wrote (if any)."""
    results = {}
    for backend, location in stores.locations().items():
        out_file = tmp_path / f"{backend}-{name}" if tmp_path else None
        out = run(capsys, [*args, *([str(out_file)] if out_file else []), "--db", location])
        results[backend] = (out.replace(str(out_file), "OUT") if out_file else out, out_file)
    return results


@pytest.mark.parametrize(("kommun", "year", "pledge"), [
    ("1270", "2020", "all"), ("1270", "2021", "tomelilla-2020"), ("1230", "2019", "none"),
    ("1230", "2016", "all"), ("0138", "2018", "all"), ("1263", "2017", "svedala-2017"),
])
def test_stats_are_the_same(capsys, example_stores, kommun, year, pledge):  # noqa: F811
    results = both(capsys, example_stores, ["stats", "--kommun", kommun, "--year", year,
                                            "--pledge", pledge, "--json"])
    on_gpkg, on_postgis = (json.loads(out) for out, _ in results.values())
    assert on_postgis == on_gpkg
    assert sum(on_gpkg.values()) > 0


@pytest.mark.parametrize("name", list(FILE_COMMANDS))
def test_files_written_are_the_same(capsys, example_stores, tmp_path, name):  # noqa: F811
    args, how = FILE_COMMANDS[name]
    results = both(capsys, example_stores, args, tmp_path, name)
    (out_gpkg, file_gpkg), (out_pg, file_pg) = results["gpkg"], results["postgis"]
    assert out_pg == out_gpkg  # the printed summary: counts per layer, sizes, rankings
    if how == "bytes":
        assert file_pg.read_bytes() == file_gpkg.read_bytes()
        assert file_gpkg.stat().st_size > 300  # more than an empty document
    elif how == "gpkg":  # a GeoPackage carries its own creation time: compare its layers
        written = gpd.list_layers(file_gpkg)["name"].tolist()
        assert written == gpd.list_layers(file_pg)["name"].tolist() and written
        for layer in written:
            expected = gpd.read_file(file_gpkg, layer=layer)
            pd.testing.assert_frame_equal(gpd.read_file(file_pg, layer=layer), expected)
    else:  # an XLSX file is a zip with times inside: compare its sheets
        expected = pd.read_excel(file_gpkg, sheet_name=None)
        got = pd.read_excel(file_pg, sheet_name=None)
        assert list(got) == list(expected) and sum(len(f) for f in expected.values()) > 0
        for sheet, frame in expected.items():
            pd.testing.assert_frame_equal(got[sheet], frame)


def test_coverage_json_is_the_same(capsys, example_stores):  # noqa: F811
    results = both(capsys, example_stores, ["coverage", *TOMELILLA_2020, "--json"])
    on_gpkg, on_postgis = (json.loads(out) for out, _ in results.values())
    assert on_postgis == on_gpkg
    assert on_gpkg["summary"] and on_gpkg["uncovered"]


def test_snapshot_pdf_is_written_with_the_same_numbers(capsys, example_stores,  # noqa: F811
                                                       tmp_path):
    args = ["snapshot", "--kommun", "0138", "--since", "2018-01-01", "--until", "2018-12-31",
            "--out"]
    results = both(capsys, example_stores, args, tmp_path, "brief.pdf")
    (out_gpkg, _), (out_pg, file_pg) = results["gpkg"], results["postgis"]
    assert out_pg == out_gpkg and "new_places" in out_gpkg
    assert file_pg.read_bytes().startswith(b"%PDF") and file_pg.stat().st_size > 2000


def test_publish_writes_the_same_site(capsys, example_stores, tmp_path):  # noqa: F811
    sites = {}
    for backend, location in example_stores.locations().items():
        run(capsys, ["publish", "--kommun", "1270", "--out", str(tmp_path / backend),
                     "--db", location])
        sites[backend] = {p.relative_to(tmp_path / backend): p.read_bytes()
                          for p in sorted((tmp_path / backend).rglob("*")) if p.is_file()}
    assert sites["postgis"].keys() == sites["gpkg"].keys() and len(sites["gpkg"]) > 1
    differing = [name for name in sites["gpkg"] if sites["gpkg"][name] != sites["postgis"][name]]
    assert differing == []


def test_a_missing_database_store_is_named_without_a_crash(capsys, pg_cluster):  # noqa: F811
    url = pg_cluster.new_database()  # PostGIS, but no schema yet
    try:
        for args in (["stats", *TOMELILLA_2020], ["coverage", *TOMELILLA_2020],
                     ["snapshot", "--kommun", "1270", "--since", "2020-01-01", "--out", "x"],
                     ["export", *TOMELILLA_2020, "--format", "csv", "--out", "x"]):
            assert cli.main([*args, "--db", url]) == 2
            err = capsys.readouterr().err
            assert err.startswith("geo: error: no store at ") and "init" in err
            assert f"127.0.0.1:{pg_cluster.port}/" in err and "Traceback" not in err
    finally:
        pg_cluster.drop_database(url)
