"""What the map page shows, computed without Streamlit: layers, counts, table, details.

Everything comes from one :class:`~geo.domain.filters.Filter` and one read per layer, so
the map, the counts, the table (and later the export) cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import geopandas as gpd
import pandas as pd

from geo import i18n
from geo.access.auth import Action, User
from geo.domain.filters import Filter
from geo.domain.layers import Coded, spec
from geo.domain.lifecycle import is_overdue
from geo.domain.model import FEATURE_TYPES, LAYERS, Feature, Finding
from geo.domain.validation import extra_items
from geo.spatial import public as publicview
from geo.spatial.public import generalise
from geo.store.base import Store


def select(store: Store, flt: Filter, layers: Iterable[str] = LAYERS, *, public: bool = True
           ) -> dict[str, gpd.GeoDataFrame]:
    """Read the filter's features of each layer.

    ``public`` (the default) reads only public records and fields, and shows
    sensitive categories as the public may see them: at the centre of their 250 m
    square, without their free text (:func:`geo.spatial.public.generalise`, the one rule).
    """
    frames = {layer: store.list(layer, flt, public=public) for layer in layers}
    if public:
        frames = {layer: generalise(layer, frame) for layer, frame in frames.items()}
    return frames


def staff_select(store: Store, user: User, flt: Filter, layers: Iterable[str] = LAYERS
                 ) -> dict[str, gpd.GeoDataFrame]:
    """What Registrera shows ``user``: every record they may edit, exactly as stored.

    An editor of the filter's municipality (or an admin) sees its internal records too,
    and sensitive places at their exact place with their text; anyone else gets the
    public view (:func:`select`), so another municipality's internal records never show.
    """
    kommun = flt.kommun_kod
    if user.may(Action.EDIT, kommun) and user.may(Action.VIEW_INTERNAL, kommun):
        return select(store, flt, layers, public=False)
    return select(store, flt, layers, public=True)


def counts(frames: Mapping[str, gpd.GeoDataFrame]) -> dict[str, int]:
    """Features per layer, in map order: the numbers the page and ``geo stats`` show."""
    return {layer: len(frames[layer]) for layer in LAYERS if layer in frames}


def unplaced(frames: Mapping[str, gpd.GeoDataFrame]) -> dict[str, int]:
    """Features per layer that have no place (counted and listed, not drawn)."""
    return {
        layer: int(frame.geometry.isna().sum() + frame.geometry.is_empty.sum())
        for layer, frame in frames.items()
    }


def table(frames: Mapping[str, gpd.GeoDataFrame], lang: str,
          pledge_titles: Mapping[str, str]) -> pd.DataFrame:
    """One row per feature of every shown layer, in the page's language."""
    t = i18n.catalog(lang)
    rows = []
    for layer in LAYERS:
        frame = frames.get(layer)
        if frame is None or frame.empty:
            continue
        what = spec(layer)
        for row in frame.itertuples(index=False):
            rows.append({
                t["table.layer"]: t[f"layers.{layer}"],
                t["table.date"]: _day(getattr(row, what.date_field)),
                t["table.type"]: code_name(what.category, row, lang),
                t["table.status"]: code_name(what.status, row, lang),
                t["table.name"]: str(getattr(row, what.name_field) or ""),
                t["table.pledge"]: pledge_titles.get(row.pledge_id, "")
                if isinstance(row.pledge_id, str) else "",
                "id": row.id,
            })
    columns = [t[k] for k in ("table.layer", "table.date", "table.type", "table.status",
                              "table.name", "table.pledge")] + ["id"]
    return pd.DataFrame(rows, columns=columns)


def code_name(coded: Coded | None, row: Any, lang: str) -> str:
    """The name of a row's code in the layer's ``coded`` field ("" if the layer has none)."""
    return i18n.label(coded.group, getattr(row, coded.field), lang) if coded else ""


def details(record: Feature, lang: str, pledge_titles: Mapping[str, str], *,
            public: bool = True, references: Mapping[str, str] | None = None
            ) -> list[tuple[str, str]]:
    """Label–value pairs of one record; ``public`` shows only its public fields.

    ``references`` names the records this one refers to, by field
    (:func:`geo.domain.references.labels`): shown instead of the stored ids.
    """
    t = i18n.catalog(lang)
    names = record.PUBLIC_FIELDS if public else record.field_names()
    pairs = []
    for name in names:
        if name in ("id", "geometry", "kommun_kod") or f"fields.{name}" not in t:
            continue
        value = (references[name] if references and name in references
                 else _value(record, name, lang, pledge_titles))
        pairs.append((t[f"fields.{name}"], value))
    if isinstance(record, Finding) and is_overdue(record.status, record.due_date, date.today()):
        pairs.append((t["fields.overdue"], t["values.yes"]))
    return pairs


def extent(frames: Mapping[str, gpd.GeoDataFrame]) -> tuple[float, float, float, float] | None:
    """The bounds of every feature in ``frames`` (None when there are none)."""
    placed = [frame.geometry.dropna() for frame in frames.values() if not frame.empty]
    placed = [series for series in placed if not series.empty]
    if not placed:
        return None
    return tuple(pd.concat(placed).total_bounds)


def clicked(drawing: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """The ``(layer, id)`` of the feature a map click returned, or None.

    ``drawing`` is streamlit-folium's ``last_active_drawing``: the clicked
    feature's GeoJSON, whose properties are the ones :mod:`geo.map.layers` sent.
    """
    properties = (drawing or {}).get("properties") or {}
    layer, record_id = properties.get("layer"), properties.get("id")
    if layer in FEATURE_TYPES and isinstance(record_id, str):
        return layer, record_id
    return None


def public_record(store: Store, layer: str, record_id: object) -> Feature | None:
    """The record a public view may show for a clicked id, or None.

    The id comes from the browser (a map click): only a public record of a known layer
    is answered, as the public sees it (:func:`geo.spatial.public.public_record`: a sensitive
    place at its square's centre, without its free text); the caller shows its public
    fields (:func:`details` with ``public``).
    """
    if layer not in FEATURE_TYPES or not isinstance(record_id, str):
        return None
    record = store.get(layer, record_id)
    if record is None or record.visibility.value != "public":
        return None
    return publicview.public_record(record)


def _value(record: Feature, name: str, lang: str, pledge_titles: Mapping[str, str]) -> str:
    value: Any = getattr(record, name)
    if value is None or value == "":
        return i18n.t("values.none", lang)
    coded = spec(record.LAYER).coded
    if name in coded:
        return i18n.label(coded[name], value, lang)
    if name == "pledge_id":
        return pledge_titles.get(value, value)
    if name == "extra":  # an imported file's other columns: "Plats: Torget · Dnr: 12"
        return " · ".join(f"{k}: {v}" for k, v in extra_items(value).items())
    if isinstance(value, bool):
        return i18n.t("values.yes" if value else "values.no", lang)
    return _day(value) if isinstance(value, (date, datetime)) else str(value)


def _day(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    if hasattr(value, "date"):
        value = value.date()
    return value.isoformat()
