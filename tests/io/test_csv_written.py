"""Every CSV the app and the CLI write, opened as Swedish Excel and as an open-data reader.

Swedish Excel: a BOM, ``;`` between cells, CRLF, numbers with a decimal comma, Swedish
headings, and no cell a spreadsheet would run as a formula. Open data (``rfc4180``):
``pandas.read_csv`` gives back the values that were written, formula-looking text
exactly as it is.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from app import components
from geo import report
from geo.cli import main as cli
from geo.coverage import service
from geo.domain import periods
from geo.domain.filters import Filter
from geo.domain.model import LAYERS
from geo.escape import FORMULA_START
from geo.io import csvwrite, sheet, values
from geo.io import export as exporting
from geo.io.importer import ImportOptions, import_file
from geo.map import view
from geo.report import protocol
from geo.report.build import table_rows
from geo.store import GeoPackageStore
from tests import fixture_data as fx
from tests.coverage import fixture as coverage_fixture

DATA = Path(__file__).resolve().parents[1] / "data"
EVERY_YEAR = Filter("1270", 2016, 2021)
#: Text a spreadsheet would run: typed into the store, each must come out guarded.
FORMULAS = {"unsafe_places": ("description", "=1+1"), "findings": ("proposed_action",
                                                                     "@SUM(A1)"),
            "activities": ("title", "+1"), "walks": ("organisers", "-1+1")}
DECIMAL_POINT = re.compile(r"-?\d+\.\d+")
DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
WHOLE = re.compile(r"-?\d+")
LOCAL_MOMENT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")  # Excel's, Swedish time
SNAKE = re.compile(r"[a-z]+(_[a-z]+)+")
ZONE = "EPSG:3008"  # SWEREF 99 13 30, Skåne's municipalities


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> GeoPackageStore:
    store = fx.build(tmp_path_factory.mktemp("csv") / "fx.gpkg")
    for layer, (name, text) in FORMULAS.items():
        frame = store.list(layer, public=False)
        store.update(layer, frame["id"].iloc[0], {name: text}, int(frame["version"].iloc[0]),
                     "test")
    activity = store.list("activities", public=False).iloc[0]
    store.update("activities", activity["id"], {"quantity": 2.5}, int(activity["version"]),
                 "test")
    return store


@pytest.fixture(scope="module")
def coverage_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("csv-coverage") / "coverage.gpkg"
    coverage_fixture.build(path)
    return path


def _pledge_report(store: GeoPackageStore) -> report.Report:
    pledge = next(p for p in store.pledges() if p.id == "tomelilla-2020")
    return report.build(store, pledge, periods.parse("2020"))


def _walk(store: GeoPackageStore):
    return store.get("walks", store.list("walks", public=False)["id"].iloc[0])


def _rejected(store: GeoPackageStore, dialect: str) -> bytes:
    data = (DATA / "places_bad_rows.csv").read_bytes()
    result = import_file(store, data, ImportOptions(
        layer="unsafe_places", kommun_kod="1270", dry_run=True, file_name="bad.csv"))
    assert result.rejected
    return result.rejected_csv("sv", dialect)


def _cli_file(tmp_path: Path, name: str, *args: str) -> bytes:
    tmp_path.mkdir(parents=True, exist_ok=True)
    out = tmp_path / name
    assert cli.main([*args, "--out" if args[0] != "coverage" else "--csv", str(out)]) == 0
    return out.read_bytes()


def every_csv(store: GeoPackageStore, coverage_db: Path, tmp_path: Path, dialect: str
              ) -> dict[str, bytes]:
    """Each CSV the app and the CLI write, in ``dialect``, by what writes it."""
    files: dict[str, bytes] = {}
    public = exporting.select(store, EVERY_YEAR, LAYERS, public=True)
    staff = exporting.select(store, EVERY_YEAR, LAYERS, public=False)
    titles = {p.id: p.title for p in store.pledges()}
    files["map table"] = components.table_csv(view.table(public, "sv", titles), dialect)
    for layer in LAYERS:
        files[f"public export {layer}"] = exporting.export(
            {layer: public[layer]}, "csv", "sv", dialect=dialect)
        files[f"staff export {layer}"] = exporting.export(
            {layer: staff[layer]}, "csv", "sv", dialect=dialect, codes=True, coords=ZONE)
    files["rejected rows"] = _rejected(store, dialect)
    files["report"] = report.csv_bytes(_pledge_report(store), "sv", dialect)
    files["walk protocol"] = protocol.csv_bytes(store, _walk(store), "sv", dialect)
    ranked = service.ranked(service.run(
        store, service.year_filter("1270", 2020),
        service.unit_sources.units_for("grid250", "1270")), 1.0)
    files["coverage list"] = service.csv_bytes(ranked, "sv", dialect)
    db = str(store.path)
    files["cli export"] = _cli_file(
        tmp_path, "export.csv", "export", "--kommun", "1270", "--year", "2016", "--year-to",
        "2021", "--layer", "activities", "--format", "csv", "--db", db, "--csv-dialect",
        dialect, "--coords", "sweref99tm", "--codes")
    files["cli report"] = _cli_file(
        tmp_path, "report.csv", "report", "--pledge", "tomelilla-2020", "--quarter", "2020",
        "--format", "csv", "--db", db, "--csv-dialect", dialect)
    files["cli coverage"] = _cli_file(
        tmp_path, "coverage.csv", "coverage", "--kommun", coverage_fixture.KOMMUN, "--year",
        str(coverage_fixture.YEAR), "--units", "grid", "--threshold", "1", "--db",
        str(coverage_db), "--csv-dialect", dialect)
    return files


def as_swedish_excel(data: bytes) -> list[list[str]]:
    """The rows Swedish Excel shows: BOM stripped, cells split at ``;``."""
    assert data.startswith("\ufeff".encode()), "no BOM: Excel would show LÃ¶fte"
    text = data.decode("utf-8")[1:]
    assert text.split("\n", 1)[0].endswith("\r"), "lines end in CRLF"
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_every_csv_opens_in_swedish_excel(store, coverage_db, tmp_path, capsys):
    files = every_csv(store, coverage_db, tmp_path, "excel-sv")
    seen_decimal, seen_guarded = [], set()
    for what, data in files.items():
        rows = as_swedish_excel(data)
        header, body = rows[0], rows[1:]
        assert len(header) > 2, (what, header)  # split at ';', not one column
        assert all(len(row) == len(header) for row in body), what
        coded = set(header) & {"category", "source", "status", "visibility", "kind",
                               "responsible", "forwarded_to"}
        assert not [h for h in header if SNAKE.fullmatch(h) and h not in coded], (what, header)
        for cell in (c for row in body for c in row):
            assert not DECIMAL_POINT.fullmatch(cell), (what, cell)  # 2.5 would be a date
            if DECIMAL_COMMA.fullmatch(cell):
                seen_decimal.append(values.number(cell))
            if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not WHOLE.fullmatch(cell)
                                               and not DECIMAL_COMMA.fullmatch(cell)):
                pytest.fail(f"{what}: {cell!r} would run as a formula")
            if cell in {"'" + text for _, text in FORMULAS.values()}:
                seen_guarded.add(cell)
    assert 2.5 in seen_decimal  # the activity's quantity
    assert seen_guarded == {"'" + text for _, text in FORMULAS.values()}
    capsys.readouterr()


def test_headings_are_swedish_and_the_codes_come_on_request(store):
    staff = exporting.select(store, EVERY_YEAR, ["unsafe_places"], public=False)
    plain = as_swedish_excel(exporting.export(staff, "csv", "sv"))
    assert plain[0][:3] == ["Id", "Kommunkod", "Medborgarlöfte"]
    assert {"Kategori", "Källa", "Rapporterad", "Beskrivning", "Geometri"} <= set(plain[0])
    assert "Belysning" in {row[plain[0].index("Kategori")] for row in plain[1:]}
    coded = as_swedish_excel(exporting.export(staff, "csv", "sv", codes=True))
    at = coded[0].index("Kategori")
    assert coded[0][at + 1] == "category"
    assert {(row[at], row[at + 1]) for row in coded[1:]} >= {("Belysning", "lighting")}
    english = as_swedish_excel(exporting.export(staff, "csv", "en"))
    assert {"Category", "Source", "Description"} <= set(english[0])


def test_points_in_a_local_zone_keep_their_centimetres(store):
    """N/E in SWEREF 99 13 30, read back as the importer reads them (decimal comma)."""
    staff = exporting.select(store, EVERY_YEAR, ["unsafe_places"], public=False)
    rows = as_swedish_excel(exporting.export(staff, "csv", "sv", coords=ZONE))
    north, east = rows[0].index("N"), rows[0].index("E")
    expected = staff["unsafe_places"].set_index("id").geometry.to_crs(ZONE)
    for row in rows[1:]:
        point = expected[row[0]]
        assert abs(values.number(row[north]) - point.y) <= 0.005
        assert abs(values.number(row[east]) - point.x) <= 0.005
        assert DECIMAL_COMMA.fullmatch(row[north]) and "Geometri" not in rows[0]
    walks = exporting.export({"walks": exporting.select(store, EVERY_YEAR, ["walks"],
                                                        public=False)["walks"]},
                             "csv", "sv", coords=ZONE)
    shape = as_swedish_excel(walks)[1][-1]  # lines: WKT in the zone, to the centimetre
    assert shape.startswith("LINESTRING (") and re.search(r"\d{6}\.\d{1,2}[ ,)]", shape)


def _comparable(value):
    """A written value as pandas reads it back."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _assert_read_back(back: pd.DataFrame, header: list[str], rows: list[list]) -> None:
    assert list(back.columns) == header
    assert len(back) == len(rows)
    for position, name in enumerate(header):
        for got, wrote in zip(back.iloc[:, position], rows, strict=True):
            want = _comparable(wrote[position])
            if want is None or want == "":
                assert pd.isna(got), (name, got)
            elif isinstance(want, (int, float)) and not isinstance(want, bool):
                assert float(got) == pytest.approx(float(want)), (name, got, want)
            else:
                assert str(got) == str(want), (name, got, want)


