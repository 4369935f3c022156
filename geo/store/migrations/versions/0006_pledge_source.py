"""The pledge's source document as a reader cites it: title, date, publisher.

A report names its source by title and date, never by file name; ``Pledge`` gained
``source_title``, ``source_date`` and ``source_publisher``. Existing rows keep their
values; the new columns are empty until ``python -m geo init`` re-reads the pledges,
and an empty source reads as the pledge's own title and signing date.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("pledges", sa.Column("source_title", sa.Text))
    op.add_column("pledges", sa.Column("source_date", sa.Date))
    op.add_column("pledges", sa.Column("source_publisher", sa.Text))


def downgrade() -> None:
    for name in ("source_publisher", "source_date", "source_title"):
        op.drop_column("pledges", name)
