"""Export exactly what a :class:`~geo.filters.Filter` selects, as the map shows it.

The features come from :func:`geo.view.select`, the one read behind the map, its
counts and its table, so an export of a filter holds as many features as the map
of that filter. ``public`` selects public records and public fields in the query
(the store's allowlist); otherwise every record and field of the filter is written.

GeoJSON keeps every value in its model type (a date as ``YYYY-MM-DD``, numbers as
numbers), so a GeoJSON export imports back unchanged. CSV and XLSX put the shape
in a WKT column; a spreadsheet must never run exported text as a formula, so CSV
starts such text (``= + - @``) with an apostrophe and XLSX stores every text cell
as text. Open311 GeoReport v2 is for walk findings.
"""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
import typing
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import geopandas as gpd
import pandas as pd
import pyogrio

from geo import i18n, view
from geo.enums import OPEN_FINDING_STATUSES, FindingStatus
from geo.escape import spreadsheet_cell
from geo.filters import Filter
from geo.model import FEATURE_TYPES, LAYERS
from geo.store import Store

FORMATS = ("geojson", "gpkg", "csv", "xlsx", "open311")
#: Formats that hold one layer (several layers need gpkg or xlsx).
SINGLE_LAYER = ("geojson", "csv", "open311")
MEDIA_TYPES = {"geojson": "application/geo+json", "gpkg": "application/geopackage+sqlite3",
               "csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument."
               "spreadsheetml.sheet", "open311": "application/json"}
SUFFIXES = {"geojson": "geojson", "gpkg": "gpkg", "csv": "csv", "xlsx": "xlsx",
            "open311": "json"}
STOCKHOLM = ZoneInfo("Europe/Stockholm")
EXCEL_CELL_LIMIT = 32_767


def select(store: Store, flt: Filter, layers: Iterable[str], *, public: bool
           ) -> dict[str, gpd.GeoDataFrame]:
    """The filter's features per layer: the map's own read (see :func:`geo.view.select`)."""
    return view.select(store, flt, [layer for layer in LAYERS if layer in set(layers)],
                       public=public)


def export(frames: dict[str, gpd.GeoDataFrame], fmt: str, lang: str = "sv") -> bytes:
    """Write ``frames`` (from :func:`select`) in ``fmt``; returns the file's bytes."""
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
        return csv_bytes(layer, frame)
    if fmt == "xlsx":
        return xlsx_bytes(frames)
    if fmt == "gpkg":
        return gpkg_bytes(frames)
    return json.dumps(open311(frames["findings"], lang), ensure_ascii=False,
                      indent=1).encode("utf-8")


def plain(layer: str, name: str, value: Any) -> Any:
    """A cell as its model type wants it in JSON: ISO dates, whole numbers, booleans."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return None
    kind = _kinds(layer).get(name)
    if kind == "date":
        return (value.date() if hasattr(value, "date") and callable(value.date)
                else date.fromisoformat(str(value)[:10])).isoformat()
    if kind == "datetime":
        moment = pd.Timestamp(value).to_pydatetime()
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    return value.item() if hasattr(value, "item") else value


def _kinds(layer: str) -> dict[str, str]:
    hints = typing.get_type_hints(FEATURE_TYPES[layer])
    kinds = {}
    for name, hint in hints.items():
        base = next((a for a in typing.get_args(hint) if a is not type(None)), hint)
        kinds[name] = {date: "date", datetime: "datetime", int: "int", float: "float",
                       bool: "bool"}.get(base, "text")
    return kinds


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


def _rows_with_wkt(layer: str, frame: gpd.GeoDataFrame, *, guard: bool
                   ) -> tuple[list[str], list[list[Any]]]:
    names = [c for c in frame.columns if c != "geometry"]
    rows = []
    for properties, shape in zip(records(layer, frame), frame.geometry, strict=True):
        cells = [properties[n] for n in names]
        rows.append([spreadsheet_cell(c) for c in cells] if guard else cells)
        rows[-1].append(None if shape is None else shape.wkt)
    return [*names, "geometry"], rows


def csv_bytes(layer: str, frame: gpd.GeoDataFrame) -> bytes:
    """UTF-8 with BOM (Excel reads the å, ä, ö), commas, the shape as WKT in WGS 84."""
    header, rows = _rows_with_wkt(layer, frame, guard=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(frames: dict[str, gpd.GeoDataFrame]) -> bytes:
    """One sheet per layer; text is always stored as text, never as a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for layer, frame in frames.items():
        sheet = book.create_sheet(title=layer)
        header, rows = _rows_with_wkt(layer, frame, guard=False)
        sheet.append(header)
        for row in rows:
            cells = []
            for value in row:
                if isinstance(value, str) and len(value) > EXCEL_CELL_LIMIT:
                    value = None  # Excel cannot hold it; the GeoPackage export can
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
                cells.append(cell)
            sheet.append(cells)
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
                            tzinfo=STOCKHOLM).isoformat()


def file_name(kommun_kod: str, flt: Filter, layers: Iterable[str], fmt: str) -> str:
    """A name that says what the file holds: ``trygghetskartan-1270-2020-findings.geojson``."""
    years = str(flt.year_from) if flt.year_from == flt.year_to else \
        f"{flt.year_from}-{flt.year_to}"
    chosen = list(layers)
    what = chosen[0] if len(chosen) == 1 else "lager"
    return f"trygghetskartan-{kommun_kod}-{years}-{what}.{SUFFIXES[fmt]}"
