"""Issue 14, item 7: one rule for sensitive places in every public view, walked view by view.

A drugs place and a harassment finding whose typed text holds a unique marker: no public
view (map payload, table, details, every export format, meeting view and PDF, follow-up
report, walk protocol, Tomelilla's walk check, the published site) shows the marker or
the exact point; the staff read shows both.
"""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

from geo import map as geomap
from geo import report
from geo.domain import followup, layers, periods
from geo.domain.filters import Filter
from geo.domain.model import LAYERS, Finding, UnsafePlace
from geo.io import export as exporting
from geo.map import view
from geo.meeting import agenda as meeting
from geo.meeting import report as meeting_report
from geo.report import protocol
from geo.site import publish
from geo.spatial import public
from tests import sensitive_fixture as sf
from tests.export_text import export_text

FLT = Filter("1270", 2020, 2020)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return sf.build(tmp_path_factory.mktemp("sensitive") / "store.gpkg")


def pdf_text(data: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode("utf-8")


def frame_text(frames) -> str:
    return "\n".join(frame.drop(columns="geometry").to_csv()
                     for frame in frames.values())


def exact_points_in(frames) -> list[Point]:
    shapes = [g for frame in frames.values() for g in frame.geometry if g is not None]
    return [p for p in (sf.PLACE_POINT, sf.FINDING_POINT) if any(g.equals(p) for g in shapes)]


def test_the_rule_empties_free_text_and_moves_the_point():
    frame = gpd.GeoDataFrame({"category": ["drugs", "lighting"], "description": ["a", "b"],
                              "proposed_action": ["c", "d"], "status_reason": ["e", "f"]},
                             geometry=[sf.PLACE_POINT, sf.PLACE_POINT], crs=4326)
    out = public.generalise("findings", frame)
    assert list(out["description"]) == ["", "b"] and list(out["proposed_action"]) == ["", "d"]
    assert list(out["status_reason"]) == ["", "f"]
    assert not out.geometry.iloc[0].equals(sf.PLACE_POINT)
    assert out.geometry.iloc[1].equals(sf.PLACE_POINT)
    assert list(frame["description"]) == ["a", "b"]  # the input is not changed


def test_one_record_as_the_public_sees_it():
    place = UnsafePlace(kommun_kod="1270", geometry=sf.PLACE_POINT, category="harassment",
                        source="police", reported_date="2020-01-01", description=sf.MARKER)
    shown = public.public_record(place)
    assert shown.description == "" and not shown.geometry.equals(sf.PLACE_POINT)
    assert place.description == sf.MARKER  # the stored record is not changed
    other = place.replace(category="lighting")
    assert public.public_record(other) is other


def test_the_map_table_and_details_never_show_the_marker(store):
    frames = view.select(store, FLT)
    assert sf.MARKER not in frame_text(frames)
    assert not exact_points_in(frames)
    for layer in LAYERS:
        payload = geomap.layer_payload(layer, frames[layer])
        assert sf.MARKER not in json.dumps(payload, default=str)
    table = view.table(frames, "sv", {})
    assert sf.MARKER not in table.to_csv()
    for layer in ("unsafe_places", "findings"):
        for record_id in frames[layer]["id"]:
            record = view.public_record(store, layer, record_id)
            assert sf.MARKER not in str(view.details(record, "sv", {}, public=True))
            if record.category in ("drugs", "harassment"):
                assert not record.geometry.equals(sf.PLACE_POINT)
                assert not record.geometry.equals(sf.FINDING_POINT)


@pytest.mark.parametrize("fmt", exporting.FORMATS)
def test_public_exports_never_show_the_marker(store, fmt):
    layers = ["findings"] if fmt in exporting.SINGLE_LAYER else list(LAYERS)
    for chosen in (["unsafe_places"], layers) if fmt in ("geojson", "csv") else (layers,):
        data = exporting.export(exporting.select(store, FLT, chosen, public=True), fmt)
        text = export_text(data, fmt, Path(store.path).parent)
        assert sf.MARKER not in text, (fmt, chosen)


def test_the_meeting_view_and_its_pdf_never_show_the_marker(store):
    agenda = meeting.build(store, "1270", date(2020, 1, 1), date(2020, 12, 31))
    assert sum(len(step.records) for step in agenda.steps) > 0
    rows = "".join(meeting_report.step_rows(step, "sv").to_csv() for step in agenda.steps)
    assert sf.MARKER not in rows
    html = meeting_report.html(agenda, "sv", pledge_title="Tomelilla", example=False)
    assert sf.MARKER not in html
    assert sf.MARKER not in pdf_text(meeting_report.pdf(agenda, "sv", pledge_title="T",
                                                        example=False))


def test_follow_up_report_walk_check_and_protocol_never_show_the_marker(store):
    pledge = next(p for p in store.pledges() if p.id == "tomelilla-2020")
    checks = followup.walk_checks(pledge, followup.load(store, pledge), date(2021, 1, 1))
    assert any(len(c.selected) == 3 for c in checks)  # the sensitive finding is counted
    assert sf.MARKER not in str(checks)
    built = report.build(store, pledge, periods.Period.year(2020))
    assert sf.MARKER not in report.html(built, "sv")
    assert sf.MARKER not in report.csv_bytes(built, "sv").decode("utf-8")
    assert sf.MARKER not in pdf_text(report.pdf(built, "sv"))
    walk = store.get("walks", store.list("walks", FLT)["id"].iloc[0])
    assert sf.MARKER not in protocol.html(store, walk, "sv")
    assert sf.MARKER not in protocol.csv_bytes(store, walk, "sv").decode("utf-8")
    assert sf.MARKER not in pdf_text(protocol.pdf(store, walk, "sv"))


def test_the_published_site_never_shows_the_marker(store, tmp_path):
    written = publish.publish(store, "1270", tmp_path / "site", today=date(2021, 3, 1))
    for path in written:
        if path.suffix in (".html", ".js", ".json", ".csv", ".txt"):
            assert sf.MARKER not in path.read_text(encoding="utf-8"), path


def test_staff_see_the_text_and_the_exact_point(store):
    frames = view.select(store, FLT, public=False)
    assert sf.MARKER in frame_text(frames)
    assert exact_points_in(frames) == [sf.PLACE_POINT, sf.FINDING_POINT]
    finding_id = frames["findings"].loc[frames["findings"]["category"] == "harassment",
                                        "id"].iloc[0]
    record = store.get("findings", finding_id)
    assert isinstance(record, Finding) and sf.MARKER in record.proposed_action


@pytest.mark.parametrize("layer", layers.SENSITIVE_LAYERS)
def test_every_typed_public_field_of_a_sensitive_layer_is_withheld(layer):
    """A new free-text field made public must join its layer spec's ``free_text``."""
    import typing

    from geo.domain.model import FEATURE_TYPES

    record_type = FEATURE_TYPES[layer]
    hints = typing.get_type_hints(record_type)
    typed = {name for name in record_type.PUBLIC_FIELDS if hints[name] is str
             and not name.endswith(("id", "_kod"))}
    assert typed == set(layers.spec(layer).free_text)
