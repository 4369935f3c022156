"""The ledger of imported files (``io_imports``), as the GeoPackage keeps it.

One row per file (its SHA-256), layer and municipality: a repeated import of the same file
is recognised and writes nothing. Before this revision the first import created the table
itself; ``IF NOT EXISTS`` keeps such databases upgradable. Frozen, like every migration; see
:mod:`geo.store.postgis.imports` for the table's use.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE TABLE IF NOT EXISTS io_imports (sha256 text NOT NULL, layer text NOT NULL, "
        'kommun_kod text NOT NULL, file_name text, imported_at text NOT NULL, "user" text '
        "NOT NULL, created integer NOT NULL, PRIMARY KEY (sha256, layer, kommun_kod))")


def downgrade() -> None:
    op.drop_table("io_imports")
