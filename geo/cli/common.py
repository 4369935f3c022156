"""What every command module of the CLI shares: the usage error and opening the store.

The host (:mod:`geo.cli.main`) and the command modules it loads through
:data:`geo.cli.main.EXTENSIONS` (:mod:`geo.cli.users`, :mod:`geo.io.cli`, …) import these
from here, so no command module imports the host, and the host imports its commands only
by name.
"""

from __future__ import annotations

from geo import config
from geo.store import GeoPackageStore, Store, StoreError, open_store


class UsageError(Exception):
    """A bad argument: reported on one line."""


def store_at(location: str) -> Store:
    """Open the store at a ``.gpkg`` path or a ``postgresql://`` URL; refuse other URLs."""
    store = open_store(location)
    if isinstance(store, GeoPackageStore) and "://" in location:
        raise UsageError(f"{location.split('://')[0]}:// is not a store: use a .gpkg path "
                         "or a postgresql:// URL")
    return store


def location_label(location: str | None) -> str:
    """A store location for messages: a path, or a database URL without its password."""
    return config.masked(location or config.db_location())


def existing_store(location: str | None) -> Store:
    """The store at ``location`` (else the configured one), brought up to date; it must exist."""
    store = store_at(location or config.db_location())
    if not store.exists():
        raise StoreError(f"no store at {location_label(location)}: "
                         "run 'python -m geo init --example'")
    store.initialize()  # brings a store made by an older version up to date
    return store
