"""Colours and symbols of the map layers: one colour-blind-safe palette (Okabe–Ito).

Okabe & Ito's eight colours stay distinguishable for the common forms of colour
blindness; grey is added for "other". Unsafe places are coloured by category,
walk findings by status (smaller, with a dark ring so they read as a second
kind of point), and the remaining layers have one colour each.
"""

from __future__ import annotations

from geo.enums import Category, FindingStatus

ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"
BLACK = "#000000"
GREY = "#999999"
DARK = "#222222"

CATEGORY_COLOURS: dict[str, str] = {
    Category.LIGHTING.value: YELLOW,
    Category.VEGETATION.value: BLUISH_GREEN,
    Category.TRAFFIC.value: SKY_BLUE,
    Category.YOUTH_GATHERING.value: ORANGE,
    Category.VANDALISM.value: VERMILLION,
    Category.DRUGS.value: REDDISH_PURPLE,
    Category.BURGLARY.value: BLUE,
    Category.HARASSMENT.value: BLACK,
    Category.OTHER.value: GREY,
}

FINDING_STATUS_COLOURS: dict[str, str] = {
    FindingStatus.NEW.value: VERMILLION,
    FindingStatus.ASSESSED.value: REDDISH_PURPLE,
    FindingStatus.PLANNED.value: ORANGE,
    FindingStatus.IN_PROGRESS.value: SKY_BLUE,
    FindingStatus.DONE.value: BLUISH_GREEN,
    FindingStatus.NOT_DONE.value: GREY,
    FindingStatus.FORWARDED.value: BLUE,
}

LAYER_COLOURS: dict[str, str] = {
    "walks": REDDISH_PURPLE,
    "watch_areas": BLUE,
    "activities": DARK,
    "boundary": "#444444",
}

#: Circle-marker radius in pixels per point layer.
RADIUS = {"unsafe_places": 7, "findings": 5, "activities": 5}


def style(layer: str, category: str | None = None, status: str | None = None) -> dict[str, object]:
    """The Leaflet path style of one feature, from its layer and codes only."""
    if layer == "unsafe_places":
        colour = CATEGORY_COLOURS.get(category or "", GREY)
        return {"color": DARK, "weight": 1, "fill": True, "fillColor": colour,
                "fillOpacity": 0.9}
    if layer == "findings":
        colour = FINDING_STATUS_COLOURS.get(status or "", GREY)
        return {"color": BLACK, "weight": 2, "fill": True, "fillColor": colour,
                "fillOpacity": 1.0}
    if layer == "walks":
        return {"color": LAYER_COLOURS["walks"], "weight": 4, "opacity": 0.9,
                "fillColor": LAYER_COLOURS["walks"], "fillOpacity": 0.1}
    if layer == "watch_areas":
        return {"color": BLUE, "weight": 2, "fillColor": BLUE, "fillOpacity": 0.2}
    if layer == "activities":
        return {"color": "#FFFFFF", "weight": 2, "fill": True, "fillColor": DARK,
                "fillOpacity": 0.9}
    return {"color": LAYER_COLOURS["boundary"], "weight": 2, "fill": False, "dashArray": "6 4"}
