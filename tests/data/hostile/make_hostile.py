"""Write the hostile upload corpus: files that try to make the server read, fetch or write.

Run from the project root: ``python -m tests.data.hostile.make_hostile``. It writes the
small files into this folder with placeholder targets (``/tmp/tk-secret.csv``, a store
at ``/tmp/tk-store.gpkg``, a listener at ``127.0.0.1:9``). The tests call :func:`build`
with real targets (a secret file with a marker, the test store, a loopback listener, a
path the SQLite writer would create), and the large files (over the size, feature and
vertex limits) are only made there, in memory.

Every file must be refused by every reader (coverage units, population, survey table,
survey areas, import) in one line; see ``tests/io/test_hostile.py``.
"""

from __future__ import annotations

import io
import json
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

HERE = Path(__file__).resolve().parent
ZIP_TIME = (2024, 5, 1, 12, 0, 0)
SECRET_MARKER = "TK-SECRET-7c1e"
#: Files made only in memory by the tests (over the size, vertex and feature limits).
LARGE_NAMES = ("oversized.csv", "million_vertices.geojson", "too_many_features.geojson")


@dataclass(frozen=True)
class Targets:
    """What the hostile files point at."""

    secret: Path  # a CSV holding SECRET_MARKER
    store: Path  # the app's store
    url: str  # http://127.0.0.1:port (a listener that must see nothing)
    write_to: Path  # where the SQLite-in-VRT would write


def _vrt(source: str, layer: str = "", sql: str = "") -> str:
    inner = f"<SrcDataSource>{source}</SrcDataSource>"
    inner += f"<SrcLayer>{layer}</SrcLayer>" if layer else ""
    inner += f'<SrcSQL dialect="SQLITE">{sql}</SrcSQL>' if sql else ""
    return (f'<OGRVRTDataSource><OGRVRTLayer name="omraden">{inner}'
            "<GeometryType>wkbPolygon</GeometryType><LayerSRS>EPSG:3006</LayerSRS>"
            "</OGRVRTLayer></OGRVRTDataSource>")


def _zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_TIME), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"desokod": ["1270A0010", "1270A0020"]},
                            geometry=[box(430_000, 6_160_000, 431_000, 6_161_000),
                                      box(431_000, 6_160_000, 432_000, 6_161_000)], crs=3006)


def _shapefile_parts() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "omraden.shp"
        _frame().to_file(path, engine="pyogrio")
        return {f"omraden{s}": path.with_suffix(s).read_bytes()
                for s in (".shp", ".shx", ".dbf", ".prj")}


def _gpkg(extra_sql: list[str], register_view: bool = False,
          frame: gpd.GeoDataFrame | None = None) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "units.gpkg"
        (_frame() if frame is None else frame).to_file(path, layer="omraden", engine="pyogrio")
        with sqlite3.connect(path) as conn:
            for sql in extra_sql:
                conn.execute(sql)
            if register_view:
                conn.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, "
                             "srs_id) VALUES ('schema', 'attributes', 'schema', 0)")
        conn.close()
        return path.read_bytes()


def _geojson(properties: dict, extra: dict | None = None) -> bytes:
    feature = {"type": "Feature", "properties": properties,
               "geometry": {"type": "Polygon", "coordinates": [[[13.9, 55.5], [13.91, 55.5],
                                                                [13.91, 55.51], [13.9, 55.5]]]}}
    return json.dumps({"type": "FeatureCollection", **(extra or {}),
                       "features": [feature]}).encode()