@pytest.mark.parametrize("layer", LAYERS)
def test_the_open_data_export_round_trips_through_pandas(store, layer):
    frame = exporting.select(store, EVERY_YEAR, [layer], public=False)[layer]
    data = exporting.export({layer: frame}, "csv", "sv", dialect="rfc4180", codes=True,
                            coords=ZONE)
    assert not data.startswith("\ufeff".encode()) and b"\r\n" in data
    header, rows = sheet.table(layer, frame, "sv", codes=True, coords=ZONE)
    back = pd.read_csv(io.BytesIO(data), dtype={h: str for h in ("Id", "Kommunkod")})
    _assert_read_back(back, header, rows)
    if layer in FORMULAS:  # text exactly as typed: the guard is the spreadsheet's
        assert FORMULAS[layer][1] in back[sheet.header(FORMULAS[layer][0], "sv")].tolist()


def test_the_open_data_report_and_protocol_round_trip(store):
    built = _pledge_report(store)
    rows = table_rows(built, "sv")
    back = pd.read_csv(io.BytesIO(report.csv_bytes(built, "sv", "rfc4180")))
    _assert_read_back(back, list(rows[0]), [list(r.values()) for r in rows])
    assert back["Mål"].dtype.kind in "if" or back["Mål"].isna().any()
    table = protocol.rows(store, _walk(store), "sv")
    back = pd.read_csv(io.BytesIO(protocol.csv_bytes(store, _walk(store), "sv", "rfc4180")),
                       keep_default_na=False)
    _assert_read_back(back.replace("", None), list(table[0]),
                      [list(r.values()) for r in table])


