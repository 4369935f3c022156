"""Import and export on PostGIS: the same rows as on a GeoPackage, all or nothing, no repeats.

Each test gets a new database of the throw-away cluster of :mod:`tests.store.pg_server`
(skipped, with the reason, where PostgreSQL and PostGIS are not installed), holding the
pledges and one safety walk, like the GeoPackage store of ``tests/io/conftest.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.cli import main as cli
from geo.io import ledger
from geo.io.importer import ImportOptions, import_file
from geo.store import GeoPackageStore, transfer
from tests.io.conftest import DATA, KOMMUN, copy, seed
from tests.io.test_export import STAMPS
from tests.store.pg_server import pg_cluster  # noqa: F401 - the session fixture

#: What a row carries besides its content: stamped by the write, not by the file.
STAMPED = ("fid", "created_at", "updated_at")


@pytest.fixture
def pg_store(request):
    from geo.store.postgis.store import PostGISStore

    cluster = request.getfixturevalue("pg_cluster")  # skips where PostGIS cannot run
    url = cluster.new_database()
    store = PostGISStore(url)
    request.addfinalizer(lambda: (store.close(), cluster.drop_database(url)))
    return seed(store)


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    monkeypatch.setattr(cli, "EXTENSIONS", ("geo.io.cli",))


def snapshot(store) -> tuple:
    """Every row of every table the app keeps, and the data version (a write moves it)."""
    return store.data_version(), {t: store.export_rows(t) for t in transfer.TABLES}


def content(store, layer: str) -> dict[str, dict]:
    """A layer's rows by id, without what the write stamps, geometry as WKT."""
    rows = {}
    for row in store.export_rows(layer):
        values = {k: v for k, v in row.items() if k not in STAMPED}
        values["geometry"] = values["geometry"].wkt
        rows[row["id"]] = values
    return rows


def options(layer: str = "unsafe_places", **more) -> ImportOptions:
    return ImportOptions(layer=layer, kommun_kod=KOMMUN, user="anna@kommun.se", **more)


@pytest.mark.parametrize(("name", "layer", "rows"), [
    ("places_excel_sv.csv", "unsafe_places", 3),
    ("places.geojson", "unsafe_places", 3),
    ("walks.geojson", "walks", 2),
    ("findings_protocol.xlsx", "findings", 3),
])
def test_import_writes_exactly_the_rows_a_geopackage_gets(pg_store, store, name, layer, rows):
    data = (DATA / name).read_bytes()
    before = len(pg_store.list(layer))
    on_pg = import_file(pg_store, data, options(layer, file_name=name))
    on_gpkg = import_file(store, data, options(layer, file_name=name))
    assert on_pg.status == "written" and on_pg.created == rows, on_pg.to_json()
    assert on_gpkg.created == rows
    assert len(pg_store.list(layer)) == before + rows
    assert content(pg_store, layer) == content(store, layer)
    created = [e for e in pg_store.history(layer) if e.action == "create"
               and e.user == "anna@kommun.se"]
    assert len(created) == rows


def test_importing_again_creates_nothing_and_says_when(pg_store):
    data = (DATA / "places_excel_sv.csv").read_bytes()
    first = import_file(pg_store, data, options(file_name="platser.csv"))
    assert first.created == 3
    after = snapshot(pg_store)
    again = import_file(pg_store, data, options(file_name="platser.csv"))
    assert again.status == "nothing_new" and again.created == 0
    assert again.already_present == 3
    assert "imported_before" in [code for code, _ in again.file_notes]  # the ledger knows it
    assert snapshot(pg_store) == after
    row = ledger.previous_import(pg_store, first.sha256, "unsafe_places", KOMMUN)
    assert row["created"] == 3 and row["file_name"] == "platser.csv"


def test_a_file_with_a_bad_row_writes_nothing(pg_store):
    before = snapshot(pg_store)
    report = import_file(pg_store, (DATA / "places_bad_rows.csv").read_bytes(), options())
    assert report.status == "rejected" and report.created == 0
    assert [(p.line, p.field) for p in report.rejected] == [
        (3, "category"), (4, "reported_date"), (5, "geometry"), (6, "geometry"),
        (7, "description")]  # line 2 is fine: all or nothing keeps it out too
    assert snapshot(pg_store) == before


