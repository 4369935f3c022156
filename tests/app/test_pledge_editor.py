"""The pledge editor on Löften in AppTest: create, edit, renew, archive; roles; conflicts.

Issue 15: an admin writes Vadstena's 2018 pledge (a safety walk, target 1, measured as
walks; information on neighbourhood watch without a number), edits it, renews it to 2019
and archives 2018; an editor of another municipality gets no editor and a forged write is
refused; the public sees the pledge read-only with its source; a second editor's save
that meets a newer version is refused and what they typed stays.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.access.auth import PermissionDenied, User
from geo.domain.enums import ActivityKind, Measure
from geo.editing import pledge as pledge_edit
from geo.editing import pledge_form as rules
from geo.store import GeoPackageStore
from tests import fixture_data as fx
from tests.app.conftest import APP
from tests.apptest import keep_downloads

ADMIN = User(email=fx.ADMIN[0], role="admin", kommuner=("1270",))
TOMELILLA_EDITOR = User(email=fx.EDITOR[0], role="editor", kommuner=("1270",))
NEW = "pf_n_0"  # the first new-pledge draft's widget keys


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pledge_editor") / "store.gpkg"
    fx.build(path)
    return path


def page(db: Path, monkeypatch: pytest.MonkeyPatch, email: str | None,
         pledge: str | None = None, lang: str = "sv") -> AppTest:
    """Löften in the app, for a signed-in ``email`` or the public (``pledge`` in its link)."""
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    if email:
        at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    at.run()  # the entry page first: pages are known by their url_path after a run
    if pledge:
        at.query_params["pledge"] = pledge
    at.switch_page("views/pledges.py")
    return at.run()


def ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def shown(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.success, *at.info, *at.warning,
                                            *at.error, *at.caption, *at.header])


def strangnas(store: GeoPackageStore) -> str:
    """A pledge of Strängnäs 2019 saved through the store (the conflict's subject)."""
    draft = rules.PledgeDraft(
        kommun_kod="0486", police_area="Lokalpolisområde Strängnäs",
        title="Medborgarlöfte Strängnäs 2019", period_start=date(2019, 1, 1),
        period_end=date(2019, 12, 31), commitments=[rules.CommitmentDraft(
            text="Minst 4 trygghetsvandringar runt resecentrum.",
            kind=ActivityKind.SAFETY_WALK, target=4, unit="trygghetsvandringar")])
    pledge = rules.build(draft, "strangnas-2019", "Strängnäs")
    if store.pledge(pledge.id) is None:
        pledge_edit.save(store, ADMIN, pledge, None)
    return pledge.id


def test_an_admin_creates_edits_renews_and_archives_vadstenas_pledge(db, monkeypatch):
    store = GeoPackageStore(db)
    at = ok(page(db, monkeypatch, ADMIN.email))
    assert [tab.label for tab in at.tabs] == ["Uppföljning", "Redigera löfte", "Nytt löfte"]
    # the new pledge: municipality, period, texts, then its first commitment (a walk)
    at.selectbox(key=f"{NEW}_kommun_kod").set_value("0584")
    at.text_input(key=f"{NEW}_police_area").set_value("Lokalpolisområde Motala")
    at.text_input(key=f"{NEW}_title").set_value("Medborgarlöfte Vadstena 2018")
    at.date_input(key=f"{NEW}_period_start").set_value(date(2018, 1, 1))
    at.date_input(key=f"{NEW}_period_end").set_value(date(2018, 12, 31))
    at.text_area(key=f"{NEW}_goals").set_value("Ökad trygghet i centrum.\nFler i grannsamverkan.")
    at.text_input(key=f"{NEW}_source_url").set_value("https://www.vadstena.se/medborgarlofte")
    at.text_area(key=f"{NEW}_r0_text").set_value("Vi genomför en trygghetsvandring i centrum.")
    at.selectbox(key=f"{NEW}_r0_kind").set_value(ActivityKind.SAFETY_WALK)
    ok(at.run())
    assert at.selectbox(key=f"{NEW}_r0_measure").options == [
        "Antal trygghetsvandringar", *at.selectbox(key=f"{NEW}_r0_measure").options[1:]]
    at.selectbox(key=f"{NEW}_r0_measure").set_value(Measure.WALKS)
    at.number_input(key=f"{NEW}_r0_target").set_value(1)
    at.text_input(key=f"{NEW}_r0_unit").set_value("trygghetsvandring")
    ok(at.button(key=f"{NEW}_add").click().run())
    # the second row is new; the first keeps what was typed across the reruns
    assert at.text_area(key=f"{NEW}_r0_text").value == \
        "Vi genomför en trygghetsvandring i centrum."
    assert at.number_input(key=f"{NEW}_r0_target").value == 1
    at.text_area(key=f"{NEW}_r1_text").set_value("Vi informerar om grannsamverkan.")
    at.selectbox(key=f"{NEW}_r1_kind").set_value(ActivityKind.INFORMATION_MEETING)
    ok(at.run())
    # the new kind's own measures and default (the walk count went with the walk)
    assert at.selectbox(key=f"{NEW}_r1_measure").value is Measure.ACTIVITIES
    assert "Antal trygghetsvandringar" not in at.selectbox(key=f"{NEW}_r1_measure").options
    at.selectbox(key=f"{NEW}_r1_measure").set_value(Measure.NONE)
    ok(at.run())
    # the preview: both commitments with their measure, nothing saved yet
    preview = at.tabs[-1].table[0].value  # the new-pledge tab's own preview
    assert list(preview["Hur det mäts"]) == ["Antal trygghetsvandringar", "Redovisas utan mål"]
    assert list(preview["Status"]) == ["Ej uppfyllt", "Redovisas"]
    assert store.pledge("vadstena-2018") is None
    before = store.data_version()
    ok(at.button(key=f"{NEW}_create").click().run())
    assert "Löftet Vadstena 2018 är skapat." in shown(at)
    saved = store.pledge("vadstena-2018")
    assert saved is not None and saved.version == 1 and not saved.archived
    assert [(c.kind, c.measure, c.target) for c in saved.commitments] == [
        (ActivityKind.SAFETY_WALK, Measure.WALKS, 1),
        (ActivityKind.INFORMATION_MEETING, Measure.NONE, None)]
    assert saved.source_url == "https://www.vadstena.se/medborgarlofte"
    assert store.data_version() != before  # every cached list (map, report) reads it anew
    assert at.header[0].value == "Medborgarlöfte Vadstena 2018"  # the page shows it
    links = [b.proto.url for b in at.tabs[0].get("link_button")]  # its source, for everyone
    assert links == ["https://www.vadstena.se/medborgarlofte"]
    assert at.selectbox(key="followup_pledge").value == "vadstena-2018"
    assert at.text_input(key="pf_n_1_title").value == ""  # and the new form is empty again

    # edit: the title and a third row removed again
    edit = "pf_e_vadstena-2018_1"
    at.text_input(key=f"{edit}_title").set_value("Medborgarlöfte Vadstena 2018 (reviderat)")
    ok(at.button(key=f"{edit}_save").click().run())
    assert "Löftet Vadstena 2018 är sparat." in shown(at)
    edited = store.pledge("vadstena-2018")
    assert (edited.version, edited.title) == (2, "Medborgarlöfte Vadstena 2018 (reviderat)")
    assert [c.id for c in edited.commitments] == [c.id for c in saved.commitments]

    # renew to 2019: the page shows the new pledge
    ok(at.button(key="renew_vadstena-2018").click().run())
    renewed = store.pledge("vadstena-2019")
    assert renewed is not None
    assert (renewed.period_start, renewed.period_end) == (date(2019, 1, 1), date(2019, 12, 31))
    assert [c.measure for c in renewed.commitments] == [Measure.WALKS, Measure.NONE]
    assert at.selectbox(key="followup_pledge").value == "vadstena-2019"

    # archive 2018
    at.selectbox(key="followup_pledge").set_value("vadstena-2018")
    ok(at.run())
    assert at.button(key="archive_vadstena-2018").disabled  # not without the confirmation
    at.checkbox(key="archive_sure_vadstena-2018").check()
    ok(at.run())
    ok(at.button(key="archive_vadstena-2018").click().run())
    assert store.pledge("vadstena-2018").archived
    assert not store.pledge("vadstena-2019").archived
    ok(at.run())
    assert "Vadstena 2018 (arkiverat)" in at.selectbox(key="followup_pledge").options
    assert not [k for k in ("pf_e_vadstena-2018_3_save", "archive_vadstena-2018")
                if any(b.key == k for b in at.button)]  # archived: no more edits


def test_a_removed_row_takes_only_itself_away(db, monkeypatch):
    at = ok(page(db, monkeypatch, ADMIN.email))
    at.text_area(key=f"{NEW}_r0_text").set_value("Första.")
    ok(at.button(key=f"{NEW}_add").click().run())
    at.text_area(key=f"{NEW}_r1_text").set_value("Andra.")
    ok(at.button(key=f"{NEW}_add").click().run())
    at.text_area(key=f"{NEW}_r2_text").set_value("Tredje.")
    ok(at.button(key=f"{NEW}_r1_remove").click().run())
    texts = [a.value for a in at.text_area if a.key and a.key.endswith("_text")
             and a.key.startswith(NEW)]
    assert texts == ["Första.", "Tredje."]


def test_a_new_pledge_with_a_bad_row_is_refused_in_swedish(db, monkeypatch):
    at = ok(page(db, monkeypatch, ADMIN.email))
    at.text_input(key=f"{NEW}_police_area").set_value("Lokalpolisområde Motala")
    at.text_input(key=f"{NEW}_title").set_value("Ett löfte")
    at.text_area(key=f"{NEW}_r0_text").set_value("Minst tre möten.")
    at.selectbox(key=f"{NEW}_r0_kind").set_value(ActivityKind.INFORMATION_MEETING)
    at.number_input(key=f"{NEW}_r0_target").set_value(3)
    at.run()
    at.button(key=f"{NEW}_create").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Löftet sparades inte. Åtagande 1, Enhet: "
        + i18n.t("validation.unit_required", "sv")]
    assert at.number_input(key=f"{NEW}_r0_target").value == 3  # typed values stay


