"""Whether the configured store answers: the check behind the app's health endpoint.

A proxy or a monitor must learn more than "the process is up": an app instance whose
database is gone serves pages that all fail. So the check opens the store the app uses
(:func:`geo.config.db_location`) and reads its data version, a query that needs the
schema and touches the tables every write updates. It never creates anything: a
missing GeoPackage stays missing, an empty database stays empty.

What it returns is fit for anyone to read: a fixed problem code and sentence, never a
path, a URL or an error's own text (those go to the server's log, the URL masked).
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from geo import config
from geo.store import StoreError, open_store

log = logging.getLogger(__name__)

#: The problems the check can report, with the sentence the endpoint shows for each.
PROBLEMS = {
    "misconfigured": "The store's configuration cannot be read.",
    "missing": "The store does not exist.",
    "not_initialised": "The store holds no Trygghetskartan data.",
    "unreachable": "The store does not answer.",
    "timeout": "The store did not answer in time.",
}


@dataclass(frozen=True)
class StoreHealth:
    """The outcome of one check: ``problem`` is None when the store answered."""

    backend: str
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def reason(self) -> str | None:
        """The public sentence for :attr:`problem` (None when ok)."""
        return PROBLEMS[self.problem] if self.problem else None


def backend_of(location: str) -> str:
    """``"postgis"`` for a ``postgresql://`` URL, else ``"geopackage"``."""
    return "postgis" if location.startswith(("postgresql:", "postgres:")) else "geopackage"


def check_store(location: str | None = None) -> StoreHealth:
    """Open the store at ``location`` (default: the configured one) and read its version."""
    try:
        location = location or config.db_location()
    except config.ConfigError as error:
        log.warning("store health: the configuration cannot be read: %s", error)
        return StoreHealth("unknown", "misconfigured")
    backend = backend_of(location)
    if backend == "geopackage" and not Path(location).is_file():
        log.warning("store health: %s does not exist", location)
        return StoreHealth(backend, "missing")
    failures: tuple[type[BaseException], ...] = (StoreError, sqlite3.Error, OSError)
    if backend == "postgis":
        from sqlalchemy.exc import SQLAlchemyError  # installed wherever PostGIS is used

        failures += (SQLAlchemyError,)
    store = open_store(location)
    try:
        if not store.exists():
            log.warning("store health: %s holds no schema", config.masked(location))
            return StoreHealth(backend, "not_initialised")
        store.data_version()
    except failures as error:
        log.warning("store health: %s does not answer: %s: %s", config.masked(location),
                    type(error).__name__, error)
        return StoreHealth(backend, "unreachable")
    finally:
        close = getattr(store, "close", None)  # PostGIS holds a pool; a GeoPackage nothing
        if close is not None:
            close()
    return StoreHealth(backend)
