"""The readable text of an export, whatever its format (to look for what must not be there)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import geopandas as gpd


def export_text(data: bytes, fmt: str, folder: Path) -> str:
    """XLSX as its XML parts, a GeoPackage as its layers' GeoJSON, anything else as text."""
    if fmt == "xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace")
                           for n in archive.namelist())
    if fmt == "gpkg":
        import pyogrio

        path = folder / f"export-{fmt}.gpkg"
        path.write_bytes(data)
        return "".join(gpd.read_file(path, layer=name).to_json()
                       for name, _ in pyogrio.list_layers(path))
    return data.decode("utf-8-sig")
