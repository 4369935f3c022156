"""The Lägesbild page in AppTest: figures with map links, the texts saved with their version.

An editor of Tomelilla opens the page on the fixture store (records of 2019–2020: the
default period follows the data), writes a section and the analysis and saves; a date in
the wrong order is refused in one line naming the field, with the text kept; a second
editor who opened the same version saves after her and meets the conflict with her text
kept, and may then save her text over it.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.store import GeoPackageStore
from tests import fixture_data as fx
from tests.app.conftest import APP

SV = "sv"


def t(key: str, **values: object) -> str:
    return i18n.t(key, SV, **values)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.gpkg"
    fx.build(path)
    return path


def page(db: Path, monkeypatch: pytest.MonkeyPatch, email: str = fx.EDITOR[0]) -> AppTest:
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    monkeypatch.setenv("TRYGGHETSKARTAN_BASEMAP", "")
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = SV
    at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    at.run()
    at.switch_page("views/lagesbild.py")
    return ok(at.run())


def ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def texts(at: AppTest) -> list:
    return [a for a in at.text_area if a.label == t("lagesbild_page.section_text")]


def analysis(at: AppTest):
    return next(a for a in at.text_area if a.label == t("lagesbild_page.analysis_label"))


def day(at: AppTest, name: str):
    return next(d for d in at.date_input if d.label == t(f"lagesbild_page.field.{name}"))


def save(at: AppTest) -> AppTest:
    return ok(at.button(key="lb_save").click().run())


def test_the_figures_link_to_the_map_and_the_texts_are_saved(db, monkeypatch):
    at = page(db, monkeypatch)
    assert at.title[0].value == t("lagesbild_page.heading", scope="Tomelilla",
                                  years="2019–2020")
    tables = [m.value for m in at.markdown if m.value.startswith("|")]
    places = tables[0]
    # all five places of 2019–2020 (four public, one internal: the internal version)
    assert "| Alla kategorier | 5 | 0 | +5 |" in places.replace("\\", "")
    assert "[Visa på kartan](/?kommun=1270&year=2019&year_to=2020&layers=unsafe_places)" in places
    assert analysis(at).value  # the drafted skeleton, to edit
    assert [s.value for s in at.text_input if s.label == t("lagesbild_page.section_title")] == [
        t("lagesbild_page.section.dialogues"), t("lagesbild_page.section.residents"),
        t("lagesbild_page.section.staff")]

    texts(at)[0].input("Dialog med skolan i mars.").run()
    analysis(at).input("Belysningen är det största problemet.").run()
    at = save(at)
    assert t("lagesbild_page.saved", version=1) in [s.value for s in at.success]
    assert texts(at)[0].value == "Dialog med skolan i mars."
    (stored,) = GeoPackageStore(db).lagesbilder("1270")
    assert (stored.version, stored.sections[0].text, stored.analysis) == (
        1, "Dialog med skolan i mars.", "Belysningen är det största problemet.")

    fresh = page(db, monkeypatch)  # another session: the saved text, at version 1
    assert texts(fresh)[0].value == "Dialog med skolan i mars."
    assert analysis(fresh).value == "Belysningen är det största problemet."


def test_dates_in_the_wrong_order_are_refused_naming_the_field(db, monkeypatch):
    at = page(db, monkeypatch)
    texts(at)[1].input("Invånarna vill ha bättre belysning.").run()
    day(at, "decided_date").set_value(date(2026, 3, 1)).run()
    day(at, "next_revision").set_value(date(2026, 1, 1)).run()
    at = save(at)
    assert [e.value for e in at.error] == [t("lagesbild_page.not_saved", reason=(
        "Nästa revidering får inte vara före beslutsdatumet."))]
    assert texts(at)[1].value == "Invånarna vill ha bättre belysning."
    assert GeoPackageStore(db).lagesbilder("1270") == []


def test_a_stale_save_keeps_her_text_and_may_overwrite(db, monkeypatch):
    first = save(page(db, monkeypatch))  # version 1
    second = page(db, monkeypatch, fx.ADMIN[0])  # opened at version 1
    texts(first)[0].input("Först: möte med polisen.").run()
    first = save(first)  # version 2
    texts(second)[0].input("Sedan: dialog med föreningarna.").run()
    second = save(second)
    (conflict,) = second.error
    assert conflict.value.replace("\\", "").startswith(
        "Någon annan (redaktor@tomelilla.se) sparade")
    assert texts(second)[0].value == "Sedan: dialog med föreningarna."
    overwrite = next(b for b in second.button if b.key.endswith("_overwrite"))
    second = ok(overwrite.click().run())
    assert t("lagesbild_page.saved", version=3) in [s.value for s in second.success]
    (stored,) = GeoPackageStore(db).lagesbilder("1270")
    assert (stored.version, stored.sections[0].text) == (3, "Sedan: dialog med föreningarna.")


def test_a_police_area_links_each_municipality_and_shows_public_records_only(db, monkeypatch):
    at = page(db, monkeypatch)
    at.radio(key="lb_scope").set_value("police").run()
    ok(at)
    assert at.title[0].value == t("lagesbild_page.heading", scope="Lokalpolisområde Ystad",
                                  years="2019–2020")
    # the editor may not see Ystad's or Skurup's internal records: the public version only
    assert t("lagesbild_page.notices.police_public_only") in [i.value for i in at.info]
    places = next(m.value for m in at.markdown if m.value.startswith("|")).replace("\\", "")
    assert "| Alla kategorier | 4 | 0 | +4 |" in places  # the internal place is left out
    for kommun in ("Tomelilla", "Ystad", "Simrishamn"):
        assert f"[Visa på kartan ({kommun})](/?kommun=" in places


def test_the_page_speaks_english(db, monkeypatch):
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = "en"
    at.user = {"is_logged_in": True, "email": fx.EDITOR[0], "email_verified": True}
    at.run()
    at.switch_page("views/lagesbild.py")
    at = ok(at.run())
    assert at.title[0].value == "Situation report for Tomelilla, 2019–2020"
    assert "[Show on the map](/?kommun=1270&year=2019&year_to=2020&layers=unsafe_places" \
           "&lang=en)" in next(m.value for m in at.markdown if m.value.startswith("|"))


def test_unsaved_text_survives_a_visit_to_another_place(db, monkeypatch):
    at = page(db, monkeypatch)
    texts(at)[2].input("Personalen ser mer klotter.").run()
    at.radio(key="lb_scope").set_value("police").run()  # the form is not drawn in this run
    assert all(a.value != "Personalen ser mer klotter." for a in texts(ok(at)))
    at.radio(key="lb_scope").set_value("kommun").run()
    assert texts(ok(at))[2].value == "Personalen ser mer klotter."


def test_areas_add_the_places_and_watch_coverage_per_square(db, monkeypatch):
    at = page(db, monkeypatch)
    at.selectbox(key="lb_units").set_value("grid1000").run()
    headings = [h.value for h in ok(at).subheader]
    assert t("lagesbild_page.part.places_area") in headings
    captions = [c.value for c in at.caption]
    assert t("lagesbild_page.meta", source=t("situation.source.store"), years="2017–2020",
             level=t("situation.level.grid1000")) in captions
    tables = [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("|")]
    by_area = next(m for m in tables if m.startswith(f"| {t('situation.by.area')} |"))
    counted = sum(int(row.split("|")[2]) for row in by_area.splitlines()[2:])
    assert counted == 5  # every place of 2019–2020 in one square (or outside all)
