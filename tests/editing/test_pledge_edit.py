"""Pledges written with roles (geo/editing/pledge.py), renewed, and counted from the store."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from shapely.geometry import Point

from geo.access.auth import PermissionDenied, User
from geo.domain import followup
from geo.domain.enums import Measure
from geo.domain.model import Commitment, Pledge, UnsafePlace
from geo.editing import pledge as pledge_edit
from geo.store import GeoPackageStore, StaleVersionError

ADMIN = User(email="admin@example.se", role="admin")
VADSTENA_EDITOR = User(email="eva@vadstena.se", role="editor", kommuner=("0584",))
TOMELILLA_EDITOR = User(email="tor@tomelilla.se", role="editor", kommuner=("1270",))
VIEWER = User(email="public@example.se", role="public")


def vadstena(**changes) -> Pledge:
    pledge = Pledge(
        id="vadstena-2018", kommun_kod="0584", kommun="Vadstena", police_area="LPO Motala",
        title="Medborgarlöfte Vadstena 2018", period_start=date(2018, 1, 1),
        period_end=date(2018, 12, 31), signed_date=date(2018, 2, 14),
        commitments=(
            Commitment(id="vadstena-2018-vandring", pledge_id="vadstena-2018",
                       text="en trygghetsvandring", kind="safety_walk", target=1,
                       unit="vandring", measure="walks"),
            Commitment(id="vadstena-2018-grannsamverkan", pledge_id="vadstena-2018",
                       text="information om grannsamverkan", kind="information_meeting",
                       measure="none"),
        ))
    return dataclasses.replace(pledge, **changes)


@pytest.fixture
def store(tmp_path) -> GeoPackageStore:
    store = GeoPackageStore(tmp_path / "store.gpkg")
    store.initialize()
    return store


def test_an_editor_of_the_municipality_saves_edits_and_archives(store):
    saved = pledge_edit.save(store, VADSTENA_EDITOR, vadstena(), None)
    edited = pledge_edit.save(store, VADSTENA_EDITOR,
                              dataclasses.replace(saved, problem="Inbrott"), saved.version)
    assert (edited.version, edited.updated_by) == (2, VADSTENA_EDITOR.label)
    archived = pledge_edit.archive(store, VADSTENA_EDITOR, saved.id, 2)
    assert archived.archived and store.pledge(saved.id).archived


@pytest.mark.parametrize("user", [TOMELILLA_EDITOR, VIEWER])
def test_anyone_else_cannot_save_or_archive(store, user):
    saved = pledge_edit.save(store, ADMIN, vadstena(), None)
    with pytest.raises(PermissionDenied):
        pledge_edit.save(store, user, vadstena(id="vadstena-2018-b", commitments=()), None)
    with pytest.raises(PermissionDenied):
        pledge_edit.save(store, user, dataclasses.replace(saved, title="Kapad"), 1)
    with pytest.raises(PermissionDenied):
        pledge_edit.archive(store, user, saved.id, 1)
    assert store.pledge(saved.id) == saved
    assert [p.id for p in store.pledges()] == [saved.id]


def test_an_editor_cannot_take_another_municipalitys_pledge_by_changing_its_code(store):
    saved = pledge_edit.save(store, ADMIN, vadstena(), None)
    moved = dataclasses.replace(saved, kommun_kod="1270", kommun="Tomelilla")
    with pytest.raises(PermissionDenied):
        pledge_edit.save(store, TOMELILLA_EDITOR, moved, 1)
    assert store.pledge(saved.id).kommun_kod == "0584"


def test_a_stale_save_through_the_rules_is_refused(store):
    saved = pledge_edit.save(store, ADMIN, vadstena(), None)
    pledge_edit.save(store, ADMIN, dataclasses.replace(saved, title="Först"), 1)
    with pytest.raises(StaleVersionError):
        pledge_edit.save(store, VADSTENA_EDITOR, dataclasses.replace(saved, title="Sist"), 1)
    assert store.pledge(saved.id).title == "Först"


def test_renew_gives_the_next_year_with_copied_commitments(store):
    saved = pledge_edit.save(store, ADMIN, vadstena(), None)
    archived = pledge_edit.archive(store, ADMIN, saved.id, 1)
    renewed = pledge_edit.renew(archived, taken=[p.id for p in store.pledges()])
    assert renewed.id == "vadstena-2019"
    assert (renewed.period_start, renewed.period_end) == (date(2019, 1, 1), date(2019, 12, 31))
    assert renewed.title == "Medborgarlöfte Vadstena 2019"
    assert (renewed.signed_date, renewed.version, renewed.archived) == (None, 1, False)
    assert [c.id for c in renewed.commitments] == ["vadstena-2019-vandring",
                                                    "vadstena-2019-grannsamverkan"]
    assert [c.pledge_id for c in renewed.commitments] == ["vadstena-2019"] * 2
    assert [c.measure for c in renewed.commitments] == [Measure.WALKS, Measure.NONE]
    stored = pledge_edit.save(store, VADSTENA_EDITOR, renewed, None)
    assert stored.version == 1 and store.pledge("vadstena-2018").archived


def test_renew_keeps_a_two_year_period_and_a_free_id():
    two_years = vadstena(id="vadstena-2018-2019", period_end=date(2019, 12, 31),
                         title="Löfte 2018–2019", commitments=())
    renewed = pledge_edit.renew(two_years, taken={"vadstena-2020-2021"})
    assert (renewed.period_start, renewed.period_end) == (date(2020, 1, 1), date(2021, 12, 31))
    assert renewed.id == "vadstena-2020-2021-2"
    assert renewed.title == "Löfte 2020–2021"
    odd = vadstena(period_start=date(2018, 3, 1), period_end=date(2018, 8, 31), commitments=())
    again = pledge_edit.renew(odd)
    assert (again.period_start, again.period_end) == (date(2018, 9, 1), date(2019, 2, 28))


@pytest.mark.parametrize("name, year, taken, expected", [
    ("Strängnäs", 2019, (), "strangnas-2019"),
    ("Tyresö", 2018, ("tyreso-2018",), "tyreso-2018-2"),
    ("Upplands Väsby", 2020, ("upplands-vasby-2020", "upplands-vasby-2020-2"),
     "upplands-vasby-2020-3"),
    ("Malung-Sälen", 2021, (), "malung-salen-2021"),
])
def test_new_id_is_an_ascii_slug_free_among_the_taken(name, year, taken, expected):
    assert pledge_edit.new_id(name, year, taken) == expected


def test_load_reads_places_resolved_in_the_period_even_if_reported_before(store):
    pledge = store.save_pledge(vadstena(
        id="vadstena-2019", period_start=date(2019, 1, 1), period_end=date(2019, 12, 31),
        commitments=(Commitment(id="vadstena-2019-platser", pledge_id="vadstena-2019",
                                text="åtgärda otrygga platser", kind="physical_measure",
                                target=2, unit="platser", measure="places_resolved"),)),
        "admin", None)

    def place(reported: str, resolved: str | None, **extra) -> UnsafePlace:
        return UnsafePlace(kommun_kod=extra.pop("kommun_kod", "0584"),
                           geometry=Point(14.89, 58.45), category="lighting", source="survey",
                           reported_date=reported, resolved_date=resolved,
                           status="resolved" if resolved else "active", **extra)

    counted = [place("2017-05-01", "2019-03-01"), place("2019-02-01", "2019-12-31")]
    not_counted = [place("2018-01-01", "2018-12-31"), place("2019-01-10", None),
                   place("2019-01-10", "2019-06-01", visibility="internal"),
                   place("2019-01-10", "2020-01-01"),
                   place("2019-01-10", "2019-06-01", kommun_kod="1270",
                         ).replace(geometry=Point(13.94, 55.55))]
    store.create_many([*counted, *not_counted], "test")
    records = followup.load(store, pledge)
    result = followup.progress(pledge, records, date(2020, 2, 1))[0]
    assert (result.measure, result.achieved) == ("places_resolved", 2)
    assert set(result.record_ids) == {p.id for p in counted}


def test_renew_derives_the_id_from_the_old_one():
    own = vadstena(id="lpo-motala-vadstena-2018", commitments=())
    assert pledge_edit.renew(own).id == "lpo-motala-vadstena-2019"
    odd = vadstena(id="trygg-vadstena", commitments=())
    assert pledge_edit.renew(odd, taken={"vadstena-2019"}).id == "vadstena-2019-2"
