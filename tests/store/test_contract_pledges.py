"""The store contract for pledges written in the app: save, lock, archive, document, history.

Tested only through the Store interface, over every backend of tests/store/conftest.py.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from geo.domain.enums import ActivityKind, Measure, TargetPeriod
from geo.domain.model import Commitment, Pledge, ValidationError
from geo.domain.pledge_files import load_pledges
from geo.io.errors import Refused
from geo.store import NotFoundError, StaleVersionError


def strangnas(**changes) -> Pledge:
    """Strängnäs's 2019 pledge as its coordinator would type it (no whole sentences)."""
    pledge = Pledge(
        id="strangnas-2019", kommun_kod="0486", kommun="Strängnäs",
        police_area="LPO Strängnäs", title="Medborgarlöfte Strängnäs 2019",
        period_start=date(2019, 1, 1), period_end=date(2019, 12, 31),
        source_url="https://www.strangnas.se/medborgarlofte",
        commitments=(
            Commitment(id="strangnas-2019-grannsamverkan", pledge_id="strangnas-2019",
                       text="minst 8 nya grannsamverkansområden", kind="watch_startup_meeting",
                       target=8, unit="områden", measure="new_watch_areas"),
            Commitment(id="strangnas-2019-vandringar", pledge_id="strangnas-2019",
                       text="minst 4 trygghetsvandringar runt resecentrum", kind="safety_walk",
                       target=4, unit="vandringar"),
        ),
    )
    return dataclasses.replace(pledge, **changes)


def test_a_new_pledge_is_stored_at_version_1_with_who_and_when(store):
    stored = store.save_pledge(strangnas(), "karin", None)
    assert (stored.version, stored.updated_by, stored.archived) == (1, "karin", False)
    assert stored.updated_at is not None
    again = store.pledge("strangnas-2019")
    assert again == stored
    assert [c.measure for c in again.commitments] == [Measure.NEW_WATCH_AREAS, Measure.WALKS]
    assert again.source_url == "https://www.strangnas.se/medborgarlofte"
    assert store.pledge("nowhere-2019") is None
    entries = store.history("pledges", "strangnas-2019")
    assert [(e.action, e.user) for e in entries] == [("create", "karin")]
    assert entries[0].before is None
    assert entries[0].after["commitments"][0]["measure"] == "new_watch_areas"


def test_a_new_pledge_may_not_take_an_existing_id_archived_or_not(store):
    first = store.save_pledge(strangnas(), "karin", None)
    with pytest.raises(ValidationError) as refused:
        store.save_pledge(strangnas(title="Annan"), "bo", None)
    assert (refused.value.field, refused.value.code) == ("id", "duplicate_id")
    store.archive_pledge(first.id, "karin", 1)
    with pytest.raises(ValidationError):
        store.save_pledge(strangnas(title="Annan"), "bo", None)
    assert store.pledge(first.id).title == "Medborgarlöfte Strängnäs 2019"
    assert len(store.history("pledges", first.id)) == 2


def test_an_update_replaces_the_commitments_and_counts_the_version_up(store):
    first = store.save_pledge(strangnas(), "karin", None)
    walks = dataclasses.replace(first.commitments[1], target=6, text="minst 6 vandringar")
    extra = Commitment(id="strangnas-2019-info", pledge_id="strangnas-2019",
                       text="information om grannsamverkan", kind="information_meeting",
                       measure="none")
    second = store.save_pledge(dataclasses.replace(first, commitments=(extra, walks)), "bo", 1)
    assert (second.version, second.updated_by) == (2, "bo")
    stored = store.pledge(first.id)
    assert [c.id for c in stored.commitments] == [
        "strangnas-2019-info", "strangnas-2019-vandringar"]
    assert stored.commitments[1].target == 6
    assert stored.commitments[0].measure is Measure.NONE
    entry = store.history("pledges", first.id)[-1]
    assert entry.action == "update"
    assert len(entry.before["commitments"]) == 2 and entry.before["version"] == 1
    assert entry.after["commitments"][0]["id"] == "strangnas-2019-info"


