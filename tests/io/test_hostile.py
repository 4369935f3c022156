"""Every hostile file (``tests/data/hostile``) against every reader of a file a user brings.

Each is refused in one sentence that shows nothing of the targets (secret, store, paths,
the listener), the loopback listener sees no request, and no file appears.
"""

from __future__ import annotations

from pathlib import Path

import pyogrio
import pytest

from geo.coverage import units
from geo.io import gdalsafe, guard, readers
from geo.io.errors import Refused
from geo.io.importer import ImportOptions, import_file
from geo.store import GeoPackageStore
from geo.survey import results as survey
from tests.data.hostile.make_hostile import LARGE_NAMES, Targets, _vrt, build
from tests.hostile import corpus, leaks, listener, listing, make_targets

HERE = Path(__file__).resolve().parents[1] / "data" / "hostile"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A listener, targets in a folder of their own, and the whole corpus (large too)."""
    folder = tmp_path_factory.mktemp("hostile")
    with listener() as (url, seen):
        targets = make_targets(folder / "targets", url)
        yield targets, seen, corpus(targets), folder


def _import(data: bytes) -> None:
    store = GeoPackageStore(_import.folder / "import.gpkg")
    report = import_file(store, data, ImportOptions(layer="watch_areas", kommun_kod="1270",
                                                    dry_run=True))
    if report.refused is not None:
        raise Refused(report.refused[0], **report.refused[1])
    raise AssertionError(f"import accepted it: {report.created}")


READERS = {
    "coverage_units": units.read_frame,
    "population": units.read_population,
    "survey_table": survey.read_table,
    "survey_areas": survey.read_areas,
    "import": _import,
}
NAMES = sorted([*build(Targets(Path("/s"), Path("/t"), "http://127.0.0.1:9", Path("/w")),
                       large=False), *LARGE_NAMES])


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("name", NAMES)
def test_every_reader_refuses_every_hostile_file(world, reader, name, tmp_path):
    targets, seen, files, folder = world
    _import.folder = tmp_path
    before = listing(folder)
    with pytest.raises(Refused) as refused:
        READERS[reader](files[name])
    for lang in ("sv", "en"):
        text = refused.value.text(lang)
        assert "\n" not in text and text.endswith(".") and len(text) < 300, text
        assert not leaks(text, targets), (lang, text)
    assert not seen, f"the listener was asked {seen}"
    assert not targets.write_to.exists()
    assert listing(folder) == before


def test_the_committed_corpus_is_the_script_s(world):
    """The small files in tests/data/hostile are what make_hostile writes (placeholders)."""
    written = build(Targets(Path("/tmp/tk-secret.csv"), Path("/tmp/tk-store.gpkg"),
                            "http://127.0.0.1:9", Path("/tmp/tk-written.gpkg")), large=False)
    on_disk = {p.name for p in HERE.iterdir() if p.suffix != ".py" and p.name != "__pycache__"}
    assert on_disk == set(written)
    for name in ("vrt_reads_secret.vrt", "vsicurl_in_cell.csv", "wfs.xml"):
        assert (HERE / name).read_bytes() == written[name]


def test_what_gdal_would_have_done_with_them(world, tmp_path):
    """The corpus is real: ungarded, GDAL reads the secret through the VRT (the hole)."""
    targets, _, files, _ = world
    path = tmp_path / "x.vrt"
    path.write_bytes(files["vrt_reads_secret.vrt"].replace(b"<GeometryType>wkbPolygon"
                                                           b"</GeometryType>", b""))
    frame = pyogrio.read_dataframe(path, read_geometry=False)
    assert "TK-SECRET" in frame.to_csv()


@pytest.mark.parametrize("suffix", [".shp", ".gpkg"])
def test_gdal_opens_a_user_file_only_as_gpkg_or_shapefile(world, tmp_path, suffix):
    """Past the guard, a VRT under a GeoPackage's or shapefile's fixed name is still refused."""
    targets = world[0]
    path = tmp_path / f"input{suffix}"
    path.write_text(_vrt(str(targets.secret), targets.secret.stem))
    if suffix == ".shp":
        for part in (".shx", ".dbf"):
            path.with_suffix(part).write_text(_vrt(str(targets.secret), targets.secret.stem))
    with pytest.raises(Refused) as refused:
        readers.read_gis(path, "shapefile" if suffix == ".shp" else "gpkg", None, "")
    assert refused.value.code in ("shapefile_broken", "virtual_format")
    # the driver check alone (the shapefile check bypassed): GDAL picks the VRT driver
    with gdalsafe.guarded(), pytest.raises(Refused, match="virtual"):
        readers._check_driver(path, str(pyogrio.list_layers(path)[0][0]))


def test_gdal_network_and_virtual_files_are_off_process_wide():
    import geo.io  # noqa: F401  (importing the package is enough)

    for name, value in gdalsafe.SAFE_OPTIONS.items():
        assert pyogrio.get_gdal_config_option(name) in (value, int(value) if value.isdigit()
                                                        else value), name


def test_a_url_in_a_cell_is_data_never_fetched(world):
    """URLs are allowed as cell text (a link column); nothing dereferences them."""
    targets, seen, _, _ = world
    data = (b'{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
            b'{"desokod":"1270A0010","lank":"' + targets.url.encode() + b'/cell"},'
            b'"geometry":{"type":"Polygon","coordinates":[[[13.9,55.5],[13.91,55.5],'
            b'[13.91,55.51],[13.9,55.5]]]}}]}')
    frame = units.read_frame(data)
    assert frame["lank"].iloc[0].endswith("/cell")
    table = f"desokod;beftotalt;lank\n1270A0010;12;{targets.url}/p\n".encode()
    assert units.read_population(table) == {"1270A0010": 12.0}
    assert not seen


def test_size_is_checked_before_parsing(monkeypatch, tmp_path):
    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed before the size check")

    monkeypatch.setattr(guard.sniff, "sniff", no_parsing)
    monkeypatch.setattr(guard.limits, "MAX_FILE_BYTES", 10)
    with pytest.raises(Refused, match="larger than"):
        guard.read_upload(b"x" * 11)
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * 11)
    with pytest.raises(Refused, match="larger than"):
        units.read_population(path)
