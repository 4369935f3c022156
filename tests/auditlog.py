"""The audit log in tests: the ``audit_log`` fixture and a reader of its JSON lines.

``audit_log`` sends the log to a file of the test's own and gives a function that returns
the lines written since the last call (parsed), so a test asserts exactly the lines one
action left. tests/conftest.py loads this module as a plugin, so every test may ask for it.

Elsewhere the suite's own writes (fixtures, other tests, the commands they start) log to
``os.devnull``: a test that reads what a command printed on standard error reads only the
command's words. The browser tests' servers log to their standard error, as deployed
(tests/browser/conftest.py), and tests/test_audit.py checks that default itself.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from geo import audit, config

#: The fields every line has.
REQUIRED = ("time", "level", "event", "action", "outcome", "who", "role", "client", "layer",
            "record", "version", "count")

Entry = dict[str, Any]


def pytest_configure() -> None:
    os.environ[config.AUDIT_LOG_ENV] = os.devnull  # the commands started inherit it


def entries(text: str) -> list[Entry]:
    """The audit lines in a log's text (a server log holds other lines too)."""
    return [json.loads(line) for line in text.splitlines()
            if line.startswith("{") and '"event":' in line]


@pytest.fixture
def audit_log(tmp_path: Path) -> Iterator[Callable[[], list[Entry]]]:
    """``audit_log()``: the audit lines written since the previous call, each with every
    required field."""
    path = tmp_path / "audit.log"
    audit.configure(str(path), "INFO")
    read = {"lines": 0}

    def new_lines() -> list[Entry]:
        lines = path.read_text(encoding="utf-8").splitlines()
        fresh, read["lines"] = lines[read["lines"]:], len(lines)
        found = [json.loads(line) for line in fresh]
        for entry in found:
            missing = [name for name in REQUIRED if name not in entry]
            assert not missing, (missing, entry)
        return found

    yield new_lines
    audit.configure()  # back to the configured destination