def test_both_dialects_hold_the_same_values(store, coverage_db, tmp_path):
    """Excel's file, read with ';' and decimal comma, equals the open-data file."""
    excel = every_csv(store, coverage_db, tmp_path / "a", "excel-sv")
    open_data = every_csv(store, coverage_db, tmp_path / "b", "rfc4180")
    assert excel.keys() == open_data.keys()
    for what in excel:
        left = pd.read_csv(io.BytesIO(excel[what]), sep=";", decimal=",", encoding="utf-8-sig",
                           dtype=str, keep_default_na=False)
        right = pd.read_csv(io.BytesIO(open_data[what]), dtype=str, keep_default_na=False)
        unguarded = left.map(lambda c: c[1:] if c[:1] == "'" and c[1:2] in FORMULA_START
                             and c[1:2] else c)
        # the rejected rows are the file's own text: "55,5446" stays what it was
        numbers = unguarded if what == "rejected rows" else unguarded.map(
            lambda c: c.replace(",", ".") if DECIMAL_COMMA.fullmatch(c) else c)
        moments = numbers.map(lambda c: pd.Timestamp(c).tz_localize("Europe/Stockholm")
                              .tz_convert("UTC").isoformat() if LOCAL_MOMENT.fullmatch(c) else c)
        pd.testing.assert_frame_equal(moments, right, obj=what)


