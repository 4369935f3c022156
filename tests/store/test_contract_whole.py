"""The store contract, the whole store: export and import of rows, clear, counts per municipality.

Tested only through the Store interface, over every backend of tests/store/conftest.py.
"""

from __future__ import annotations

from geo.domain.filters import Filter
from geo.domain.model import ActivityCount
from geo.domain.pledge_files import load_pledges
from tests.store.helpers import LAYERS, SWEDISH_TEXT

#: A source document that is not text: bytes must travel as bytes.
PDF = b"%PDF-1.4\n\x00\xff binary"

# -- whole-store operations: counts per municipality, copy rows, clear ----------------------


def _fill(store, make_record):
    """A store with one of everything a copy must keep, deleted records and hashes too."""
    import dataclasses

    from geo.access.auth import User

    pledges = load_pledges()
    store.replace_pledges(pledges, "admin")
    edited = store.save_pledge(dataclasses.replace(pledges[0], archived=True,
                                                   source_url="https://example.se/löfte"),
                               "bo", 1)
    assert edited.version == 2
    store.save_pledge_document(pledges[0].id, "löfte.pdf", "application/pdf",
                               PDF, "bo")
    kept = [store.create(make_record(layer, visibility="public"), "anna") for layer in LAYERS]
    store.update("walks", kept[1].id, {"participants": 3}, 1, "bo")
    gone = store.create(make_record("unsafe_places"), "anna")
    store.delete("unsafe_places", gone.id, 1, "bo", reason="dubblett")
    store.add_counts([ActivityCount(kommun_kod="1270", kind="home_visit", month="2020-01",
                                    count=2)], "anna")
    store.save_user(User(email="åsa@kommun.se", name=SWEDISH_TEXT, role="editor",
                         kommuner=("1270", "1263")), "$argon2id$v=19$hash", "admin")
    store.set_meta("contents", "own data")


def test_export_clear_import_gives_back_every_row(store, make_record):
    from geo.store import transfer

    _fill(store, make_record)
    before = {table: transfer.export(store, table) for table in transfer.TABLES}
    counts = store.row_counts()
    assert counts["unsafe_places"] == 2 and counts["users"] == 1 and counts["pledges"] == 4
    assert counts["history"] == len(store.history())
    deleted = [r for r in before["unsafe_places"] if r["deleted_at"] is not None]
    assert len(deleted) == 1 and deleted[0]["deleted_reason"] == "dubblett"
    assert before["users"][0]["password_hash"] == "$argon2id$v=19$hash"

    store.clear()
    assert transfer.is_empty(store.row_counts())
    for table in transfer.TABLES:
        store.import_rows(table, before[table])
    assert store.row_counts() == counts
    for table in transfer.TABLES:
        check = transfer.compare(table, before[table], transfer.export(store, table))
        assert check.ok, check.examples
    assert store.get("unsafe_places", deleted[0]["id"], deleted=True).deleted_reason == "dubblett"
    assert store.user("åsa@kommun.se")[1] == "$argon2id$v=19$hash"
    assert store.meta("contents") == "own data"
    archived = [p for p in store.pledges() if p.archived]
    assert len(archived) == 1 and archived[0].version == 2 and archived[0].updated_by == "bo"
    assert archived[0].source_url == "https://example.se/löfte"
    assert store.pledge_document(archived[0].id)[2] == PDF
    assert len(before["pledge_documents"]) == 1
    # the history goes on after the copied entries
    last = store.history()[-1].seq
    store.create(make_record("walks"), "carl")
    assert store.history()[-1].seq > last


def test_clear_empties_the_store_and_makes_it_a_new_one(store, make_record):
    _fill(store, make_record)
    identity, version = store.meta("store_id"), store.data_version()
    store.clear()
    assert all(len(store.list(layer)) == 0 for layer in LAYERS)
    assert store.history() == [] and store.pledges() == [] and store.users() == []
    assert store.meta("contents") is None
    assert store.meta("store_id") not in (None, identity)
    assert store.data_version() != version
    place = store.create(make_record("unsafe_places"), "anna")  # still a working store
    assert [e.record_id for e in store.history()] == [place.id]


def test_counts_by_kommun_agree_with_the_public_lists(store, make_record):
    records = [
        make_record("unsafe_places", visibility="public", reported_date="2020-02-01"),
        make_record("unsafe_places", visibility="public", reported_date="2020-12-31"),
        make_record("unsafe_places", visibility="public", reported_date="2019-12-31"),
        make_record("unsafe_places", visibility="internal", reported_date="2020-05-01"),
        make_record("unsafe_places", visibility="public", kommun_kod="1263",
                    reported_date="2020-05-01"),
        make_record("walks", visibility="public", kommun_kod="1263"),
        # spans: 2017–2019 (not 2020), open since 2019 (in 2020), ends 2020-01-01 (in 2020)
        make_record("watch_areas", visibility="public"),
        make_record("watch_areas", visibility="public", start_date="2019-01-01", end_date=None),
        make_record("watch_areas", visibility="public", start_date="2018-01-01",
                    end_date="2020-01-01"),
    ]
    store.create_many(records, "anna")
    gone = store.create(make_record("walks", visibility="public", kommun_kod="1263"), "anna")
    store.delete("walks", gone.id, 1, "bo", reason="fel")

    expected = {"1270": {"unsafe_places": 2, "watch_areas": 2},
                "1263": {"unsafe_places": 1, "walks": 1}}
    assert store.counts_by_kommun(2020) == expected
    assert store.counts_by_kommun(2020, ["1263", "0138"]) == {"1263": expected["1263"]}
    assert store.counts_by_kommun(2020, []) == {}
    assert store.counts_by_kommun(2019) == {"1270": {"unsafe_places": 1, "watch_areas": 3}}
    for code, layers in expected.items():
        listed = {layer: len(store.list(layer, Filter(code, 2020, 2020), public=True))
                  for layer in LAYERS}
        assert {k: n for k, n in listed.items() if n} == layers
