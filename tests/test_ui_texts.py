"""Texts of controls and rules in the user's language (issue 14, item 9)."""

from __future__ import annotations

import re

import pytest
import shapely.geometry

from geo import i18n
from geo import map as geomap
from geo.domain import validation
from geo.io.report import layer_words


def test_a_point_outside_sweden_is_refused_in_swedish_and_english():
    with pytest.raises(validation.ValidationError) as caught:
        validation.geometry("geometry", shapely.geometry.Point(2.35, 48.85), ("Point",))
    error = caught.value
    assert "lies outside Sweden" in error.message  # the CLI's English stays
    assert error.text("sv").startswith("ligger utanför Sverige")
    assert error.text("en").startswith("lies outside Sweden")
    assert i18n.t("fields.geometry", "sv") == "Plats på kartan"


@pytest.mark.parametrize("call", [
    lambda: validation.text("description", "", required=True),
    lambda: validation.whole_number("participants", -1, minimum=0),
    lambda: validation.as_date("date", "not a date"),
])
def test_every_rule_has_a_swedish_text(call):
    with pytest.raises(validation.ValidationError) as caught:
        call()
    assert caught.value.code
    assert caught.value.text("sv") == i18n.t(f"validation.{caught.value.code}", "sv",
                                             **caught.value.values)


def test_every_rule_code_raised_in_geo_validation_is_in_both_catalogs():
    source = open(validation.__file__, encoding="utf-8").read()
    codes = set(re.findall(r'"(\w+)"(?:,\s*\w+=[^)]*)?\)', source))
    codes &= {key.split(".", 1)[1] for key in i18n.catalog("en") if key.startswith("validation.")}
    for lang in ("sv", "en"):
        assert {f"validation.{code}" for code in codes} <= set(i18n.catalog(lang))


def test_layer_names_in_sentences_are_words():
    assert layer_words("unsafe_places", "sv") == "otrygga platser"
    assert "unsafe_places" not in i18n.t("io.msg.summary_written", "sv", created=4, present=0,
                                         rejected=0, layer=layer_words("unsafe_places", "sv"))


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_drawing_tools_get_their_texts_from_the_catalog(lang):
    html = geomap.editing_map("", "", lang).get_root().render()
    assert html.index("L.drawLocal") < html.index("L.Control.Draw")
    for key in ("finish", "undo", "cancel", "polyline"):
        assert i18n.t(f"drawtools.{key}", lang) in html


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_map_controls_speak_the_language_and_measure_in_metres(lang):
    html = geomap.base_map("", "", lang).get_root().render()
    for key in ("zoom_in", "zoom_out", "leaflet"):
        assert i18n.t(f"maptools.{key}", lang) in html
    assert "imperial: false" in html and "L.control.scale()" not in html
    assert '"zoomControl": false' in html  # not Leaflet's own (English) zoom buttons


def test_empty_states_speak_to_the_visitor():
    for lang in ("sv", "en"):
        for key in ("notices.no_data", "notices.store_missing"):
            assert "python -m" not in i18n.t(key, lang, kommun="X")