def test_the_second_save_with_the_old_version_is_refused_and_leaves_the_first(store):
    first = store.save_pledge(strangnas(), "karin", None)
    store.save_pledge(dataclasses.replace(first, title="Karins titel"), "karin", 1)
    with pytest.raises(StaleVersionError) as stale:
        store.save_pledge(dataclasses.replace(first, title="Bos titel", commitments=()), "bo", 1)
    assert (stale.value.current, stale.value.updated_by) == (2, "karin")
    assert stale.value.updated_at is not None
    stored = store.pledge(first.id)
    assert (stored.title, stored.version, len(stored.commitments)) == ("Karins titel", 2, 2)
    assert [e.action for e in store.history("pledges", first.id)] == ["create", "update"]


def test_an_update_of_a_pledge_that_does_not_exist_is_refused(store):
    with pytest.raises(NotFoundError):
        store.save_pledge(strangnas(), "bo", 1)
    assert store.pledges() == []


def test_archive_keeps_the_pledge_and_checks_the_version(store):
    first = store.save_pledge(strangnas(), "karin", None)
    with pytest.raises(StaleVersionError):
        store.archive_pledge(first.id, "bo", 2)
    archived = store.archive_pledge(first.id, "bo", 1)
    assert (archived.archived, archived.version, archived.updated_by) == (True, 2, "bo")
    assert store.pledge(first.id) == archived
    assert [p.id for p in store.pledges()] == [first.id]  # archived pledges are still listed
    entry = store.history("pledges", first.id)[-1]
    assert (entry.action, entry.before["archived"], entry.after["archived"]) == (
        "archive", False, True)


def test_pledges_lists_the_seeds_and_a_saved_pledge_in_order_of_start(store):
    store.replace_pledges(load_pledges(), "system")
    store.save_pledge(strangnas(), "karin", None)
    listed = store.pledges()
    assert [p.period_start for p in listed] == sorted(p.period_start for p in listed)
    assert "strangnas-2019" in [p.id for p in listed]
    tomelilla = store.pledge("tomelilla-2020")
    assert tomelilla.commitments[0].measure is Measure.WALK_RULE


def test_the_source_document_is_kept_with_its_pledge(store):
    store.save_pledge(strangnas(), "karin", None)
    assert store.pledge_document("strangnas-2019") is None
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 4
    store.save_pledge_document("strangnas-2019", "löfte.pdf", "application/pdf", pdf, "karin")
    assert store.pledge_document("strangnas-2019") == ("löfte.pdf", "application/pdf", pdf)
    text = "Medborgarlöfte för Strängnäs 2019\n".encode()
    store.save_pledge_document("strangnas-2019", "löfte.txt", "text/plain", text, "karin")
    assert store.pledge_document("strangnas-2019") == (
        "löfte.txt", "text/plain; charset=utf-8", text)
    assert [e.action for e in store.history("pledges", "strangnas-2019")] == [
        "create", "document", "document"]


@pytest.mark.parametrize("data", [
    b"<html><script>alert(1)</script></html>",   # a page that would run in the browser
    b"MZ\x90\x00\x03\x00\x00\x00",              # a program named .pdf
    "Löfte".encode("latin-1"),                  # not UTF-8
    b"",
])
def test_a_document_that_is_not_pdf_or_utf8_text_is_refused(store, data):
    store.save_pledge(strangnas(), "karin", None)
    with pytest.raises(Refused):
        store.save_pledge_document("strangnas-2019", "löfte.pdf", "application/pdf", data, "k")
    assert store.pledge_document("strangnas-2019") is None
    assert [e.action for e in store.history("pledges", "strangnas-2019")] == ["create"]


def test_a_document_needs_its_pledge(store):
    with pytest.raises(NotFoundError):
        store.save_pledge_document("nowhere-2019", "a.txt", "text/plain", b"text", "k")


