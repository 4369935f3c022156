"""Lägesbilder's written parts in the store: one table, the same in both backends.

``situation_reports``
    one row per lägesbild (:class:`~geo.domain.lagesbild.Lagesbild`): municipality or
    police area, years, title, the sections of *Annan information* as a JSON list, the
    analysis, status, decision and next-revision dates, and the optimistic ``version`` with
    ``updated_at``/``updated_by``.

The columns come from the record's ``FIELDS``; the PostGIS table is made by migration 0012,
frozen. A lägesbild is saved whole with the version check and history row of a plan (the
shared SQL and backend steps are :mod:`geo.store.record_tables`). The kartläggning beside
it is never stored: it is computed from the records each time (:mod:`geo.situation`).
"""

from __future__ import annotations

from typing import Any

from geo.domain.lagesbild import Lagesbild
from geo.store import record_tables as rt

TABLE = Lagesbild.LAYER
#: (name, kind) of the table's columns, as :mod:`geo.store.transfer` names them.
COLUMNS = rt.columns_of(Lagesbild.FIELDS)
_NOT_NULL = {"kommun_kod", "year_from", "year_to", "title", "status", "version"}
#: Drafts first, then the latest period, then the latest decision; ids break ties (the
#: backend's byte order, :attr:`COLLATE`, is appended after ``id``).
_ORDER = (" ORDER BY decided_date IS NOT NULL, year_to DESC, year_from DESC, "
          "decided_date DESC, id")


class LagesbildWrites(rt.TableSteps):
    """Reads and writes of lägesbilder for both backends (the backend steps are shared)."""

    def lagesbilder(self, kommun_kod: str | None = None) -> list[Lagesbild]:
        """Every lägesbild (of one municipality): drafts first, then the newest period."""
        return self._table_all(self._read_lagesbilder, kommun_kod)

    def lagesbild(self, lagesbild_id: str) -> Lagesbild | None:
        """One lägesbild, or None."""
        return self._table_get(self._read_lagesbilder, lagesbild_id)

    def _read_lagesbilder(self, conn: Any, where: str, args: dict[str, Any]
                          ) -> list[Lagesbild]:
        return [Lagesbild(**r) for r in self._table_select(
            conn, TABLE, COLUMNS, where, args, _ORDER + self.COLLATE)]

    def save_lagesbild(self, doc: Lagesbild, user: str, expected_version: int | None
                       ) -> Lagesbild:
        """Create (``expected_version`` None; the id must be free) or update a lägesbild.

        An update applies only if nobody saved it since ``expected_version``, else
        :class:`~geo.store.base.StaleVersionError` and nothing changes. History in the same
        transaction; returns the lägesbild as stored (version counted up).
        """
        with self._transaction() as conn:
            current = self._table_one(conn, self._read_lagesbilder, doc.id, lock=True)
            return self._save_whole(conn, doc, current, user, expected_version,
                                    self._write_lagesbild, "lagesbild_exists")

    def _write_lagesbild(self, conn: Any, doc: Lagesbild, expected_version: int | None
                         ) -> None:
        self._table_write(conn, TABLE, COLUMNS, doc, expected_version)


class GpkgLagesbildTables(rt.GpkgTableSteps, LagesbildWrites):
    """The GeoPackage store's lägesbild table (a mixin of the store class)."""


class PostGISLagesbildTables(rt.PostGISTableSteps, LagesbildWrites):
    """The PostGIS store's lägesbild table (migration 0012; a mixin of the store class)."""


def ensure_gpkg(conn: Any) -> None:
    """Create the lägesbild table in a GeoPackage that lacks it (new or older files)."""
    rt.ensure_gpkg_table(conn, TABLE, rt.gpkg_body(COLUMNS, _NOT_NULL), f"{TABLE}_kommun",
                      "kommun_kod")
