"""Reports on the example data: golden HTML and CSV per pledge, a PDF that renders, the CLI."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo import formats, report
from geo.cli.main import main as cli_main
from geo.domain import periods
from geo.domain.pledge_files import load_pledges
from geo.store import GeoPackageStore
from tests import fixture_data as fx

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
#: One report period per pledge: a quarter with a previous quarter where the pledge has one.
PERIODS = {"tomelilla-2020": "2020Q4", "svedala-2017": "2017Q3",
           "staffanstorp-2018-2019": "2019Q2", "tyreso-2018": "2018"}
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def example_store(tmp_path_factory: pytest.TempPathFactory) -> GeoPackageStore:
    path = tmp_path_factory.mktemp("report") / "example.gpkg"
    assert cli_main(["init", "--example", "--db", str(path)]) == 0
    return GeoPackageStore(path)


def _built(store: GeoPackageStore, pledge_id: str) -> report.Report:
    pledge = next(p for p in store.pledges() if p.id == pledge_id)
    return report.build(store, pledge, periods.parse(PERIODS[pledge_id]))


def _compare(name: str, text: str | bytes) -> None:
    """Text or bytes (a CSV's BOM and CRLF are part of it) equal to the golden file."""
    path = GOLDEN / name
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if UPDATE:
        path.write_bytes(data)
    assert path.exists(), f"missing golden file {name}: run with UPDATE_GOLDEN=1 and review it"
    assert data == path.read_bytes(), f"{name} differs from the golden file"


@pytest.mark.parametrize("pledge_id", list(PERIODS))
def test_html_and_csv_match_the_golden_files(example_store, pledge_id):
    built = _built(example_store, pledge_id)
    _compare(f"{pledge_id}-{PERIODS[pledge_id]}.sv.html", report.html(built, "sv"))
    _compare(f"{pledge_id}-{PERIODS[pledge_id]}.sv.csv", report.csv_bytes(built, "sv"))


@pytest.mark.parametrize("pledge_id", list(PERIODS))
def test_report_holds_the_pledge_goals_targets_and_example_label(example_store, pledge_id):
    built = _built(example_store, pledge_id)
    page = report.html(built, "en")
    assert "<script" not in page and "http://" not in page.replace("http://www.w3.org", "")
    assert built.pledge.goals[0].split()[0] in page
    assert "example data" in page
    lines = report.csv_bytes(built, "en").decode("utf-8-sig").splitlines()
    assert len(lines) == len(built.pledge.commitments) + 1


def test_report_has_no_personal_data_and_escapes_text(tmp_path):
    store = fx.build(tmp_path / "fx.gpkg")
    pledge = next(p for p in store.pledges() if p.id == "tomelilla-2020")
    page = report.html(report.build(store, pledge, periods.parse("2020")), "sv")
    assert fx.SECRET not in page and fx.INTERNAL_TEXT not in page
    assert "<img" not in page and "&lt;img src=x" in page


@pytest.fixture(scope="module")
def pdfs(example_store) -> dict[str, bytes]:
    """Every seed pledge's report as a Swedish PDF, rendered once for the module (slow)."""
    return {pledge_id: report.pdf(_built(example_store, pledge_id), "sv") for pledge_id in PERIODS}


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; make test installs it")
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(["pdftotext", "-enc", "UTF-8", str(tmp_path / "r.pdf"), str(tmp_path / "r.txt")],
                   check=True)
    return " ".join((tmp_path / "r.txt").read_text(encoding="utf-8").split())


@pytest.mark.parametrize("pledge_id", list(PERIODS))
def test_pdf_names_its_source_as_a_reader_would(example_store, pdfs, tmp_path, pledge_id):
    pledge = next(p for p in example_store.pledges() if p.id == pledge_id)
    text = _pdf_text(pdfs[pledge_id], tmp_path)
    source = text[text.index("Källa"):text.index("I korthet")]  # a row of the facts
    assert (pledge.source_title or pledge.title) in source
    day = pledge.source_date or pledge.signed_date
    assert day is not None and formats.long_date(day, "sv") in source
    assert not re.search(r"\w+\.(txt|pdf|docx?)\b", text), "a file name in the report"


@pytest.mark.parametrize("pledge_id", list(PERIODS))
def test_pdf_names_the_municipality_in_correct_swedish(example_store, pdfs, tmp_path, pledge_id):
    pledge = next(p for p in example_store.pledges() if p.id == pledge_id)
    text = _pdf_text(pdfs[pledge_id], tmp_path)
    official = formats.municipality(pledge.kommun, "sv")
    assert official in text
    if official != f"{pledge.kommun} kommun":
        assert f"{pledge.kommun} kommun" not in text


@pytest.mark.parametrize("pledge_id", list(PERIODS))
def test_report_title_says_medborgarlofte_once(example_store, pledge_id):
    page = report.html(_built(example_store, pledge_id), "sv")
    title = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)
    assert len(re.findall("medborgarlöf", title.lower())) <= 1, title


