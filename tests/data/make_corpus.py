"""Write the import corpus: bad and awkward files, each with what the import must do.

Run from the project root: ``python -m tests.data.make_corpus``. It rewrites every
file of :data:`CORPUS` in this folder (binary ones too: XLSX, zips, GeoPackages) and
``README.md``. The files are committed; the script is how they were made.

Each entry is ``name: (layer, expected, what is wrong or awkward)`` where expected is
``("ok", rows created)``, ``("refused", message code)`` or ``("rejected", {line: code})``
(rows refused, nothing written).
"""

from __future__ import annotations

import io
import json
import stat
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import geopandas as gpd
from pyproj import Transformer
from shapely.geometry import LineString, MultiLineString, Point, Polygon, box

HERE = Path(__file__).resolve().parent
LON, LAT = 13.9537, 55.5446  # Tomelilla
WALK_NAME = "Kvällsvandring centrum"
_TO_SWEREF = Transformer.from_crs(4326, 3006, always_xy=True)
_TO_RT90 = Transformer.from_crs(4326, 3021, always_xy=True)
E, N = (round(v, 2) for v in _TO_SWEREF.transform(LON, LAT))
PAYLOAD = "<img src=x onerror=alert(1)>${globalThis.X=1}"
ZIP_TIME = (2024, 5, 1, 12, 0, 0)

CORPUS: dict[str, tuple[str, tuple, str]] = {}
WRITERS: dict[str, Callable[[], bytes]] = {}


def entry(name: str, layer: str, expected: tuple, what: str):
    """Register a writer for ``name`` (decorator)."""
    def register(writer: Callable[[], bytes]) -> Callable[[], bytes]:
        CORPUS[name] = (layer, expected, what)
        WRITERS[name] = writer
        return writer
    return register


def sv(x: float, decimals: int = 5) -> str:
    return f"{x:.{decimals}f}".replace(".", ",")


def text(name: str, layer: str, expected: tuple, what: str, content: str,
         encoding: str = "utf-8") -> None:
    entry(name, layer, expected, what)(lambda: content.encode(encoding))


def zipped(files: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in links:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def shapefile(frame: gpd.GeoDataFrame, *, prj: bool = True, folder: str = "") -> dict[str, bytes]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "omraden.shp"
        frame.to_file(path, engine="pyogrio", encoding="UTF-8")
        suffixes = [".shp", ".shx", ".dbf", ".cpg"] + ([".prj"] if prj else [])
        return {f"{folder}omraden{s}": (Path(tmp) / f"omraden{s}").read_bytes()
                for s in suffixes if (Path(tmp) / f"omraden{s}").exists()}


def sweref_square(dx: float, dy: float, size: float = 300) -> Polygon:
    return box(E + dx, N + dy, E + dx + size, N + dy + size)


def watch_frame(crs: int = 3006) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"Namn": ["Grannsamverkan Ekvägen", "Grannsamverkan Åsen"],
                             "Startdatum": ["2019-04-01", "2020-02-15"],
                             "Hushall": [24, 31]},
                            geometry=[sweref_square(200, 300), sweref_square(-900, -400)],
                            crs=crs)


