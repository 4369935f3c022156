"""User text is made inert for HTML, JS template literals and Jinja-rendered map scripts."""

from __future__ import annotations

import folium

from geo.escape import inert


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
