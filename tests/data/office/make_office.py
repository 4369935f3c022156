"""Write the office corpus: files as municipal offices have them, each with its outcome.

Run from the project root: ``python -m tests.data.office.make_office``. It rewrites every
file of :data:`OFFICE` in this folder. The files are committed; the script is how they were
made. ``tests/io/test_office_corpus.py`` imports each one into a real GeoPackage store and
checks :data:`OFFICE`'s expectation: imported with every column accounted for (mapped, kept
as extra information, or skipped), or refused in one line naming the field and the fix
with the store unchanged.

Each entry: ``name: Case(layer, kommun, expected, …)`` where expected is ``("ok", rows
created)``, ``("refused", message code)`` or ``("rejected", {line: code})``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pyproj import Transformer

HERE = Path(__file__).resolve().parent

#: Places inside each municipality (WGS 84 lon, lat), checked against geo.spatial.boundaries.
TOMELILLA = [(13.953, 55.543), (13.96, 55.547), (13.948, 55.540), (13.957, 55.545)]
STOCKHOLM = [(18.01996, 59.30622), (18.02396, 59.30822), (18.01696, 59.30722)]
KALMAR = [(16.21582, 56.70709), (16.21982, 56.70909), (16.21282, 56.70809)]


@dataclass
class Case:
    """One file: where it is imported, with what options, and what must happen."""

    layer: str
    kommun: str
    expected: tuple
    what: str
    fixed: dict[str, str] = field(default_factory=dict)
    mapping: dict[str, str] | None = None
    skip: tuple[str, ...] = ()
    #: The coordinate system the report must name (EPSG code) and how it was decided.
    crs: tuple[int, str] | None = None
    #: Columns that must be kept as extra information.
    extra: tuple[str, ...] = ()
    #: A case number every imported record must carry one of.
    case_numbers: tuple[str, ...] = ()
    #: Words the refusal (Swedish) must contain.
    words: tuple[str, ...] = ()


OFFICE: dict[str, Case] = {}
WRITERS: dict[str, Callable[[], bytes]] = {}


def xy(points: list[tuple[float, float]], epsg: int) -> list[tuple[float, float]]:
    """The points in ``epsg`` (easting, northing), to the centimetre."""
    to = Transformer.from_crs(4326, epsg, always_xy=True)
    return [tuple(round(v, 2) for v in to.transform(lon, lat)) for lon, lat in points]


def comma(value: float, decimals: int = 2) -> str:
    """A number as Swedish Excel writes it (decimal comma)."""
    return f"{value:.{decimals}f}".replace(".", ",")


def csv_file(name: str, case: Case, rows: list[list[str]], *, sep: str = ";",
             encoding: str = "cp1252", bom: bool = False, title: str = "") -> None:
    """Register a CSV as Excel saves it: CRLF, the separator, the encoding (and a BOM)."""
    def write() -> bytes:
        lines = ([title] if title else []) + [sep.join(_quoted(c, sep) for c in row)
                                              for row in rows]
        text = "\r\n".join(lines) + "\r\n"
        return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)
    OFFICE[name] = case
    WRITERS[name] = write


def _quoted(cell: str, sep: str) -> str:
    """A cell as Excel writes it: quoted when it holds the separator or a quote."""
    if sep in cell or '"' in cell:
        return '"' + cell.replace('"', '""') + '"'
    return cell


PLACES_HEADER = ["Plats", "Beskrivning", "Kategori", "Datum", "Ärendenr", "N", "E"]
PLACES = [
    ("Stortorget", "Mörkt vid busshållplatsen, lampan trasig", "Belysning", "2024-03-04",
     "KS 2024/101"),
    ("Gångtunneln vid skolan", "Klotter och krossat glas", "Skadegörelse", "2024-03-11",
     "KS 2024/102"),
    ("Parken bakom kyrkan", "Buskage skymmer gångvägen", "Växtlighet", "2024-04-02",
     "KS 2024/117"),
    ("Järnvägsstationen", "Ungdomar samlas på kvällarna", "Ungdomsgäng/samling", "2024-05-20",
     "KS 2024/130"),
]


def places_rows(epsg: int = 3006, decimal_comma: bool = False) -> list[list[str]]:
    """The office's unsafe places with N/E coordinates in ``epsg``."""
    rows = [PLACES_HEADER]
    for (place, text, category, day, case), (east, north) in zip(
            PLACES, xy(TOMELILLA, epsg), strict=True):
        n, e = (comma(north), comma(east)) if decimal_comma else (f"{north:.2f}", f"{east:.2f}")
        rows.append([place, text, category, day, case, n, e])
    return rows