def test_replace_pledges_keeps_a_document_of_a_pledge_that_stays(store):
    pledges = load_pledges()
    store.replace_pledges(pledges, "system")
    store.save_pledge_document("tomelilla-2020", "a.txt", "text/plain", b"Tomelilla", "k")
    store.replace_pledges(pledges, "system")
    assert store.pledge_document("tomelilla-2020") is not None
    store.replace_pledges([p for p in pledges if p.id != "tomelilla-2020"], "system")
    assert store.pledge_document("tomelilla-2020") is None
    assert store.pledge("tomelilla-2020") is None


def test_a_count_only_commitment_keeps_its_measure(store):
    pledge = strangnas(commitments=(
        Commitment(id="strangnas-2019-hembesok", pledge_id="strangnas-2019", text="hembesök",
                   kind=ActivityKind.HOME_VISIT, target=20, unit="besök",
                   target_period=TargetPeriod.YEAR),))
    store.save_pledge(pledge, "karin", None)
    assert store.pledge(pledge.id).commitments[0].measure is Measure.COUNT_ONLY


def test_a_commitment_id_of_another_pledge_is_refused_not_taken(store):
    store.save_pledge(strangnas(), "karin", None)
    other = Pledge(id="strangnas-2019-2", kommun_kod="0486", kommun="Strängnäs",
                   police_area="LPO Strängnäs", title="Andra löftet",
                   period_start=date(2019, 1, 1), period_end=date(2019, 12, 31),
                   commitments=(Commitment(id="strangnas-2019-2-vandring",
                                           pledge_id="strangnas-2019-2", text="vandra",
                                           kind="safety_walk", target=1, unit="vandring"),))
    store.save_pledge(other, "karin", None)
    clash = dataclasses.replace(other, id="strangnas-2019", title="Krock", commitments=(
        dataclasses.replace(other.commitments[0], pledge_id="strangnas-2019"),))
    with pytest.raises(ValidationError) as refused:
        store.save_pledge(clash, "bo", 1)
    assert refused.value.code == "commitment_taken"
    assert store.pledge("strangnas-2019").title == "Medborgarlöfte Strängnäs 2019"
    assert [c.id for c in store.pledge("strangnas-2019-2").commitments] == [
        "strangnas-2019-2-vandring"]


def test_a_pledge_refuses_twin_commitments_and_strangers():
    first = strangnas().commitments[0]
    with pytest.raises(ValidationError) as twins:
        strangnas(commitments=(first, first))
    assert twins.value.code == "duplicate_commitment"
    with pytest.raises(ValidationError) as stranger:
        strangnas(id="strangnas-2019-b")  # its commitments name strangnas-2019
    assert stranger.value.field == "commitments"


def test_two_editors_saving_at_once_one_wins_and_one_is_told(store):
    """Both read version 1 and save together: exactly one save applies (both backends)."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    first = store.save_pledge(strangnas(), "karin", None)
    start = threading.Barrier(2, timeout=30)

    def save(user: str) -> str:
        start.wait()
        try:
            store.save_pledge(dataclasses.replace(first, title=f"{user}s titel"), user, 1)
        except StaleVersionError:
            return "stale"
        return "saved"

    def create(user: str) -> str:
        start.wait()
        try:
            store.save_pledge(strangnas(id="strangnas-2020", commitments=(),
                                        title=f"{user}s nya"), user, None)
        except ValidationError as error:
            return error.code
        return "saved"

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(save, ["anna", "bo"]))
        assert sorted(results) == ["saved", "stale"]
        winner = ["anna", "bo"][results.index("saved")]
        assert store.pledge(first.id).title == f"{winner}s titel"
        start.reset()
        assert sorted(pool.map(create, ["anna", "bo"])) == ["duplicate_id", "saved"]
    assert [e.action for e in store.history("pledges", first.id)] == ["create", "update"]
    assert len(store.history("pledges", "strangnas-2020")) == 1


def test_replace_pledges_with_none_empties_them_and_their_documents(store):
    store.replace_pledges(load_pledges(), "system")
    store.save_pledge_document("tomelilla-2020", "a.txt", "text/plain", b"Tomelilla", "k")
    store.replace_pledges([], "system")
    assert store.pledges() == [] and store.pledge_document("tomelilla-2020") is None