@pytest.mark.parametrize("pledge_id", list(PERIODS))
def test_pdf_says_its_period_and_figures_in_swedish(example_store, pdfs, tmp_path, pledge_id):
    built = _built(example_store, pledge_id)
    text = _pdf_text(pdfs[pledge_id], tmp_path)
    name = formats.period_name(built.period, "sv")
    assert name[0].upper() + name[1:] in text
    if built.period.is_quarter:
        assert built.period.label not in text  # "2019Q2" is a code, not Swedish
    for progress in built.progress:  # thousands grouped as Swedish print does (3 057)
        assert formats.number(progress.achieved, "sv").replace("\u00a0", " ") in text


def test_a_routine_repeated_in_the_period_is_one_line_with_its_count(example_store):
    built = _built(example_store, "staffanstorp-2018-2019")
    titles = built.activities["title"].value_counts()
    repeated, times = titles.index[0], int(titles.iloc[0])
    assert times > 2  # the weekly information exchange
    page = report.html(built, "sv")
    assert page.count(f"<td>{repeated}</td>") == 1
    assert f"{times} tillfällen" in page


def test_pdf_renders_to_pages(pdfs, tmp_path):
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed; make test installs it")
    pdf = pdfs["staffanstorp-2018-2019"]
    assert pdf.startswith(b"%PDF")
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / "r.pdf"), str(tmp_path / "p")],
                   check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) >= 2 and all(page.stat().st_size > 2000 for page in pages)
    artefacts = ROOT / "artifacts"
    artefacts.mkdir(exist_ok=True)
    shutil.copy(pages[0], artefacts / "report_page1.png")


@pytest.mark.parametrize(("args", "message"), [
    (["--pledge", "nope", "--quarter", "2019Q2"], "unknown pledge"),
    (["--pledge", "tyreso-2018", "--quarter", "2019Q5"], "is not a quarter"),
    (["--pledge", "tyreso-2018", "--quarter", "2020Q1"], "outside the pledge period"),
])
def test_cli_report_refuses_bad_input_on_one_line(example_store, tmp_path, args, message):
    completed = subprocess.run(
        [sys.executable, "-m", "geo", "report", *args, "--out", str(tmp_path / "x"),
         "--db", str(example_store.path)], cwd=ROOT, capture_output=True, text=True,
    )
    assert completed.returncode == 2
    assert completed.stderr.count("\n") == 1 and message in completed.stderr
    assert not (tmp_path / "x").exists()


def test_cli_report_writes_each_format(example_store, tmp_path):
    for fmt in ("html", "csv", "pdf"):
        out = tmp_path / f"r.{fmt}"
        assert cli_main(["report", "--pledge", "staffanstorp-2018-2019", "--quarter", "2019Q2",
                         "--format", fmt, "--out", str(out), "--db", str(example_store.path)]) == 0
        assert out.stat().st_size > 500
    assert (tmp_path / "r.csv").read_bytes().startswith("\ufeffÅtagande;Mål;".encode())


def test_all_seed_pledges_have_a_report_period():
    assert set(PERIODS) == {p.id for p in load_pledges()}