CASES_TM = tuple(p[4] for p in PLACES)

csv_file("places_excel_cp1252_tm.csv", Case(
    "unsafe_places", "1270", ("refused", "missing_choice"),
    "Excel CSV (; Windows-1252) in SWEREF 99 TM with no column saying where the reports "
    "came from: refused before any row, naming Källa and the fix",
    words=("Källa", "Medborgardialog", "--set source=")), places_rows())
csv_file("places_excel_cp1252_tm_set.csv", Case(
    "unsafe_places", "1270", ("ok", 4),
    "the same file with a value for all rows (source = Medborgardialog): Plats kept as extra "
    "information, Ärendenr as the case number",
    fixed={"source": "Medborgardialog"}, crs=(3006, "ranges"), extra=("Plats",),
    case_numbers=CASES_TM), places_rows())
csv_file("places_excel_utf8_bom.csv", Case(
    "unsafe_places", "1270", ("ok", 4), "UTF-8 with BOM from Excel, with a Källa column",
    crs=(3006, "ranges"), extra=("Plats",), case_numbers=CASES_TM),
    [[*PLACES_HEADER, "Källa"]] + [[*row, "Medborgardialog"] for row in places_rows()[1:]],
    encoding="utf-8", bom=True)
csv_file("places_utf8_no_bom_latlon_comma.csv", Case(
    "unsafe_places", "1270", ("ok", 4),
    "UTF-8 without BOM, WGS 84 latitude/longitude with decimal commas, source for all rows",
    fixed={"source": "citizen_dialogue"}, crs=(4326, "ranges"), extra=("Plats",)),
    [["Plats", "Beskrivning", "Kategori", "Datum", "Lat", "Long"]]
    + [[p[0], p[1], p[2], p[3], comma(lat, 6), comma(lon, 6)]
       for p, (lon, lat) in zip(PLACES, TOMELILLA, strict=True)], encoding="utf-8")
csv_file("places_decimal_comma_tm.csv", Case(
    "unsafe_places", "1270", ("ok", 4),
    "SWEREF 99 TM with decimal commas (6152345,25), Windows-1252, a title line above the header",
    fixed={"source": "survey"}, crs=(3006, "ranges"), extra=("Plats",)),
    places_rows(decimal_comma=True), title="Otrygga platser 2024;;;;;;")
csv_file("places_sweref_1330_no_prj.csv", Case(
    "unsafe_places", "1270", ("ok", 4),
    "SWEREF 99 13 30 (EPSG:3008) from a Skåne municipality's GIS, no .prj: the zone is "
    "recognised because only in it do the places lie in Tomelilla",
    fixed={"source": "Medborgardialog"}, crs=(3008, "municipality"), extra=("Plats",),
    case_numbers=CASES_TM), places_rows(3008))
csv_file("places_sweref_1630_kalmar.csv", Case(
    "unsafe_places", "0880", ("ok", 3),
    "SWEREF 99 16 30 (EPSG:3010) from Kalmar's GIS, no .prj: the zone is recognised",
    fixed={"source": "web_form"}, crs=(3010, "municipality"), extra=("Plats",)),
    [PLACES_HEADER] + [[p[0], p[1], p[2], p[3], p[4], f"{n:.2f}", f"{e:.2f}"]
                       for p, (e, n) in zip(PLACES, xy(KALMAR, 3010), strict=False)])
csv_file("places_sweref_1800_stockholm.csv", Case(
    "unsafe_places", "0180", ("ok", 3),
    "SWEREF 99 18 00 (EPSG:3011) from Stockholm, no .prj: the zone is recognised",
    fixed={"source": "police"}, crs=(3011, "municipality"), extra=("Plats",)),
    [PLACES_HEADER] + [[p[0], p[1], p[2], p[3], p[4], f"{n:.2f}", f"{e:.2f}"]
                       for p, (e, n) in zip(PLACES, xy(STOCKHOLM, 3011), strict=False)])
