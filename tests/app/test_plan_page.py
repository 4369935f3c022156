"""Åtgärdsplan in AppTest: who sees it, a plan and a row saved, refusals in Swedish,
the colour set by hand, and a stale save that keeps what was typed (issue 19)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.plan_rows import who
from geo import i18n
from geo.access.auth import User
from geo.domain.enums import PlanColour
from geo.domain.plan import Plan, PlanRow
from geo.editing import plan_form as rules
from geo.effect import plan as effect_plan
from geo.escape import markdown_text as md
from geo.store import GeoPackageStore
from geo.urlstate import parse_filter
from tests import fixture_data as fx
from tests.app.conftest import APP
from tests.app.test_pledge_editor import ok
from tests.apptest import keep_downloads

EDITOR = User(email=fx.EDITOR[0], role="editor", kommuner=("1270",))


def t(key: str, **values: object) -> str:
    return i18n.t(key, "sv", **values)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.gpkg"
    fx.build(path)
    return path


def page(db: Path, monkeypatch: pytest.MonkeyPatch, email: str | None) -> AppTest:
    """Åtgärdsplan in the app for a signed-in ``email`` (or the public, sent to the map)."""
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "sv"
    if email:
        at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    at.run()
    at.switch_page("views/plan.py")
    return at.run()


def shown(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.success, *at.info, *at.error,
                                            *at.caption, *at.header, *at.title])


def by_label(widgets, label: str):
    return next(w for w in widgets if w.label == label)


def plan_with_row(store: GeoPackageStore) -> Plan:
    """A plan whose one row is linked to both fixture findings (one done, one open)."""
    findings = store.list("findings")
    row = PlanRow(problem="Mörk gångväg", action="Ny belysning", responsible="municipality",
                  finding_ids=tuple(findings.id), due_date=date(2030, 12, 31),
                  start_date=date(2020, 9, 1), target=2, unit="lampor")
    return rules.save(store, EDITOR, Plan(kommun_kod="1270", title="Plan 2021",
                                          rows=(row,)), None)


def test_the_public_has_no_plan_page(db, monkeypatch):
    with pytest.raises(ValueError, match="navigation page"):  # not in the public's page list
        page(db, monkeypatch, None)


def test_an_editor_creates_a_plan_and_adds_a_row_linked_to_findings(db, monkeypatch):
    at = ok(page(db, monkeypatch, fx.EDITOR[0]))
    assert t("plan_page.none_yet", kommun="Tomelilla") in shown(at)
    by_label(at.text_input, t("plan.fields.title")).set_value("Åtgärdsplan 2021")
    ok(at.button(key="FormSubmitter:pnew_1270_0-" + t("plan_page.create")).click().run())
    assert t("plan_page.created", title="Åtgärdsplan 2021") in shown(at)
    store = GeoPackageStore(db)
    assert [p.title for p in store.plans("1270")] == ["Åtgärdsplan 2021"]

    # a row without its action: one Swedish line naming the field, the typed values stay
    by_label(at.text_area, t("plan.fields.problem")).set_value("Mörk gångväg vid skolan")
    findings = by_label(at.multiselect, t("plan.fields.finding_ids"))
    assert len(findings.options) == 2
    findings.set_value(list(store.list("findings").id))
    save = next(b for b in at.button if b.label == t("plan_page.save_row"))
    at = save.click().run()
    assert [e.value for e in at.error] == [
        t("plan_page.not_saved") + " " + t("plan_page.refusal", field=t("plan.fields.action"),
                                           rule=t("validation.required"))]
    assert by_label(at.text_area, t("plan.fields.problem")).value == "Mörk gångväg vid skolan"
    by_label(at.text_area, t("plan.fields.action")).set_value("Ny belysning längs gångvägen")
    at = ok(next(b for b in at.button if b.label == t("plan_page.save_row")).click().run())
    assert t("plan_page.row_saved") in shown(at)
    plan = store.plans("1270")[0]
    assert plan.version == 2 and len(plan.rows[0].finding_ids) == 2
    # one finding done, one open: yellow, in words; each link's reason
    text = shown(at)
    assert f":yellow-badge[{t('plan_colour.yellow')}]" in text
    assert t("plan.state.done_on_time") in text and t("plan.state.open") in text
    link = next(p for p in at.get("page_link") if p.proto.label == t("plan_page.show_on_map"))
    # the link is followed as the map reads it: exactly the two findings
    flt, layers = parse_filter("?" + link.proto.query_string)
    assert set(flt.ids) == set(plan.rows[0].finding_ids) and layers == ("findings",)
    assert (flt.kommun_kod, flt.year_from, flt.year_to) == ("1270", 2020, 2020)


def test_a_stale_save_is_refused_and_the_typed_values_stay(db, monkeypatch):
    store = GeoPackageStore(db)
    plan = plan_with_row(store)
    at = ok(page(db, monkeypatch, fx.EDITOR[0]))
    # someone else saves meanwhile
    rules.save(store, EDITOR, rules.with_row(plan, PlanRow(
        problem="Klotter", action="Sanering", responsible="property_owner")), plan.version)
    by_label(at.text_area, t("plan.fields.problem")).set_value("Otrygg busshållplats")
    by_label(at.text_area, t("plan.fields.action")).set_value("Flytta hållplatsen")
    at = next(b for b in at.button if b.label == t("plan_page.save_row")).click().run()
    assert len(at.error) == 1 and at.error[0].value.startswith("Planen har sparats av")
    assert by_label(at.text_area, t("plan.fields.problem")).value == "Otrygg busshållplats"
    assert len(store.plan(plan.id).rows) == 2  # nothing of hers was written
    # "Läs in den nya versionen" keeps what she typed; the save then adds her row
    at = next(b for b in at.button if b.label == t("plan_page.reload")).click().run()
    assert by_label(at.text_area, t("plan.fields.action")).value == "Flytta hållplatsen"
    at = ok(next(b for b in at.button if b.label == t("plan_page.save_row")).click().run())
    assert [r.action for r in store.plan(plan.id).rows] == [
        "Ny belysning", "Sanering", "Flytta hållplatsen"]


def test_a_colour_set_by_hand_needs_a_reason_and_shows_who(db, monkeypatch):
    store = GeoPackageStore(db)
    plan = plan_with_row(store)
    at = ok(page(db, monkeypatch, fx.EDITOR[0]))
    row = plan.rows[0]
    at.selectbox(key=f"plan_colour_{row.id}").set_value("red")
    submit = f"FormSubmitter:plan_override_{row.id}-{t('plan_page.override_save')}"
    at = at.button(key=submit).click().run()
    assert [e.value for e in at.error] == [
        t("plan_page.not_saved") + " " + t("plan_page.refusal",
                                           field=t("plan.fields.override_reason"),
                                           rule=t("validation.required"))]
    at.text_input(key=f"plan_reason_{row.id}").set_value("Lamporna är trasiga igen")
    at = ok(at.button(key=submit).click().run())
    text = shown(at)
    assert t("plan_page.by_hand_badge", colour=t("plan_colour.red")) in text
    assert "Skäl: Lamporna är trasiga igen" in text and who(fx.EDITOR[0]) in text
    assert store.plan(plan.id).rows[0].override_by == fx.EDITOR[0]


def test_did_it_help_is_computed_when_asked_and_a_row_without_a_date_says_why(db, monkeypatch):
    store = GeoPackageStore(db)
    plan = plan_with_row(store)
    undated = PlanRow(problem="Klotter", action="Sanering", responsible="property_owner")
    plan = rules.save(store, EDITOR, rules.with_row(plan, undated), plan.version)
    at = ok(page(db, monkeypatch, fx.EDITOR[0]))
    assert effect_plan.reason_text(effect_plan.Reason.NO_DATE, "sv") in shown(at)
    verdicts = [t(f"effect.verdict.{v}") for v in ("increase", "decrease", "no_change",
                                                   "too_little_data")]
    assert not any(v in shown(at) for v in verdicts)  # nothing computed before it is asked
    at = ok(at.button(key=f"plan_effect_{plan.rows[0].id}_button").click().run())
    headlines = [m.value for m in at.markdown if m.value.startswith("**")
                 and any(v in m.value for v in verdicts)]
    assert len(headlines) == 2  # unsafe places and findings, each with its verdict
    assert headlines[0].startswith("**" + md(effect_plan.outcome_label("places", "sv")))


def test_the_plan_is_downloaded_as_html_pdf_and_word_when_asked(db, monkeypatch):
    store = GeoPackageStore(db)
    plan = plan_with_row(store)
    downloads = keep_downloads(monkeypatch)
    at = ok(page(db, monkeypatch, fx.EDITOR[0]))
    assert not at.get("download_button")  # made only when asked for
    at = ok(at.button(key=f"plan_files_{plan.id}_button").click().run())
    assert len(at.get("download_button")) == 3
    files = [v for v in downloads.values() if isinstance(v, bytes)]
    assert any(f.startswith(b"%PDF") for f in files)
    assert any(f.startswith(b"PK") for f in files)  # a DOCX is a zip
    [html] = [f.decode() for f in files if b"<html" in f[:200]]
    assert "Plan 2021" in html and "Ny belysning" in html


def test_a_row_is_chosen_by_its_button_changed_and_removed(db, monkeypatch):
    store = GeoPackageStore(db)
    plan = plan_with_row(store)
    row = plan.rows[0]
    at = ok(page(db, monkeypatch, fx.EDITOR[0]))
    at = ok(at.button(key=f"plan_edit_{row.id}").click().run())
    action = by_label(at.text_area, t("plan.fields.action"))
    assert action.value == "Ny belysning"  # the form holds the row as saved
    action.set_value("Ny belysning, tänd hela natten")
    at = ok(next(b for b in at.button if b.label == t("plan_page.save_row")).click().run())
    stored = store.plan(plan.id)
    assert [(r.id, r.action) for r in stored.rows] == [(row.id, "Ny belysning, tänd hela natten")]
    assert stored.rows[0].finding_ids == row.finding_ids  # the links stay as they were
    at.checkbox(key=f"prow_{plan.id}_{row.id}_remove_sure").check()
    at = ok(at.run())
    at = ok(at.button(key=f"prow_{plan.id}_{row.id}_remove").click().run())
    assert store.plan(plan.id).rows == ()
    assert t("plan_page.row_removed") in shown(at) and t("plan_page.no_rows") in shown(at)


def test_a_colour_set_by_hand_is_lifted_with_a_reason(db, monkeypatch):
    store = GeoPackageStore(db)
    plan = plan_with_row(store)
    row = plan.rows[0]
    plan = rules.override(store, EDITOR, plan, row.id, PlanColour.GREEN, "Klart enligt besök",
                          plan.version)
    at = ok(page(db, monkeypatch, fx.EDITOR[0]))
    assert t("plan_page.by_hand_badge", colour=t("plan_colour.green")) in shown(at)
    at.text_input(key=f"plan_reason_{row.id}").set_value("Besöket gällde en annan gångväg")
    submit = f"FormSubmitter:plan_override_{row.id}-{t('plan_page.lift_save')}"
    at = ok(at.button(key=submit).click().run())
    assert t("plan_page.lifted") in shown(at)
    assert f":yellow-badge[{t('plan_colour.yellow')}]" in shown(at)  # computed again
    assert store.plan(plan.id).rows[0].colour_override is None
    last = store.history("plans", plan.id)[-1]
    assert "Besöket gällde en annan gångväg" in str(vars(last))
