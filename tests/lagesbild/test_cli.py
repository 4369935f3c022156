"""``python -m geo lagesbild``: each format and part written, one audit line, one-line refusals."""

from __future__ import annotations

import getpass
import io

import docx as python_docx
import pytest

from geo.cli import main as cli

KOMMUN = ["--kommun", "1270", "--as-of", "2021-12-31"]


@pytest.mark.parametrize(("fmt", "extra", "action"), [
    ("html", ["--years", "2020-2021", "--map-base", "https://karta.tomelilla.se/", "--areas",
              "grid1000"], "lagesbild"),
    ("pdf", ["--year", "2021", "--plan", "--public", "--lang", "en"], "plan"),
    ("docx", ["--year", "2020-2021", "--plan"], "plan"),
])
def test_the_command_writes_the_file_and_one_audit_line(store, tmp_path, audit_log, capsys,
                                                          fmt, extra, action):
    out = tmp_path / f"doc.{fmt}"
    assert cli.main(["lagesbild", *KOMMUN, *extra, "--format", fmt, "--out", str(out),
                     "--db", str(store.path)]) == 0
    data = out.read_bytes()
    if fmt == "html":
        assert b'href="https://karta.tomelilla.se/?kommun=1270' in data
        assert "Otrygga platser per område".encode() in data  # the squares' figures
        assert "Dialoger som har hållits".encode() in data  # the example's saved sections
    elif fmt == "pdf":
        assert data.startswith(b"%PDF")
    else:
        assert python_docx.Document(io.BytesIO(data)).tables
    lines = [e for e in audit_log() if e["event"] == "export"]
    assert len(lines) == 1, lines
    line = lines[0]
    assert (line["action"], line["format"], line["kommun"], line["who"]) == (
        action, fmt, "1270", f"cli:{getpass.getuser()}")
    assert line["public"] == ("--public" in extra) and line["bytes"] == len(data)
    assert str(out) in capsys.readouterr().out


@pytest.mark.parametrize(("args", "said"), [
    (["--kommun", "9999", "--year", "2021"], "okänd kommunkod 9999"),
    (["--kommun", "1270", "--year", "20x1", "--lang", "en"], "20x1 is not a year"),
    (["--kommun", "1270", "--years", "2021-2019"], "2021-2019 är inte ett år"),
    (["--kommun", "1270"], "ange året"),
    (["--year", "2021"], "ange --kommun, --police-area eller båda"),
    (["--kommun", "1270", "--police-area", "Borlänge", "--year", "2021"],
     "kommunen 1270 hör inte till lokalpolisområdet Borlänge"),
    (["--police-area", "Atlantis", "--year", "2021"], "okänt lokalpolisområde Atlantis"),
    (["--kommun", "1270", "--year", "2021", "--plan-id", "nope"], "ingen åtgärdsplan nope"),
    (["--kommun", "1270", "--year", "2021", "--as-of", "igår"], "igår är inte ett datum"),
])
def test_a_refusal_is_one_line_in_the_chosen_language(store, tmp_path, capsys, args, said):
    out = tmp_path / "x.html"
    assert cli.main(["lagesbild", *args, "--out", str(out), "--db", str(store.path)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and said in err, err
    assert "Traceback" not in err and not out.exists()


def test_a_file_that_cannot_be_written_is_refused_without_its_path(store, tmp_path, capsys):
    out = tmp_path / "missing-folder" / "x.html"
    assert cli.main(["lagesbild", *KOMMUN, "--year", "2021", "--out", str(out),
                     "--db", str(store.path)]) == 2
    err = capsys.readouterr().err.strip()
    assert "filen kunde inte skrivas" in err and "missing-folder" not in err


def test_a_municipality_with_its_police_area_gives_the_area_s_lagesbild(store, tmp_path):
    """The issue's form ``--kommun K --year Y --police-area NAME``: the area's municipalities."""
    out = tmp_path / "ystad.html"
    assert cli.main(["lagesbild", *KOMMUN, "--police-area", "Ystad", "--year", "2020",
                     "--out", str(out), "--db", str(store.path)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "lokalpolisområdet Ystad" in page
    assert "?kommun=1270" in page and "?kommun=1291" in page  # a link per municipality
