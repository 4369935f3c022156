"""The one catalog of every label the UI shows, in Swedish and English.

Keys are dotted paths into ``geo/locales/<lang>.yaml``; enum members are looked
up by their group (``category``, ``finding_status`` …) and code.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from geo import config
from geo.domain.enums import Code

LOCALES = Path(__file__).with_name("locales")

#: The catalog group holding the names of each enum's codes.
ENUM_GROUPS: dict[str, str] = {
    "Category": "category",
    "PlaceSource": "place_source",
    "PlaceStatus": "place_status",
    "FindingStatus": "finding_status",
    "Party": "party",
    "ActivityKind": "activity_kind",
    "Visibility": "visibility",
    "Measure": "measure",
    "PlanStatus": "plan_status",
    "PlanColour": "plan_colour",
}

#: libyaml's safe loader when PyYAML was built with it (about ten times faster on the
#: catalogs, which every process reads once), else the pure-Python one: the same result.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def language(value: str | None) -> str:
    """Return a supported language code (Swedish unless English is asked for)."""
    return value if value in config.LANGUAGES else config.DEFAULT_LANGUAGE


@lru_cache(maxsize=len(config.LANGUAGES))
def catalog(lang: str) -> dict[str, str]:
    """The flattened catalog of one language: ``{"layers.walks": "Trygghetsvandringar"}``.

    ``locales/<lang>.yaml`` holds the shared labels; a feature may keep its own in
    ``locales/<feature>.<lang>.yaml`` (one catalog all the same: a key may not repeat).
    """
    lang = language(lang)
    flat: dict[str, str] = {}
    for path in catalog_files(lang):
        with open(path, encoding="utf-8") as handle:
            entries = _flatten(yaml.load(handle, Loader=SAFE_LOADER) or {})
        repeated = set(flat) & set(entries)
        if repeated:
            raise ValueError(f"{path.name} repeats catalog keys: {sorted(repeated)}")
        flat.update(entries)
    return flat


def catalog_files(lang: str) -> list[Path]:
    """The catalog files of one language, the shared one first."""
    return [LOCALES / f"{lang}.yaml", *sorted(LOCALES.glob(f"*.{lang}.yaml"))]


def t(key: str, lang: str, **values: Any) -> str:
    """Translate ``key``; a missing key raises ``KeyError`` (tests keep catalogs complete)."""
    text = catalog(lang)[key]
    return text.format(**values) if values else text


def label(group: str, code: str | Code | None, lang: str) -> str:
    """The name of a code in a group (``label("category", "lighting", "en")``)."""
    if code is None or code == "":
        return catalog(lang)["values.none"]
    return catalog(lang)[f"{group}.{code}"]


def enum_label(member: Code, lang: str) -> str:
    """The name of an enum member, found through its enum's group."""
    return label(ENUM_GROUPS[type(member).__name__], member.value, lang)


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = str(value)
    return flat
