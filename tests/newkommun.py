"""The README's "Ny kommun" / "A new municipality" commands, read and run as written.

Shared by :mod:`tests.test_readme_new_municipality` (every command of both languages) and
the browser test of the same path (:mod:`tests.browser.test_new_municipality_browser`).
The commands run in a folder of their own that holds what they name (``.venv``, ``geo``
and ``data/examples``, linked in), on the store that ``TRYGGHETSKARTAN_DB`` names instead
of the README's ``export`` line, so that nothing lands in the checkout.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "data" / "examples"
#: Each language's section: its heading and the heading that follows it.
SECTIONS = {"sv": ("## Ny kommun\n", "## Vad som finns\n"),
            "en": ("## A new municipality\n", "## What is in it\n")}
#: Where each section's numbered steps end (its paragraph on several municipalities).
SEVERAL = {"sv": "**Flera kommuner", "en": "**Several municipalities"}
EXPORT = "export TRYGGHETSKARTAN_DB=data/strangnas.gpkg"


def commands(lang: str, *, numbered_only: bool = False) -> list[str]:
    """The section's shell commands in ``lang``, in order, as written."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = SECTIONS[lang]
    section = text[text.index(start):text.index(end)]
    if numbered_only:
        section = section[:section.index(SEVERAL[lang])]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def project_folder(folder: Path) -> Path:
    """A new working folder with what the commands name: .venv, geo, data/examples."""
    folder.mkdir()
    for name in (".venv", "geo"):
        (folder / name).symlink_to(ROOT / name)
    (folder / "data").mkdir()
    (folder / "data" / "examples").symlink_to(EXAMPLES)
    return folder


def run(line: str, folder: Path, db: Path) -> str:
    """Run one command in ``folder`` on the store ``db``; its output (it must succeed)."""
    done = subprocess.run(line, shell=True, executable="/bin/bash", cwd=folder,
                          env={**os.environ, "TRYGGHETSKARTAN_DB": str(db)},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{line}\n{done.stdout}{done.stderr}"
    return done.stdout


def out_path(line: str) -> str:
    """The ``--out`` of a command."""
    return line.split("--out ")[1].split()[0]
