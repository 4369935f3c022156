"""The PostGIS schema: versioned Alembic migrations, and the model's tables to check them by.

The migrations in ``geo/store/migrations/versions/`` create and upgrade a database; each
is a frozen step, so a database made by an older version of the app can be upgraded. The
feature tables are also derived from the model here (:func:`metadata`, as the GeoPackage
store derives its columns): :func:`missing_columns` tells when a field was added to the
model without a migration, and Alembic's autogenerate compares against the same tables
(``alembic_config(url=...)`` with ``alembic.command.revision(..., autogenerate=True)``).
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from geoalchemy2 import Geometry
from sqlalchemy.engine import URL, Connection, make_url

from geo.domain.layers import spec
from geo.domain.model import FEATURE_TYPES
from geo.store import schema

MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"
SRID = 4326
GEOMETRY_COLUMN = "geom"
#: Key of the advisory lock that serialises migrations (app instances starting together).
MIGRATION_LOCK = 0x54_52_59_47  # "TRYG"
DRIVER = "postgresql+psycopg"

_PG_TYPES: dict[str, sa.types.TypeEngine] = {
    "TEXT": sa.Text(),
    "DATE": sa.Date(),
    "DATETIME": sa.DateTime(timezone=True),
    "INTEGER": sa.Integer(),
    "REAL": sa.Double(),
    "BOOLEAN": sa.Boolean(),
}


def sqlalchemy_url(url: str | URL) -> URL:
    """A ``postgresql://`` or ``postgres://`` URL with the driver this store uses (psycopg 3)."""
    parsed = make_url(url)
    if parsed.get_backend_name() not in ("postgresql", "postgres"):
        raise ValueError(f"not a PostgreSQL URL: {parsed.render_as_string(hide_password=True)}")
    return parsed.set(drivername=DRIVER)


def metadata() -> sa.MetaData:
    """The feature tables as the model describes them (one column per stored field)."""
    meta = sa.MetaData()
    for layer, record_type in FEATURE_TYPES.items():
        columns = [
            sa.Column("fid", sa.BigInteger, sa.Identity(), primary_key=True),
            sa.Column(GEOMETRY_COLUMN, Geometry(spec(layer).gpkg_geometry, srid=SRID,
                                                spatial_index=False)),
        ]
        for name, sql_type in schema.columns(layer):
            base = sql_type.split()[0]
            columns.append(sa.Column(name, _PG_TYPES[base], nullable="NOT NULL" not in sql_type,
                                     unique=name == "id" or None))
        sa.Table(
            layer, meta, *columns,
            sa.Index(f"{layer}_kommun", "kommun_kod", record_type.DATE_FIELD),
            sa.Index(f"{layer}_geom_gist", GEOMETRY_COLUMN, postgresql_using="gist"),
        )
    return meta


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    """An Alembic configuration for this package's migrations (no ``alembic.ini`` needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option(
            "sqlalchemy.url",
            sqlalchemy_url(url).render_as_string(hide_password=False).replace("%", "%%"),
        )
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    """The newest migration in this version of the app."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    """The migration the database is at (None: not initialised)."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Migrate the database to ``revision`` inside the caller's transaction.

    An advisory lock held to the end of that transaction lets one process migrate while
    others starting at the same time wait and then find nothing left to do.
    """
    connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    if revision == "head" and current_revision(connection) == head_revision():
        return
    command.upgrade(alembic_config(connection), revision)


def missing_columns(connection: Connection) -> dict[str, list[str]]:
    """Per feature table, the model's columns that the database lacks (empty: up to date)."""
    rows = connection.execute(sa.text(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = ANY(:tables)"
    ), {"tables": list(FEATURE_TYPES)}).all()
    present: dict[str, set[str]] = {}
    for table, column in rows:
        present.setdefault(table, set()).add(column)
    missing = {}
    for layer in FEATURE_TYPES:
        wanted = [*schema.column_names(layer), GEOMETRY_COLUMN]
        lacking = [c for c in wanted if c not in present.get(layer, set())]
        if lacking:
            missing[layer] = lacking
    return missing
