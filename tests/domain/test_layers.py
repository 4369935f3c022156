"""The layer registry is complete: every layer has a spec whose names exist on its record.

A new layer (or a renamed field) that misses a piece of its spec fails here, not on a
page that draws the layer like the boundary or lists it without a name.
"""

from __future__ import annotations

import dataclasses
import typing

import pytest

from geo import config, i18n
from geo.domain import layers, model
from geo.domain.filters import Filter
from geo.domain.layers import SPECS, LayerSpec, spec


def _fields(record: type[model.Feature]) -> set[str]:
    return {f.name for f in dataclasses.fields(record)}


def test_the_registry_lists_the_models_layers_in_the_same_order():
    assert layers.LAYERS == model.LAYERS == tuple(model.FEATURE_TYPES)
    assert all(isinstance(SPECS[name], LayerSpec) and SPECS[name].record is record
               for name, record in model.FEATURE_TYPES.items())


def test_draw_order_is_a_permutation_of_the_layers():
    assert sorted(s.draw for s in SPECS.values()) == list(range(len(SPECS)))
    assert sorted(layers.DRAW_ORDER) == sorted(layers.LAYERS)


@pytest.mark.parametrize("layer", model.LAYERS)
def test_every_named_field_exists_on_the_record(layer):
    s = spec(layer)
    names = _fields(s.record)
    named = [s.date_field, s.name_field, *s.popup_fields, *s.public_fields, *s.free_text,
             *(c.field for c in (s.category, s.status) if c is not None),
             *(f for f in (s.end_field, s.commitment_field, s.style.fill_field) if f)]
    assert [name for name in named if name not in names] == []
    hints = typing.get_type_hints(s.record)
    assert "date" in str(hints[s.date_field])
    if s.end_field:
        assert "date" in str(hints[s.end_field])
    assert set(s.popup_fields) <= set(s.public_fields)  # the site shows only public fields


@pytest.mark.parametrize("layer", model.LAYERS)
def test_coded_fields_name_their_enum_and_filter(layer):
    s = spec(layer)
    filter_args = {f.name for f in dataclasses.fields(Filter)}
    for coded in (s.category, s.status):
        if coded is None:
            continue
        assert s.coded[coded.field] == coded.group
        assert _enum(s.record, coded.field) is coded.enum
        assert coded.filter_arg == "" or coded.filter_arg in filter_args
    assert s.coded["visibility"] == "visibility"


def _enum(record: type[model.Feature], name: str) -> type:
    hint = typing.get_type_hints(record)[name]
    return next(k for k in (hint, *typing.get_args(hint)) if isinstance(k, type))


@pytest.mark.parametrize("lang", config.LANGUAGES)
@pytest.mark.parametrize("layer", model.LAYERS)
def test_every_catalog_names_the_layer_and_its_codes(layer, lang):
    t = i18n.catalog(lang)
    s = spec(layer)
    missing = [f"layers.{layer}"] if not t.get(f"layers.{layer}") else []
    missing += [f"{group}.{code.value}" for name, group in s.coded.items()
                for code in _enum(s.record, name) if not t.get(f"{group}.{code.value}")]
    if s.style.legend_heading and not t.get(s.style.legend_heading):
        missing.append(s.style.legend_heading)
    assert missing == []


@pytest.mark.parametrize("layer", model.LAYERS)
def test_every_style_is_complete(layer):
    look = spec(layer).style
    assert look.colour.startswith("#") and look.legend in ("circle", "line", "square")
    assert {"color", "weight", "fillColor", "fillOpacity"} <= set(look.path)
    assert look.radius > 0
    points = "Point" in spec(layer).geometry_types
    assert bool(look.cell) == points  # a layer with points counts them in cells
    if look.fill_field:
        assert look.fills and look.legend_heading
        assert look.fill_field in (spec(layer).category.field if spec(layer).category else "",
                                   spec(layer).status.field if spec(layer).status else "")


@pytest.mark.parametrize("layer", model.LAYERS)
def test_gpkg_geometry_holds_every_allowed_shape(layer):
    s = spec(layer)
    assert s.gpkg_geometry in ("GEOMETRY", "POINT", "MULTIPOLYGON")
    if s.gpkg_geometry != "GEOMETRY":
        single = s.gpkg_geometry.removeprefix("MULTI").title()
        assert {g.removeprefix("Multi") for g in s.geometry_types} == {single.title()}


def test_an_unknown_layer_fails_loudly_instead_of_looking_like_the_boundary():
    with pytest.raises(KeyError):
        layers.style("safe_places")
    assert layers.style(layers.BOUNDARY)["dashArray"] == "6 4"
