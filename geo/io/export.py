"""Export exactly what a :class:`~geo.domain.filters.Filter` selects, as the map shows it.

The features come from :func:`geo.map.view.select`, the one read behind the map, its
counts and its table, so an export of a filter holds as many features as the map
of that filter. ``public`` selects public records and public fields in the query
(the store's allowlist); otherwise every record and field of the filter is written.

GeoJSON keeps every value in its model type (a date as ``YYYY-MM-DD``, numbers as
numbers), so a GeoJSON export imports back unchanged. CSV and XLSX hold the same
table (:func:`geo.io.sheet.table`: headings and values in the reader's language,
the codes on request, the shape as WKT or as SWEREF 99 ``N``/``E``); CSV is written
by :mod:`geo.io.csvwrite` in the chosen dialect, XLSX with real numbers and dates
in its cells and every text cell stored as text, never as a formula. Open311
GeoReport v2 is for walk findings.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from geo import audit, config, i18n
from geo.domain.enums import OPEN_FINDING_STATUSES, FindingStatus
from geo.domain.filters import Filter
from geo.domain.model import LAYERS
from geo.io import csvwrite, sheet
from geo.map import view
from geo.store import Store

FORMATS = ("geojson", "gpkg", "csv", "xlsx", "open311")
#: Formats that hold one layer (several layers need gpkg or xlsx).
SINGLE_LAYER = ("geojson", "csv", "open311")
MEDIA_TYPES = {"geojson": "application/geo+json", "gpkg": "application/geopackage+sqlite3",
               "csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument."
               "spreadsheetml.sheet", "open311": "application/json"}
SUFFIXES = {"geojson": "geojson", "gpkg": "gpkg", "csv": "csv", "xlsx": "xlsx",
            "open311": "json"}
EXCEL_CELL_LIMIT = 32_767


def select(store: Store, flt: Filter, layers: Iterable[str], *, public: bool
           ) -> dict[str, gpd.GeoDataFrame]:
    """The filter's features per layer: the map's own read (see :func:`geo.map.view.select`)."""
    return view.select(store, flt, [layer for layer in LAYERS if layer in set(layers)],
                       public=public)


def log_export(counts: dict[str, int], fmt: str, flt: Filter, *, public: bool,
               actor: audit.Actor | None = None) -> None:
    """One audit line for a file handed out.

    It names the layers and their counts, the filter's municipality and years, and
    whether only public records and fields were in it.

    Called where the file leaves (the page's download, the CLI's write), not here in
    :func:`export`: the page builds its files ahead and keeps them in a cache.
    """
    audit.record(audit.Event.EXPORT, action=fmt, actor=actor, layer=",".join(counts) or None,
                 count=sum(counts.values()), counts=counts, format=fmt, kommun=flt.kommun_kod,
                 years=[flt.year_from, flt.year_to], public=public)


def export(frames: dict[str, gpd.GeoDataFrame], fmt: str, lang: str = "sv", *,
           dialect: str = csvwrite.DEFAULT, codes: bool = False, coords: str = sheet.WKT
           ) -> bytes:
    """Write ``frames`` (from :func:`select`) in ``fmt``; returns the file's bytes.

    ``dialect`` (CSV), ``codes`` and ``coords`` (CSV and XLSX) are explained in
    :mod:`geo.io.csvwrite` and :mod:`geo.io.sheet`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; one of: {', '.join(FORMATS)}")
    if fmt in SINGLE_LAYER and len(frames) != 1:
        raise ValueError(f"{fmt} holds one layer; choose one with --layer (or use gpkg/xlsx)")
    if fmt == "open311" and set(frames) != {"findings"}:
        raise ValueError("open311 is for walk findings: use --layer findings")
    if fmt == "geojson":
        layer, frame = next(iter(frames.items()))
        return json.dumps(geojson(layer, frame), ensure_ascii=False).encode("utf-8")
    if fmt == "csv":
        layer, frame = next(iter(frames.items()))
        return csv_bytes(layer, frame, lang, dialect=dialect, codes=codes, coords=coords)
    if fmt == "xlsx":
        return xlsx_bytes(frames, lang, codes=codes, coords=coords)
    if fmt == "gpkg":
        return gpkg_bytes(frames)
    return json.dumps(open311(frames["findings"], lang), ensure_ascii=False,
                      indent=1).encode("utf-8")


