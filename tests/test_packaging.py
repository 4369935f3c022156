"""The package: its wheel, its command, its dependencies and the lock files.

The wheel is built offline from a copy of the sources (``--no-build-isolation`` with the
setuptools of the test environment), installed without dependencies into a fresh virtual
environment that also sees this environment's packages, and its ``trygghetskartan``
command is run in a folder outside the checkout: it can only find its data files (the
example pledges, the police areas, catalogs, templates) inside the installed package.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

import geo

ROOT = Path(__file__).resolve().parents[1]
RUNTIME = ("requirements.txt", "requirements-postgis.txt")
DEV = ("requirements-dev.txt",)
_REQUIREMENT = re.compile(r"^([A-Za-z0-9_.-]+)(\[[a-z,]+\])?==(\S+)")


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def pins(*files: str) -> dict[str, str]:
    """``{normalised name: version}`` of the requirement lines in ``files``."""
    result = {}
    for file in files:
        for line in (ROOT / file).read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line:
                match = _REQUIREMENT.match(line)
                assert match, f"{file}: not one pinned requirement: {line!r}"
                result[_name(match[1])] = match[3]
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md", *RUNTIME, *DEV):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.gpkg*", "*.pyc")
    shutil.copytree(ROOT / "geo", source / "geo", symlinks=True, ignore=ignore)
    shutil.copytree(ROOT / "data", source / "data", ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", "-w", str(out), str(source)],
                   check=True, capture_output=True)
    (built,) = out.glob("trygghetskartan-*.whl")
    return built


def test_the_wheel_holds_the_command_and_every_file_geo_reads(wheel):
    assert wheel.name == f"trygghetskartan-{geo.__version__}-py3-none-any.whl"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"trygghetskartan-{geo.__version__}.dist-info"
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        meta = archive.read(f"{info}/METADATA").decode()
    assert "trygghetskartan = geo.cli.main:main" in entry_points
    shipped = {path.relative_to(ROOT).as_posix() for path in (ROOT / "geo").rglob("*")
               if path.is_file() and "__pycache__" not in path.parts
               and "_data" not in path.parts}
    assert shipped - names == set()  # code, catalogs, templates, site assets, migrations
    assert {f"geo/_data/{name}" for name in ("pledges.yaml", "police_areas.csv",
                                             "police_regions.csv")} <= names
    assert not [name for name in names if name.startswith("geo/_data/")
                and not name.endswith((".yaml", ".csv"))]  # no store, no sources
    requires = set(re.findall(r"^Requires-Dist: (.+)$", meta, re.MULTILINE))
    assert "streamlit==1.67.0" in requires and "Authlib==1.9.10" in requires
    assert 'SQLAlchemy==2.1.9; extra == "postgis"' in requires


def test_the_installed_command_runs_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], check=True, capture_output=True, text=True)
    # the dependencies come from this environment (nothing is downloaded)
    Path(site.stdout.strip(), "shared.pth").write_text(sysconfig.get_paths()["purelib"])
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True)
    command = venv / "bin" / "trygghetskartan"
    work = tmp_path / "work"
    work.mkdir()

    def run(*args: str) -> str:
        done = subprocess.run([command, *args], cwd=work, capture_output=True, text=True,
                              env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert run("--version") == f"trygghetskartan {geo.__version__}\n"
    out = run("init", "--example")  # the default store: in the working folder
    assert out.startswith("created trygghetskartan.gpkg: ") and "example data" in out
    run("report", "--pledge", "tomelilla-2020", "--quarter", "2020Q4", "--out", "r.html")
    assert "Tomelilla" in (work / "r.html").read_text(encoding="utf-8")
    run("lagesbild", "--kommun", "1270", "--year", "2021", "--out", "l.html")  # its template
    assert "Tomelilla" in (work / "l.html").read_text(encoding="utf-8")
    located = subprocess.run([python, "-c", "import geo; print(geo.__file__)"], cwd=work,
                             check=True, capture_output=True, text=True).stdout
    assert located.startswith(str(venv))  # the installed copy ran, not the checkout


def test_the_locks_pin_every_requirement_with_hashes():
    for lock, files in (("requirements.lock", RUNTIME),
                        ("requirements-dev.lock", (*RUNTIME, *DEV))):
        text = (ROOT / lock).read_text(encoding="utf-8")
        entries = re.findall(r"^([A-Za-z0-9_.-]+)(?:\[[a-z,]+\])?==(\S+)(?: ;[^\\\n]+)?"
                             r"((?: \\\n\s+--hash=sha256:[0-9a-f]{64})+)", text, re.MULTILINE)
        locked = {_name(name): version for name, version, _ in entries}
        assert len(entries) == len(re.findall(r"^[A-Za-z0-9]", text, re.MULTILINE))
        wanted = pins(*files)
        assert {n: v for n, v in wanted.items() if locked.get(n) != v} == {}, \
            f"{lock} is out of date: run make lock"


def test_every_third_party_import_is_a_requirement():
    modules: set[str] = set()
    files = [*ROOT.joinpath("geo").rglob("*.py"), *ROOT.joinpath("app").rglob("*.py"),
             *ROOT.joinpath("views").rglob("*.py"), ROOT / "dashboard.py", ROOT / "asgi.py"]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    modules -= {*sys.stdlib_module_names, "geo", "app", "views", "__future__"}
    providers = metadata.packages_distributions()
    required = pins(*RUNTIME)
    missing = {m: providers.get(m) for m in modules
               if not any(_name(d) in required for d in providers.get(m, []))}
    assert missing == {}, "imported but not in requirements*.txt"


def test_a_postgresql_store_without_the_extra_is_refused_in_one_line(monkeypatch, capsys):
    from geo.cli.main import main

    monkeypatch.setitem(sys.modules, "sqlalchemy", None)  # as if not installed
    for module in [m for m in sys.modules if m.startswith("geo.store.postgis")]:
        monkeypatch.delitem(sys.modules, module)
    assert main(["init", "--db", "postgresql://editor@localhost/kommun"]) == 2
    assert capsys.readouterr().err == (
        "geo: error: a PostgreSQL store needs sqlalchemy: install trygghetskartan[postgis] "
        "(requirements-postgis.txt)\n")