def _export_and_import(store, tmp_path, dialect):
    from tests.io.conftest import seed

    staff = exporting.select(store, EVERY_YEAR, ["unsafe_places"], public=False)
    data = exporting.export(staff, "csv", "sv", dialect=dialect, coords=ZONE)
    target = seed(GeoPackageStore(tmp_path / "back.gpkg"))
    result = import_file(target, data, ImportOptions(
        layer="unsafe_places", kommun_kod="1270", crs=ZONE, file_name="export.csv"))
    assert result.ok and result.created == len(staff["unsafe_places"]), result.summary("sv")
    before = staff["unsafe_places"].sort_values("reported_date").reset_index(drop=True)
    after = target.list("unsafe_places", public=False).sort_values("reported_date"
                                                                   ).reset_index(drop=True)
    return before, after


@pytest.mark.parametrize("dialect", csvwrite.NAMES)
def test_a_staff_export_in_a_local_zone_imports_back(store, tmp_path, dialect):
    """Export (SWEREF 99 13 30 N/E) → import: the places, to the centimetre."""
    before, after = _export_and_import(store, tmp_path, dialect)
    for name in ("category", "source", "status", "visibility", "pledge_id", "resolved_date"):
        assert after[name].tolist() == before[name].tolist(), name
    if dialect == "rfc4180":  # text exact; Excel's file: see the test below
        assert after["description"].tolist() == before["description"].tolist()
    moved = before.geometry.to_crs(ZONE).distance(after.geometry.to_crs(ZONE))
    assert moved.max() <= 0.01  # metres


def test_excels_guarded_text_imports_back_as_typed(store, tmp_path):
    before, after = _export_and_import(store, tmp_path, "excel-sv")
    assert after["description"].tolist() == before["description"].tolist()


def test_xlsx_holds_the_same_table_with_real_numbers_and_dates(store):
    from openpyxl import load_workbook

    staff = exporting.select(store, EVERY_YEAR, LAYERS, public=False)
    book = load_workbook(io.BytesIO(exporting.export(staff, "xlsx", "sv", coords=ZONE)))
    for layer in LAYERS:
        rows = [list(row) for row in book[layer].iter_rows()]
        header, _ = sheet.table(layer, staff[layer], "sv", coords=ZONE)
        assert [c.value for c in rows[0]] == header
    activities = [list(r) for r in book["activities"].iter_rows()]
    heads = [c.value for c in activities[0]]
    quantities = [row[heads.index("Omfattning")] for row in activities[1:]]
    assert 2.5 in [c.value for c in quantities] and all(
        c.data_type == "n" for c in quantities if c.value is not None)
    day = activities[1][heads.index("Datum")]
    assert isinstance(day.value, datetime) and day.number_format == "yyyy-mm-dd"
    places = [list(r) for r in book["unsafe_places"].iter_rows()]
    texts = [row[[c.value for c in places[0]].index("Beskrivning")] for row in places[1:]]
    typed = next(c for c in texts if c.value == FORMULAS["unsafe_places"][1])
    assert typed.data_type == "s"  # stored as text: shown, never run
    north = [row[[c.value for c in places[0]].index("N")].value for row in places[1:]]
    assert all(isinstance(value, float) for value in north)


def test_a_field_the_model_gains_is_written_too(store):
    """Any column of the frame is a column of the file: a case number, an attribute table."""
    frame = exporting.select(store, EVERY_YEAR, ["unsafe_places"], public=False)[
        "unsafe_places"].copy()
    frame["case_number"] = ["KS 2020/17"] + [None] * (len(frame) - 1)
    frame["extra"] = [{"Plats": "Torget", "Lykta nr": 12}] + [None] * (len(frame) - 1)
    frame["brand_new"] = 7
    rows = as_swedish_excel(exporting.export({"unsafe_places": frame}, "csv", "sv"))
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Ärendenummer"] == "KS 2020/17"
    assert first["Övriga kolumner (JSON)"] == '{"Lykta nr": 12, "Plats": "Torget"}'
    assert first["brand_new"] == "7"  # a field no catalog names keeps its code
