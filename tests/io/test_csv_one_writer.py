"""Every CSV the app and the CLI write goes through :mod:`geo.io.csvwrite`: no other writer."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The app's and the CLI's code (tests and tools may read and write CSV as they like).
CODE = [*sorted((ROOT / "geo").rglob("*.py")), *sorted((ROOT / "app").rglob("*.py")),
        *sorted((ROOT / "views").rglob("*.py")), ROOT / "dashboard.py", ROOT / "asgi.py"]
THE_WRITER = ROOT / "geo" / "io" / "csvwrite.py"
#: Calls that write CSV: ``csv.writer``, ``csv.DictWriter``, ``DataFrame.to_csv``.
WRITERS = {"writer", "DictWriter", "to_csv"}


def _writer_calls(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            owner = node.func.value
            if name == "to_csv" or (name in WRITERS and isinstance(owner, ast.Name)
                                    and owner.id == "csv"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
        elif isinstance(node, ast.ImportFrom) and node.module == "csv":
            found += [f"{path.relative_to(ROOT)}:{node.lineno} from csv import {a.name}"
                      for a in node.names if a.name in WRITERS]
    return found


def test_no_module_but_csvwrite_writes_csv():
    calls = [call for path in CODE if path.exists() and path != THE_WRITER
             for call in _writer_calls(path)]
    assert calls == [], "write CSV through geo.io.csvwrite:\n" + "\n".join(calls)


def test_the_check_sees_a_writer():
    """The check itself finds the calls it forbids (in the one module allowed them)."""
    assert _writer_calls(THE_WRITER)
