"""Credits follow the basemap in use and the data a view shows (geo/map/sources.py)."""

from __future__ import annotations

import pytest

from geo import config
from geo.map import layers, sources

OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OTHER = "https://kartor.example.se/wmts/{z}/{x}/{y}.png"


@pytest.fixture(autouse=True)
def _no_attribution(monkeypatch):
    monkeypatch.delenv(config.BASEMAP_ATTRIBUTION_ENV, raising=False)


def test_the_credit_follows_the_tiles(monkeypatch):
    assert "OpenStreetMap" in config.basemap_attribution(OSM)
    assert "OpenStreetMap" in config.basemap_attribution("https://{s}.tile.openstreetmap.org/x")
    assert config.basemap_attribution("https://maps.lantmateriet.se/topowebb/{z}") == (
        "&copy; Lantmäteriet")
    # another server's tiles are never credited to OpenStreetMap: its host at least
    assert config.basemap_attribution(OTHER) == "kartor.example.se"
    assert config.basemap_attribution("") == ""  # no basemap, no basemap credit
    monkeypatch.setenv(config.BASEMAP_ATTRIBUTION_ENV, "© Kommunens karttjänst")
    assert config.basemap_attribution(OTHER) == "© Kommunens karttjänst"
    monkeypatch.setenv(config.BASEMAP_ENV, OTHER)
    assert config.basemap() == (OTHER, "© Kommunens karttjänst")


def test_credits_per_view():
    assert sources.credits("site", "sv", "") == ["Kommungränser: SCB"]
    assert sources.credits("map", "sv", OSM) == [
        "Bakgrundskarta: © OpenStreetMap", "Kommungränser: SCB"]
    coverage = " ".join(sources.credits("coverage", "en", ""))
    assert "DeSO" in coverage and "Statistics Sweden" in coverage
    assert "Polisen" in " ".join(sources.credits("region", "sv", ""))
    every = [text for view in sources.VIEWS for text in sources.credits(view, "sv", "")]
    assert not [text for text in every if "Lantmäteriet" in text]  # SCB's own boundaries


def test_the_app_map_credits_scb_also_without_basemap():
    page = layers.base_map("", "", "sv", "coverage").get_root().render()
    assert "Kommungr\\u00e4nser: SCB" in page or "Kommungränser: SCB" in page
    assert "DeSO" in page and "OpenStreetMap" not in page