csv_file("places_local_zone_wrong_kommun.csv", Case(
    "unsafe_places", "0180", ("refused", "crs_looks_local"),
    "Tomelilla's places in SWEREF 99 13 30 imported into Stockholm: no zone fits, the "
    "refusal names the zones and asks for one", fixed={"source": "police"},
    words=("EPSG:3007–3018", "EPSG:3008")), places_rows(3008))
csv_file("places_gis_export_extra_columns.csv", Case(
    "unsafe_places", "1270", ("ok", 4),
    "a GIS export with its own columns (OBJECTID, GlobalID, Handläggare, Shape_Area …): "
    "each one mapped, kept as extra information or skipped as chosen",
    fixed={"source": "Trygghetsvandring"}, skip=("GlobalID", "Shape_Area"),
    crs=(3006, "ranges"), extra=("OBJECTID", "Plats", "Handläggare")),
    [["OBJECTID", "GlobalID", "Plats", "Kategori", "Beskrivning", "Datum", "Handläggare",
      "Shape_Area", "Diarienr", "E", "N"]]
    + [[str(i + 1), f"{{0A1B2C3D-{i:04d}-4000-8000-00000000000{i}}}", p[0], p[2], p[1], p[3],
        "Anna Svensson" if i % 2 else "", "0", p[4], f"{e:.2f}", f"{n:.2f}"]
       for i, (p, (e, n)) in enumerate(zip(PLACES, xy(TOMELILLA, 3006), strict=True))],
    sep=",", encoding="utf-8")
csv_file("places_category_outside_list.csv", Case(
    "unsafe_places", "1270", ("rejected", {3: "not_in_list", 4: "not_in_list"}),
    "categories the list lacks (Nedskräpning, Hundbajs): the rows are refused naming the "
    "value, Kategori and the allowed names; nothing is written",
    fixed={"source": "Medborgardialog"}, words=("Nedskräpning", "Kategori", "Belysning")),
    [PLACES_HEADER] + [[p[0], p[1], c, p[3], p[4], f"{n:.2f}", f"{e:.2f}"]
                       for p, c, (e, n) in zip(PLACES, ["Belysning", "Nedskräpning",
                                                        "Hundbajs", "Växtlighet"],
                                               xy(TOMELILLA, 3006), strict=True)])
csv_file("places_no_category.csv", Case(
    "unsafe_places", "1270", ("refused", "missing_choice"),
    "no category column: refused before any row, naming Kategori and its values",
    fixed={"source": "Medborgardialog"}, words=("Kategori", "Belysning")),
    [row[:2] + row[3:] for row in places_rows()])
csv_file("places_no_date.csv", Case(
    "unsafe_places", "1270", ("refused", "missing_field"),
    "no date column (Inlämnad is no known name): refused naming Rapporterad and the fix",
    fixed={"source": "Medborgardialog"}, words=("Rapporterad", "reported_date")),
    [["Plats", "Beskrivning", "Kategori", "Inlämnad", "N", "E"]]
    + [[p[0], p[1], p[2], p[3], f"{n:.2f}", f"{e:.2f}"]
       for p, (e, n) in zip(PLACES, xy(TOMELILLA, 3006), strict=True)])
csv_file("places_utf16_tab.csv", Case(
    "unsafe_places", "1270", ("ok", 4), "Excel's “Unicode text”: UTF-16 with tabs",
    fixed={"source": "Medborgardialog"}, crs=(3006, "ranges"), extra=("Plats",)),
    places_rows(), sep="\t", encoding="utf-16")


def latin1_geojson() -> bytes:
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                 "properties": {"kategori": p[2], "beskrivning": p[1], "datum": p[3],
                                "kalla": "Medborgardialog"}}
                for p, (lon, lat) in zip(PLACES, TOMELILLA, strict=True)]
    text = json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, indent=1)
    return text.encode("latin-1", errors="replace")


OFFICE["places_latin1.geojson"] = Case(
    "unsafe_places", "1270", ("refused", "geojson_encoding"),
    "a GeoJSON saved in Latin-1 (Windows-1252): refused as not UTF-8, naming the encoding",
    words=("UTF-8", "Windows-1252"))
