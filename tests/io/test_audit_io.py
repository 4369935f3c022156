"""Imports, exports and publishing leave exactly one audit line each, with their counts.

Through the command line (its actor is ``cli:<os user>`` from ``cli``) and, for an import,
as the page calls it (the signed-in editor bound). A resident's text is in the file, its
name and the store; it never reaches the log.
"""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest

from geo import audit
from geo.access.auth import User
from geo.cli import main as cli
from geo.io.importer import ImportOptions, import_file
from tests.io.conftest import DATA, KOMMUN

SECRET = "Hembesok hos Karin Andersson"
CLI_WHO = f"cli:{getpass.getuser()}"


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    monkeypatch.setattr(cli, "EXTENSIONS", ("geo.io.cli",))


@pytest.fixture
def places(tmp_path) -> Path:
    """Three places, each described with a resident's name; the file is named after it."""
    path = tmp_path / f"{SECRET}.csv"
    rows = [f"Belysning;Enkät;2020-03-0{n};{SECRET} {n};55,5446{n};13,95370" for n in (1, 2, 3)]
    path.write_text("Kategori;Källa;Datum;Beskrivning;Lat;Long\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return path


def one(lines: list[dict], **expected) -> dict:
    assert len(lines) == 1, lines
    (entry,) = lines
    assert SECRET not in json.dumps(lines, ensure_ascii=False)
    assert {name: entry[name] for name in expected} == expected, entry
    return entry


def test_a_cli_import_is_one_line_with_its_numbers(store, places, audit_log, capsys):
    base = ["import", str(places), "--layer", "unsafe_places", "--kommun", KOMMUN,
            "--db", str(store.path), "--user", "Karin Andersson"]
    assert cli.main([*base, "--dry-run"]) == 0
    one(audit_log(), event="import", action="import", outcome="ok", who=CLI_WHO, client="cli",
        layer="unsafe_places", kommun=KOMMUN, dry_run=True, status="dry_run", rows=3, new=3,
        count=0, writes=0, format="csv")
    assert cli.main(base) == 0
    entry = one(audit_log(), outcome="ok", status="written", count=3, writes=1, rows=3,
                valid=3, present=0, rejected=0, dry_run=False)
    assert len(entry["sha256"]) == 64 and "Karin" not in json.dumps(entry)
    assert cli.main(base) == 0
    one(audit_log(), outcome="ok", status="nothing_new", count=0, present=3, writes=0)
    assert SECRET in store.list("unsafe_places")["description"].iloc[0]  # stored, not logged
    capsys.readouterr()


def test_a_refused_or_rejected_import_is_one_warning(store, audit_log, capsys):
    base = ["--kommun", KOMMUN, "--db", str(store.path)]
    assert cli.main(["import", str(DATA / "places_bad_rows.csv"), "--layer", "unsafe_places",
                     *base]) == 1
    one(audit_log(), event="import", outcome="rejected", status="rejected", level="warning",
        rejected=5, count=0, writes=0)
    assert cli.main(["import", str(DATA / "broken.geojson"), "--layer", "unsafe_places",
                     *base]) == 2
    one(audit_log(), event="import", outcome="refused", status="refused", level="warning")
    capsys.readouterr()


def test_an_import_from_the_page_is_logged_as_the_signed_in_editor(store, places, audit_log):
    editor = audit.Actor(who="redaktor@tomelilla.se", role="editor", client="10.1.2.3")
    with audit.acting(editor):
        report = import_file(store, places.read_bytes(), ImportOptions(
            layer="unsafe_places", kommun_kod=KOMMUN, user=editor.who, file_name=places.name))
    assert report.created == 3
    one(audit_log(), event="import", who="redaktor@tomelilla.se", role="editor",
        client="10.1.2.3", count=3)


def test_an_import_the_role_does_not_allow_is_one_refused_line(store, places, audit_log):
    editor = User(email="redaktor@tomelilla.se", role="editor", kommuner=("1263",))
    report = import_file(store, places.read_bytes(), ImportOptions(
        layer="unsafe_places", kommun_kod=KOMMUN, user=editor.email, actor=editor))
    assert report.refused is not None and report.created == 0
    one(audit_log(), event="import", outcome="refused", reason="not_allowed", count=0)


def test_a_cli_export_is_one_line_with_its_counts(store, places, audit_log, tmp_path, capsys):
    assert cli.main(["import", str(places), "--layer", "unsafe_places", "--kommun", KOMMUN,
                     "--db", str(store.path)]) == 0
    audit_log(), capsys.readouterr()
    out = tmp_path / "export.gpkg"
    assert cli.main(["export", "--kommun", KOMMUN, "--year", "2020", "--format", "gpkg",
                     "--out", str(out), "--db", str(store.path)]) == 0
    counts = json.loads(capsys.readouterr().out)
    entry = one(audit_log(), event="export", action="gpkg", outcome="ok", who=CLI_WHO,
                client="cli", kommun=KOMMUN, years=[2020, 2020], format="gpkg", public=False,
                counts=counts, count=sum(counts.values()))
    assert counts["unsafe_places"] == 3 and entry["layer"].split(",")[0] == "unsafe_places"
    assert cli.main(["export", "--kommun", KOMMUN, "--year", "2020", "--format", "csv",
                     "--layer", "unsafe_places", "--public", "--out", str(out),
                     "--db", str(store.path)]) == 0
    one(audit_log(), action="csv", public=True, layer="unsafe_places")
    capsys.readouterr()


def test_publish_is_one_line_with_the_files_and_features(fixture_store, audit_log, tmp_path,
                                                        capsys):
    site = tmp_path / "site"
    assert cli.main(["publish", "--kommun", KOMMUN, "--out", str(site), "--db",
                     str(fixture_store.path)]) == 0
    entry = one(audit_log(), event="publish", action="publish", outcome="ok", who=CLI_WHO,
                client="cli", kommun=KOMMUN, lang="sv")
    assert capsys.readouterr().out.startswith(f"wrote {entry['files']} files")
    assert entry["count"] == sum(entry["counts"].values()) > 0
