"""What the library ``geo/`` may import: no Streamlit anywhere, SQLAlchemy only for PostGIS."""

import ast
import subprocess
import sys
from pathlib import Path

GEO = Path(__file__).resolve().parent.parent / "geo"


def _imported(path: Path) -> set[str]:
    """Top-level package names a module imports (at any depth of its code)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_under_geo_imports_streamlit():
    modules = sorted(GEO.rglob("*.py"))
    assert len(modules) > 50  # the walk found the library
    offenders = [str(p.relative_to(GEO.parent)) for p in modules if "streamlit" in _imported(p)]
    assert offenders == []


def test_opening_a_geopackage_store_does_not_load_sqlalchemy():
    code = ("import sys, geo.store; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=GEO.parent).stdout
    assert out.strip() == "[]"
