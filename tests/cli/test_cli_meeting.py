"""``python -m geo snapshot`` and ``python -m geo survey import`` on the fixture store.

Exit codes, one-line refusals, and the PDF's text (``pdftotext``) holding exactly the lists
the fixture's known records give (see ``tests/fixture_data.py``): the window 1 Sep – 31 Dec
2020 has one new public unsafe place ("Klotter"), two new findings, one finding done and
two activities. The survey areas are the synthetic fixtures of ``tests/data/survey``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from geo.cli import main as cli
from geo.store import GeoPackageStore
from tests import fixture_data

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "survey"
WINDOW = ("--kommun", "1270", "--since", "2020-09-01", "--until", "2020-12-31")
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                     reason="pdftotext (poppler-utils) is not installed")


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "fixture.gpkg"
    fixture_data.build(path)
    return str(path)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path: Path) -> str:
    assert path.read_bytes()[:5] == b"%PDF-"
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True)
    return done.stdout


def survey_import(capsys, db: str, kind: str, name: str = "good", *extra: str):
    areas = ("--areas", str(FIXTURES / f"{kind}_areas.geojson")) if kind != "grid" else ()
    return run(capsys, "survey", "import", str(FIXTURES / f"{kind}_{name}.csv"), "--kommun",
               "1270", "--kind", kind, *areas, "--db", db, *extra)


@needs_pdftotext
def test_snapshot_of_the_agenda_lists_the_known_records(capsys, db: str, tmp_path: Path):
    out_file = tmp_path / "brief.pdf"
    code, out, err = run(capsys, "snapshot", *WINDOW, "--lang", "en", "--out", str(out_file),
                         "--db", db)
    assert code == 0, err
    assert "new_places 1, places_resolved 0, new_findings 2, findings_done 1, activities 2" in out
    text = pdf_text(out_file)
    assert "New unsafe places (1)" in text and "Klotter" in text
    assert "New findings from safety walks (2)" in text and "Skymd gångväg" in text
    assert "Findings done (1)" in text and "Activities held (2)" in text
    assert "Polisens timmar" in text
    assert "onerror=alert(1)" in text  # the payload printed as text
    for private in fixture_data.PRIVATE_TEXTS:
        assert private not in text
    assert fixture_data.INTERNAL_TEXT not in text


@needs_pdftotext
def test_snapshot_of_year_against_year(capsys, db: str, tmp_path: Path):
    out_file = tmp_path / "compare.pdf"
    code, out, _ = run(capsys, "snapshot", *WINDOW, "--view", "compare", "--year", "2020",
                       "--compare-with", "2019", "--lang", "en", "--out", str(out_file),
                       "--db", db)
    assert code == 0 and "2020 against 2019" in out
    text = pdf_text(out_file)
    assert "Year against year: 2020 compared with 2019" in text
    # 2019: one public place (Korsning); 2020: three public places (the internal one is not)
    assert [line.split()[-3:] for line in text.splitlines()
            if line.strip().startswith("Unsafe places")] == [["1", "3", "+2"]]


@needs_pdftotext
def test_snapshot_of_the_survey_shows_areas_and_activities(capsys, db: str, tmp_path: Path):
    assert survey_import(capsys, db, "deso")[0] == 0
    out_file = tmp_path / "survey.pdf"
    code, out, err = run(capsys, "snapshot", *WINDOW, "--view", "survey", "--year", "2020",
                         "--lang", "en", "--out", str(out_file), "--db", db)
    assert code == 0, err
    assert "survey 2020 (deso), 3 areas" in out
    text = pdf_text(out_file)
    assert "Before and after, not proof of effect" in text
    rows = {line.split()[0]: line.split()[1:] for line in text.splitlines()
            if line.strip().startswith("1270")}
    # share, change since 2019, activities that year: the fixture's activity lies in A0010
    assert rows == {"1270A0010": ["21.5", "+1.0", "1"], "1270B0020": ["26.5", "+1.0", "0"],
                    "1270C0030": ["31.5", "+1.0", "0"]}


@pytest.mark.parametrize(("args", "message"), [
    (("--kommun", "9999", "--since", "2020-09-01"), "unknown municipality code '9999'"),
    (WINDOW + ("--pledge", "nope"), "unknown pledge 'nope' for 1270"),
    (("--kommun", "1270", "--since", "2020-09-01", "--until", "2020-01-01"), "is before"),
    (WINDOW + ("--view", "survey"), "no survey results for 1270"),
    (("--kommun", "1270", "--since", "1 sept"), "is not a date"),
])
def test_snapshot_refusals_are_one_line(capsys, db: str, tmp_path: Path, args, message):
    out_file = tmp_path / "x.pdf"
    code, _, err = run(capsys, "snapshot", *args, "--out", str(out_file), "--db", db)
    assert code == 2 and message in err
    assert len(err.strip().splitlines()) == 1
    assert not out_file.exists()


@pytest.mark.parametrize("kind", ["deso", "regso", "district", "grid"])
def test_survey_import_keeps_good_tables_of_every_kind(capsys, db: str, tmp_path: Path,
                                                       kind: str):
    if kind == "grid":
        (tmp_path / "grid_good.csv").write_text(
            "rutid_scb;year;worry_burglary\n4330006154000;2020;33\n", encoding="utf-8")
        code, out, err = run(capsys, "survey", "import", str(tmp_path / "grid_good.csv"),
                             "--kommun", "1270", "--db", db)
        expected = 1
    else:
        code, out, err = survey_import(capsys, db, kind)
        expected = 6 if kind != "regso" else 4
    assert code == 0, err
    assert out.startswith(f"kept {expected} rows ({kind}")
    kept = GeoPackageStore(db).survey_results("1270")
    assert len(kept) == expected and set(kept["area_kind"]) == {kind}


@pytest.mark.parametrize("kind", ["deso", "regso", "district"])
def test_survey_import_refuses_bad_tables_in_one_line(capsys, db: str, kind: str):
    code, out, err = survey_import(capsys, db, kind, "bad")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "unknown area codes (1): 1270X9" in err
    assert "unsafe_evening: values out of range 0–100 % (1): row 2: 101" in err
    assert "worry_burglary: values out of range 0–100 % (1): row 3: -4" in err
    assert "unsafe_evening: not numbers (1): row 4: 'mycket'" in err
    assert GeoPackageStore(db).survey_results("1270").empty


def test_survey_import_dry_run_and_missing_polygons(capsys, db: str):
    code, out, _ = survey_import(capsys, db, "regso", "good", "--dry-run")
    assert code == 0 and "4 rows are good" in out and "nothing kept" in out
    assert GeoPackageStore(db).survey_results("1270").empty
    code, _, err = run(capsys, "survey", "import", str(FIXTURES / "regso_good.csv"), "--kommun",
                       "1270", "--kind", "regso", "--db", db)
    assert code == 2 and "RegSO: the results need the areas' polygons" in err
    code, _, err = run(capsys, "survey", "import", str(FIXTURES / "regso_good.csv"), "--kommun",
                       "1270", "--kind", "grid", "--areas", str(FIXTURES / "regso_areas.geojson"),
                       "--db", db)
    assert code == 2 and "--areas is for deso, regso and district" in err
