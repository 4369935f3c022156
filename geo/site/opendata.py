"""The published site's open data: each public layer as GeoJSON and CSV, with its licence.

The files hold exactly what the site's map holds: the features of
:func:`geo.map.view.select` with ``public=True`` (public records, public fields, the
public rule of :mod:`geo.spatial.public`): a sensitive record is at the centre of its
250 m square, without its free text, and flagged ``generalised`` (the map draws the
square around that centre). Points stay points, as the OGC API serves them, so a
GIS reads a layer of one geometry type. Home visits and concern talks are never
features (they are counted per month only), so no file can place them; internal
fields (``case_number``, ``extra``, notes, contact persons) are not in the public
selection and so not in any file.

- GeoJSON (RFC 7946): a FeatureCollection in WGS 84 longitude/latitude (CRS84, no
  ``crs`` member), coordinates rounded as on the map (about 1 m); a record without a
  place has a ``null`` geometry, so the file has one feature per record.
- CSV: :mod:`geo.io.csvwrite`'s ``rfc4180`` dialect (the open-data one: ``,``, decimal
  point, UTF-8 without BOM), the fields' codes as headings and the codes as values;
  a point's ``lon`` and ``lat`` as columns (a generalised one: its square's centre),
  and a ``wkt`` column for the layers whose records can be lines or areas.

The licence (:func:`geo.config.opendata_licence`) is written beside the files
(``data/LICENS.txt``) and named in the DCAT metadata (:mod:`geo.site.dcat`) and on
the site's open-data page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo import config, i18n
from geo.domain.layers import LAYERS, SPECS
from geo.io import csvwrite
from geo.io.export import records
from geo.map.geojson import rounded
from geo.spatial import public

#: The folder of the data files, the licence and the metadata (relative to the site).
FOLDER = "data"
LICENCE_FILE = f"{FOLDER}/LICENS.txt"
#: Each format's media type (IANA) and its name.
FORMATS = {"geojson": ("application/geo+json", "GeoJSON"), "csv": ("text/csv", "CSV")}
#: The open-data CSV dialect (:mod:`geo.io.csvwrite`).
DIALECT = csvwrite.RFC4180
#: Whether a record is drawn as its 250 m square (the public rule), a property and a column.
GENERALISED = "generalised"


@dataclass(frozen=True)
class Distribution:
    """One file of a dataset: its path in the site, format and size in bytes."""

    path: str
    fmt: str
    size: int

    @property
    def media_type(self) -> str:
        """The file's IANA media type."""
        return FORMATS[self.fmt][0]

    @property
    def name(self) -> str:
        """The format's name, as a reader knows it."""
        return FORMATS[self.fmt][1]


@dataclass(frozen=True)
class Dataset:
    """One public layer as published: how many records, the years they span, its files."""

    layer: str
    count: int
    first: date | None
    last: date | None
    distributions: tuple[Distribution, ...]


def write(out: Path, frames: dict[str, gpd.GeoDataFrame]) -> list[Dataset]:
    """Write every layer's files and the licence into ``out/data``; returns the datasets.

    ``frames`` are the site's public features per layer (:func:`geo.map.view.select`).
    """
    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    datasets = []
    for layer in LAYERS:
        generalised = public.sensitive_mask(layer, frames[layer])
        files = {"geojson": json.dumps(feature_collection(layer, frames[layer], generalised),
                                       ensure_ascii=False).encode("utf-8"),
                 "csv": csv_bytes(layer, frames[layer], generalised)}
        distributions = []
        for fmt, data in files.items():
            path = f"{FOLDER}/{layer}.{fmt}"
            (out / path).write_bytes(data)
            distributions.append(Distribution(path, fmt, len(data)))
        first, last = span(layer, frames[layer])
        datasets.append(Dataset(layer, len(frames[layer]), first, last, tuple(distributions)))
    (out / LICENCE_FILE).write_text(licence_text(), encoding="utf-8")
    return datasets


def paths(datasets: list[Dataset]) -> list[str]:
    """Every file :func:`write` wrote, relative to the site (the licence last)."""
    return [d.path for dataset in datasets for d in dataset.distributions] + [LICENCE_FILE]


def feature_collection(layer: str, frame: gpd.GeoDataFrame,
                       generalised: np.ndarray) -> dict[str, Any]:
    """One layer as an RFC 7946 FeatureCollection: every public field a property."""
    features = []
    for properties, shape, general in zip(records(layer, frame), frame.geometry, generalised,
                                          strict=True):
        placed = shape is not None and not shape.is_empty
        features.append({"type": "Feature", "id": properties["id"],
                         "geometry": rounded(shape).__geo_interface__ if placed else None,
                         "properties": {**properties, GENERALISED: bool(general)}})
    return {"type": "FeatureCollection", "features": features}


def csv_bytes(layer: str, frame: gpd.GeoDataFrame, generalised: np.ndarray) -> bytes:
    """One layer as CSV: the public fields, ``generalised``, ``lon``/``lat`` (and ``wkt``)."""
    with_wkt = SPECS[layer].geometry_types != ("Point",)
    header = [c for c in frame.columns if c != "geometry"] + [GENERALISED, "lon", "lat"]
    rows = []
    for properties, shape, general in zip(records(layer, frame), frame.geometry, generalised,
                                          strict=True):
        placed = shape is not None and not shape.is_empty
        point = rounded(shape) if placed and shape.geom_type == "Point" else None
        row = {**properties, GENERALISED: bool(general),
               "lon": None if point is None else point.x,
               "lat": None if point is None else point.y}
        if with_wkt:
            row["wkt"] = rounded(shape).wkt if placed else None
        rows.append(row)
    return csvwrite.write_records(rows, DIALECT, header=header + ["wkt"] * with_wkt)


def span(layer: str, frame: gpd.GeoDataFrame) -> tuple[date | None, date | None]:
    """The first and last day the layer's records speak of (its date and end fields)."""
    spec = SPECS[layer]
    names = [n for n in (spec.date_field, spec.end_field) if n and n in frame]
    days = pd.concat([pd.to_datetime(frame[n], errors="coerce") for n in names]) \
        if names and len(frame) else pd.Series(dtype="datetime64[ns]")
    days = days.dropna()
    if days.empty:
        return None, None
    return days.min().date(), days.max().date()


def check_settings() -> None:
    """Read the open data's settings: a wrong one raises :class:`geo.config.ConfigError`."""
    config.opendata_licence()
    config.site_url()
    config.opendata_contact()


def licence() -> tuple[str, str, str]:
    """The configured licence: (SPDX id, name, URI)."""
    spdx = config.opendata_licence()
    name, uri = config.OPENDATA_LICENCES[spdx]
    return spdx, name, uri


def licence_text() -> str:
    """The licence file: which licence, where its text is, in Swedish and English."""
    spdx, name, uri = licence()
    return "\n\n".join(i18n.t(f"opendata.licence_file.{spdx}", lang).format(name=name, uri=uri)
                       for lang in config.LANGUAGES) + "\n"
