"""The walk protocol: the walk's findings in order, public fields only, text escaped."""

from __future__ import annotations

from geo.report import protocol
from tests import fixture_data as fx


def test_protocol_lists_the_findings_in_walk_order_and_escapes_text(tmp_path):
    store = fx.build(tmp_path / "p.gpkg")
    walk = store.get("walks", store.list("walks")["id"].iloc[0])
    table = protocol.rows(store, walk, "sv")
    assert [row["Stopp"] for row in table] == [1, 2]
    assert table[0]["Status"] == "Klar" and table[0]["Ansvarig"] == "Kommunen"
    page = protocol.html(store, walk, "en")
    assert "<img" not in page and "&lt;img src=x" in page  # name and texts escaped
    for private in fx.PRIVATE_TEXTS:
        assert private not in page
    lines = protocol.csv_bytes(store, walk, "en").decode("utf-8-sig").splitlines()
    assert lines[0] == "Stop;Place;Observation;Proposed action;Responsible;Status"
    assert len(lines) == 3
    assert protocol.pdf(store, walk, "sv").startswith(b"%PDF")


def test_the_protocol_csv_guards_formulas_and_hides_exact_sensitive_places(tmp_path,
                                                                        monkeypatch):
    import csv
    import io


    monkeypatch.setenv("TRYGGHETSKARTAN_SENSITIVE", "lighting")
    store = fx.build(tmp_path / "p.gpkg")
    walk = store.get("walks", store.list("walks")["id"].iloc[0])
    findings = store.list("findings", public=False).sort_values("number")
    exact = findings.iloc[0].geometry
    plain = findings.iloc[1]  # vegetation: not sensitive, its typed text is shown
    store.update("findings", plain["id"], {"proposed_action": "=HYPERLINK(\"http://x\")"},
                 int(plain["version"]), "test")
    rows = list(csv.reader(io.StringIO(protocol.csv_bytes(store, walk, "sv").decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[2][3] == "'=HYPERLINK(\"http://x\")"  # guarded
    assert rows[1][3] == ""  # a sensitive finding's typed text is not in the minutes
    assert f"{exact.y:.5f}" not in rows[1][1] and "250 m" in rows[1][1]
    assert f"{exact.y:.5f}" not in protocol.html(store, walk, "sv")
    # the second finding (vegetation) is not sensitive: its exact place
    second = store.list("findings", public=False).sort_values("number").iloc[1].geometry
    assert rows[2][1] == f"{second.y:.5f}, {second.x:.5f}"
