"""The corpus's files that must be refused as a whole (registered in :mod:`.make_corpus`)."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import zlib
from pathlib import Path

import geopandas as gpd
from shapely.geometry import Point

from tests.data.make_corpus import (
    _TO_RT90,
    HEAD_SV,
    LAT,
    LON,
    entry,
    feature_collection,
    shapefile,
    sv,
    text,
    watch_frame,
    workbook,
    zipped,
)

text("empty.csv", "unsafe_places", ("refused", "empty_file"), "an empty file (0 bytes)", "")
text("only_header.csv", "unsafe_places", ("refused", "no_rows"),
     "a header and no data rows", HEAD_SV)
text("duplicate_columns.csv", "unsafe_places", ("refused", "duplicate_column"),
     "two columns both called Kategori",
     f"Kategori;Kategori;Källa;Datum;Lat;Long\nA;B;Enkät;2020-03-01;{sv(LAT)};{sv(LON)}\n")
text("no_coordinates.csv", "unsafe_places", ("refused", "no_geometry_columns"),
     "unsafe places with no column giving a place", "Kategori;Källa;Datum\nBelysning;Enkät;"
     "2020-03-01\n")
text("places_rt90.csv", "unsafe_places", ("refused", "crs_looks_rt90"),
     "RT90 2.5 gon V coordinates and no CRS stated (cannot be told from SWEREF by itself)",
     "Kategori;Källa;Datum;X;Y\n" + "".join(
         f"Belysning;Enkät;2020-03-01;{sv(x, 1)};{sv(y, 1)}\n" for x, y in
         [_TO_RT90.transform(LON + i / 1000, LAT) for i in range(2)]))
text("places_local_grid.csv", "unsafe_places", ("refused", "crs_unrecognised"),
     "coordinates of a local drawing grid (x 1000–1200, y 2000): no Swedish system",
     "Kategori;Källa;Datum;X;Y\nBelysning;Enkät;2020-03-01;1000;2000\n"
     "Trafik;Enkät;2020-03-01;1200;2000\n")
entry("binary_noise.csv", "unsafe_places", ("refused", "binary_unknown"),
      "random binary bytes named .csv")(lambda: bytes(range(256)) * 8)
entry("old_excel.xls", "unsafe_places", ("refused", "format_xls"),
      "an Excel 97-2003 workbook (OLE2 header)")(
    lambda: bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504)
entry("report.pdf", "unsafe_places", ("refused", "format_pdf"), "a PDF named as data")(
    lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
text("places.kml", "unsafe_places", ("refused", "format_kml"),
     "KML from Google My Maps",
     '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
     f"<Placemark><Point><coordinates>{LON},{LAT}</coordinates></Point></Placemark>"
     "</Document></kml>")
VRT = ('<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/etc/passwd</SrcDataSource>'
       "</OGRVRTLayer></OGRVRTDataSource>")
text("layers.vrt", "unsafe_places", ("refused", "virtual_format"),
     "a GDAL VRT that would read /etc/passwd", VRT)
text("vrt_named_csv.csv", "unsafe_places", ("refused", "virtual_format"),
     "the same VRT named .csv (the content decides, not the name)", "\n  " + VRT)
text("vsicurl.geojson", "unsafe_places", ("refused", "points_outside"),
     "a GDAL /vsicurl/ path instead of data", "/vsicurl/http://example.com/data.geojson\n")
text("url.csv", "unsafe_places", ("refused", "points_outside"),
     "a URL instead of data", "https://example.com/export.csv\n")
text("not_geojson.json", "unsafe_places", ("refused", "json_not_geojson"),
     "a JSON array of records, not GeoJSON", json.dumps([{"lat": LAT, "lon": LON}]))
text("broken.geojson", "unsafe_places", ("refused", "json_broken"),
     "GeoJSON cut off in the middle", '{"type": "FeatureCollection", "features": [{"type": ')
text("too_deep.geojson", "unsafe_places", ("refused", "geojson_too_deep"),
     "JSON nested 5 000 levels deep", '{"type": "Feature", "properties": '
     + "[" * 5_000 + "]" * 5_000 + "}")
entry("crs_link.geojson", "unsafe_places", ("refused", "crs_link"),
      "a GeoJSON crs member of type link (a definition fetched from elsewhere)")(
    lambda: feature_collection([({"category": "lighting"}, Point(LON, LAT))],
                               crs={"type": "link", "properties": {
                                   "href": "http://example.com/crs.wkt", "type": "ogcwkt"}}))


def _sqlite() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plain.sqlite"
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE places (lat REAL, lon REAL)")
            conn.execute("INSERT INTO places VALUES (?, ?)", (LAT, LON))
        return path.read_bytes()


entry("plain_sqlite.gpkg", "unsafe_places", ("refused", "sqlite_not_gpkg"),
      "an SQLite database that is not a GeoPackage, named .gpkg")(_sqlite)


def _two_layers() -> bytes:
    from tests.data.make_corpus import _gpkg

    return _gpkg({"omraden": watch_frame(), "punkter": watch_frame().set_geometry(
        watch_frame().geometry.centroid)})


entry("two_layers.gpkg", "unsafe_places", ("refused", "several_layers"),
      "a GeoPackage with two layers, neither named after the target layer")(_two_layers)
entry("prj_says_wgs84.zip", "watch_areas", ("refused", "crs_mismatch"),
      "a shapefile whose .prj says WGS 84 but whose coordinates are SWEREF 99 TM")(
    lambda: zipped(shapefile(gpd.GeoDataFrame(watch_frame().drop(columns="geometry"),
                                              geometry=list(watch_frame().geometry),
                                              crs=4326))))
entry("zip_slip.zip", "watch_areas", ("refused", "zip_escape"),
      "a zip entry named ../../omraden.shp (would land outside the folder)")(
    lambda: zipped({"../../omraden.shp": b"x", "omraden.dbf": b"y"}))
entry("zip_absolute.zip", "watch_areas", ("refused", "zip_escape"),
      "a zip entry with an absolute path /tmp/omraden.shp")(
    lambda: zipped({"/tmp/omraden.shp": b"x"}))


def _bomb() -> bytes:
    files = shapefile(watch_frame())
    files["omraden.dbf"] = files["omraden.dbf"] + b"\x00" * (40 * 2**20)
    return zipped(files)


entry("zip_bomb.zip", "watch_areas", ("refused", "zip_bomb"),
      "a shapefile whose .dbf is padded to 40 MB of zeros (compression ratio > 200)")(_bomb)
entry("zip_with_vrt.zip", "watch_areas", ("refused", "virtual_format"),
      "a zipped shapefile with a .vrt beside it")(
    lambda: zipped({**shapefile(watch_frame()), "omraden.vrt": VRT.encode()}))
entry("zip_in_zip.zip", "watch_areas", ("refused", "zip_nested"),
      "a zip holding another zip")(
    lambda: zipped({"inner.zip": zipped(shapefile(watch_frame()))}))
entry("zip_no_dbf.zip", "watch_areas", ("refused", "shapefile_parts_missing"),
      "a zipped shapefile without its .dbf")(
    lambda: zipped({k: v for k, v in shapefile(watch_frame()).items()
                    if not k.endswith(".dbf")}))
entry("zip_symlink.zip", "watch_areas", ("refused", "zip_link"),
      "a zip entry that is a symbolic link to /etc/passwd")(
    lambda: zipped({**shapefile(watch_frame()), "omraden.cpg": b"/etc/passwd"},
                   links=("omraden.cpg",)))
entry("zip_csv_inside.zip", "unsafe_places", ("refused", "zip_no_shapefile_hint"),
      "a zipped CSV (import the CSV itself)")(
    lambda: zipped({"platser.csv": (HEAD_SV + "Belysning;Enkät;2020-03-01;A;55,5;13,9\n")
                    .encode("cp1252")}))


def _external_link() -> bytes:
    import io
    import zipfile

    source = workbook([("Data", [["Kategori", "Lat", "Long"], ["Belysning", LAT, LON]])])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            new.writestr(item, old.read(item))
        new.writestr("xl/externalLinks/externalLink1.xml",
                     '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                     '2006/main"><externalBook r:id="rId1" xmlns:r="http://schemas.'
                     'openxmlformats.org/officeDocument/2006/relationships"/></externalLink>')
    return out.getvalue()


entry("external_link.xlsx", "unsafe_places", ("refused", "xlsx_links"),
      "an Excel workbook linking to another workbook on a file server")(_external_link)
def _xml_bomb() -> bytes:
    import io
    import zipfile

    source = workbook([("Data", [["Kategori", "Lat", "Long"], ["Belysning", LAT, LON]])])
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{"&lol" + str(i - 1) + ";" if i else "&lol;"}'
                      f'{("&lol" + str(i - 1) + ";") * 9 if i else "&lol;" * 9}">'
                      for i in range(9))
            + ']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol8;</t></is></c></row>'
            "</sheetData></worksheet>")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            content = old.read(item)
            new.writestr(item, bomb.encode() if item.filename.endswith("sheet1.xml") else content)
    return out.getvalue()


entry("xml_bomb.xlsx", "unsafe_places", ("refused", "xlsx_entities"),
      "an Excel sheet whose XML defines entities that expand a billion times")(_xml_bomb)
entry("gzip_renamed.csv", "unsafe_places", ("refused", "format_gzip"),
      "a gzip-compressed CSV named .csv")(
    lambda: b"\x1f\x8b\x08\x00" + zlib.compress(HEAD_SV.encode())[2:])
