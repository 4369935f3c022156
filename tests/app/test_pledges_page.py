"""The Löften page in AppTest: every seed pledge, Swedish and English, links to the map."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from geo import i18n
from geo.cli.main import main as cli_main
from geo.domain.pledge_files import load_pledges
from tests.app.conftest import APP

PLEDGES = [p.id for p in load_pledges()]


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pledges") / "example.gpkg"
    assert cli_main(["init", "--example", "--db", str(path)]) == 0
    return path


def run_page(db: Path, monkeypatch, pledge: str, lang: str) -> AppTest:
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    at.run()  # the entry page first: pages are known by their url_path after a run
    at.query_params["pledge"] = pledge  # then the link to the pledge page
    at.switch_page("views/pledges.py")
    return at.run()


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("pledge_id", PLEDGES)
def test_page_runs_for_every_pledge_and_language(example_db, monkeypatch, pledge_id, lang):
    at = run_page(example_db, monkeypatch, pledge_id, lang)
    assert not at.exception
    assert at.title[0].value == i18n.t("followup.heading", lang)
    pledge = next(p for p in load_pledges() if p.id == pledge_id)
    assert at.header[0].value == pledge.title
    assert len(at.get("download_button")) == 3
    statuses = {i18n.t(f"followup_status.{s}", lang)
                for s in ("met", "on_track", "behind", "not_met", "no_target")}
    shown = " ".join(m.value for m in at.markdown)
    assert sum(status in shown for status in statuses) >= 1


def test_numbers_link_to_the_map_filtered_to_the_counted_records(example_db, monkeypatch):
    at = run_page(example_db, monkeypatch, "svedala-2017", "sv")
    links = [parse_qs(link.proto.query_string) for link in at.get("page_link")]
    hours = next(q for q in links if q.get("commitment") == ["svedala-2017-police-hours"])
    assert hours["layers"] == ["activities"] and hours["kommun"] == ["1263"]
    assert hours["year"] == ["2017"] and hours["pledge"] == ["svedala-2017"]


def test_police_hours_show_the_sum_and_status(example_db, monkeypatch):
    at = run_page(example_db, monkeypatch, "svedala-2017", "en")
    assert at.metric[0].value == "3875 / 4000"  # the example data's hours, below the target
    assert "Not met" in " ".join(m.value for m in at.markdown)


def test_unknown_pledge_in_the_url_gets_a_notice(example_db, monkeypatch):
    at = run_page(example_db, monkeypatch, "nope", "sv")
    assert not at.exception
    assert any("pledge=nope" in w.value for w in at.warning)


@pytest.mark.parametrize("commitment_id", ["svedala-2017-police-hours",
                                           "staffanstorp-2018-2019-info-meetings"])
def test_the_linked_map_shows_exactly_the_counted_activities(example_db, monkeypatch,
                                                              commitment_id):
    from datetime import date

    from geo.domain import followup
    from geo.store import GeoPackageStore
    from tests.app.test_map_page import metric_counts

    store = GeoPackageStore(example_db)
    pledge = next(p for p in store.pledges() if commitment_id.startswith(p.id))
    commitment = next(c for c in pledge.commitments if c.id == commitment_id)
    counted = followup.commitment_progress(pledge, commitment, followup.load(store, pledge),
                                           date(2030, 1, 1))
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(example_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(kommun=pledge.kommun_kod, year=str(pledge.period_start.year),
                           year_to=str(pledge.period_end.year), pledge=pledge.id,
                           layers="activities", commitment=commitment_id)
    at.run()
    assert not at.exception
    assert metric_counts(at)["activities"] == len(counted.record_ids) > 0


def test_the_about_panel_shows_the_version(example_db, monkeypatch):
    from geo import __version__

    at = run_page(example_db, monkeypatch, "tomelilla-2020", "sv")
    assert f"Trygghetskartan version {__version__}" in [c.value for c in at.caption]
