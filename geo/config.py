"""Every setting, limit and constant of the product in one place.

Values that an operator may change come from environment variables; everything
else is a named constant so that pages, CLI and tests agree on it.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_DIR / "data"
PLEDGES_FILE = DATA_DIR / "pledges.yaml"
STATIC_DIR = PROJECT_DIR / "static"

DB_ENV = "TRYGGHETSKARTAN_DB"
DEFAULT_DB = DATA_DIR / "trygghetskartan.gpkg"

BASEMAP_ENV = "TRYGGHETSKARTAN_BASEMAP"
BASEMAP_ATTRIBUTION_ENV = "TRYGGHETSKARTAN_BASEMAP_ATTRIBUTION"
DEFAULT_BASEMAP = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_BASEMAP_ATTRIBUTION = "&copy; OpenStreetMap contributors"

#: URL prefix under which Streamlit serves ``static/`` (server.enableStaticServing).
STATIC_URL = "app/static"

#: Coordinates are stored in WGS 84; lengths and areas are measured in SWEREF 99 TM.
STORAGE_CRS = 4326
MEASURE_CRS = 3006

#: A generous box around Sweden (lon/lat); a coordinate outside it is refused,
#: which also catches swapped latitude and longitude.
SWEDEN_BBOX = (10.0, 55.0, 24.5, 69.5)

#: Decimals sent to the browser: 5 decimals is about 1 m.
MAP_DECIMALS = 5

#: Years the UI offers.
FIRST_YEAR = 2010
LAST_YEAR = 2030

#: Example data covers these years.
EXAMPLE_YEARS = (2016, 2021)
EXAMPLE_SEED = 20201

#: Text limits (characters).
MAX_SHORT_TEXT = 200
MAX_LONG_TEXT = 4000

#: Rows shown in the table under the map before paging is needed.
TABLE_HEIGHT = 360

#: SQLite busy timeout for writers, seconds.
BUSY_TIMEOUT_S = 30.0

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"


def db_location() -> str:
    """Return the configured store location: a ``.gpkg`` path or a ``postgresql://`` URL.

    Read from ``TRYGGHETSKARTAN_DB`` only, so the app, the CLI and every app instance
    behind a proxy name the same store the same way.
    """
    return os.environ.get(DB_ENV) or str(DEFAULT_DB)


def basemap() -> tuple[str, str]:
    """Return the basemap tile URL and its attribution (empty URL: no basemap)."""
    url = os.environ.get(BASEMAP_ENV, DEFAULT_BASEMAP)
    attribution = os.environ.get(BASEMAP_ATTRIBUTION_ENV, DEFAULT_BASEMAP_ATTRIBUTION)
    return url, attribution

#: The view a first visit opens on: the newest pledge's municipality and year.
DEFAULT_KOMMUN = "1270"
DEFAULT_YEAR = 2020
MAP_HEIGHT = 560

#: Unsafe-place categories shown to the public only as a 250 m grid square (exact for
#: editors). Comma-separated codes in TRYGGHETSKARTAN_SENSITIVE override the default.
SENSITIVE_ENV = "TRYGGHETSKARTAN_SENSITIVE"
DEFAULT_SENSITIVE = ("drugs", "harassment")
GENERALISE_SQUARE_M = 250


def sensitive_categories() -> tuple[str, ...]:
    """The categories generalised in public views."""
    value = os.environ.get(SENSITIVE_ENV)
    if value is None:
        return DEFAULT_SENSITIVE
    return tuple(code.strip() for code in value.split(",") if code.strip())