def test_an_editor_of_another_municipality_gets_no_editor_and_cannot_write(db, monkeypatch):
    store = GeoPackageStore(db)
    pledge_id = strangnas(store)
    at = ok(page(db, monkeypatch, TOMELILLA_EDITOR.email, pledge=pledge_id))
    assert at.header[0].value == "Medborgarlöfte Strängnäs 2019"
    assert [tab.label for tab in at.tabs] == ["Uppföljning", "Nytt löfte"]
    assert not [b.key for b in at.button if b.key and pledge_id in b.key]
    assert at.selectbox(key=f"{NEW}_kommun_kod").options == ["Tomelilla (1270)"]
    pledge = store.pledge(pledge_id)
    with pytest.raises(PermissionDenied):  # a forged call: geo checks the role itself
        pledge_edit.save(store, TOMELILLA_EDITOR, pledge, pledge.version)
    with pytest.raises(PermissionDenied):
        pledge_edit.archive(store, TOMELILLA_EDITOR, pledge_id, pledge.version)
    with pytest.raises(PermissionDenied):
        rules.attach_document(store, TOMELILLA_EDITOR, pledge, "x.txt", b"Text.")
    assert store.pledge(pledge_id).version == pledge.version


def test_the_public_sees_the_pledge_read_only_with_the_source_its_editor_uploaded(
        db, monkeypatch):
    store = GeoPackageStore(db)
    pledge_id = strangnas(store)
    admin = ok(page(db, monkeypatch, ADMIN.email, pledge=pledge_id))
    text = "Medborgarlöfte för Strängnäs 2019.".encode()
    admin.file_uploader(key="pledge_source_file").set_value(
        [("medborgarlofte-2019.txt", text, "text/plain")])
    ok(admin.run())
    ok(admin.button(key="pledge_source_save").click().run())
    assert "Filen medborgarlofte-2019.txt är sparad med löftet Strängnäs 2019." in shown(admin)
    assert store.pledge_document(pledge_id) == ("medborgarlofte-2019.txt",
                                                "text/plain; charset=utf-8", text)
    at = ok(page(db, monkeypatch, None, pledge=pledge_id))
    assert at.header[0].value == "Medborgarlöfte Strängnäs 2019"
    main = at.main  # the sidebar has the sign-in form
    assert not main.tabs and not main.text_input and not main.text_area and not main.button
    assert not main.number_input and not main.checkbox and not main.date_input
    assert not main.file_uploader
    downloads = [d.proto.label for d in at.get("download_button")]
    assert "Ladda ner löftet (medborgarlofte-2019.txt)" in downloads


