"""Alembic environment of the PostGIS store.

Runs on the connection the store passes in ``config.attributes["connection"]`` (inside its
transaction), or on ``sqlalchemy.url`` when Alembic is driven by hand. Autogenerate compares
against the model's feature tables only; PostGIS's own tables are left alone.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from geo.store.postgis.schema import MIGRATION_LOCK, metadata

config = context.config
target_metadata = metadata()


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Compare only the store's feature tables (and what belongs to them)."""
    if type_ == "table":
        return name in target_metadata.tables
    return True


def run_on(connection: sa.Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      include_object=include_object, transaction_per_migration=False)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if url is None:
        raise RuntimeError("migrations need sqlalchemy.url (geo.store.postgis.schema sets it)")
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.begin() as connection:
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": MIGRATION_LOCK})
        run_on(connection)


def run_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
