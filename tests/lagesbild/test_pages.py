"""Every page as PNG, for a person to look at: the PDFs and the DOCX as LibreOffice prints it.

The DOCX is opened by LibreOffice (a private profile, a time limit) and converted to PDF:
a file Word-compatible software cannot open would fail here. The PNGs land in
``artifacts/lagesbild/`` (``pdftoppm -r 60``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from geo import lagesbild
from tests.lagesbild.conftest import ARTIFACTS

TOOLS = ("soffice", "pdfinfo", "pdftoppm")


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    return int(next(line.split()[-1] for line in info.splitlines()
                    if line.startswith("Pages:")))


def pngs(pdf: Path, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(ARTIFACTS / name)],
                   check=True, timeout=120)


@pytest.fixture(scope="module")
def tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (make test installs them)")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_docx_opens_in_libreoffice_and_every_page_is_drawn(docs, tools, tmp_path, lang):
    for part in lagesbild.PARTS:
        doc = docs[(lang, part == "lagesbild")]  # the example's texts; the plan's names
        word = tmp_path / f"{part}-{lang}.docx"
        word.write_bytes(lagesbild.docx(doc, part))
        profile = tmp_path / "lo-profile"
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(word)],
                       check=True, capture_output=True, timeout=180)
        printed = word.with_suffix(".pdf")
        assert printed.is_file() and pages(printed) >= 1
        pngs(printed, f"docx-{part}-{lang}")
        own = tmp_path / f"{part}-{lang}.pdf"
        own.write_bytes(lagesbild.pdf(doc, part))
        assert pages(own) >= 1
        pngs(own, f"pdf-{part}-{lang}")
