"""Zip archives (zipped shapefiles, and XLSX, which is a zip) opened with limits.

A zip is refused before anything is unpacked when an entry's name escapes the folder
(``../``, an absolute path, a drive letter), is a link, is encrypted, or when the
entries are too many or claim to expand beyond the limits. Unpacking then counts
the bytes really written, so a forged size in the zip's directory gains nothing.
"""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path, PurePosixPath

from geo.io import limits
from geo.io.errors import Refused

#: Shapefile parts that are read; any other entry is ignored (and never unpacked).
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
_CHUNK = 1024 * 1024


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open ``data`` as a zip after checking every entry's name, type and size."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise Refused("zip_broken") from None
    if len(entries) > limits.MAX_ZIP_ENTRIES:
        raise Refused("zip_too_many", n=len(entries), limit=limits.MAX_ZIP_ENTRIES)
    total = 0
    for entry in entries:
        check_name(entry.filename)
        if entry.flag_bits & 0x1:
            raise Refused("zip_encrypted", name=entry.filename)
        if stat.S_ISLNK(entry.external_attr >> 16):
            raise Refused("zip_link", name=entry.filename)
        total += entry.file_size
        if entry.compress_size and entry.file_size / entry.compress_size > limits.MAX_ZIP_RATIO:
            raise Refused("zip_bomb", name=entry.filename)
    if total > limits.MAX_UNZIPPED_BYTES:
        raise Refused("zip_too_big", limit_mb=limits.MAX_UNZIPPED_BYTES // 2**20)
    return archive


def check_name(name: str) -> None:
    """Refuse an entry name that would land outside the folder it is unpacked into."""
    posix = name.replace("\\", "/")
    path = PurePosixPath(posix)
    if (posix.startswith("/") or ".." in path.parts or (len(posix) > 1 and posix[1] == ":")
            or "\x00" in posix):
        raise Refused("zip_escape", name=name)


def read_entry(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: list[int]) -> bytes:
    """Read one entry, counting its real size against ``budget[0]`` (bytes left)."""
    parts = []
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(_CHUNK):
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise Refused("zip_too_big", limit_mb=limits.MAX_UNZIPPED_BYTES // 2**20)
                parts.append(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as error:
        raise Refused("zip_entry_broken", name=entry.filename, reason=str(error)) from None
    return b"".join(parts)


def shapefile_entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The one shapefile's parts by suffix; none, several or a missing part is refused."""
    entries = [e for e in archive.infolist() if not e.is_dir()]
    names = [e.filename for e in entries]
    lowered = [n.lower() for n in names]
    if any(n.endswith((".vrt", ".ovf")) for n in lowered):
        raise Refused("virtual_format")
    if any(n.endswith((".zip", ".gz", ".7z", ".rar", ".tar")) for n in lowered):
        raise Refused("zip_nested")
    shps = [e for e in entries if e.filename.lower().endswith(".shp")]
    if not shps:
        others = [e for e in entries if e.filename.lower().endswith((".gpkg", ".geojson",
                                                                     ".json", ".csv"))]
        raise Refused("zip_no_shapefile_hint" if others else "zip_no_shapefile",
                      names=", ".join(names[:8]))
    if len(shps) > 1:
        raise Refused("zip_several_shapefiles", names=", ".join(e.filename for e in shps[:8]))
    stem = shps[0].filename[:-4].lower()
    parts = {e.filename.lower()[len(stem):]: e for e in entries
             if e.filename.lower().startswith(stem)
             and e.filename.lower()[len(stem):] in SHAPEFILE_PARTS}
    missing = [s for s in (".shx", ".dbf") if s not in parts]
    if missing:
        raise Refused("shapefile_parts_missing", parts=", ".join(missing))
    return parts


def extract_shapefile(archive: zipfile.ZipFile, folder: Path) -> Path:
    """Unpack the shapefile's parts under fixed names in ``folder``; return the ``.shp``."""
    budget = [limits.MAX_UNZIPPED_BYTES]
    for suffix, entry in shapefile_entries(archive).items():
        (folder / f"input{suffix}").write_bytes(read_entry(archive, entry, budget))
    return folder / "input.shp"