def build(targets: Targets, *, large: bool = True) -> dict[str, bytes]:
    """Every hostile file by name (``large``: also the ones over the limits)."""
    secret, store, url, write_to = (str(targets.secret), str(targets.store), targets.url,
                                    str(targets.write_to))
    read_secret = _vrt(secret, targets.secret.stem)
    writer_sql = f"VACUUM INTO '{write_to}'"
    attach_sql = (f"ATTACH DATABASE '{write_to}' AS x; CREATE TABLE x.users AS "
                  "SELECT * FROM users")
    files: dict[str, bytes] = {
        # GDAL virtual files that read a server file
        "vrt_reads_secret.vrt": read_secret.encode(),
        "vrt_reads_store.vrt": _vrt(store, "users").encode(),
        "vrt_reads_secret_named.gpkg": read_secret.encode(),
        "vrt_reads_secret_named.geojson": ("\n  " + read_secret).encode(),
        "vrt_reads_secret_named.csv": ("id;population\n" + read_secret).encode(),
        "vrt_as_shp.zip": _zipped({**_shapefile_parts(), "omraden.shp": read_secret.encode()}),
        "vrt_beside_shp.zip": _zipped({**_shapefile_parts(), "x.vrt": read_secret.encode()}),
        # SQLite inside a VRT that would write a file
        "vrt_sqlite_vacuum_into.vrt": _vrt(store, sql=writer_sql).encode(),
        "vrt_sqlite_attach.vrt": _vrt(store, sql=attach_sql).encode(),
        "vrt_sqlite_attach_as_shp.zip": _zipped({**_shapefile_parts(),
                                                 "omraden.shp": _vrt(store, sql=attach_sql)
                                                 .encode()}),
        # the network: /vsicurl/, a URL, GDAL's WFS and WMS XML
        "vsicurl.geojson": f"/vsicurl/{url}/vsicurl.geojson\n".encode(),
        "url.geojson": f"{url}/url.geojson\n".encode(),
        "vsicurl_in_cell.geojson": _geojson({"desokod": "1270A0010",
                                             "source": f"/vsicurl/{url}/cell"}),
        "vsicurl_in_cell.csv": (f"desokod;beftotalt;kalla\n1270A0010;12;/vsicurl/{url}/c\n"
                                ).encode("cp1252"),
        "vsizip_in_cell.csv": (f"area_id,year,unsafe_evening\n/vsizip/{secret}/x,2020,3\n"
                               ).encode(),
        "crs_link.geojson": _geojson({"desokod": "1270A0010"}, {"crs": {
            "type": "link", "properties": {"href": f"{url}/crs", "type": "proj4"}}}),
        "wfs.xml": (f"<OGRWFSDataSource><URL>{url}/wfs?SERVICE=WFS</URL>"
                    "</OGRWFSDataSource>").encode(),
        "wms.xml": (f'<GDAL_WMS><Service name="WMS"><ServerUrl>{url}/wms</ServerUrl>'
                    "</Service></GDAL_WMS>").encode(),
        "vsicurl_in_shapefile.zip": _zipped({**_shapefile_parts(), "omraden.dbf":
                                             _shapefile_parts()["omraden.dbf"].replace(
                                                 b"1270A0010", b"/vsicurl/")}),
        # GeoPackages that run SQL or are no GeoPackage
        "gpkg_view.gpkg": _gpkg(["CREATE VIEW schema AS SELECT sql FROM sqlite_master"],
                                register_view=True),
        "gpkg_trigger.gpkg": _gpkg([f"CREATE TRIGGER steal AFTER INSERT ON omraden BEGIN "
                                    f"SELECT load_extension('{write_to}'); END"]),
        "gpkg_vsi_in_cell.gpkg": _gpkg([], frame=_frame().assign(
            desokod=[f"/vsicurl/{url}/g", "1270A0020"])),
        "plain_sqlite.gpkg": _plain_sqlite(),
        # over the limits
        "too_many_columns.csv": (";".join(f"c{i}" for i in range(501)) + "\n"
                                 + ";".join("1" for _ in range(501)) + "\n").encode(),
        "too_many_columns.geojson": _geojson({f"c{i}": i for i in range(501)}),
        "zip_bomb.zip": _zipped({**_shapefile_parts(), "omraden.dbf": b"\0" * 50_000_000}),
    }
    if large:
        files.update(_large())
    return files


def _plain_sqlite() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plain.sqlite"
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE population (desokod TEXT, beftotalt INTEGER)")
            conn.execute("INSERT INTO population VALUES ('1270A0010', 12)")
        conn.close()
        return path.read_bytes()


def _large() -> dict[str, bytes]:
    from geo.io import limits

    ring = [[13.9 + 0.01 * (i % 2), 55.5 + i * 1e-7] for i in range(1_000_000)]
    ring.append(ring[0])
    point = '{"type":"Feature","properties":{},"geometry":null}'
    return {
        "oversized.csv": b"desokod;beftotalt\n" + b"1270A0010;1\n" * (
            limits.MAX_FILE_BYTES // 12 + 1),
        "million_vertices.geojson": _geojson({"desokod": "1270A0010"}) .replace(
            b'"coordinates": [[[13.9, 55.5], [13.91, 55.5], [13.91, 55.51], [13.9, 55.5]]]',
            b'"coordinates": [' + json.dumps(ring, separators=(",", ":")).encode() + b"]"),
        "too_many_features.geojson": (
            '{"type":"FeatureCollection","features":['
            + ",".join([point] * (limits.MAX_ROWS + 1)) + "]}").encode(),
    }


def main() -> None:
    targets = Targets(Path("/tmp/tk-secret.csv"), Path("/tmp/tk-store.gpkg"),
                      "http://127.0.0.1:9", Path("/tmp/tk-written.gpkg"))
    for name, data in build(targets, large=False).items():
        (HERE / name).write_bytes(data)
    print(f"wrote {len(build(targets, large=False))} files to {HERE}")


if __name__ == "__main__":
    main()
