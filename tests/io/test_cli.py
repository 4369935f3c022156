"""``python -m geo import|export|publish``: JSON reports, exit codes, one-line refusals."""

from __future__ import annotations

import json

import pytest

from geo.cli import main as cli
from tests.io.conftest import DATA, KOMMUN


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    monkeypatch.setattr(cli, "EXTENSIONS", ("geo.io.cli",))


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_dry_run_then_import_then_again(capsys, store):
    path = str(DATA / "places_excel_sv.csv")
    base = ("import", path, "--layer", "unsafe_places", "--kommun", KOMMUN, "--db",
            str(store.path), "--json")
    code, out, _ = run(capsys, *base, "--dry-run")
    report = json.loads(out)
    assert code == 0 and report["status"] == "dry_run" and report["new"] == 3
    assert store.list("unsafe_places").empty
    code, out, _ = run(capsys, *base, "--pledge", "tomelilla-2020", "--user", "anna@kommun.se")
    report = json.loads(out)
    assert code == 0 and report["created"] == 3 and report["crs"].startswith("Coordinate")
    places = store.list("unsafe_places")
    assert set(places["pledge_id"]) == {"tomelilla-2020"}
    assert set(places["updated_by"]) == {"anna@kommun.se"}
    code, out, _ = run(capsys, *base)
    assert code == 0 and json.loads(out)["status"] == "nothing_new"


def test_rejected_rows_exit_1_with_lines(capsys, store):
    code, out, _ = run(capsys, "import", str(DATA / "places_bad_rows.csv"), "--layer",
                       "unsafe_places", "--kommun", KOMMUN, "--db", str(store.path))
    assert code == 1
    assert "line 3:" in out and "line 7:" in out
    assert "“Spöken” is not one of the values of Category" in out
    code, out, _ = run(capsys, "import", str(DATA / "places_bad_rows.csv"), "--layer",
                       "unsafe_places", "--kommun", KOMMUN, "--db", str(store.path),
                       "--skip-invalid", "--json")
    assert code == 0 and json.loads(out)["created"] == 1


def test_column_mapping_by_hand(capsys, store, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Vad;Hur;När;Öst (m);Nord (m)\nBelysning;Enkät;2020-03-01;440000;6158000\n",
                    encoding="utf-8")
    base = ("import", str(path), "--layer", "unsafe_places", "--kommun", KOMMUN, "--db",
            str(store.path), "--json")
    code, out, err = run(capsys, *base)
    assert code == 2 and "no column gives a place" in err.lower()
    code, out, _ = run(capsys, *base, "--map", "Vad=category", "--map", "Hur=source",
                       "--map", "När=reported_date", "--map", "Öst (m)=x", "--map",
                       "Nord (m)=y")
    assert code == 0, out
    assert json.loads(out)["crs"].startswith("Coordinate system: EPSG:3006")


@pytest.mark.parametrize(("args", "message"), [
    (["import", "nowhere.csv", "--layer", "walks", "--kommun", KOMMUN], "is not a file"),
    (["import", str(DATA / "places.geojson"), "--layer", "walks", "--kommun", "9999"],
     "unknown municipality"),
    (["import", str(DATA / "layers.vrt"), "--layer", "walks", "--kommun", KOMMUN],
     "virtual formats"),
    (["import", str(DATA / "places.geojson"), "--layer", "unsafe_places", "--kommun", KOMMUN,
      "--crs", "+proj=merc"], "is not known"),
    (["export", "--kommun", KOMMUN, "--year", "2020", "--format", "geojson", "--out", "x"],
     "holds one layer"),
    (["export", "--kommun", KOMMUN, "--year", "2020", "--pledge", "nope", "--format", "gpkg",
      "--out", "x"], "unknown pledge"),
])
def test_refusals_are_one_line(capsys, store, args, message):
    code, _, err = run(capsys, *args, "--db", str(store.path))
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("geo: error:") and message in err, err


def test_export_counts_equal_stats(capsys, fixture_store, tmp_path):
    base = ("--kommun", KOMMUN, "--year", "2020", "--pledge", "tomelilla-2020", "--db",
            str(fixture_store.path))
    code, out, _ = run(capsys, "stats", *base, "--json")
    stats = json.loads(out)
    target = tmp_path / "view.gpkg"
    code, out, _ = run(capsys, "export", *base, "--format", "gpkg", "--out", str(target),
                       "--public")
    assert code == 0 and json.loads(out) == stats
    code, out, _ = run(capsys, "export", *base, "--format", "open311", "--out",
                       str(tmp_path / "o.json"), "--public")
    assert json.loads(out) == {"findings": stats["findings"]}


def test_publish_refuses_a_folder_it_did_not_write(capsys, fixture_store, tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    code, _, err = run(capsys, "publish", "--kommun", KOMMUN, "--out", str(tmp_path), "--db",
                       str(fixture_store.path))
    assert code == 2 and "not empty" in err and (tmp_path / "mine.txt").exists()
    site = tmp_path / "site"
    for _ in range(2):  # writing twice replaces its own earlier site
        code, out, _ = run(capsys, "publish", "--kommun", KOMMUN, "--out", str(site), "--db",
                           str(fixture_store.path))
        assert code == 0 and (site / "index.html").exists()
