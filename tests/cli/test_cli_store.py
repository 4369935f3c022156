"""``python -m geo migrate|copy``: schema revisions, and GeoPackage → PostGIS → GeoPackage
without loss (every table, every field), with one-line refusals.

The PostGIS tests use the throw-away cluster of :mod:`tests.store.pg_server` and are skipped,
with the reason, where PostgreSQL and PostGIS are not installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from shapely.geometry import Point

from geo.access.auth import User, hash_password
from geo.cli import main as cli
from geo.domain.model import UnsafePlace
from geo.io import ledger
from geo.store import GeoPackageStore, StoreError, transfer
from geo.store.postgis import schema as pg
from tests.store.pg_server import pg_cluster  # noqa: F401 - the session fixture

PASSWORD_HASH_USER = "samordnare@tomelilla.se"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def example_gpkg(tmp_path_factory) -> Path:
    """``geo init --example``, plus what the example lacks: a user with a password hash,
    a soft-deleted record and its history, a file import (and its ledger)."""
    path = tmp_path_factory.mktemp("copy") / "example.gpkg"
    assert cli.main(["init", "--example", "--db", str(path)]) == 0
    store = GeoPackageStore(path)
    imported = UnsafePlace(kommun_kod="1270", geometry=Point(13.95, 55.55), category="other",
                           source="web_form", reported_date="2021-02-03", description="Import")
    ledger.write(store, [imported], "importer", sha256="ab" * 32, file_name="platser.csv",
                 layer="unsafe_places", kommun_kod="1270")
    store.save_user(User(email=PASSWORD_HASH_USER, name="Åsa Öberg", role="editor",
                         kommuner=("1270",)), hash_password("ett långt lösenord"), "cli")
    place = store.list("unsafe_places").iloc[0]
    store.delete("unsafe_places", place["id"], int(place["version"]), "admin",
                 reason="dubblett")
    return path


@pytest.fixture
def database(pg_cluster):  # noqa: F811 - the fixture imported above
    url = pg_cluster.new_database()
    yield url
    pg_cluster.drop_database(url)


def _exports(location: str) -> dict[str, list[dict]]:
    from geo.store import open_store

    store = open_store(location)
    try:
        return {table: transfer.export(store, table) for table in transfer.TABLES}
    finally:
        getattr(store, "close", lambda: None)()


def test_migrate_creates_the_schema_and_reports_the_revisions(capsys, database):
    head = pg.head_revision()
    code, out, _ = run(capsys, "migrate", "--db", database)
    assert code == 0
    assert "was at revision:  (none: empty database)" in out
    assert f"current revision: {head}" in out and f"head revision:    {head}" in out
    code, out, _ = run(capsys, "migrate", "--db", database)
    assert code == 0 and f"was at revision:  {head}" in out


def test_migrate_on_a_geopackage_creates_it(capsys, tmp_path):
    path = tmp_path / "new.gpkg"
    code, out, _ = run(capsys, "migrate", "--db", str(path))
    assert code == 0 and "no revisions" in out
    assert GeoPackageStore(path).exists()


def test_copy_to_postgis_and_back_loses_nothing(capsys, example_gpkg, database, tmp_path):
    back = tmp_path / "back.gpkg"
    code, out, err = run(capsys, "copy", "--from", str(example_gpkg), "--to", database)
    assert code == 0, err
    assert "every field of every row equal" in out
    assert all(line.endswith("ok") for line in out.splitlines()[1:len(transfer.TABLES) + 1])
    assert "io_imports" in out and "not copied: the ledger" in out
    code, out, err = run(capsys, "copy", "--from", database, "--to", str(back))
    assert code == 0, err

    original, there, again = (_exports(str(example_gpkg)), _exports(database),
                              _exports(str(back)))
    for table in transfer.TABLES:
        for copied in (there, again):
            check = transfer.compare(table, original[table], copied[table])
            assert check.ok, check.examples
    assert len(original["unsafe_places"]) > 100 and len(original["history"]) > 1000
    assert [u["password_hash"] for u in again["users"]] == [
        u["password_hash"] for u in original["users"]]
    assert GeoPackageStore(back).user(PASSWORD_HASH_USER)[1].startswith("$argon2")
    assert sum(r["deleted_at"] is not None for r in again["unsafe_places"]) == 1
    assert GeoPackageStore(back).meta("contents") == "example"
    # the map's numbers agree on all three
    numbers = [run(capsys, "stats", "--kommun", "1270", "--year", "2020", "--json", "--db",
                   location)[1] for location in (str(example_gpkg), database, str(back))]
    assert numbers[0] == numbers[1] == numbers[2]

    # a non-empty destination is refused, then replaced on request
    code, _, err = run(capsys, "copy", "--from", str(back), "--to", database)
    assert code == 2 and "not empty" in err and "--replace" in err
    code, out, _ = run(capsys, "copy", "--from", str(back), "--to", database, "--replace")
    assert code == 0 and "every field of every row equal" in out

    # init --example on PostGIS empties the tables first (no doubled records, no users)
    assert run(capsys, "init", "--example", "--db", database)[0] == 0
    fresh = _exports(database)
    assert len(fresh["unsafe_places"]) == len(original["unsafe_places"]) - 1  # no import
    assert fresh["users"] == [] and all(r["deleted_at"] is None for r in fresh["unsafe_places"])


@pytest.mark.parametrize(("args", "message"), [
    (["copy", "--from", "{gpkg}"], "required: --to"),
    (["copy", "--from", "{gpkg}", "--to", "{gpkg}"], "the same store"),
    (["copy", "--from", "{tmp}/none.gpkg", "--to", "{tmp}/x.gpkg"], "no store at"),
    (["copy", "--from", "{gpkg}", "--to", "mysql://host/db"], "is not a store"),
    (["migrate", "--db", "sqlite:///x.db"], "is not a store"),
    (["migrate", "--db", "postgresql://kim:hemligt@127.0.0.1:1/none"], "cannot connect"),
    (["copy", "--from", "{gpkg}", "--to", "{gpkg}", "--bogus"], "unrecognized arguments"),
])
def test_bad_arguments_give_one_line(capsys, example_gpkg, tmp_path, args, message):
    args = [a.format(gpkg=example_gpkg, tmp=tmp_path) for a in args]
    code, out, err = run(capsys, *args)
    assert code == 2
    assert err.startswith("geo: error:") and message in err
    assert len(err.strip().splitlines()) == 1, err
    assert "hemligt" not in err and "Traceback" not in err
    assert not (tmp_path / "x.gpkg").exists()


def test_an_unknown_column_is_refused_not_dropped():
    with pytest.raises(StoreError, match="does not know"):
        transfer.check_columns("pledges", ["id", "kommun_kod", "budget"])
    transfer.check_columns("unsafe_places", ["fid", "geom", "id", "kommun_kod"])


def test_compare_names_the_differing_field():
    row = {name: None for name, _ in transfer.columns("store_meta")}
    same = transfer.compare("store_meta", [{**row, "key": "a", "value": "1"}],
                            [{**row, "key": "a", "value": "1"}])
    assert same.ok
    changed = transfer.compare("store_meta", [{"key": "a", "value": "1"}],
                               [{"key": "a", "value": "2"}, {"key": "b", "value": "3"}])
    assert not changed.ok and changed.differences == 2
    assert changed.examples == ["store_meta/a.value: '1' → '2'", "store_meta/b: not in the source"]