def plain(layer: str, name: str, value: Any) -> Any:
    """A cell as its model type wants it in JSON: ISO dates, whole numbers, booleans."""
    value = sheet.typed(sheet.kinds(layer).get(name), value)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def records(layer: str, frame: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """Each feature's attributes, converted with :func:`plain`."""
    names = [c for c in frame.columns if c != "geometry"]
    return [{n: plain(layer, n, v) for n, v in zip(names, row, strict=True)}
            for row in frame[names].itertuples(index=False, name=None)]


def geojson(layer: str, frame: gpd.GeoDataFrame) -> dict[str, Any]:
    """A FeatureCollection in WGS 84 with every exported field as a property."""
    features = []
    for properties, shape in zip(records(layer, frame), frame.geometry, strict=True):
        features.append({"type": "Feature", "id": properties.get("id"),
                         "geometry": None if shape is None else shape.__geo_interface__,
                         "properties": properties})
    return {"type": "FeatureCollection", "name": layer, "features": features}


def csv_bytes(layer: str, frame: gpd.GeoDataFrame, lang: str = "sv", *,
              dialect: str = csvwrite.DEFAULT, codes: bool = False,
              coords: str = sheet.WKT) -> bytes:
    """One layer's table (:func:`geo.io.sheet.table`) in a CSV dialect."""
    header, rows = sheet.table(layer, frame, lang, codes=codes, coords=coords)
    return csvwrite.write(header, rows, dialect)


def xlsx_bytes(frames: dict[str, gpd.GeoDataFrame], lang: str = "sv", *, codes: bool = False,
               coords: str = sheet.WKT) -> bytes:
    """One sheet per layer, the CSV's table with real numbers and dates in its cells.

    Text is always stored as text, never as a formula; a moment is written in Swedish
    time (a cell holds no time zone).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for layer, frame in frames.items():
        sheet_ = book.create_sheet(title=layer)
        header, rows = sheet.table(layer, frame, lang, codes=codes, coords=coords)
        sheet_.append(header)
        for row in rows:
            cells = []
            for value in row:
                if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
                    value = None  # Excel cannot hold it; the GeoPackage export can
                if isinstance(value, datetime) and value.tzinfo:
                    value = value.astimezone(config.LOCAL_TIME).replace(tzinfo=None)
                cell = WriteOnlyCell(sheet_, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                elif isinstance(value, datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm:ss"
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                cells.append(cell)
            sheet_.append(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def gpkg_bytes(frames: dict[str, gpd.GeoDataFrame]) -> bytes:
    """One GeoPackage layer per map layer, written by GDAL (opens in QGIS)."""
    with tempfile.TemporaryDirectory(prefix="tk-export-") as folder:
        path = Path(folder) / "export.gpkg"
        for layer, frame in frames.items():
            table = pd.DataFrame(records(layer, frame), columns=[c for c in frame.columns
                                                                  if c != "geometry"])
            out = gpd.GeoDataFrame(table, geometry=list(frame.geometry), crs=4326)
            pyogrio.write_dataframe(out, path, layer=layer, driver="GPKG",
                                    append=path.exists())
        return path.read_bytes()


def open311(frame: gpd.GeoDataFrame, lang: str) -> list[dict[str, Any]]:
    """Walk findings as Open311 GeoReport v2 service requests.

    ``status`` is ``open`` (new, assessed, planned, in progress) or ``closed`` (done, not
    done, forwarded), with the
    finer status in ``status_notes``; the responsible party is the agency;
    ``expected_datetime`` is the due date and ``updated_datetime`` the completion.
    """
    result = []
    for row, shape in zip(records("findings", frame), frame.geometry, strict=True):
        status = row.get("status") or FindingStatus.NEW.value
        point = shape.representative_point() if shape is not None else None
        result.append({
            "service_request_id": row["id"],
            "status": "open" if status in OPEN_FINDING_STATUSES else "closed",
            "status_notes": i18n.label("finding_status", status, lang),
            "service_name": i18n.label("category", row.get("category"), lang),
            "service_code": row.get("category"),
            "description": row.get("description") or "",
            "agency_responsible": i18n.label("party", row.get("responsible"), lang)
            if row.get("responsible") else "",
            "service_notice": row.get("proposed_action") or "",
            "requested_datetime": _local_midnight(row.get("found_date")),
            "updated_datetime": _local_midnight(row.get("completed_date")),
            "expected_datetime": _local_midnight(row.get("due_date")),
            "address": "", "address_id": "", "zipcode": "",
            "lat": round(point.y, 6) if point else None,
            "long": round(point.x, 6) if point else None,
            "media_url": "",
        })
    return result


def _local_midnight(day: str | None) -> str | None:
    """A day as Open311's ISO 8601 timestamp, midnight in Swedish time."""
    if not day:
        return None
    return datetime.combine(date.fromisoformat(day), datetime.min.time(),
                            tzinfo=config.LOCAL_TIME).isoformat()


def file_name(kommun_kod: str, flt: Filter, layers: Iterable[str], fmt: str) -> str:
    """A name that says what the file holds: ``trygghetskartan-1270-2020-findings.geojson``."""
    years = str(flt.year_from) if flt.year_from == flt.year_to else \
        f"{flt.year_from}-{flt.year_to}"
    chosen = list(layers)
    what = chosen[0] if len(chosen) == 1 else "lager"
    return f"trygghetskartan-{kommun_kod}-{years}-{what}.{SUFFIXES[fmt]}"
