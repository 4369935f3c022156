"""``python -m geo backup|restore``: round trips that lose nothing, and refusals in Swedish.

The source holds a row in every table a backup carries (the example data, plus a user with
a password hash, a pledge's document, survey areas, a deleted record and an import ledger).
GeoPackage → backup → empty GeoPackage, and PostGIS → backup → empty PostGIS, must give
back every field of every row. A store that is not empty, and files that are not backups,
are refused with one line that names no path and no Python words, and nothing changes.
The PostGIS tests use :mod:`tests.store.pg_server` (skipped where PostGIS is not installed).
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo.access.auth import User, hash_password
from geo.cli import main as cli
from geo.domain.lagesbild import Lagesbild, Section
from geo.domain.model import UnsafePlace
from geo.domain.plan import Plan, PlanRow
from geo.io import ledger
from geo.store import GeoPackageStore, open_store, transfer
from geo.store import backup as backups
from geo.survey import results as survey
from tests.cli.test_cli_store import _exports as exports
from tests.store.pg_server import pg_cluster  # noqa: F401 - the session fixture

SURVEY = Path(__file__).resolve().parents[1] / "data" / "survey"
HASHED = "samordnare@tomelilla.se"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_equal(source: str, copy: str) -> None:
    mine, theirs = exports(source), exports(copy)
    for table in transfer.TABLES:
        check = transfer.compare(table, mine[table], theirs[table])
        assert check.ok, check.examples


@pytest.fixture(scope="module")
def full_gpkg(tmp_path_factory) -> Path:
    """A store with rows in every table a backup carries (and an import ledger it does not)."""
    path = tmp_path_factory.mktemp("backup") / "kommun.gpkg"
    assert cli.main(["init", "--example", "--db", str(path)]) == 0
    store = GeoPackageStore(path)
    store.save_user(User(email=HASHED, name="Åsa Öberg", role="editor", kommuner=("1270",)),
                    hash_password("ett långt lösenord"), "cli")
    store.save_pledge_document("tomelilla-2020", "löfte.txt", "text/plain",
                               "Medborgarlöfte för Tomelilla".encode(), "cli")
    survey.import_table(store, survey.read_table(SURVEY / "deso_good.csv"), "1270", "deso",
                        areas=survey.read_areas(SURVEY / "deso_areas.geojson"), user="kim")
    imported = UnsafePlace(kommun_kod="1270", geometry=Point(13.95, 55.55), category="other",
                           source="web_form", reported_date="2021-02-03", description="Import")
    ledger.write(store, [imported], "importer", sha256="ab" * 32, file_name="platser.csv",
                 layer="unsafe_places", kommun_kod="1270")
    place = store.list("unsafe_places").iloc[0]
    store.delete("unsafe_places", place["id"], int(place["version"]), "admin",
                 reason="dubblett")
    store.save_plan(Plan(kommun_kod="1270", title="Åtgärdsplan 2024", status="decided",
                         decided_date=date(2024, 3, 12),
                         rows=(PlanRow(problem="Mörk gångtunnel", action="Ny belysning",
                                       place_ids=(place["id"],), responsible="municipality"),)),
                    "anna", None)
    store.save_lagesbild(Lagesbild(kommun_kod="1270", year_from=2024, year_to=2025,
                                   title="Lägesbild 2024–2025", analysis="Analys\n\nText",
                                   sections=(Section(key="dialogues", title="Dialoger"),)),
                         "anna", None)
    counts = backups.data_counts(store.row_counts())
    assert all(counts.values()), counts  # every table has something to lose
    return path


@pytest.fixture(scope="module")
def backup_file(full_gpkg, tmp_path_factory) -> Path:
    """A backup of :func:`full_gpkg` (made once for the refusals)."""
    out = tmp_path_factory.mktemp("made") / "nattlig.gpkg"
    assert backups.backup(GeoPackageStore(full_gpkg), out).ok
    return out


def test_geopackage_backup_and_restore_give_back_every_row(capsys, full_gpkg, tmp_path):
    out, restored = tmp_path / "nattlig.gpkg", tmp_path / "återställd.gpkg"
    code, report, err = run(capsys, "backup", "--db", str(full_gpkg), "--out", str(out))
    assert code == 0, err
    lines = report.splitlines()
    assert lines[0].startswith(f"Säkerhetskopia av {full_gpkg}, ögonblicksbild ")
    assert lines[1].split() == ["tabell", "ögonblicksbild", "fil", "kontroll"]
    assert [line.split()[0] for line in lines[2:2 + len(transfer.TABLES)]] == list(
        transfer.TABLES)
    assert all(line.endswith(" ok") for line in lines[2:2 + len(transfer.TABLES)])
    assert "io_imports" in report and "ingår inte: importregistret" in report
    history = GeoPackageStore(full_gpkg).history()
    assert f"Historik: {len(history)} rader, senaste nr {history[-1].seq} " in report
    assert "Integritetskontroll (PRAGMA integrity_check): ok" in report
    assert lines[-1].startswith("Klart: säkerhetskopian är skriven och kontrollerad")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nattlig.gpkg"]  # no temporary

    code, report, err = run(capsys, "restore", str(out), "--db", str(restored), "--lang", "en")
    assert code == 0, err
    assert report.splitlines()[1].split() == ["table", "backup", "store", "check"]
    assert report.splitlines()[-1].startswith("Done: the backup is read in and checked")
    assert_equal(str(full_gpkg), str(restored))
    assert GeoPackageStore(restored).user(HASHED)[1].startswith("$argon2")
    assert GeoPackageStore(restored).meta("contents") == "example"
    assert backups.integrity(restored) == "ok" and backups.integrity(out) == "ok"


def test_postgis_backup_and_restore_give_back_every_row(capsys, full_gpkg, pg_cluster,  # noqa: F811
                                                        tmp_path):
    source, target = pg_cluster.new_database(), pg_cluster.new_database()
    try:
        store = open_store(source)
        store.initialize()
        assert transfer.copy(GeoPackageStore(full_gpkg), store).ok
        store.close()
        out = tmp_path / "nattlig.gpkg"
        code, report, err = run(capsys, "backup", "--db", source, "--out", str(out))
        assert code == 0, err
        assert "Klart:" in report and "hemligt" not in report
        code, report, err = run(capsys, "restore", str(out), "--db", target)
        assert code == 0, err
        assert "Klart: säkerhetskopian är inläst och kontrollerad" in report
        assert_equal(source, target)  # (and source equals full_gpkg: the copy checked it)
        # the restored history goes on after the restored numbers
        restored = open_store(target)
        last = restored.history()[-1].seq
        restored.create(UnsafePlace(kommun_kod="1270", geometry=Point(13.9, 55.5),
                                    category="lighting", source="web_form",
                                    reported_date="2024-01-02"), "kim")
        assert restored.history()[-1].seq == last + 1
        restored.close()
        # a store that is not empty is refused, and nothing changes in it
        before = open_store(source).data_version()  # counted up by every write
        code, report, err = run(capsys, "restore", str(out), "--db", source)
        assert code == 2 and report == ""
        assert "databasen är inte tom" in err and "Ingenting har ändrats" in err
        assert open_store(source).data_version() == before
    finally:
        pg_cluster.drop_database(source)
        pg_cluster.drop_database(target)


def test_a_store_that_is_not_empty_is_refused_unchanged(capsys, backup_file, tmp_path):
    out = backup_file
    target = tmp_path / "i-bruk.gpkg"
    target_store = GeoPackageStore(target)
    target_store.initialize()
    target_store.set_meta("contents", "own")
    version, content = target_store.data_version(), exports(str(target))
    code, report, err = run(capsys, "restore", str(out), "--db", str(target))
    assert code == 2 and report == ""
    assert err == ("geo: Återställningen avbröts: databasen är inte tom (1 rad). En "
                   "säkerhetskopia läses bara in i en tom databas. Ingenting har ändrats.\n")
    assert target_store.data_version() == version
    again = exports(str(target))
    assert all(transfer.compare(t, content[t], again[t]).ok for t in transfer.TABLES)


def _not_backups(folder: Path, backup: Path) -> dict[str, tuple[Path, str]]:
    """Files that must be refused, each with the words of its refusal."""
    text = folder / "text.gpkg"
    text.write_text("id;namn\n1;Tomelilla\n", encoding="utf-8")
    pdf = folder / "rapport.gpkg"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n")
    empty = folder / "tom.gpkg"
    empty.write_bytes(b"")
    plain = folder / "plain.gpkg"
    with sqlite3.connect(plain) as conn:
        conn.execute("CREATE TABLE t (x)")
    other = folder / "qgis.gpkg"
    gpd.GeoDataFrame({"namn": ["Torget"]}, geometry=[Point(13.9, 55.5)], crs=4326).to_file(
        other, driver="GPKG")
    foreign = folder / "trigger.gpkg"
    shutil.copy(backup, foreign)
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TRIGGER spy AFTER INSERT ON users BEGIN "
                     "UPDATE users SET role = 'admin'; END")
    newer = folder / "nyare.gpkg"
    shutil.copy(backup, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("ALTER TABLE pledges ADD COLUMN budget REAL")
    broken = folder / "trasig.gpkg"
    broken.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    return {
        "text": (text, "den är inte en GeoPackage-fil"),
        "pdf": (pdf, "den är inte en GeoPackage-fil"),
        "empty": (empty, "den är inte en GeoPackage-fil"),
        "sqlite": (plain, "den är inte en GeoPackage-fil"),
        "other GeoPackage": (other, "inte med databasens innehåll"),
        "foreign trigger": (foreign, "inte med databasens innehåll"),
        "newer": (newer, "gjord av en nyare version"),
        "truncated": (broken, "Säkerhetskopian är skadad"),
        "missing": (folder / "finns-inte.gpkg", "Säkerhetskopian finns inte"),
        "folder": (folder, "Säkerhetskopian finns inte"),
    }


def test_files_that_are_not_backups_are_refused(capsys, backup_file, tmp_path):
    backup = backup_file
    folder = tmp_path / "filer"
    folder.mkdir()
    target = tmp_path / "ny.gpkg"
    for name, (path, words) in _not_backups(folder, backup).items():
        code, out, err = run(capsys, "restore", str(path), "--db", str(target))
        assert (code, out) == (2, ""), name
        assert err.startswith("geo: ") and words in err, (name, err)
        assert len(err.splitlines()) == 1, (name, err)
        assert str(tmp_path) not in err and "Error" not in err and "sqlite" not in err, err
        assert not target.exists(), name  # the store was not even created
    assert GeoPackageStore(folder / "trigger.gpkg").exists()  # refused for its trigger only


@pytest.mark.parametrize(("args", "words"), [
    (["--db", "{tmp}/finns-inte.gpkg", "--out", "{tmp}/b.gpkg"], "ingen databas att"),
    (["--out", "{tmp}/saknas/b.gpkg"], "Mappen för säkerhetskopian finns inte"),
    (["--out", "{gpkg}"], "över själva databasfilen"),
    (["--db", "mysql://host/db", "--out", "{tmp}/b.gpkg"], "Det är ingen databas"),
    (["--db", "postgresql://kim:hemligt@127.0.0.1:1/none", "--out", "{tmp}/b.gpkg"],
     "Databasen svarar inte"),
])
def test_backup_refusals_are_one_swedish_line(capsys, full_gpkg, tmp_path, args, words):
    args = [a.format(tmp=tmp_path, gpkg=full_gpkg) for a in args]
    if "--db" not in args:
        args += ["--db", str(full_gpkg)]
    code, out, err = run(capsys, "backup", *args)
    assert (code, out) == (2, "") and words in err, err
    assert len(err.splitlines()) == 1 and "hemligt" not in err and str(tmp_path) not in err
    assert list(tmp_path.iterdir()) == []


def test_a_backup_that_does_not_match_its_snapshot_is_not_written(capsys, full_gpkg, tmp_path,
                                                                  monkeypatch):
    real = transfer.compare

    def one_lost(table, source, target):
        return real(table, source, target[1:] if table == "history" else target)

    monkeypatch.setattr(transfer, "compare", one_lost)
    out = tmp_path / "nattlig.gpkg"
    code, report, err = run(capsys, "backup", "--db", str(full_gpkg), "--out", str(out))
    assert code == 1
    assert [line for line in report.splitlines() if line.startswith("history ")][0].endswith(
        "1 skillnad")
    assert err == ("Säkerhetskopian stämmer inte med ögonblicksbilden (history); "
                   "ingen fil skrevs.\n")
    assert list(tmp_path.iterdir()) == []  # neither the file nor its temporary
