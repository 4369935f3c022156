"""Every write of a store leaves exactly one audit line, on both backends, and no resident's text.

The ``store`` fixture gives an empty GeoPackage and an empty PostGIS database (skipped where
PostgreSQL and PostGIS are not installed). Each action is followed by reading the lines it
left: exactly one, with the required fields (``audit_log`` checks them), the layer, the
record's id and version, and never the description, reason or document name a person typed.
The last test reads the store classes' code: a public method that opens a write transaction
and is not audited fails it, so a new write path cannot go unlogged.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from geo import audit
from geo.access.auth import User
from geo.domain.model import ActivityCount
from geo.domain.pledge_files import load_pledges
from geo.store import GeoPackageStore, NotFoundError, StaleVersionError
from geo.store.audited import AUDITED, WRITES
from geo.store.base import ImportEntry, Store
from geo.survey import results as survey
from tests.store.test_contract_pledges import strangnas

#: What a resident told an editor: it may be stored, never logged.
SECRET = "Hembesök hos Karin Andersson, Storgatan 5"
EDITOR = audit.Actor(who="redaktor@tomelilla.se", role="editor", client="10.9.8.7",
                     forwarded_for="192.0.2.44")
SURVEY = Path(__file__).resolve().parents[1] / "data" / "survey"
#: Public methods that open a write transaction and leave no line, and why.
NOT_AUDITED = {"initialize": "creates or upgrades the schema: no record, at every start"}


def one(audit_log, **expected) -> dict:
    """The one line the last action left, checked against ``expected`` and for the secret."""
    lines = audit_log()
    assert len(lines) == 1, lines
    (entry,) = lines
    assert SECRET not in json.dumps(lines, ensure_ascii=False)
    assert {name: entry[name] for name in expected} == expected, entry
    return entry


@pytest.fixture
def editor():
    with audit.acting(EDITOR) as actor:
        yield actor


def test_record_writes_and_their_refusals(store: Store, make_record, audit_log, editor):
    place = store.create(make_record("unsafe_places", description=SECRET), "anna")
    entry = one(audit_log, event="write", action="create", outcome="ok", layer="unsafe_places",
                record=place.id, version=1, count=1, who=EDITOR.who, role="editor",
                client="10.9.8.7", forwarded_for="192.0.2.44", level="info")
    assert datetime.fromisoformat(entry["time"]).tzinfo == UTC

    store.update("unsafe_places", place.id, {"description": SECRET + " igen", "status": "active"},
                 1, "anna")
    one(audit_log, action="update", outcome="ok", record=place.id, version=2,
        fields=["description", "status"])
    with pytest.raises(StaleVersionError):
        store.update("unsafe_places", place.id, {"description": SECRET}, 1, "bo")
    one(audit_log, action="update", outcome="conflict", level="warning", version=1,
        error="StaleVersionError")

    store.delete("unsafe_places", place.id, 2, "anna", reason=SECRET)
    one(audit_log, action="delete", outcome="ok", record=place.id, version=3)
    with pytest.raises(NotFoundError):
        store.delete("unsafe_places", "saknas", 1, "anna", reason="dubblett")
    one(audit_log, action="delete", outcome="not_found", record="saknas")

    walk = make_record("walks", name=SECRET)
    findings = [make_record("findings", walk_id=walk.id, description=SECRET) for _ in range(2)]
    store.create_many([walk, *findings], "anna")
    one(audit_log, action="create", count=3, counts={"walks": 1, "findings": 2},
        records=[walk.id, *(f.id for f in findings)])


def test_without_a_bound_actor_the_store_names_the_user_it_was_given(store: Store, make_record,
                                                                      audit_log):
    store.create(make_record("activities", description=SECRET), "anna@tomelilla.se")
    one(audit_log, who="anna@tomelilla.se", role=None, client=None)


def test_pledge_writes(store: Store, audit_log, editor):
    store.replace_pledges(load_pledges(), "admin")
    one(audit_log, action="replace", layer="pledges", count=len(load_pledges()))
    first = store.save_pledge(strangnas(), "karin", None)
    one(audit_log, action="create", layer="pledges", record="strangnas-2019", version=1)
    store.save_pledge(dataclasses.replace(first, title="Ny titel"), "karin", 1)
    one(audit_log, action="update", record="strangnas-2019", version=2)
    store.archive_pledge("strangnas-2019", "karin", 2)
    one(audit_log, action="archive", record="strangnas-2019", version=3)
    store.save_pledge_document("strangnas-2019", SECRET + ".txt", "text/plain",
                               "Löftet i text".encode(), "karin")
    one(audit_log, action="document", record="strangnas-2019", bytes=len("Löftet i text".encode()))


def test_counts_survey_and_meta(store: Store, audit_log, editor):
    store.add_counts([ActivityCount(kommun_kod="1270", kind="home_visit", month="2020-01",
                                    count=2)] * 1, "anna")
    one(audit_log, action="create", layer="activity_counts", count=1)
    survey.import_table(store, survey.read_table(SURVEY / "deso_good.csv"), "1270", "deso",
                        areas=survey.read_areas(SURVEY / "deso_areas.geojson"), user="kim")
    one(audit_log, action="import", layer="survey_results", count=6)
    store.set_meta("contents", SECRET)
    one(audit_log, action="meta", layer="store_meta", record="contents")


def test_user_changes(store: Store, audit_log, editor):
    anna = User(email="anna@tomelilla.se", name="Anna Andersson", role="editor",
                kommuner=("1270",))
    store.save_user(anna, "$argon2id$hash-that-must-not-show", "admin@tomelilla.se")
    entry = one(audit_log, event="user", action="create", record="anna@tomelilla.se",
                target_role="editor", previous_role=None, kommuner=["1270"],
                password_changed=True)
    store.save_user(dataclasses.replace(anna, role="admin"), None, "admin@tomelilla.se")
    one(audit_log, event="user", action="update", target_role="admin", previous_role="editor",
        password_changed=False)
    assert store.remove_user("anna@tomelilla.se", "admin@tomelilla.se")
    one(audit_log, event="user", action="delete", record="anna@tomelilla.se", outcome="ok")
    assert not store.remove_user("anna@tomelilla.se", "admin@tomelilla.se")
    one(audit_log, event="user", action="delete", outcome="not_found", level="warning")
    assert "Anna Andersson" not in json.dumps(entry) and "argon2" not in json.dumps(entry)


def test_whole_store_writes(store: Store, make_record, audit_log, editor):
    place = make_record("unsafe_places", description=SECRET)
    entry = ImportEntry(sha256="ab" * 32, layer="unsafe_places", kommun_kod="1270",
                        file_name=SECRET + ".csv", imported_at="2024-05-01T10:00:00+00:00",
                        user="anna", created=1)
    store.import_records("unsafe_places", [place], "anna", entry)
    one(audit_log, action="create", layer="unsafe_places", count=1)
    rows = store.export_rows("unsafe_places")
    store.clear()
    one(audit_log, action="clear", layer="*")
    store.import_rows("unsafe_places", rows)
    one(audit_log, action="load", layer="unsafe_places", count=1)


def test_inside_an_operation_writes_are_counted_by_its_one_line(store: Store, make_record,
                                                                 audit_log, editor):
    with audit.operation(audit.Event.IMPORT, layer="walks") as running:
        store.create(make_record("walks", name=SECRET), "anna")
        store.create(make_record("walks", name=SECRET), "anna")
        running.update(count=2)
    one(audit_log, event="import", layer="walks", count=2, writes=2, outcome="ok")


# -- the meta-test: no public write of a store goes unlogged ---------------------------------------

def _function(cls: type, name: str):
    found = inspect.getattr_static(cls, name, None)
    found = getattr(found, "__func__", found)
    return inspect.unwrap(found) if inspect.isfunction(found) else None


def _calls(function) -> set[str]:
    """The ``self.<name>`` a function uses."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name) and node.value.id == "self"}


def _writes(cls: type, name: str, seen: set[str]) -> bool:
    """True when ``name`` opens a write transaction, itself or through the methods it calls."""
    if name == "_transaction":
        return True
    function = _function(cls, name)
    if function is None or name in seen:
        return False
    seen.add(name)
    return any(_writes(cls, called, seen) for called in _calls(function))


def _store_classes() -> list[type]:
    from geo.store.postgis.store import PostGISStore

    return [GeoPackageStore, PostGISStore]


@pytest.mark.parametrize("cls", _store_classes(), ids=lambda cls: cls.__name__)
def test_every_public_write_of_a_store_is_audited(cls):
    public = [name for name in dir(cls) if not name.startswith("_") and _function(cls, name)]
    writers = {name for name in public if _writes(cls, name, set())}
    assert {"create", "update", "delete", "save_user", "import_records"} <= writers  # it sees
    unlogged = sorted(name for name in writers - set(NOT_AUDITED)
                      if not getattr(getattr(cls, name), AUDITED, False))
    assert unlogged == [], f"writes without an audit line: {unlogged} (add them to WRITES)"
    assert set(WRITES) <= writers, sorted(set(WRITES) - writers)  # none named in vain