def workbook(sheets: list[tuple[str, list[list]]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.properties.created = book.properties.modified = datetime(2024, 5, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def feature_collection(features: list[tuple[dict, object]], **extra) -> bytes:
    return json.dumps({"type": "FeatureCollection", **extra, "features": [
        {"type": "Feature", "properties": p,
         "geometry": g if isinstance(g, dict) or g is None else g.__geo_interface__}
        for p, g in features]}, ensure_ascii=False).encode("utf-8")


# -- awkward files that import -------------------------------------------------------------

HEAD_SV = "Kategori;Källa;Datum;Beskrivning;Lat;Long\r\n"
text("places_excel_sv.csv", "unsafe_places", ("ok", 3),
     "Excel's Swedish CSV: Windows-1252, semicolons, decimal commas, Swedish names and words",
     HEAD_SV + f"Belysning;Enkät;2020-03-01;Mörk gång under järnvägen;{sv(LAT)};{sv(LON)}\r\n"
     f"Buskage;Webbformulär;2020-04-02;Höga häckar vid skolan;{sv(LAT + .002)};{sv(LON)}\r\n"
     f"Klotter;Polisen;2020-05-03;Skadegörelse på busskuren;{sv(LAT)};{sv(LON + .003)}\r\n",
     "cp1252")
text("places_utf8_bom_comma.csv", "unsafe_places", ("ok", 3),
     "UTF-8 with a byte-order mark, comma-separated, decimal points, the model's field names",
     "\ufeffcategory,source,reported_date,description,lat,lon\n"
     f"lighting,survey,2020-03-01,Mörkt vid ån,{LAT},{LON}\n"
     f"traffic,web_form,2020-03-02,Farlig korsning,{LAT + .001},{LON}\n"
     f"vandalism,police,2020-03-03,\"Klotter, mycket\",{LAT},{LON + .001}\n")
text("places_sweref.csv", "unsafe_places", ("ok", 3),
     "SWEREF 99 TM in columns N and E with no CRS stated (recognised from the ranges)",
     "Kategori;Källa;Datum;N;E\n" + "".join(
         f"Belysning;Enkät;2020-0{i + 1}-10;{sv(N + 100 * i, 1)};{sv(E + 50 * i, 1)}\n"
         for i in range(3)))
text("places_sweref_xy_swapped.csv", "unsafe_places", ("ok", 3),
     "columns x and y in the surveyor's order (x is north): swapped axes detected for the file",
     "Kategori;Källa;Datum;x;y\n" + "".join(
         f"Trafik;Enkät;2020-06-0{i + 1};{sv(N + 80 * i, 1)};{sv(E - 40 * i, 1)}\n"
         for i in range(3)))
text("places_latlon_swapped.csv", "unsafe_places", ("ok", 3),
     "the lat and lon headers are exchanged in the whole file (detected and corrected)",
     "Kategori;Källa;Datum;lat;lon\n" + "".join(
         f"Belysning;Enkät;2020-03-0{i + 1};{sv(LON + .001 * i)};{sv(LAT)}\n" for i in range(3)))
text("places_dates_mixed.csv", "unsafe_places", ("ok", 5),
     "dates in five Swedish forms: ISO, 1/3 2020, 1 mars 2020, 20200301, 01.03.2020",
     HEAD_SV + "".join(f"Belysning;Enkät;{d};Plats {i};{sv(LAT + i / 1000)};{sv(LON)}\n"
                       for i, d in enumerate(["2020-03-01", "1/3 2020", "1 mars 2020",
                                              "20200301", "01.03.2020"])))
text("places_title_rows.csv", "unsafe_places", ("ok", 2),
     "two title lines above the header, as a report exported from Excel",
     "Trygghetsenkät Tomelilla 2020;;;;;\n;;;;;\n" + HEAD_SV
     + f"Belysning;Enkät;2020-03-01;A;{sv(LAT)};{sv(LON)}\n"
     + f"Trafik;Enkät;2020-03-02;B;{sv(LAT + .001)};{sv(LON)}\n")
text("places_wkt.csv", "unsafe_places", ("ok", 2),
     "shapes as EWKT (SRID=3006) in one column: a point and a small polygon",
     "category;source;reported_date;wkt\n"
     f'lighting;survey;2020-03-01;"SRID=3006;POINT ({E} {N})"\n'
     f'vegetation;survey;2020-03-02;"SRID=3006;{sweref_square(100, 100, 40).wkt}"\n')
text("places_unicode_text.txt", "unsafe_places", ("ok", 2),
     "Excel's \"Unicode text\": UTF-16 with a byte-order mark, tab-separated",
     "Kategori\tKälla\tDatum\tBeskrivning\tLat\tLong\r\n"
     f"Belysning\tEnkät\t2020-03-01\tÅåÄäÖö\t{sv(LAT)}\t{sv(LON)}\r\n"
     f"Trafik\tEnkät\t2020-03-02\tKorsning\t{sv(LAT + .001)}\t{sv(LON)}\r\n", "utf-16")
text("places_multiline.csv", "unsafe_places", ("rejected", {5: "not_in_list"}),
     "a quoted description with a semicolon and line breaks: the bad row after it is line 5",
     HEAD_SV + f"Belysning;Enkät;2020-03-01;\"Rad ett;\nrad två\nrad tre\";{sv(LAT)};{sv(LON)}\n"
     f"Okänd sak;Enkät;2020-03-02;B;{sv(LAT)};{sv(LON)}\n")
text("places_trailing_columns.csv", "unsafe_places", ("ok", 2),
     "Excel leftovers: empty trailing columns, empty lines between rows",
     "Kategori;Källa;Datum;Lat;Long;;;\n\n"
     f"Belysning;Enkät;2020-03-01;{sv(LAT)};{sv(LON)};;;\n;;;;;;;\n\n"
     f"Trafik;Enkät;2020-03-02;{sv(LAT + .001)};{sv(LON)};;;\n")
text("places_thousands_spaces.csv", "unsafe_places", ("ok", 2),
     "SWEREF coordinates written with thousands spaces (also no-break spaces): 6 154 321,5",
     "Kategori;Källa;Datum;N;E\n"
     f"Belysning;Enkät;2020-03-01;{N:,.1f};{E:,.1f}\n".replace(",", " ").replace(".", ",")
     + f"Trafik;Enkät;2020-03-02;{N + 50:,.1f};{E:,.1f}\n".replace(",", "\u00a0")
     .replace(".", ","))
text("places_duplicates.csv", "unsafe_places", ("ok", 1),
     "the same row twice (an export pasted twice): imported once, noted",
     HEAD_SV + 2 * f"Belysning;Enkät;2020-03-01;Samma;{sv(LAT)};{sv(LON)}\n")
text("places_payload.csv", "unsafe_places", ("ok", 2),
     "descriptions that are HTML/JS and a spreadsheet formula: stored as text, shown inert",
     HEAD_SV + f"Belysning;Enkät;2020-03-01;\"{PAYLOAD}\";{sv(LAT)};{sv(LON)}\n"
     f"Trafik;Enkät;2020-03-02;\"=HYPERLINK(\"\"http://x\"\")\";{sv(LAT + .001)};{sv(LON)}\n")
text("places_mojibake.csv", "unsafe_places", ("ok", 1),
     "UTF-8 read as Windows-1252 and saved again (Ã¥ for å): imported with a warning",
     "category;source;reported_date;description;lat;lon\n"
     f"lighting;survey;2020-03-01;{'Mörk gång'.encode().decode('cp1252')};{LAT};{LON}\n")
entry("places.geojson", "unsafe_places", ("ok", 3), "plain GeoJSON with Swedish property names")(
    lambda: feature_collection([({"Kategori": c, "Källa": "Enkät", "Datum": "2020-03-01"},
                                 Point(LON + i / 1000, LAT)) for i, c in
                                enumerate(["Belysning", "Trafik", "Inbrott"])]))
entry("places_crs_3006.geojson", "unsafe_places", ("ok", 2),
      "old-style GeoJSON with a crs member naming EPSG:3006 and SWEREF coordinates")(
    lambda: feature_collection([({"category": "lighting", "source": "survey",
                                  "reported_date": "2020-03-01"}, Point(E + i * 30, N))
                                for i in range(2)],
                               crs={"type": "name", "properties": {
                                   "name": "urn:ogc:def:crs:EPSG::3006"}}))
entry("places_3d.geojson", "unsafe_places", ("ok", 2), "3D coordinates (the height is dropped)")(
    lambda: feature_collection([({"category": "traffic", "source": "survey",
                                  "reported_date": "2020-03-01"},
                                 {"type": "Point", "coordinates": [LON + i / 1000, LAT, 42.0]})
                                for i in range(2)]))
entry("places_excel.xlsx", "unsafe_places", ("ok", 3),
      "Excel with a title row, real date cells, numbers as numbers")(
    lambda: workbook([("Platser", [["Otrygga platser 2020"],
                                   ["Kategori", "Källa", "Datum", "Beskrivning", "Lat", "Long"]]
                       + [["Belysning", "Enkät", date(2020, 3, 1 + i), f"P{i}", LAT + i / 1000,
                           LON] for i in range(3)])]))
entry("places_second_sheet.xlsx", "unsafe_places", ("ok", 2),
      "the first sheet is an empty template; the data is on the second")(
    lambda: workbook([("Mall", []), ("Data", [["category", "source", "reported_date", "lat",
                                               "lon"]] + [["drugs", "police",
                                                           datetime(2020, 4, 1, 9, 30),
                                                           LAT, LON + i / 1000]
                                                          for i in range(2)])]))
entry("watch_areas_sweref.zip", "watch_areas", ("ok", 2),
      "zipped shapefile in SWEREF 99 TM with .prj, .cpg and Swedish field names")(
    lambda: zipped(shapefile(watch_frame())))
entry("watch_areas_no_prj.zip", "watch_areas", ("ok", 2),
      "zipped shapefile in a subfolder, without .prj (SWEREF recognised from the ranges)")(
    lambda: zipped(shapefile(watch_frame(), prj=False, folder="export/")))


def _gpkg(frames: dict[str, gpd.GeoDataFrame]) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "data.gpkg"
        for layer, frame in frames.items():
            frame.to_file(path, layer=layer, engine="pyogrio")
        return path.read_bytes()


entry("watch_areas.gpkg", "watch_areas", ("ok", 2), "GeoPackage in EPSG:3006, one layer")(
    lambda: _gpkg({"omraden": watch_frame()}))
def _attribute_table() -> bytes:
    import tempfile

    import pandas as pd
    import pyogrio

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "aktiviteter.gpkg"
        pyogrio.write_dataframe(pd.DataFrame({
            "Typ": ["Polisens brottsförebyggande timmar", "Utskick"],
            "Datum": ["2020-03-31", "2020-04-15"], "Rubrik": ["Timmar mars", "Brev"],
            "Antal": [40.0, 1200.0], "Enhet": ["timmar", "brev"]}), path, layer="aktiviteter",
            driver="GPKG")
        return path.read_bytes()


entry("activities_table.gpkg", "activities", ("ok", 2),
      "a GeoPackage attribute table without geometry (activities that have no place)")(
    _attribute_table)
entry("watch_area_small_loop.geojson", "watch_areas", ("ok", 1),
      "a polygon whose ring crosses itself in a 20 cm loop: repaired (area change < 1 %)")(
    lambda: feature_collection([({"name": "Grannsamverkan Byn", "start_date": "2020-01-01"},
                                 Polygon([(E, N), (E + 100, N), (E + 100, N + 100),
                                          (E, N + 100), (E, N + 50), (E - .2, N + 50.2),
                                          (E + .2, N + 50.2), (E, N + 50)]))]))
entry("watch_area_bowtie.geojson", "watch_areas", ("rejected", {2: "bad_polygon"}),
      "a bow-tie polygon (the ring crosses itself in the middle): cannot be repaired safely")(
    lambda: feature_collection([
        ({"name": "Bra", "start_date": "2020-01-01"}, sweref_square(0, 0)),
        ({"name": "Fluga", "start_date": "2020-01-01"},
         Polygon([(E, N), (E + 200, N + 200), (E + 200, N), (E, N + 200)]))],
        crs={"type": "name", "properties": {"name": "EPSG:3006"}}))
entry("walks.geojson", "walks", ("ok", 2), "a LineString and a MultiLineString walk route")(
    lambda: feature_collection([
        ({"Namn": "Vårvandring", "Datum": "2020-04-20", "Deltagare": "14"},
         LineString([(LON, LAT), (LON + .003, LAT + .002)])),
        ({"Namn": "Höstvandring", "Datum": "2020-10-01", "Deltagare": 9.0},
         MultiLineString([[(LON, LAT), (LON, LAT + .002)], [(LON, LAT + .003),
                                                            (LON + .001, LAT + .004)]]))]))
entry("findings_protocol.xlsx", "findings", ("ok", 3),
      "a walk protocol in Excel: the walk named, Vald x/blank, Swedish parties and statuses")(
    lambda: workbook([("Protokoll", [
        ["Vandring", "Nr", "Kategori", "Iakttagelse", "Åtgärd", "Ansvarig", "Vald", "Status",
         "Genomförd", "Lat", "Long"],
        [WALK_NAME, 1, "Belysning", "Trasig lampa", "Byt lampan", "Kommunen", "x", "Klar",
         date(2020, 10, 1), LAT, LON],
        [WALK_NAME, 2, "Växtlighet", "Buskar", "Klipp", "Fastighetsägaren", "x", "Planerad",
         None, LAT + .001, LON],
        [WALK_NAME, 3, "Trafik", "Fart", "Farthinder", "Trafikverket", None, "Öppen", None,
         LAT, LON + .001]])]))
text("activities_no_place.csv", "activities", ("ok", 3),
     "activities without coordinates (police hours), quantities with decimal commas",
     "Typ;Datum;Rubrik;Antal;Enhet;Åtagande\n"
     "Polisens brottsförebyggande timmar;2020-03-31;Timmar mars;42,5;timmar;\n"
     "polistimmar;2020-04-30;Timmar april;38;timmar;\n"
     "Informationsmöte;2020-05-12;Möte i Brösarp;1;möte;\n")

# -- rows that are rejected (nothing written) ---------------------------------------------

text("places_bad_rows.csv", "unsafe_places",
     ("rejected", {3: "not_in_list", 4: "value_not_in_calendar", 5: "bad_coordinate",
                   6: "half_coordinate", 7: "invalid_field"}),
     "one good row, then an unknown category, 2020-13-45, x = 'abc', a missing y, a 5000-"
     "character description",
     HEAD_SV + f"Belysning;Enkät;2020-03-01;Bra;{sv(LAT)};{sv(LON)}\n"
     f"Spöken;Enkät;2020-03-01;X;{sv(LAT)};{sv(LON)}\n"
     f"Belysning;Enkät;2020-13-45;X;{sv(LAT)};{sv(LON)}\n"
     f"Belysning;Enkät;2020-03-01;X;{sv(LAT)};abc\n"
     f"Belysning;Enkät;2020-03-01;X;;{sv(LON)}\n"
     f"Belysning;Enkät;2020-03-01;{'x' * 5000};{sv(LAT)};{sv(LON)}\n")
text("places_other_kommun.csv", "unsafe_places", ("rejected", {3: "row_other_kommun"}),
     "a row of municipality 1230 in a file imported for 1270 (1270 written as 1270.0 is fine)",
     "Kommun;Kategori;Källa;Datum;Lat;Long\n"
     f"1270.0;Belysning;Enkät;2020-03-01;{sv(LAT)};{sv(LON)}\n"
     f"1230;Belysning;Enkät;2020-03-01;{sv(LAT)};{sv(LON)}\n")
text("places_one_in_germany.csv", "unsafe_places", ("rejected", {4: "row_outside_ranges"}),
     "one row in Berlin among rows in Tomelilla",
     HEAD_SV + f"Belysning;Enkät;2020-03-01;A;{sv(LAT)};{sv(LON)}\n"
     f"Belysning;Enkät;2020-03-01;B;{sv(LAT + .001)};{sv(LON)}\n"
     "Belysning;Enkät;2020-03-01;Berlin;52,52;13,40\n")
text("places_one_row_swapped.csv", "unsafe_places", ("rejected", {4: "row_swapped"}),
     "latitude and longitude exchanged on one row only",
     HEAD_SV + f"Belysning;Enkät;2020-03-01;A;{sv(LAT)};{sv(LON)}\n"
     f"Belysning;Enkät;2020-03-01;B;{sv(LAT + .001)};{sv(LON)}\n"
     f"Belysning;Enkät;2020-03-01;C;{sv(LON)};{sv(LAT)}\n")
text("places_unquoted_decimal_comma.csv", "unsafe_places",
     ("rejected", {2: "too_many_fields", 3: "too_many_fields"}),
     "comma-separated, but the coordinates have unquoted decimal commas",
     f"category,source,reported_date,lat,lon\nlighting,survey,2020-03-01,{sv(LAT)},{sv(LON)}\n"
     f"traffic,survey,2020-03-01,{sv(LAT)},{sv(LON)}\n")
text("places_unknown_pledge.csv", "unsafe_places", ("rejected", {2: "unknown_pledge"}),
     "a pledge id that does not exist",
     f"category;source;reported_date;lat;lon;pledge_id\n"
     f"lighting;survey;2020-03-01;{sv(LAT)};{sv(LON)};tomelilla-1999\n")
text("findings_unknown_walk.csv", "findings", ("rejected", {2: "unknown_walk"}),
     "findings of a walk that is not in the store",
     f"Vandring;Kategori;Datum;Lat;Long\nNattvandring 1999;Belysning;2020-09-10;{sv(LAT)};"
     f"{sv(LON)}\n")
text("activities_home_visit_with_place.csv", "activities", ("rejected", {2: "invalid_field"}),
     "a home visit with a place (home visits are counts only, never on a map)",
     f"Typ;Datum;Rubrik;Lat;Long\nHembesök;2020-03-01;Besök;{sv(LAT)};{sv(LON)}\n")


from tests.data import corpus_bad  # noqa: E402,F401  (registers the refused files)


def readme() -> str:
    """``README.md``: one line per file on what is wrong with it and what must happen."""
    lines = ["# The import corpus", "",
             "Bad and awkward files for `geo.io` (made by `python -m tests.data.make_corpus`;",
             "`tests/io/test_corpus.py` imports each into a fresh store). *ok N*: imports N",
             "rows; *refused*: the whole file is refused with that message code; *rejected*:",
             "those lines are refused and nothing is written. The store is compared before",
             "and after every file that is not imported.", "",
             "| file | layer | expected | what is wrong or awkward |", "|---|---|---|---|"]
    for name, (layer, expected, what) in CORPUS.items():
        kind, detail = expected
        shown = (f"ok {detail}" if kind == "ok" else f"refused: `{detail}`" if kind == "refused"
                 else "rejected: " + ", ".join(f"line {k} `{v}`" for k, v in detail.items()))
        lines.append(f"| `{name}` | {layer} | {shown} | {what} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    for name, writer in WRITERS.items():
        (HERE / name).write_bytes(writer())
    (HERE / "README.md").write_text(readme(), encoding="utf-8")
    print(f"wrote {len(WRITERS)} files to {HERE}")


if __name__ == "__main__":  # run the imported module, whose registry corpus_bad filled
    from tests.data import make_corpus as registered

    registered.main()