def test_a_page_posing_as_the_source_document_is_refused_and_not_kept(db, monkeypatch):
    store = GeoPackageStore(db)
    pledge_id = strangnas(store)
    kept = store.pledge_document(pledge_id)
    admin = ok(page(db, monkeypatch, ADMIN.email, pledge=pledge_id))
    admin.file_uploader(key="pledge_source_file").set_value(
        [("medborgarlofte.pdf", b"<html><script>alert(1)</script></html>", "application/pdf")])
    admin.run()
    admin.button(key="pledge_source_save").click().run()
    assert not admin.exception
    [message] = [e.value for e in admin.error]
    assert message.startswith("Filen sparades inte.") and "script" not in message
    assert store.pledge_document(pledge_id) == kept


def test_a_conflicting_save_is_refused_and_keeps_what_was_typed(db, monkeypatch):
    store = GeoPackageStore(db)
    pledge_id = strangnas(store)
    opened = store.pledge(pledge_id).version
    first = ok(page(db, monkeypatch, ADMIN.email, pledge=pledge_id))
    second = ok(page(db, monkeypatch, ADMIN.email, pledge=pledge_id))
    edit = f"pf_e_{pledge_id}_{opened}"
    second.text_input(key=f"{edit}_title").set_value("Strängnäs 2019, andra redaktörens")
    ok(second.button(key=f"{edit}_save").click().run())
    assert store.pledge(pledge_id).version == opened + 1
    # the first editor types on (a rerun with the newer version stored) and saves
    first.text_area(key=f"{edit}_problem").set_value("Otrygghet kring resecentrum kvällstid.")
    first.run()
    first.button(key=f"{edit}_save").click().run()
    assert not first.exception
    [message] = [e.value for e in first.error]
    assert message.startswith(f"Löftet har ändrats av {ADMIN.email} ")
    assert first.text_area(key=f"{edit}_problem").value == \
        "Otrygghet kring resecentrum kvällstid."
    assert store.pledge(pledge_id).title == "Strängnäs 2019, andra redaktörens"
    assert store.pledge(pledge_id).problem == ""
    # "Ladda om" starts again from the saved version
    first.button(key=f"{edit}_reload").click().run()
    reopened = f"pf_e_{pledge_id}_{opened + 1}"
    assert first.text_input(key=f"{reopened}_title").value == "Strängnäs 2019, andra redaktörens"


