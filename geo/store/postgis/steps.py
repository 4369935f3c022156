"""The PostGIS store's own steps that its mixins use, declared so mypy checks the mixins.

:class:`~geo.store.postgis.store.PostGISStore` defines each of them; the mixins
(:mod:`geo.store.postgis.tables`, :mod:`geo.store.postgis.bulk`, :mod:`geo.store.survey_tables`)
inherit these declarations.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a GeoPackage store's survey mixin inherits these: it never loads SQLAlchemy
    from sqlalchemy.engine import Connection


class PostGISSteps:
    """The backend steps a PostGIS mixin needs (defined by the store)."""

    def _connect(self) -> AbstractContextManager[Connection]:
        """A connection for reads (its implicit transaction is rolled back at the end)."""
        raise NotImplementedError

    def _transaction(self) -> AbstractContextManager[Connection]:
        """A write transaction; it counts up the data version just before it commits."""
        raise NotImplementedError

    def _log_many(self, conn: Connection, entries: list[tuple[Any, ...]]) -> None:
        """Append history rows in the caller's transaction."""
        raise NotImplementedError
