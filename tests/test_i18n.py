"""The catalogs: complete in both languages, every code of every enum named."""

from __future__ import annotations

import pytest

from geo import i18n
from geo.domain.enums import ActivityKind, Category, FindingStatus, Party, PlaceSource, PlaceStatus


def test_both_languages_have_the_same_keys():
    assert set(i18n.catalog("sv")) == set(i18n.catalog("en"))


def test_each_feature_catalog_exists_in_both_languages():
    def features(lang: str) -> set[str]:
        return {p.name.removesuffix(f"{lang}.yaml") for p in i18n.catalog_files(lang)}

    assert features("sv") == features("en")


@pytest.mark.parametrize("enum", [ActivityKind, Category, FindingStatus, Party, PlaceSource,
                                  PlaceStatus])
def test_every_code_has_a_name_in_both_languages(enum):
    for member in enum:  # a missing name raises KeyError
        assert i18n.enum_label(member, "sv").strip()
        assert i18n.enum_label(member, "en").strip()


def test_unknown_language_falls_back_to_swedish():
    assert i18n.language("de") == "sv"
    assert i18n.t("layers.walks", "de") == i18n.t("layers.walks", "sv")