def test_a_saved_pledge_is_at_once_in_the_map_the_meeting_and_the_report(db, monkeypatch):
    """The caches are keyed on the store's data version, which a pledge's save changes."""
    store = GeoPackageStore(db)
    before = store.data_version()
    pledge_id = strangnas(store)
    assert pledge_id == "strangnas-2019"
    if before == store.data_version():  # saved by an earlier test: save it once more
        pledge = store.pledge(pledge_id)
        pledge_edit.save(store, ADMIN, pledge, pledge.version)
    assert store.data_version() != before
    at = page(db, monkeypatch, None, pledge=pledge_id)
    at.switch_page("views/map.py").run()
    assert "Strängnäs 2019" in at.selectbox(key="pledge").options
    at.query_params["m_pledge"] = pledge_id
    at.switch_page("views/meeting.py").run()
    assert not at.exception
    assert at.selectbox(key="m_kommun").value == "0486"
    assert at.selectbox(key="m_pledge").value == pledge_id
    at.switch_page("views/pledges.py").run()
    downloads = keep_downloads(monkeypatch)
    at.run()
    texts = [v.decode("utf-8", "replace") if isinstance(v, bytes) else v
             for v in downloads.values() if isinstance(v, bytes | str)]
    [report] = [text for text in texts if "<html" in text and "Strängnäs" in text]
    assert "Minst 4 trygghetsvandringar runt resecentrum." in report
