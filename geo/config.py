"""Every setting, limit and constant of the product in one place.

Values that an operator may change come from environment variables; everything
else is a named constant so that pages, CLI and tests agree on it.
"""

from __future__ import annotations

import html
import os
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
#: The files geo reads (example pledges, police areas): a checkout's ``data/`` through the
#: link ``geo/_data``, which the wheel holds as a folder (``pyproject.toml``'s package data).
SEED_DIR = PACKAGE_DIR / "_data"
#: Installed from a wheel (no checkout around the package): the default store is then
#: ``trygghetskartan.gpkg`` in the working folder, never a file inside site-packages.
INSTALLED = not (PROJECT_DIR / "pyproject.toml").is_file()
DATA_DIR = Path() if INSTALLED else PROJECT_DIR / "data"
PLEDGES_FILE = SEED_DIR / "pledges.yaml"
STATIC_DIR = PROJECT_DIR / "static"

DB_ENV = "TRYGGHETSKARTAN_DB"
DEFAULT_DB = DATA_DIR / "trygghetskartan.gpkg"

BASEMAP_ENV = "TRYGGHETSKARTAN_BASEMAP"
BASEMAP_ATTRIBUTION_ENV = "TRYGGHETSKARTAN_BASEMAP_ATTRIBUTION"
DEFAULT_BASEMAP = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
#: OpenStreetMap's credit as its attribution guidelines give it: "© OpenStreetMap" linked to
#: its copyright page (no English word in a Swedish page).
DEFAULT_BASEMAP_ATTRIBUTION = ('&copy; <a href="https://www.openstreetmap.org/copyright">'
                               "OpenStreetMap</a>")

#: URL prefix under which Streamlit serves ``static/`` (server.enableStaticServing).
STATIC_URL = "app/static"

#: Coordinates are stored in WGS 84; lengths and areas are measured in SWEREF 99 TM.
STORAGE_CRS = 4326
MEASURE_CRS = 3006
#: Swedish time: a spreadsheet's times without an offset are in it (export and import).
LOCAL_TIME = ZoneInfo("Europe/Stockholm")

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

#: SQLite busy timeout for writers, seconds.
BUSY_TIMEOUT_S = 30.0

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"


#: ``[connections.trygghetskartan]`` in ``.streamlit/secrets.toml`` names a PostGIS database.
CONNECTION_NAME = "trygghetskartan"
#: The fields of a connection table, as Streamlit's ``SQLConnection`` reads them.
CONNECTION_FIELDS = ("url", "dialect", "driver", "username", "password", "host", "port",
                     "database", "query")
POSTGRES_SCHEMES = ("postgresql", "postgres")


class ConfigError(ValueError):
    """A setting that cannot be used; the message never holds a password."""


def db_location() -> str:
    """Return the configured store location: a ``.gpkg`` path or a ``postgresql://`` URL.

    ``TRYGGHETSKARTAN_DB`` wins; then ``[connections.trygghetskartan]`` in a Streamlit
    secrets file (:func:`secrets_db_url`), so the app, the CLI and every app instance
    behind a proxy find the same store the same way; then the example GeoPackage.
    """
    return os.environ.get(DB_ENV) or secrets_db_url() or str(DEFAULT_DB)


def db_origin() -> str:
    """Where :func:`db_location` came from, for messages (never the value itself)."""
    if os.environ.get(DB_ENV):
        return DB_ENV
    if secrets_db_url() is None:
        return "default"
    for path in reversed(secrets_files()):  # the last file with [connections] decides
        if "connections" in _read_toml(*_signature(path)):
            return f"{path} [connections.{CONNECTION_NAME}]"
    return "default"  # not reached: a URL came from some file


