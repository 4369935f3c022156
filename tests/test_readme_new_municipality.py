"""Every command of the README's "Ny kommun" and "A new municipality", run as written on a
fresh store: an empty store, the first admin, the municipality's code, its pledge, its first
file, its first report, its public site, and the editor of several municipalities."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.newkommun import EXPORT, commands, out_path, project_folder, run


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_readme_path_from_an_empty_store_to_the_public_site(tmp_path: Path,
                                                                 lang: str) -> None:
    lines = commands(lang)
    assert lines[0] == EXPORT  # the store is named by the environment instead
    folder = project_folder(tmp_path / "work")
    db = tmp_path / "strangnas.gpkg"
    said = {line: run(line, folder, db) for line in lines[1:]}
    by_command = {next(word for word in ("init", "user add --email admin", "boundaries",
                                         "--dry-run", "pledge import", "geo import",
                                         "report", "publish", "samordnare", "pledge list")
                       if word in line): out for line, out in said.items()}
    assert by_command["init"] == f"created {db}: 0 pledges\n"
    assert by_command["boundaries"] == "0486 Strängnäs\n"
    assert by_command["--dry-run"] == "would create strangnas-2019: 2 commitments\n"
    assert by_command["pledge import"] == "created strangnas-2019: 2 commitments (version 1)\n"
    assert by_command["geo import"].startswith("Imported 3 new neighbourhood-watch areas")
    assert by_command["samordnare"] == "saved samordnare@ystad.se (editor: 1286, 1270, 1265)\n"
    assert by_command["pledge list"].split("\t")[:2] == ["strangnas-2019", "0486 Strängnäs"]

    report_line = next(line for line in lines if " -m geo report " in line)
    report = (folder / out_path(report_line)).read_text(encoding="utf-8")
    assert "Minst 8 nya grannsamverkansområden." in report
    publish_line = next(line for line in lines if " -m geo publish " in line)
    site = folder / out_path(publish_line)
    assert (site / "index.html").is_file()
    pledge_page = (site / "pledges" / "strangnas-2019.html").read_text(encoding="utf-8")
    # two of the file's three watch areas started in 2019: 2 of 8
    assert ("<td>Minst 8 nya grannsamverkansområden.</td><td>8 grannsamverkansområden</td>"
            "<td>2</td>") in pledge_page
