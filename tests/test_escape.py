"""User text is made inert for HTML, JS template literals and Jinja-rendered map scripts."""

from __future__ import annotations

import folium
import pytest

from geo.escape import inert, spreadsheet_cell, unguarded


def test_a_name_with_template_syntax_renders_as_text_in_a_folium_map():
    name = "Ekvägen {% if x %} {{ 7*7 }} ${globalThis.X=1} <b>"
    fmap = folium.Map()
    folium.GeoJson(
        {"type": "FeatureCollection", "features": [{
            "type": "Feature", "properties": {"label": inert(name)},
            "geometry": {"type": "Point", "coordinates": [13.9, 55.5]}}]},
        tooltip=folium.GeoJsonTooltip(fields=["label"]),
    ).add_to(fmap)
    page = fmap.get_root().render()  # raised TemplateSyntaxError before the braces were escaped
    assert "{%" not in page.split("Ekv")[1][:40] and "49" not in page.split("Ekv")[1][:60]
    assert "&#123;% if x %&#125;" in inert(name) and "<b>" not in inert(name)


def test_the_one_formula_guard_leaves_numbers_alone():
    from geo.escape import spreadsheet_cell

    for formula in ('=HYPERLINK("http://x")', "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1",
                    "-A1"):
        assert spreadsheet_cell(formula) == "'" + formula
    for harmless in (-3, -2.5, 0, "1e-3", "Ekvägen", "", None, "a=b"):
        assert spreadsheet_cell(harmless) == harmless


@pytest.mark.parametrize("typed", ["=1+1", "+46 70", "-kväll", "@SUM(A1)", "'citat", "vanlig"])
def test_the_import_reads_a_guarded_cell_as_it_was_typed(typed):
    assert unguarded(spreadsheet_cell(typed)) == typed
