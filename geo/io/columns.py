"""Which column of a file holds which field: Swedish and English names offices use.

:func:`guess` proposes a mapping from column names; the page shows it as a step the
user can correct, and the CLI uses it as it is. Besides the model's fields there are
four targets of the import itself: ``source_id`` (an id from the source system, kept
so that a second import of the same rows creates nothing), ``x`` and ``y``
(coordinates in any order or system: :mod:`geo.io.crs` decides) and ``wkt``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from geo import config, i18n
from geo.domain.model import FEATURE_TYPES
from geo.io.values import word_key

SOURCE_ID = "source_id"
X, Y, WKT = "x", "y", "wkt"
GEOMETRY_TARGETS = (X, Y, WKT)
#: Fields the store sets itself, never taken from a file.
NOT_IMPORTED = {"id", "geometry", "updated_at", "updated_by", "version", "deleted_at",
                "deleted_reason", "extra"}
#: Where the file's other columns go (kept with each record by their header).
EXTRA = "extra"
#: Fields that have a default but may not be left empty (the model refuses "").
_REQUIRED_WITH_DEFAULT = {"walks": ("name",), "activities": ("title",)}
#: Fields the import fills itself when the file has no column for them.
_FILLED = {"kommun_kod", "pledge_id", "created_at", "visibility"}

#: Names per target (compared after :func:`geo.io.values.word_key`: case, accents and
#: punctuation do not matter). ``date`` stands for the layer's own date field.
NAMES: dict[str, tuple[str, ...]] = {
    SOURCE_ID: ("id", "uuid", "objektid", "objekt id", "lopnummer", "lopnr", "source id",
                "fid"),
    "case_number": ("arendenummer", "arende nr", "arendenr", "arende", "arendeid",
                    "diarienummer", "diarienr", "diarie nr", "dnr", "case number", "case no"),
    X: ("x", "lon", "long", "lng", "longitud", "longitude", "e", "ost", "easting", "ostlig",
        "x koordinat", "koordinat x", "e koordinat", "x sweref", "sweref x", "lon wgs84"),
    Y: ("y", "lat", "latitud", "latitude", "n", "nord", "northing", "nordlig", "y koordinat",
        "koordinat y", "n koordinat", "y sweref", "sweref y", "lat wgs84"),
    WKT: ("wkt", "geometri", "geometry", "geom", "the geom", "wkt geometri", "form"),
    "kommun_kod": ("kommun", "kommunkod", "kommun kod", "kommunnummer", "kommunnr", "kommun id"),
    "pledge_id": ("medborgarlofte", "lofte", "pledge", "lofte id"),
    "visibility": ("synlighet", "visas for", "publicering"),
    "category": ("kategori", "problemtyp", "typ av problem", "problem", "omrade typ"),
    "source": ("kalla", "inkom via", "inkommit via", "kanal"),
    "date": ("datum", "date", "dag"),
    "reported_date": ("rapporterad", "rapportdatum", "inkom", "inkommen", "inkommet",
                      "inkommet datum", "reported", "anmald"),
    "status": ("status", "lage", "tillstand"),
    "description": ("beskrivning", "kommentar", "kommentarer", "text", "synpunkt", "fritext",
                    "notering", "iakttagelse", "brist"),
    "walk_date": ("vandringsdatum", "datum for vandring"),
    "name": ("namn", "benamning", "omradesnamn", "omrade", "rubrik namn"),
    "organisers": ("arrangor", "arrangorer", "organisator", "ansvariga"),
    "participants": ("deltagare", "antal deltagare"),
    "walk_id": ("vandring", "trygghetsvandring", "walk"),
    "number": ("nummer", "nr", "punkt", "punkt nr"),
    "found_date": ("hittad", "upptackt"),
    "proposed_action": ("atgard", "foreslagen atgard", "atgardsforslag", "forslag"),
    "responsible": ("ansvarig", "ansvar", "huvudman"),
    "priority": ("prioritet", "prio"),
    "selected": ("vald", "vald for atgard", "utvald", "prioriterad"),
    "due_date": ("klart senast", "senast", "deadline", "planerat klart"),
    "completed_date": ("genomford", "klar datum", "atgardad datum", "klart datum", "utford"),
    "resolved_date": ("lost datum", "datum lost", "losningsdatum", "atgardsdatum",
                      "datum atgardad", "avslutad datum"),
    "start_date": ("startdatum", "start", "startade", "fran", "fran och med"),
    "end_date": ("slutdatum", "slut", "till", "till och med", "avslutad"),
    "households": ("hushall", "antal hushall"),
    "contact_person": ("kontaktperson", "kontaktombud", "kontakt"),
    "kind": ("typ", "aktivitetstyp", "sort", "aktivitet typ"),
    "activity_date": ("aktivitetsdatum",),
    "title": ("rubrik", "titel", "aktivitet", "namn pa aktivitet"),
    "quantity": ("antal", "omfattning", "mangd", "timmar"),
    "unit": ("enhet",),
    "commitment_id": ("atagande", "commitment"),
    "finding_id": ("atgardad brist", "finding"),
    "activity_id": ("aktivitet id",),
    "created_at": ("skapad", "skapat", "registrerad"),
}


def targets(layer: str) -> list[str]:
    """Every target a column of ``layer`` may map to, fields first."""
    fields = [f for f in FEATURE_TYPES[layer].field_names() if f not in NOT_IMPORTED]
    return [*fields, SOURCE_ID, *GEOMETRY_TARGETS]


def required(layer: str) -> list[str]:
    """The fields of ``layer`` every row must have: a column or one value for all rows.

    (Findings take their walk, and the walk's date, from ``--walk`` too.)
    """
    record_type = FEATURE_TYPES[layer]
    needed = [f.name for f in dataclasses.fields(record_type)
              if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
              and f.name not in NOT_IMPORTED and f.name not in _FILLED]
    needed += _REQUIRED_WITH_DEFAULT.get(layer, ())
    if layer == "findings":
        needed = [name for name in needed if name not in ("walk_id", "found_date")]
    return needed


def bookkeeping(column: str) -> bool:
    """True for a column the store keeps itself (``updated_at``, ``version`` …).

    An export of this app carries them; an import sets them anew, so they are skipped
    (and listed as skipped), not kept as extra information.
    """
    bookkept = NOT_IMPORTED - {EXTRA, "id", "geometry"}
    return _field_name(column) in bookkept or exported_as(column) in bookkept


def exported_as(column: str) -> str | None:
    """The field whose heading this app's exports give ``column``, in any language.

    The export writes the catalog's heading of each field (:mod:`geo.io.sheet`:
    ``csv.header.*``, else ``fields.*``), so its own file comes back column for column.
    """
    return _headings().get(word_key(column))


@cache
def _headings() -> dict[str, str]:
    """Normalised heading → field, for every field of every layer and language."""
    result: dict[str, str] = {}
    names = {name for cls in FEATURE_TYPES.values() for name in cls.field_names()}
    for lang in config.LANGUAGES:
        catalog = i18n.catalog(lang)
        for name in sorted(names):
            for key in (f"csv.header.{name}", f"fields.{name}"):
                if key in catalog:
                    result.setdefault(word_key(catalog[key]), name)
    return result


def known_names() -> set[str]:
    """Every normalised name that maps to something in some layer (finds the header row)."""
    names = {word_key(n) for group in NAMES.values() for n in group}
    names |= {word_key(f) for cls in FEATURE_TYPES.values() for f in cls.field_names()}
    names |= set(_headings())
    return names


def guess(columns: Iterable[str], layer: str) -> dict[str, str]:
    """Propose ``{column: target}`` for ``layer``; each target is used at most once.

    An exact field name wins over a Swedish name; shapefile names cut to ten
    characters (``reported_d``) are matched to the field they start.
    """
    allowed = targets(layer)
    date_field = FEATURE_TYPES[layer].DATE_FIELD
    lookup: dict[str, str] = {}
    for known, names in NAMES.items():
        real = date_field if known == "date" else known
        if real in allowed:
            for name in names:
                lookup.setdefault(word_key(name), real)
    for heading, real in _headings().items():
        if real in allowed:
            lookup.setdefault(heading, real)
    ordered = list(columns)
    exact = {_field_name(c) for c in ordered} & set(allowed)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for column in ordered:
        name = _field_name(column)
        if name in allowed:
            target: str | None = name
        else:
            target = lookup.get(word_key(column)) or _truncated(column, allowed)
            if target in exact:  # a column named exactly like the field wins
                target = None
        if target and target not in used:
            mapping[column] = target
            used.add(target)
    return mapping


def _field_name(column: str) -> str:
    return word_key(column).replace(" ", "_")


def _truncated(column: str, allowed: list[str]) -> str | None:
    if len(column) != 10:
        return None
    matches = [t for t in allowed if t.startswith(column.lower())]
    return matches[0] if len(matches) == 1 else None


def check(mapping: Mapping[str, str], layer: str) -> list[tuple[str, dict[str, Any]]]:
    """Problems with a mapping as ``io.msg`` codes: unknown targets, a target chosen twice."""
    from geo.io.errors import field_words

    allowed = set(targets(layer))
    problems: list[tuple[str, dict[str, Any]]] = [
        ("mapping_not_a_field", {"column": column, "target": target,
                                 "fields": ", ".join(targets(layer))})
        for column, target in mapping.items() if target and target not in allowed]
    chosen = [t for t in mapping.values() if t]
    problems += [("mapping_twice", {"field": field_words(t), "columns": ", ".join(
        c for c, target in mapping.items() if target == t)})
        for t in sorted(set(chosen)) if chosen.count(t) > 1]
    return problems
