"""The export page's CSV choices: dialect, coordinates, and the staff export with codes."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from geo import i18n
from tests import fixture_data as fx
from tests.io.test_page import ADMIN, VIEW, downloads, page_store, run_page  # noqa: F401


def _file(at, downloads, layer: str) -> bytes:  # noqa: F811
    button = next(b for b in at.get("download_button")
                  if b.proto.id.endswith(f"io_export_{layer}"))
    return downloads[Path(button.proto.url).stem]


def test_the_public_chooses_the_dialect_and_the_coordinates(page_store, downloads):  # noqa: F811
    at = run_page(**VIEW, layers="unsafe_places")
    at.selectbox(key="io_format").set_value("csv").run()
    assert not at.exception and not at.get("toggle")  # no staff export for the public
    assert at.selectbox(key="io_csv_dialect").options == ["Excel (svenska)",
                                                          "Öppna data (RFC 4180)"]
    excel = _file(at, downloads, "unsafe_places")
    assert excel.startswith("\ufeffId;Kommunkod;".encode())
    at.selectbox(key="io_csv_dialect").set_value("rfc4180").run()
    at.selectbox(key="io_coords").set_value("EPSG:3008").run()
    open_data = _file(at, downloads, "unsafe_places").decode("utf-8")
    header = next(csv.reader(io.StringIO(open_data)))
    assert header[:2] == ["Id", "Kommunkod"] and header[-2:] == ["N", "E"]
    assert "category" not in header and fx.SECRET not in open_data


def test_staff_export_every_field_and_the_codes(page_store, downloads):  # noqa: F811
    at = run_page(ADMIN, kommun="1270", year="2020", layers="watch_areas")  # every pledge
    at.selectbox(key="io_format").set_value("csv").run()
    assert fx.SECRET not in _file(at, downloads, "watch_areas").decode("utf-8-sig")
    at.toggle(key="io_staff_export").set_value(True).run()
    assert not at.exception
    assert i18n.t("csv.staff_note", "sv") in [c.value for c in at.caption]
    at.checkbox(key="io_codes").check().run()
    rows = list(csv.reader(io.StringIO(_file(at, downloads, "watch_areas").decode("utf-8-sig")),
                           delimiter=";"))
    assert fx.SECRET in {cell for row in rows for cell in row}  # the contact person
    assert rows[0][rows[0].index("Synlighet") + 1] == "visibility"


def _count(at, layer: str) -> int:
    label = i18n.t(f"layers.{layer}", "sv")
    return int(next(m for m in at.metric if m.label == label).value)


def test_the_counts_are_the_files_rows_public_and_staff(page_store, downloads):  # noqa: F811
    at = run_page(ADMIN, kommun="1270", year="2020", layers="unsafe_places")
    at.selectbox(key="io_format").set_value("csv").run()
    counted = {}
    for staff in (False, True):
        at.toggle(key="io_staff_export").set_value(staff).run()
        rows = list(csv.reader(io.StringIO(
            _file(at, downloads, "unsafe_places").decode("utf-8-sig")), delimiter=";"))
        counted[staff] = _count(at, "unsafe_places")
        assert counted[staff] == len(rows) - 1, staff
    assert counted[True] > counted[False] > 0  # the internal place is the staff's only
