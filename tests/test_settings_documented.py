"""Every setting the code reads is documented in both halves of the README.

A municipality's IT department configures the service from the README alone: a
``TRYGGHETSKARTAN_*`` variable that the code reads but the README does not name (in Swedish
and in English) is a setting nobody can find.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [*ROOT.joinpath("geo").rglob("*.py"), *ROOT.joinpath("app").rglob("*.py"),
           ROOT / "dashboard.py", ROOT / "asgi.py"]
NAME = re.compile(r"""["'](TRYGGHETSKARTAN_[A-Z0-9_]+)["']""")


def settings_in_code() -> set[str]:
    return {name for path in SOURCES for name in NAME.findall(path.read_text(encoding="utf-8"))}


def test_the_code_reads_settings_at_all():
    # the pattern still finds them (a refactor to another spelling would make the test empty)
    assert {"TRYGGHETSKARTAN_DB", "TRYGGHETSKARTAN_AUDIT_LOG",
            "TRYGGHETSKARTAN_OPENDATA_LICENCE"} <= settings_in_code()


def test_every_setting_is_in_the_swedish_and_the_english_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    swedish, english = readme.split("\n# Trygghetskartan (English)", 1)
    missing = {name: [half for half, text in (("sv", swedish), ("en", english))
                      if f"`{name}" not in text]
               for name in settings_in_code()}
    assert {name: halves for name, halves in missing.items() if halves} == {}
