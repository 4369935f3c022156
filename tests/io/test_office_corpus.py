"""Files as offices have them import, or are refused in one line naming the field and the fix.

For each file in ``tests/data/office`` (made by its ``make_office.py``): the import into a
real GeoPackage store has the expected outcome; every column of an imported file is
accounted for (mapped, kept as extra information with each record, or listed as
skipped); each record keeps its case number; a refused or rejected file leaves the store
exactly as it was, with a Swedish message that names the field and how to fix it, in no
Python words; the CLI says the same.
"""

from __future__ import annotations

import json

import pytest

from geo.cli import main as cli
from geo.io.importer import ImportOptions, import_file
from tests.data.office.make_office import HERE, OFFICE
from tests.io.conftest import digest

#: Words of Python (or of its exceptions) that must never reach a user.
PYTHON_WORDS = ("__init__", "keyword", "argument", "Traceback", "NoneType", "object has")


@pytest.fixture(autouse=True)
def registered(monkeypatch):
    monkeypatch.setattr(cli, "EXTENSIONS", ("geo.io.cli",))


def test_the_office_corpus_is_large_enough_and_on_disk():
    assert len(OFFICE) >= 15
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    for name in OFFICE:
        assert (HERE / name).is_file(), name
        assert f"`{name}`" in readme
    assert any((HERE / n).read_bytes().startswith(b"\xef\xbb\xbf") for n in OFFICE)
    assert any(n.endswith(".geojson") for n in OFFICE)


def _options(name: str, **changes) -> ImportOptions:
    case = OFFICE[name]
    chosen = {"fixed": case.fixed, "mapping": case.mapping, "skip": case.skip, **changes}
    return ImportOptions(layer=case.layer, kommun_kod=case.kommun, file_name=name, **chosen)


@pytest.mark.parametrize("name", sorted(OFFICE))
def test_office_file(name, store):
    case = OFFICE[name]
    kind, detail = case.expected
    data = (HERE / name).read_bytes()
    before, old = digest(store.path), set(store.list(case.layer)["id"])
    if case.mapping is not None:  # the guess for the other columns, as the CLI does
        from geo.io import columns, guard

        table = guard.read_upload(data, target_layer=case.layer)
        case.mapping = {**columns.guess(table.columns, case.layer), **case.mapping}
    report = import_file(store, data, _options(name))
    for lang in ("sv", "en"):
        text = report.to_json(lang)
        assert not any(word in text for word in PYTHON_WORDS), text
    if kind == "ok":
        assert report.status == "written", report.to_json("sv")
        assert report.created == detail and not report.rejected
        frame = store.list(case.layer)
        assert len(frame) == len(old) + detail
        _accounted_for(report, data, case)
        if case.crs is not None:
            epsg, source = case.crs
            assert report.crs.startswith(f"EPSG:{epsg} ") and report.crs_source == source
        new = frame[~frame["id"].isin(old)]
        for column in case.extra:
            kept = [json.loads(text) for text in new["extra"] if text]
            assert any(column in items for items in kept), (column, kept)
        if case.case_numbers:
            assert set(new["case_number"]) <= set(case.case_numbers)
            assert set(new["case_number"]) == set(case.case_numbers[:detail])
    else:
        assert digest(store.path) == before
        if kind == "refused":
            assert report.refused is not None and report.refused[0] == detail, \
                report.to_json("sv")
            line = report.refusal_text("sv")
            assert "\n" not in line
        else:
            assert report.status == "rejected", report.to_json("sv")
            assert {p.line: p.code for p in report.rejected} == detail
            line = " ".join(p.text("sv") for p in report.rejected)
        for word in case.words:
            assert word in line, (word, line)


def _accounted_for(report, data: bytes, case) -> None:
    """Every column of the file is mapped, kept as extra information, or listed as skipped."""
    from geo.io import guard

    table = guard.read_upload(data, target_layer=case.layer)
    kept, skipped = set(report.extra_columns), set(report.ignored_columns)
    assert set(table.columns) == set(report.mapping) | kept | skipped
    assert not (set(report.mapping) & kept) and not (kept & skipped)
    assert skipped == set(case.skip)