def test_dry_run_writes_nothing(pg_store):
    before = snapshot(pg_store)
    report = import_file(pg_store, (DATA / "places_excel_sv.csv").read_bytes(),
                         options(dry_run=True))
    assert report.status == "dry_run" and report.new == 3 and report.created == 0
    assert snapshot(pg_store) == before


def test_a_write_that_fails_halfway_leaves_no_row_and_no_ledger(pg_store, make_record):
    first = make_record("unsafe_places")
    pg_store.create(first, "anna")
    before = snapshot(pg_store)
    batch = [make_record("unsafe_places") for _ in range(500)] + [first]  # a repeated id
    with pytest.raises(Exception, match="(?i)unique|duplicate"):
        ledger.write(pg_store, batch, "anna", sha256="a" * 64, file_name="x.csv",
                     layer="unsafe_places", kommun_kod=KOMMUN)
    assert snapshot(pg_store) == before
    assert ledger.previous_import(pg_store, "a" * 64, "unsafe_places", KOMMUN) is None


def test_cli_imports_and_exports_with_a_postgresql_url(pg_store, capsys, tmp_path: Path):
    url = pg_store.url
    code = cli.main(["import", str(DATA / "places_excel_sv.csv"), "--layer", "unsafe_places",
                     "--kommun", KOMMUN, "--db", url, "--json", "--dry-run"])
    assert code == 0 and json.loads(capsys.readouterr().out)["status"] == "dry_run"
    assert pg_store.list("unsafe_places").empty
    code = cli.main(["import", str(DATA / "places_excel_sv.csv"), "--layer", "unsafe_places",
                     "--kommun", KOMMUN, "--db", url, "--json", "--pledge", "tomelilla-2020"])
    assert code == 0 and json.loads(capsys.readouterr().out)["created"] == 3
    code = cli.main(["import", str(DATA / "places_bad_rows.csv"), "--layer", "unsafe_places",
                     "--kommun", KOMMUN, "--db", url])
    out = capsys.readouterr().out
    assert code == 1 and "line 3:" in out and len(pg_store.list("unsafe_places")) == 3
    out_file = tmp_path / "platser.geojson"
    code = cli.main(["export", "--kommun", KOMMUN, "--year", "2020", "--layer", "unsafe_places",
                     "--format", "geojson", "--out", str(out_file), "--db", url])
    assert code == 0 and json.loads(capsys.readouterr().out) == {"unsafe_places": 3}
    exported = json.loads(out_file.read_text(encoding="utf-8"))
    assert {f["properties"]["description"] for f in exported["features"]} == {
        "Mörk gång under järnvägen", "Höga häckar vid skolan", "Skadegörelse på busskuren"}


def test_cli_refuses_an_empty_database_without_showing_the_password(request, capsys):
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.new_database().replace("postgres@", "postgres:hemligt@")
    code = cli.main(["import", str(DATA / "places_excel_sv.csv"), "--layer", "unsafe_places",
                     "--kommun", KOMMUN, "--db", url])
    err = capsys.readouterr().err
    assert code != 0 and "no store at" in err and "geo migrate" in err
    assert "hemligt" not in err and "Traceback" not in err
    cluster.drop_database(url)


def test_an_export_from_postgis_imports_into_a_geopackage_unchanged(pg_store, base_store,
                                                                     tmp_path, capsys):
    import_file(pg_store, (DATA / "places.geojson").read_bytes(), options())
    out_file = tmp_path / "ut.geojson"
    assert cli.main(["export", "--kommun", KOMMUN, "--year", "2020", "--layer",
                     "unsafe_places", "--format", "geojson", "--out", str(out_file),
                     "--db", pg_store.url]) == 0
    capsys.readouterr()
    copy(base_store, tmp_path / "target.gpkg")
    target = GeoPackageStore(tmp_path / "target.gpkg")
    report = import_file(target, out_file.read_bytes(), options(file_name="ut.geojson"))
    assert report.status == "written" and report.created == 3
    for record_id in content(pg_store, "unsafe_places"):
        original, copied = pg_store.get("unsafe_places", record_id), target.get(
            "unsafe_places", record_id)
        assert copied.replace(**{s: getattr(original, s) for s in STAMPS}) == original
        assert copied.geometry.equals_exact(original.geometry, 0)