def secrets_files() -> list[Path]:
    """The ``secrets.toml`` files Streamlit reads, lowest precedence first.

    The user's ``~/.streamlit``, then the working folder's ``.streamlit``, then the one
    beside ``dashboard.py`` (Streamlit's script-level file) when that is another folder.
    """
    files = [Path.home() / ".streamlit" / "secrets.toml",
             Path.cwd() / ".streamlit" / "secrets.toml",
             PROJECT_DIR / ".streamlit" / "secrets.toml"]
    unique: list[Path] = []
    for path in files:
        if path.resolve() not in [seen.resolve() for seen in unique]:
            unique.append(path)
    return unique


def secrets_db_url() -> str | None:
    """The database URL of ``[connections.trygghetskartan]`` in the secrets files, or None.

    The files are merged as Streamlit merges them (a later file's top-level table
    replaces an earlier one's). The table holds either ``url`` or the fields of
    ``sqlalchemy.engine.URL.create`` (``dialect``, ``driver``, ``username``, ``password``,
    ``host``, ``port``, ``database``, ``query``), as for ``st.connection(type="sql")``.
    """
    merged: dict[str, Any] = {}
    for path in secrets_files():
        merged.update(_read_toml(*_signature(path)))
    connections = merged.get("connections", {})
    connection = connections.get(CONNECTION_NAME) if isinstance(connections, dict) else None
    if connection is None:
        return None
    where = f"[connections.{CONNECTION_NAME}] in secrets.toml"
    if not isinstance(connection, dict):
        raise ConfigError(f"{where} must be a table")
    unknown = sorted(set(connection) - set(CONNECTION_FIELDS) - {"type"})
    if unknown:
        raise ConfigError(f"{where} has unknown fields: {', '.join(unknown)}")
    from sqlalchemy.engine import URL, make_url  # only when a connection is configured

    try:
        if "url" in connection:
            url = make_url(str(connection["url"]))
        else:
            missing = [name for name in ("dialect", "host") if not connection.get(name)]
            if missing:
                raise ConfigError(f"{where} needs url, or dialect and host "
                                  f"(missing: {', '.join(missing)})")
            driver = connection.get("driver")
            url = URL.create(
                connection["dialect"] + (f"+{driver}" if driver else ""),
                username=connection.get("username"), password=connection.get("password"),
                host=connection["host"], port=connection.get("port"),
                database=connection.get("database"), query=connection.get("query") or {},
            )
    except (ValueError, TypeError) as error:
        if isinstance(error, ConfigError):
            raise
        raise ConfigError(f"{where} is not a database URL") from None  # the text may hold it
    if url.get_backend_name() not in POSTGRES_SCHEMES:
        raise ConfigError(f"{where} must name a PostgreSQL database, not "
                          f"{url.render_as_string(hide_password=True)}")
    return url.render_as_string(hide_password=False)


def masked(location: str) -> str:
    """A store location for messages: a path as it is, a URL with its password as ``***``."""
    if "://" not in location:
        return location
    from sqlalchemy.engine import make_url

    try:
        return make_url(location).render_as_string(hide_password=True)
    except ValueError:
        return location.split("://", 1)[0] + "://***"


def _signature(path: Path) -> tuple[str, int]:
    """A file and its modification time: the cache key of :func:`_read_toml`."""
    try:
        return str(path), path.stat().st_mtime_ns
    except OSError:
        return str(path), -1


