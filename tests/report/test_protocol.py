"""The walk protocol: the walk's findings in order, public fields only, text escaped."""

from __future__ import annotations

from geo.report import protocol
from tests import fixture_data as fx


def test_protocol_lists_the_findings_in_walk_order_and_escapes_text(tmp_path):
    store = fx.build(tmp_path / "p.gpkg")
    walk = store.get("walks", store.list("walks")["id"].iloc[0])
    table = protocol.rows(store, walk, "sv")
    assert [row["Stopp"] for row in table] == ["1", "2"]
    assert table[0]["Status"] == "Klar" and table[0]["Ansvarig"] == "Kommunen"
    page = protocol.html(store, walk, "en")
    assert "<img" not in page and "&lt;img src=x" in page  # name and texts escaped
    for private in fx.PRIVATE_TEXTS:
        assert private not in page
    lines = protocol.csv_text(store, walk, "en").splitlines()
    assert lines[0] == "Stop,Place,Observation,Proposed action,Responsible,Status"
    assert len(lines) == 3
    assert protocol.pdf(store, walk, "sv").startswith(b"%PDF")