def test_the_set_value_may_be_a_code_or_a_swedish_name(store):
    name = "places_excel_cp1252_tm_set.csv"
    data = (HERE / name).read_bytes()
    by_code = import_file(store, data, _dry(name, {"source": "citizen_dialogue"}))
    by_label = import_file(store, data, _dry(name, {"Källa": "medborgardialog"}))
    assert by_code.ok and by_label.ok and by_code.valid == by_label.valid == 4
    wrong = import_file(store, data, _dry(name, {"source": "Grannar"}))
    assert wrong.refused is not None and wrong.refused[0] == "set_not_in_list"
    assert "Medborgardialog" in wrong.refusal_text("sv")
    unknown = import_file(store, data, _dry(name, {"färg": "röd"}))
    assert unknown.refused is not None and unknown.refused[0] == "unknown_set_field"


def _dry(name: str, fixed: dict[str, str]) -> ImportOptions:
    case = OFFICE[name]
    return ImportOptions(layer=case.layer, kommun_kod=case.kommun, fixed=fixed, dry_run=True)


def test_the_missing_source_is_named_in_swedish_with_the_fix(store):
    report = import_file(store, (HERE / "places_excel_cp1252_tm.csv").read_bytes(),
                         _options("places_excel_cp1252_tm.csv"))
    text = report.refusal_text("sv")
    assert text.startswith("Filen har ingen kolumn för Källa (source)")
    for name in ("Trygghetsmätning", "Medborgardialog", "Trygghetsvandring", "Webbformulär"):
        assert name in text
    assert "Samma värde för alla rader" in text and "--set source=" in text


def test_the_cli_imports_the_office_file_with_set(store, capsys):
    path = HERE / "places_excel_cp1252_tm.csv"
    base = ["import", str(path), "--layer", "unsafe_places", "--kommun", "1270",
            "--db", str(store.path)]
    before = digest(store.path)
    assert cli.main(base) == 2
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "--set source=" in err and "Source" in err
    assert digest(store.path) == before
    assert cli.main([*base, "--set", "source=Medborgardialog", "--skip", "Beskrivning"]) == 0
    out, _ = capsys.readouterr()
    assert "Kept as other information with each record: Plats." in out
    assert "Skipped (not stored): Beskrivning." in out
    places = store.list("unsafe_places")
    assert set(places["source"]) == {"citizen_dialogue"}
    assert set(places["case_number"]) == {"KS 2024/101", "KS 2024/102", "KS 2024/117",
                                          "KS 2024/130"}
    assert set(places["description"]) == {""}
    assert {json.loads(e)["Plats"] for e in places["extra"]} == {
        "Stortorget", "Gångtunneln vid skolan", "Parken bakom kyrkan", "Järnvägsstationen"}


def test_the_case_number_gives_the_ids_it_gave_as_a_source_id(store):
    """Files imported when Ärendenr was the source id give the same ids now: no doubles."""
    from geo.io import rows

    report = import_file(store, (HERE / "places_excel_cp1252_tm_set.csv").read_bytes(),
                         _options("places_excel_cp1252_tm_set.csv"))
    assert report.created == 4
    ids = set(store.list("unsafe_places")["id"])
    assert rows.stable_id("unsafe_places|1270|src|KS 2024/101") in ids


def test_what_is_kept_as_extra_does_not_change_the_ids(store):
    """A file without ids imported again with other columns skipped creates nothing new."""
    name = "places_utf8_no_bom_latlon_comma.csv"  # no case numbers: ids from the content
    data = (HERE / name).read_bytes()
    first = import_file(store, data, _options(name))
    assert first.created == 4 and first.extra_columns == ["Plats"]
    again = import_file(store, data, _options(name, skip=("Plats",), dry_run=True))
    assert again.ignored_columns == ["Plats"] and again.already_present == 4 and not again.new


@pytest.mark.parametrize("pad", range(4))
def test_a_windows_1252_geojson_is_named_so_whatever_its_length(pad):
    """Of an even length it once passed for UTF-16 text, hence for a CSV ("no data rows")."""
    from geo.io import guard
    from geo.io.errors import Refused

    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [13.95, 55.54]},
               "properties": {"kategori": "Belysning", "beskrivning": "Mörk gång" + "x" * pad}}
    data = json.dumps({"type": "FeatureCollection", "features": [feature]},
                      ensure_ascii=False).encode("cp1252")
    with pytest.raises(Refused) as refused:
        guard.read_upload(data)
    assert refused.value.code == "geojson_encoding"
    assert "Windows-1252" in refused.value.text("sv")