@lru_cache(maxsize=8)
def _read_toml(path: str, mtime_ns: int) -> dict[str, Any]:
    """A TOML file's tables (empty when the file is missing); read again when it changes."""
    if mtime_ns < 0:
        return {}
    try:
        with open(path, "rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:  # the message quotes no values
        raise ConfigError(f"{path} is not valid TOML: {error}") from None


def basemap() -> tuple[str, str]:
    """Return the basemap tile URL and its attribution (empty URL: no basemap)."""
    url = os.environ.get(BASEMAP_ENV, DEFAULT_BASEMAP)
    return url, basemap_attribution(url)


#: Credits of tile servers whose terms ask for one, by host; another server's credit comes
#: from TRYGGHETSKARTAN_BASEMAP_ATTRIBUTION (its host name when that is not set).
KNOWN_BASEMAP_CREDITS = {
    "openstreetmap.org": DEFAULT_BASEMAP_ATTRIBUTION,
    "lantmateriet.se": "&copy; Lantmäteriet",
}


def basemap_attribution(url: str) -> str:
    """The credit (operator's HTML, as Leaflet shows it) of the basemap at ``url``; "" for none.

    A set TRYGGHETSKARTAN_BASEMAP_ATTRIBUTION wins; else a known server's credit; else the
    server's host name, so that a map never credits OpenStreetMap for another's tiles.
    """
    if not url:
        return ""
    configured = os.environ.get(BASEMAP_ATTRIBUTION_ENV, "").strip()
    if configured:
        return configured
    host = url.split("://", 1)[-1].split("/", 1)[0].split("{s}.", 1)[-1].lower()
    for known, credit in KNOWN_BASEMAP_CREDITS.items():
        if host == known or host.endswith("." + known):
            return credit
    return html.escape(host)


#: A name for this app process (e.g. ``web1-8501``), shown by the health endpoint so that a
#: proxy's operator sees which instance answered; the systemd unit sets it per instance.
INSTANCE_ENV = "TRYGGHETSKARTAN_INSTANCE"


def instance_name() -> str | None:
    """The configured instance name, or None when none is set."""
    return os.environ.get(INSTANCE_ENV, "").strip() or None


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


# -- the public body behind the service (accessibility statement, privacy notice) ----------
#: The organisation responsible (e.g. "Tomelilla kommun"); the published site falls back
#: to its municipality, the app to a general phrase.
ORGANISATION_ENV = "TRYGGHETSKARTAN_ORGANISATION"
#: Where people report accessibility shortcomings and ask about their data.
CONTACT_EMAIL_ENV = "TRYGGHETSKARTAN_CONTACT_EMAIL"
CONTACT_PHONE_ENV = "TRYGGHETSKARTAN_CONTACT_PHONE"
#: The data protection officer's (dataskyddsombud) address.
DPO_EMAIL_ENV = "TRYGGHETSKARTAN_DPO_EMAIL"
#: When the accessibility was last assessed, and the statement last reviewed (YYYY-MM-DD).
STATEMENT_ASSESSED_ENV = "TRYGGHETSKARTAN_STATEMENT_ASSESSED"
STATEMENT_REVIEWED_ENV = "TRYGGHETSKARTAN_STATEMENT_REVIEWED"
#: How long the server's log (sign-ins, writes) is kept, in months: set the log rotation to it.
LOG_RETENTION_ENV = "TRYGGHETSKARTAN_LOG_RETENTION_MONTHS"
#: The self-assessment this version's statement describes (axe-core tests, keyboard review).
STATEMENT_DATE = date(2026, 12, 6)
DEFAULT_LOG_RETENTION_MONTHS = 12


@dataclass(frozen=True)
class PublicBody:
    """The operator's facts the statements name (empty text: not configured)."""

    organisation: str
    email: str
    phone: str
    dpo_email: str
    assessed: date
    reviewed: date
    log_retention_months: int


def public_body() -> PublicBody:
    """The settings above, read now; a malformed date or number raises :class:`ConfigError`."""
    months = os.environ.get(LOG_RETENTION_ENV, "").strip() or str(DEFAULT_LOG_RETENTION_MONTHS)
    if not months.isdigit() or int(months) < 1:
        raise ConfigError(f"{LOG_RETENTION_ENV} must be a whole number of months")
    return PublicBody(
        organisation=os.environ.get(ORGANISATION_ENV, "").strip(),
        email=os.environ.get(CONTACT_EMAIL_ENV, "").strip(),
        phone=os.environ.get(CONTACT_PHONE_ENV, "").strip(),
        dpo_email=os.environ.get(DPO_EMAIL_ENV, "").strip(),
        assessed=_setting_date(STATEMENT_ASSESSED_ENV),
        reviewed=_setting_date(STATEMENT_REVIEWED_ENV),
        log_retention_months=int(months),
    )


def _setting_date(name: str) -> date:
    value = os.environ.get(name, "").strip()
    if not value:
        return STATEMENT_DATE
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{name} must be a date written YYYY-MM-DD") from None


#: Open data written by ``geo publish`` (:mod:`geo.site.opendata`): the licence of the data
#: files, ``CC0-1.0`` (the default: no condition on reuse, as Sweden's data portal recommends
#: for open data) or ``CC-BY-4.0`` (reusers must credit the municipality).
OPENDATA_LICENCE_ENV = "TRYGGHETSKARTAN_OPENDATA_LICENCE"
#: The address the published site is served from (``https://…/``): makes the links in the
#: DCAT metadata and the Atom feed absolute. Empty: links relative to the file's own address.
SITE_URL_ENV = "TRYGGHETSKARTAN_SITE_URL"
#: The e-mail address of the contact point in the DCAT metadata (empty: the site's about page).
OPENDATA_CONTACT_ENV = "TRYGGHETSKARTAN_OPENDATA_CONTACT"
#: SPDX id → (name, licence URI): the licences the open data may carry.
OPENDATA_LICENCES = {
    "CC0-1.0": ("CC0 1.0", "http://creativecommons.org/publicdomain/zero/1.0/"),
    "CC-BY-4.0": ("CC BY 4.0", "http://creativecommons.org/licenses/by/4.0/"),
}
DEFAULT_OPENDATA_LICENCE = "CC0-1.0"


def opendata_licence() -> str:
    """The open data's licence (an SPDX id of :data:`OPENDATA_LICENCES`)."""
    value = os.environ.get(OPENDATA_LICENCE_ENV, "").strip() or DEFAULT_OPENDATA_LICENCE
    if value not in OPENDATA_LICENCES:
        raise ConfigError(f"{OPENDATA_LICENCE_ENV} must be one of "
                          f"{', '.join(OPENDATA_LICENCES)}, not {value!r}")
    return value


def site_url() -> str:
    """The published site's address ending in ``/``, or "" (links stay relative)."""
    value = os.environ.get(SITE_URL_ENV, "").strip()
    if value and not value.startswith(("https://", "http://")):
        raise ConfigError(f"{SITE_URL_ENV} must be an http(s) address, not {value!r}")
    return value if not value or value.endswith("/") else value + "/"


def opendata_contact() -> str:
    """The open data's contact e-mail address (else the service's contact), or ""."""
    value = (os.environ.get(OPENDATA_CONTACT_ENV, "").strip()
             or os.environ.get(CONTACT_EMAIL_ENV, "").strip())
    if value and ("@" not in value or any(c.isspace() or c in "<>\"" for c in value)):
        raise ConfigError(f"{OPENDATA_CONTACT_ENV} must be an e-mail address, not {value!r}")
    return value


#: The audit log (:mod:`geo.audit`): ``stderr`` (the default: the service's journal),
#: ``stdout``, or a file path (appended to; rotate it with logrotate, the handler reopens
#: the file after a move).
AUDIT_LOG_ENV = "TRYGGHETSKARTAN_AUDIT_LOG"
AUDIT_STREAMS = ("stderr", "stdout")
#: The audit log's level: INFO logs every event, WARNING only refusals and failures.
LOG_LEVEL_ENV = "TRYGGHETSKARTAN_LOG_LEVEL"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def audit_destination() -> str:
    """Where the audit log goes: ``stderr``, ``stdout`` or a file path."""
    value = os.environ.get(AUDIT_LOG_ENV, "").strip()
    return value or AUDIT_STREAMS[0]


def log_level() -> str:
    """The audit log's level name (``INFO`` unless configured)."""
    value = os.environ.get(LOG_LEVEL_ENV, "").strip().upper() or "INFO"
    if value not in LOG_LEVELS:
        raise ConfigError(f"{LOG_LEVEL_ENV} must be one of {', '.join(LOG_LEVELS)}, "
                          f"not {value!r}")
    return value
