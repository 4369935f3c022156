"""The store contract for lägesbilder: saved whole, versioned, one writer wins, copied.

Over every backend of tests/store/conftest.py (PostGIS skipped where it cannot run), only
through the store's methods: what is saved reads back equal (sections, quotes and all), a
stale save is refused and changes nothing, every write leaves one history row and one audit
line (never the texts), two writers at the same version: one wins and the other is refused,
and the table travels through export, clear and import unchanged.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from datetime import date

import pytest

from geo import audit
from geo.domain.lagesbild import Lagesbild, Section
from geo.store import StaleVersionError, transfer
from tests.store.helpers import assert_whole_refusals, copied_whole, store_without

ANALYSIS = "Analys\n\nBelysningen i centrum: 12 anmälningar mot 5 (+7).\n\n[Skriv här: …]"


def _doc(**fields) -> Lagesbild:
    sections = (Section(key="dialogues", title="Dialoger", data="activities",
                        text="Medborgardialog i Brösarp 12 mars: \"mörkt vid skolan\"."),
                Section(key="egen", title="Personalens bild", text="Åäö – citat 'så'"))
    return Lagesbild(**{"kommun_kod": "1270", "year_from": 2024, "year_to": 2025,
                        "title": "Lägesbild 2024–2025", "sections": sections,
                        "analysis": ANALYSIS, "status": "decided",
                        "decided_date": date(2025, 11, 3), "next_revision": date(2026, 11, 1),
                        **fields})


def test_a_lagesbild_reads_back_as_saved_and_a_stale_save_changes_nothing(store):
    saved = store.save_lagesbild(_doc(), "anna", None)
    assert (saved.version, saved.updated_by) == (1, "anna") and saved.updated_at is not None
    assert store.lagesbild(saved.id) == saved
    assert store.lagesbild(saved.id).sections[0].data == "activities"
    assert store.lagesbilder("1270") == [saved] and store.lagesbilder("1263") == []
    older = store.save_lagesbild(_doc(year_from=2022, year_to=2023, title="Förra",
                                      decided_date=date(2023, 10, 1), next_revision=None),
                                 "anna", None)
    draft = store.save_lagesbild(Lagesbild(kommun_kod="1270", year_from=2020, year_to=2021,
                                           title="Utkast"), "bo", None)
    assert [d.id for d in store.lagesbilder()] == [draft.id, saved.id, older.id]

    edited = dataclasses.replace(saved, sections=saved.sections[::-1], analysis="Ny analys",
                                 title="Reviderad")
    second = store.save_lagesbild(edited, "bo", 1)
    assert second.version == 2 and store.lagesbild(saved.id) == second
    assert second.sections == saved.sections[::-1]
    assert_whole_refusals(store.save_lagesbild, store.lagesbild, saved, second, _doc(),
                          "lagesbild_exists")

    history = store.history("situation_reports", saved.id)
    assert [(e.action, e.user) for e in history] == [("create", "anna"), ("update", "bo")]
    assert history[1].before["title"] == "Lägesbild 2024–2025"
    assert history[1].after["analysis"] == "Ny analys"
    assert [s["key"] for s in history[1].after["sections"]] == ["egen", "dialogues"]


def test_two_writers_at_the_same_version_one_wins_and_one_is_refused(store):
    """Both read version 1 and save at once: the lock lets one through, the other is stale."""
    saved = store.save_lagesbild(_doc(), "anna", None)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def write(user: str) -> None:
        start.wait()
        try:
            outcomes[user] = store.save_lagesbild(
                dataclasses.replace(saved, analysis=f"Skrivet av {user}"), user, 1)
        except StaleVersionError as error:
            outcomes[user] = error

    threads = [threading.Thread(target=write, args=(user,)) for user in ("bo", "carl")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    won = [u for u, o in outcomes.items() if isinstance(o, Lagesbild)]
    lost = [u for u, o in outcomes.items() if isinstance(o, StaleVersionError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    stored = store.lagesbild(saved.id)
    assert (stored.version, stored.updated_by, stored.analysis) == (
        2, won[0], f"Skrivet av {won[0]}")
    assert [e.user for e in store.history("situation_reports", saved.id)] == ["anna", won[0]]


def test_each_save_leaves_one_audit_line_without_the_texts(store, audit_log):
    with audit.acting(audit.Actor(who="karin@tomelilla.se", role="editor")):
        doc = store.save_lagesbild(_doc(), "karin", None)
        (line,) = audit_log()
        assert (line["action"], line["layer"], line["record"], line["version"],
                line["count"]) == ("create", "situation_reports", doc.id, 1, 2)
        with pytest.raises(StaleVersionError):
            store.save_lagesbild(doc, "karin", 2)
        (refused,) = audit_log()
        assert (refused["action"], refused["outcome"], refused["version"]) == (
            "update", "conflict", 2)
    written = json.dumps([line, refused], ensure_ascii=False)
    assert "Brösarp" not in written and "Analys" not in written


def test_lagesbilder_are_copied_whole_to_another_store_and_cleared(store, tmp_path):
    """``geo copy`` and a backup go through :func:`transfer.copy`: every table compared."""
    doc = store.save_lagesbild(_doc(), "anna", None)
    store.save_lagesbild(dataclasses.replace(doc, analysis="Andra"), "bo", 1)
    assert store.row_counts()["situation_reports"] == 1
    copied = copied_whole(store, tmp_path, "situation_reports")
    assert copied.lagesbilder() == store.lagesbilder()
    assert [e.action for e in copied.history("situation_reports", doc.id)] == [
        "create", "update"]
    store.clear()
    assert store.lagesbilder() == [] and transfer.is_empty(store.row_counts())


def test_a_geopackage_made_before_lagesbilder_gets_the_table_when_opened(tmp_path):
    import sqlite3

    older = store_without(tmp_path, "situation_reports")
    with pytest.raises(sqlite3.OperationalError):
        older.lagesbilder()
    older.initialize()
    doc = older.save_lagesbild(_doc(), "anna", None)
    assert older.lagesbilder() == [doc]
