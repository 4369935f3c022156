"""`python -m geo stats` and the map page agree, for every pledge and year of the example data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.cli.main import main as cli_main
from geo.domain.pledge_files import load_pledges
from tests.app.conftest import APP
from tests.app.test_map_page import metric_counts

ROOT = Path(__file__).resolve().parents[2]
PLEDGES = load_pledges()
CASES = [(p.id, p.kommun_kod, year) for p in PLEDGES for year in p.years]
CASES += [("all", p.kommun_kod, 2016) for p in PLEDGES] + [("none", "1230", 2019)]


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("example") / "example.gpkg"
    assert cli_main(["init", "--example", "--db", str(path)]) == 0
    return path


@pytest.mark.parametrize(("pledge", "kommun", "year"), CASES)
def test_cli_stats_equal_the_page_counts(example_db, monkeypatch, pledge, kommun, year):
    completed = subprocess.run(
        [sys.executable, "-m", "geo", "stats", "--kommun", kommun, "--year", str(year),
         "--pledge", pledge, "--json", "--db", str(example_db)],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    from_cli = json.loads(completed.stdout)
    monkeypatch.setenv("TRYGGHETSKARTAN_DB", str(example_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(kommun=kommun, year=str(year), year_to=str(year), pledge=pledge)
    at.run()
    assert not at.exception
    assert metric_counts(at) == from_cli
    assert sum(from_cli.values()) > 0  # the example data has records in every case


def test_stats_refuses_bad_arguments_on_one_line(example_db):
    for args in (["--kommun", "9999", "--year", "2020"], ["--kommun", "1270", "--year", "x"],
                 ["--kommun", "1270", "--year", "2020", "--pledge", "nope"],
                 ["--kommun", "1270", "--year", "2021", "--year-to", "2020"]):
        completed = subprocess.run(
            [sys.executable, "-m", "geo", "stats", *args, "--db", str(example_db)],
            cwd=ROOT, capture_output=True, text=True,
        )
        assert completed.returncode == 2
        assert completed.stderr.count("\n") == 1 and "Traceback" not in completed.stderr
        assert completed.stderr.startswith("geo: error:")
