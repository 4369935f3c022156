"""Colours and symbols of the map layers: one colour-blind-safe palette (Okabe–Ito).

Okabe & Ito's eight colours stay distinguishable for the common forms of colour
blindness; grey is added for "other". Unsafe places are coloured by category,
walk findings by status (smaller, with a dark ring so they read as a second
kind of point), and the remaining layers have one colour each.
"""

from __future__ import annotations

from geo.domain.enums import Category, FindingStatus

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

#: The municipal boundary's colour and dashed outline (the layers' styles: geo.domain.layers).
BOUNDARY_COLOUR = "#444444"
BOUNDARY_STYLE: dict[str, object] = {"color": BOUNDARY_COLOUR, "weight": 2, "fill": False,
                                     "dashArray": "6 4"}
