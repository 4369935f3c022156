"""The import's fast pieces say exactly what the slow, obvious code says.

``stable_id`` must stay ``uuid5`` (ids of earlier imports depend on it) and the bulk
write's history text must be ``json.dumps(..., ensure_ascii=False, sort_keys=True)``
byte for byte (the history is compared and read back by other code).
"""

from __future__ import annotations

import json
import math
import uuid

import pytest

from geo.io.importer import ImportOptions, import_file
from geo.io.rows import NAMESPACE, stable_id
from geo.store.gpkg import imports as gpkg_import
from tests.io.conftest import KOMMUN

NAMES = ["", "unsafe_places|1270|src|WF-000001", "åäö|€|\u2212|\x00|\n", "x" * 500,
         *(f"walks|0138|src|{i}" for i in range(300))]


@pytest.mark.parametrize("name", NAMES)
def test_stable_id_is_uuid5(name):
    assert stable_id(name) == str(uuid.uuid5(NAMESPACE, name))


def test_history_text_is_json_dumps_byte_for_byte():
    keys = ["id", "zeta", "alpha", "geometry", "n", "x", "flag", "empty"]
    rows = [
        ["a", "Bäck \"kvarn\"\n\t\\", None, "POINT (13.95 55.54)", 3, 0.1 + 0.2, 1, ""],
        ["b", "\u2028 \x1f €", "x", None, -7, 1e300, 0, None],
        ["c", "<script>", "", "POLYGON ((0 0, 1 0, 1 1, 0 0))", 0, -0.0, None, "y"],
        ["d", "z", "z", None, 10**20, math.inf, 1, "z"],
    ]
    columns = [list(column) for column in zip(*rows, strict=True)]
    expected = [json.dumps(dict(zip(keys, row, strict=True)), ensure_ascii=False,
                           sort_keys=True) for row in rows]
    assert gpkg_import._json_objects(keys, columns) == expected


def test_rows_without_a_source_id_are_told_apart_by_their_place(store):
    """A file with an id column but blank ids: those rows get ids from content and place."""
    text = ("Ärendenummer;Kategori;Källa;Datum;Lat;Long\n"
            "WF-1;Belysning;Enkät;2020-03-01;55,5446;13,9537\n"
            ";Belysning;Enkät;2020-03-01;55,5446;13,9567\n"
            ";Belysning;Enkät;2020-03-01;55,5466;13,9537\n"
            ";Belysning;Enkät;2020-03-01;55,5466;13,9537\n")  # the same as the line above
    report = import_file(store, text.encode("utf-8"), ImportOptions(
        layer="unsafe_places", kommun_kod=KOMMUN, file_name="luckor.csv"))
    assert report.status == "written" and report.created == 3, report.to_json()
    assert report.duplicates_in_file == 1
    assert [(n.line, n.code) for n in report.notes if n.code == "duplicate_in_file"] == [
        (5, "duplicate_in_file")]
