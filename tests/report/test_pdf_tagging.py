"""Every kind of PDF the product writes is tagged for screen readers (PDF/UA-1).

veraPDF is not available here, so the checks read what PDF/UA asks of a tagged file with
pikepdf: the file says it is tagged, names its language and title (and viewers show the
title), and its structure tree holds the document's headings, paragraphs, tables with
header cells and figures, each figure with an alternative text.
"""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from geo.cli import main as cli
from geo.domain import periods
from geo.meeting import agenda as meeting
from geo.meeting import report as meeting_report
from geo.report import build, protocol, render
from tests import fixture_data

SURVEY = Path(__file__).resolve().parents[1] / "data" / "survey"


def structure(pdf: bytes) -> tuple[dict[str, str], Counter[str], list[str | None]]:
    """The catalog facts, the structure types counted, and each figure's ``/Alt``."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        root = doc.Root
        facts = {
            "marked": str(root.get("/MarkInfo", {}).get("/Marked", False)),
            "lang": str(root.get("/Lang", "")),
            "title": str(doc.docinfo.get("/Title", "")),
            "display_title": str(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle",
                                                                          False)),
        }
        kinds: Counter[str] = Counter()
        alts: list[str | None] = []
        tree = root.get("/StructTreeRoot")
        stack = [tree] if tree is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
                continue
            if not isinstance(node, pikepdf.Dictionary):
                continue  # a marked-content id
            kind = str(node.get("/S", ""))[1:]
            if kind:
                kinds[kind] += 1
            if kind == "Figure":
                alts.append(str(node["/Alt"]) if "/Alt" in node else None)
            if "/K" in node:
                stack.append(node["/K"])
    return facts, kinds, alts


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """One PDF of each kind, in Swedish, from the fixture store."""
    path = tmp_path_factory.mktemp("tagged") / "fixture.gpkg"
    store = fixture_data.build(path)
    pledge = next(p for p in store.pledges() if p.id == "tomelilla-2020")
    walk = store.get("walks", store.list("walks")["id"].iloc[0])
    agenda = meeting.build(store, "1270", date(2020, 9, 1), date(2020, 12, 31))
    result = {
        "report": render.pdf(build(store, pledge, periods.parse("2020Q4")), "sv"),
        "protocol": protocol.pdf(store, walk, "sv"),
        "snapshot": meeting_report.pdf(agenda, "sv", pledge_title=pledge.title,
                                       example=False),
    }
    assert cli.main(["survey", "import", str(SURVEY / "deso_good.csv"), "--kommun", "1270",
                     "--kind", "deso", "--areas", str(SURVEY / "deso_areas.geojson"),
                     "--db", str(path)]) == 0
    out = path.with_name("survey.pdf")
    assert cli.main(["snapshot", "--kommun", "1270", "--since", "2020-09-01", "--until",
                     "2020-12-31", "--view", "survey", "--year", "2020", "--out", str(out),
                     "--db", str(path)]) == 0
    result["survey snapshot"] = out.read_bytes()
    return result


@pytest.mark.parametrize("kind", ["report", "protocol", "snapshot", "survey snapshot"])
def test_the_pdf_is_tagged_with_language_title_tables_and_described_figures(pdfs, kind):
    facts, kinds, alts = structure(pdfs[kind])
    assert facts["marked"] == "True", "not marked as tagged (/MarkInfo /Marked)"
    assert facts["lang"] == "sv"
    assert facts["title"] and facts["display_title"] == "True"
    assert kinds["Document"] == 1 and kinds["H1"] == 1
    for needed in ("P", "Table", "TR", "TH", "TD"):
        assert kinds[needed] > 0, f"no {needed} in the structure tree"
    assert kinds["Figure"] == len(alts) == (0 if kind == "protocol" else 1)  # the map
    for alt in alts:  # read in place of the map: what it shows, in the document's language
        assert alt and alt.startswith("Karta över Tomelilla kommun: "), alts


def test_the_check_sees_an_untagged_pdf():
    from weasyprint import HTML

    page = "<html lang='sv'><title>T</title><h1>Rubrik</h1><p>Text</p></html>"
    facts, kinds, alts = structure(HTML(string=page).write_pdf())
    assert facts["marked"] != "True" and not kinds