WRITERS["places_latin1.geojson"] = latin1_geojson

#: Two watch areas in Tomelilla, as SWEREF 99 TM polygons in WKT.
_AREAS = [("Byavägen", "2019-04-01", 42), ("Kyrkbacken", "2021-09-15", 17)]


def _area_wkt(index: int) -> str:
    (e, n), = xy([TOMELILLA[index]], 3006)
    return (f"POLYGON (({e - 150:.2f} {n - 150:.2f}, {e + 150:.2f} {n - 150:.2f}, "
            f"{e + 150:.2f} {n + 150:.2f}, {e - 150:.2f} {n + 150:.2f}, "
            f"{e - 150:.2f} {n - 150:.2f}))")


_AREA_ROWS = [["Namn", "started_on", "Hushåll", "Kontaktombud", "Geometri"]] + [
    [name, day, str(households), "Per Persson", _area_wkt(i)]
    for i, (name, day, households) in enumerate(_AREAS)]
csv_file("watch_areas_started_on.csv", Case(
    "watch_areas", "1270", ("refused", "missing_field"),
    "a watch-area file whose start date column is called started_on: refused naming "
    "Startdatum (start_date) and the fix", words=("Startdatum", "start_date", "started_on")),
    _AREA_ROWS)
csv_file("watch_areas_started_on_mapped.csv", Case(
    "watch_areas", "1270", ("ok", 2), "the same file with started_on mapped to Startdatum",
    mapping={"started_on": "start_date"}, crs=(3006, "ranges")), _AREA_ROWS)
csv_file("walks_cp1252.csv", Case(
    "walks", "1270", ("ok", 1),
    "a safety walk from Excel (Windows-1252) as a WKT line in SWEREF 99 TM, with Dnr",
    crs=(3006, "ranges"), case_numbers=("KS 2024/55",)),
    [["Namn", "Datum", "Arrangörer", "Dnr", "WKT"],
     ["Kvällsvandring Östra", "2024-10-03", "Kommunen och polisen", "KS 2024/55",
      "LINESTRING ({} {}, {} {})".format(*[f"{v:.2f}" for pt in xy(TOMELILLA[:2], 3006)
                                           for v in pt])]])
csv_file("activities_utf8_bom.csv", Case(
    "activities", "1270", ("ok", 2),
    "activities without a place from Excel (UTF-8 with BOM), kinds in Swedish, Antal with a "
    "decimal comma; Anteckning kept as extra information", extra=("Anteckning",)),
    [["Typ", "Rubrik", "Datum", "Antal", "Enhet", "Anteckning"],
     ["Informationsmöte", "Möte om grannsamverkan", "2024-02-12", "1", "möte", "Bra uppslutning"],
     ["Polistimmar", "Närvaro i centrum", "2024-02-16", "3,5", "timmar", ""]],
    encoding="utf-8", bom=True)


def readme() -> str:
    """The folder's README: every file, where it goes, with what, and what must happen."""
    lines = ["# Office corpus", "",
             "Files as municipal offices have them (made by `make_office.py`, checked by",
             "`tests/io/test_office_corpus.py`).", "",
             "| file | layer (kommun) | given | expected | what |", "|---|---|---|---|---|"]
    for name, case in OFFICE.items():
        given = ", ".join([*(f"`--set {k}={v}`" for k, v in case.fixed.items()),
                           *(f"`--map {k}={v}`" for k, v in (case.mapping or {}).items()),
                           *(f"`--skip {c}`" for c in case.skip)])
        kind, detail = case.expected
        expected = (f"{kind}: {detail} rows" if kind == "ok" else f"{kind}: `{detail}`"
                    if kind == "refused" else f"{kind}: " + ", ".join(
                        f"line {line} `{code}`" for line, code in detail.items()))
        lines.append(f"| `{name}` | {case.layer} ({case.kommun}) | {given} | {expected} "
                     f"| {case.what} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    for name, write in WRITERS.items():
        (HERE / name).write_bytes(write())
    (HERE / "README.md").write_text(readme(), encoding="utf-8")
    print(f"wrote {len(WRITERS)} files and README.md to {HERE}")


if __name__ == "__main__":
    main()
