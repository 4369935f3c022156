"""An imported file's case number and other columns are staff information, never public.

A place imported with a case number and kept columns holding unique markers: the public
map (frames, payload, table, details), every public export format and the published site
never carry them; staff frames (``view.select(public=False)``) and the record do, and the
history keeps them. Both fields stay out of every ``PUBLIC_FIELDS``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from geo import map as geomap
from geo.domain.filters import Filter
from geo.domain.model import FEATURE_TYPES, LAYERS
from geo.io import export as exporting
from geo.io.importer import ImportOptions, import_file
from geo.map import view
from geo.site import publish
from tests.data.make_corpus import LAT, LON
from tests.export_text import export_text
from tests.io.conftest import KOMMUN

CASE = "KS-MARKER-7731"
KEPT = "EXTRA-MARKER-5519"
FLT = Filter(KOMMUN, 2024, 2024)


@pytest.fixture
def imported(store):
    content = ("Plats;Kategori;Källa;Datum;Ärendenr;Lat;Long\n"
               f"{KEPT};Belysning;Medborgardialog;2024-03-01;{CASE};{LAT};{LON}\n")
    report = import_file(store, content.encode("utf-8"),
                         ImportOptions(layer="unsafe_places", kommun_kod=KOMMUN))
    assert report.created == 1, report.to_json()
    return store


def _texts(frames) -> str:
    return "\n".join(frame.drop(columns="geometry").to_csv() for frame in frames.values())


def test_no_public_field_list_names_them():
    for cls in FEATURE_TYPES.values():
        assert "case_number" not in cls.PUBLIC_FIELDS and "extra" not in cls.PUBLIC_FIELDS


def test_the_public_map_never_carries_them(imported):
    frames = view.select(imported, FLT)
    assert len(frames["unsafe_places"]) == 1
    for frame in frames.values():
        assert "case_number" not in frame.columns and "extra" not in frame.columns
    text = _texts(frames)
    assert CASE not in text and KEPT not in text
    for layer in LAYERS:
        payload = json.dumps(geomap.layer_payload(layer, frames[layer]), default=str)
        assert CASE not in payload and KEPT not in payload
    record = view.public_record(imported, "unsafe_places", frames["unsafe_places"]["id"][0])
    shown = str(view.details(record, "sv", {}, public=True))
    assert CASE not in shown and KEPT not in shown


@pytest.mark.parametrize("fmt", exporting.FORMATS)
def test_public_exports_never_carry_them(imported, fmt):
    layers = ["findings"] if fmt in exporting.SINGLE_LAYER else list(LAYERS)
    data = exporting.export(exporting.select(imported, FLT, layers, public=True), fmt)
    text = export_text(data, fmt, Path(imported.path).parent)
    assert CASE not in text and KEPT not in text, fmt
    assert "case_number" not in text and '"extra"' not in text


def test_the_published_site_never_carries_them(imported, tmp_path):
    for path in publish.publish(imported, KOMMUN, tmp_path / "site", today=date(2025, 1, 1)):
        if path.suffix in (".html", ".js", ".json", ".csv", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert CASE not in text and KEPT not in text, path


def test_staff_frames_the_record_and_the_history_carry_them(imported):
    frame = view.select(imported, FLT, public=False)["unsafe_places"]
    assert list(frame["case_number"]) == [CASE]
    assert json.loads(frame["extra"][0]) == {"Plats": KEPT}
    record = imported.get("unsafe_places", frame["id"][0])
    assert record.case_number == CASE and json.loads(record.extra) == {"Plats": KEPT}
    staff = dict(view.details(record, "sv", {}, public=False))
    assert staff["Ärendenummer (visas aldrig publikt)"] == CASE
    assert staff["Övriga uppgifter från filen (visas aldrig publikt)"] == f"Plats: {KEPT}"
    after = imported.history("unsafe_places", record.id)[-1].after
    after = json.loads(after) if isinstance(after, str) else after
    assert after["case_number"] == CASE and KEPT in after["extra"]
